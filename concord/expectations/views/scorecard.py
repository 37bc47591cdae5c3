"""The reliability scorecard page and its charts."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from concord.core.charts import PERCENT
from concord.core.pages import MemberRequest
from concord.expectations import selectors
from concord.expectations.charts import Series, trend_chart
from concord.expectations.views._common import ExpectationsView, joined_alliance
from concord.orgs.models import User


def scorecard_charts(card: selectors.Scorecard) -> dict[str, Any]:
    """The quarterly trend of on-time delivery and first-time acceptance, one line per party."""
    with_quarters = [s for s in card.parties if s.quarters]
    if not with_quarters:
        return {}
    labels = [q.label for q in with_quarters[0].quarters]

    def lines(attribute: str) -> list[Series]:
        return [
            Series(
                s.party.organisation.name,
                [getattr(q.rolling, attribute) for q in s.quarters],
            )
            for s in with_quarters
        ]

    return {
        "labels": labels,
        "on_time_chart": trend_chart(
            labels,
            lines("on_time_share"),
            chart_id="on-time-trend",
            title="Delivered on time over the rolling year, by quarter due",
            unit="%",
            fixed_scale=PERCENT,
        ),
        "first_time_chart": trend_chart(
            labels,
            lines("first_time_share"),
            chart_id="first-time-trend",
            title="Accepted first time over the rolling year, by quarter due",
            unit="%",
            fixed_scale=PERCENT,
        ),
    }


class ScorecardView(ExpectationsView):
    """Each party's reliability in the alliance: the same figures on both sides."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, _ = joined_alliance(request, pk)
        card = selectors.scorecard(user=request.user, alliance=alliance)
        context = {"alliance": alliance, "scorecard": card, **scorecard_charts(card)}
        return render(request, "expectations/scorecard.html", context)
