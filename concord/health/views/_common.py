"""What the pages of those who run and read health checks share: the base view, links, results."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core.pages import (
    MemberRequest,
    ScopedView,
)
from concord.health import charts, selectors
from concord.health.selectors import RoundResults
from concord.orgs.models import User

PORTFOLIO_PAGE_SIZE = 25
ROUNDS_PAGE_SIZE = 12


def health_url(alliance_id: int, anchor: str = "") -> str:
    url = reverse("health:alliance-health", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


class HealthView(ScopedView):
    """Base for the health pages: out-of-scope records are 404, refused roles the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def joined_alliance(self, request: MemberRequest[User], pk: int) -> tuple[Alliance, Any]:
        """An alliance the user's organisation has joined (only invited → 404), and what to offer."""
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        can = selectors.health_permissions(user=request.user, alliance=alliance)
        if not can.joined:
            raise Http404("No such page.")
        return alliance, can


def results_context(results: RoundResults | None, chart_id: str) -> dict[str, Any]:
    """The gap chart of a round's results and the names it is drawn with."""
    if results is None or not results.shown_parties:
        return {"results": results, "gap_chart": None}
    names = [p.name for p in results.parties]
    chart = charts.gap_chart(
        results.dimensions,
        names,
        chart_id=chart_id,
        title=f"{results.round.title}: scores by dimension, side by side",
    )
    return {"results": results, "gap_chart": chart, "names": names}
