"""The decision log and the action items."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from concord.alliances.models import Alliance
from concord.core import clock
from concord.governance.models import (
    ActionItem,
    Decision,
    Escalation,
)
from concord.governance.selectors.meetings import _votes


@dataclass
class DecisionFilters:
    """What the decision log is narrowed by."""

    search: str = ""
    committee: int | None = None
    outcome: str = ""
    method: str = ""
    carve_out: bool = False
    since: datetime.date | None = None
    until: datetime.date | None = None


def decision_log(
    *, user: Any, alliance: Alliance, filters: DecisionFilters | None = None
) -> QuerySet[Decision]:
    """The alliance's decisions, newest first, searched and filtered, votes loaded."""
    filters = filters or DecisionFilters()
    decisions = Decision.objects.visible_to(user).filter(alliance=alliance)
    term = filters.search.strip()
    if term:
        match = Q(title__icontains=term) | Q(text__icontains=term) | Q(note__icontains=term)
        if term.upper().startswith("D-") and term[2:].isdigit():
            match |= Q(number=int(term[2:]))
        decisions = decisions.filter(match)
    if filters.committee:
        decisions = decisions.filter(committee_id=filters.committee)
    if filters.outcome:
        decisions = decisions.filter(outcome=filters.outcome)
    if filters.method:
        decisions = decisions.filter(method=filters.method)
    if filters.carve_out:
        decisions = decisions.exclude(carve_out="")
    if filters.since:
        decisions = decisions.filter(created_at__date__gte=filters.since)
    if filters.until:
        decisions = decisions.filter(created_at__date__lte=filters.until)
    return (
        decisions.select_related("committee", "meeting", "recorded_by")
        .prefetch_related(_votes())
        .order_by("-created_at", "-number")
    )


def decision_get(*, user: Any, pk: int) -> Decision:
    """One decision with its votes and the escalations it started."""
    escalations = Escalation.objects.visible_to(user).order_by("created_at")
    return (
        Decision.objects.visible_to(user)
        .select_related("committee__alliance", "meeting", "recorded_by", "agenda_item", "charter")
        .prefetch_related(_votes(), Prefetch("escalations", queryset=escalations))
        .get(pk=pk)
    )


# --- Actions -------------------------------------------------------------------------------------


@dataclass
class ActionFilters:
    """What the action list is narrowed by."""

    status: str = "open"  # open, overdue, done, cancelled, all
    mine: bool = False
    committee: int | None = None
    search: str = ""


def action_list(
    *, user: Any, alliance: Alliance, filters: ActionFilters | None = None
) -> QuerySet[ActionItem]:
    """The alliance's actions, the most pressing first."""
    filters = filters or ActionFilters()
    actions = ActionItem.objects.visible_to(user).filter(alliance=alliance)
    if filters.status == "overdue":
        actions = actions.filter(status="open", due_on__lt=clock.today())
    elif filters.status in ActionItem.Status.values:
        actions = actions.filter(status=filters.status)
    if filters.mine:
        actions = actions.filter(owner=user)
    if filters.committee:
        actions = actions.filter(committee_id=filters.committee)
    if filters.search.strip():
        term = filters.search.strip()
        actions = actions.filter(Q(title__icontains=term) | Q(detail__icontains=term))
    return actions.select_related(
        "owner", "owner_party__organisation", "committee", "meeting"
    ).order_by("status", "due_on", "pk")


def action_get(*, user: Any, pk: int) -> ActionItem:
    return ActionItem.objects.visible_to(user).select_related("alliance", "owner").get(pk=pk)
