"""The briefing book: an alliance told from live data for someone joining its team.

Purpose, phase history and gates passed, the programmes, who's who on both sides, then what
other capabilities add through core's briefing sections (goals, decisions, milestones,
commitments, the operating model…), and last, only for the reader's own organisation, its
private homework. Everything is read through `visible_to(reader)`, so the partner's book never
holds our homework, and ours never theirs. The page and the PDF are the same HTML.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Gate, PhaseTransition, Programme
from concord.core import clock
from concord.core.briefing import briefing_sections
from concord.core.pdf import pdf_from_html
from concord.core.review import CELEBRATION, MILESTONE, review_entries
from concord.core.tenancy import organisation_of
from concord.homework import charts, selectors
from concord.homework.models import Alert

UNAVAILABLE = (
    "The briefing book's PDF cannot be made on this server: WeasyPrint needs the Pango library. "
    "Run make doctor to check the machine."
)
HISTORY_FROM = datetime.date(2000, 1, 1)  # the whole story: before any alliance in Concord
LIMIT = 30  # stakeholders and alerts shown in the book; the rest are counted


def homework_section(user: Any, alliance: Alliance) -> dict[str, Any]:
    """The reader's own organisation's homework, read through visible_to (private rows only)."""
    history = selectors.fit_history(user=user, alliance=alliance)
    people = selectors.stakeholder_list(user=user, alliance=alliance)
    alerts = list(selectors.alert_list(user=user, alliance=alliance).filter(resolved_at=None))
    partners = selectors.partners(user=user, alliance=alliance)
    return {
        "organisation": organisation_of(user),
        "latest_fit": history[-1] if history else None,
        "drift_chart": charts.drift_chart(history) if history else "",
        "stakeholders": people[:LIMIT],
        "stakeholders_more": max(0, len(people) - LIMIT),
        "alerts": alerts[:LIMIT],
        "profiles": selectors.profiles(user=user, partners=partners),
    }


def briefing_context(*, user: Any, alliance: Alliance) -> dict[str, Any]:
    """What the book shows, read in the reader's scope."""
    gates = alliance_selectors.gate_list(user=user).filter(
        alliance=alliance, status=Gate.Status.PASSED
    )
    return {
        "alliance": alliance,
        "today": clock.today(),
        "programmes": list(Programme.objects.visible_to(user).filter(alliance=alliance)),
        "timeline": list(PhaseTransition.objects.visible_to(user).filter(alliance=alliance)),
        "gates": list(gates.order_by("closed_at")),
        "team": list(alliance_selectors.team_list(user=user, alliance=alliance)),
        "sections": briefing_sections(user, alliance),
        "moments": _moments(user, alliance),
        "homework": homework_section(user, alliance),
        "alert_kinds": Alert.Kind,
    }


def _moments(user: Any, alliance: Alliance) -> list[Any]:
    """Milestones achieved and celebrations, from the review sources of every capability."""
    found = review_entries(user, [alliance.pk], HISTORY_FROM, clock.today())
    return sorted(found[MILESTONE] + found[CELEBRATION], key=lambda e: e.on)[-LIMIT:]


def briefing_pdf(*, user: Any, alliance: Alliance) -> bytes:
    """The briefing book as PDF bytes (PdfUnavailable on a machine without Pango)."""
    context = briefing_context(user=user, alliance=alliance) | {"for_pdf": True}
    return pdf_from_html(render_to_string("homework/briefing_pdf.html", context))
