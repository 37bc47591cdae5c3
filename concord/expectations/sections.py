"""What expectations adds to other pages: the alliance overview's and the gate's panels, and the
calendar feed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse

from concord.alliances.models import Alliance, Party
from concord.alliances.selectors import accepted_party
from concord.core import clock
from concord.core.calendar import CalendarEntry
from concord.core.sections import SummaryFact
from concord.core.tenancy import organisation_of
from concord.expectations import selectors
from concord.expectations.models import Commitment


def overview_panel(request: Any, alliance: Alliance) -> tuple[str, dict[str, Any]] | None:
    """Each party's on-time and first-time figures, what is overdue, and the learning plan at a
    glance, beside the overview."""
    if accepted_party(user=request.user, alliance=alliance) is None:
        return None
    card = selectors.scorecard(user=request.user, alliance=alliance)
    overdue = selectors.overdue_commitments(user=request.user, alliance=alliance)
    return "expectations/_overview_panel.html", {
        "alliance": alliance,
        "scorecard": card,
        "overdue": overdue,
        "summary": _learning_summary(request, alliance),
        **strip(alliance, card),
    }


def strip(alliance: Alliance, card: Any) -> dict[str, Any]:
    """Deliveries owed and overdue, and each party's on-time record, for the summary strip."""
    owed = sum(score.owed for score in card.parties)
    overdue = sum(score.overdue for score in card.parties)
    shares = [
        f"{score.tally.on_time_share}%"
        for score in card.parties
        if score.tally.on_time_share is not None
    ]
    names = [s.party.organisation.name for s in card.parties if s.tally.on_time_share is not None]
    return {
        "strip": [
            SummaryFact(
                "Deliveries owed",
                f"{owed} open · {overdue} overdue" if overdue else f"{owed} open",
                "",
                reverse("expectations:commitment-list", args=[alliance.pk]),
                tone="danger" if overdue else "",
                order=41,
            ),
            SummaryFact(
                "On time (reliability)",
                " / ".join(shares) or "Nothing due yet",
                " / ".join(names),
                reverse("expectations:scorecard", args=[alliance.pk]),
                order=60,
            ),
        ]
    }


def gate_panel(request: Any, alliance: Alliance) -> tuple[str, dict[str, Any]]:
    """The learning plan summarised where the pending gate is decided."""
    return "expectations/_learning_summary.html", {
        "alliance": alliance,
        "summary": _learning_summary(request, alliance),
    }


def _learning_summary(request: Any, alliance: Alliance) -> Any:
    """The learning plan's summary, read once for the page's two panels that show it."""
    known = alliance.__dict__.setdefault("_learning_summaries", {})
    if request.user.pk not in known:
        known[request.user.pk] = selectors.learning_summary(user=request.user, alliance=alliance)
    return known[request.user.pk]


def commitment_calendar(user: Any) -> Iterable[CalendarEntry]:
    """Due dates of commitments still owed that the person owns or their organisation owes."""
    org = organisation_of(user)
    if org is None:
        return []
    owed = (
        Commitment.objects.visible_to(user)
        .filter(state__in=Commitment.OPEN_STATES)
        .filter(
            Q(owner=user)
            | Q(owner_party__organisation=org, owner_party__status=Party.Status.ACCEPTED)
        )
        .select_related("alliance", "receiving_party__organisation", "owner")
    )
    today = clock.today()
    return [
        CalendarEntry(
            uid=f"commitment-{c.pk}@concord",
            summary=f"Due: {c.title} ({c.alliance.name})",
            start=c.due_date,
            description=f"Owed to {c.receiving_party.organisation} by {c.owner}. "
            f"Acceptance criteria: {c.acceptance_criteria}",
            url=reverse("expectations:commitment-detail", args=[c.pk]),
            overdue=c.due_date < today,
        )
        for c in owed
    ]
