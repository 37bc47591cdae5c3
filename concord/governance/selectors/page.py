"""The governance page and the alliance page's governance panel."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, Subquery
from django.db.models.functions import Coalesce

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.governance.models import (
    ActionItem,
    Committee,
    Concern,
    Decision,
    Escalation,
    Meeting,
)
from concord.governance.selectors._common import GovernancePermissions, permissions_for
from concord.governance.selectors.committees import CommitteeStatus, committee_statuses, parties_of
from concord.governance.selectors.decisions import ActionFilters, action_list, decision_log
from concord.governance.selectors.escalations import concern_list, escalation_list

SHOWN = 8


@dataclass
class GovernanceOverview:
    """The alliance's governance at a glance."""

    alliance: Alliance
    parties: list[Party]
    committees: list[CommitteeStatus]
    upcoming: list[Meeting]
    recent_meetings: list[Meeting]
    decisions: list[Decision]
    actions: list[ActionItem]
    action_counts: dict[str, int]
    escalations: list[Escalation]
    end_runs: int
    concerns: list[Concern]
    can: GovernancePermissions


def governance_overview(*, user: Any, alliance: Alliance) -> GovernanceOverview:
    """The governance page's contents; each list is bounded, so it reads the same at any age."""
    now = clock.now()
    meetings = (
        Meeting.objects.visible_to(user).filter(alliance=alliance).select_related("committee")
    )
    actions = ActionItem.objects.visible_to(user).filter(alliance=alliance)
    counts = actions.aggregate(
        open=Count("pk", filter=Q(status="open")),
        overdue=Count("pk", filter=Q(status="open", due_on__lt=clock.today())),
    )
    escalations = escalation_list(user=user, alliance=alliance)
    return GovernanceOverview(
        alliance=alliance,
        parties=parties_of(user=user, alliance=alliance),
        committees=committee_statuses(user=user, alliance=alliance),
        upcoming=list(
            meetings.filter(status="scheduled", starts_at__gte=now).order_by("starts_at")[:5]
        ),
        recent_meetings=list(meetings.filter(starts_at__lt=now).exclude(status="cancelled")[:5]),
        decisions=list(decision_log(user=user, alliance=alliance)[:SHOWN]),
        actions=list(
            action_list(user=user, alliance=alliance, filters=ActionFilters(status="open"))[:SHOWN]
        ),
        action_counts=counts,
        escalations=list(escalations[:SHOWN]),
        end_runs=Escalation.objects.visible_to(user)
        .filter(alliance=alliance, is_end_run=True)
        .count(),
        concerns=list(concern_list(user=user, alliance=alliance)[:SHOWN]),
        can=permissions_for(user=user, alliance=alliance),
    )


@dataclass(frozen=True)
class NextMeeting:
    """The next scheduled meeting, as the panel names and links it."""

    pk: int
    title: str
    starts_at: datetime.datetime
    committee_kind: str
    committee_name: str

    @property
    def committee(self) -> str:
        """The committee's short name (JSC), as Committee.short_name gives it."""
        return Committee.ABBREVIATIONS.get(self.committee_kind, self.committee_name)


@dataclass
class GovernancePanel:
    """The alliance overview's side panel: what is next and what is open."""

    next_meeting: NextMeeting | None
    open_actions: int
    overdue_actions: int
    open_escalations: int


def governance_panel(*, user: Any, alliance: Alliance) -> GovernancePanel:
    """One read, whatever the alliance's age: the counts and the next meeting together."""
    actions = ActionItem.objects.visible_to(user).filter(alliance=alliance, status="open")
    escalations = Escalation.objects.visible_to(user).filter(alliance=alliance, status="open")
    upcoming = (
        Meeting.objects.visible_to(user)
        .filter(alliance=alliance, status="scheduled", starts_at__gte=clock.now())
        .order_by("starts_at", "pk")
    )

    def count(rows: Any) -> Coalesce:
        grouped = rows.order_by().values("alliance").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(grouped), 0)

    def upcoming_first(column: str) -> Subquery:
        return Subquery(upcoming.values(column)[:1])

    counts: Mapping[str, Any] = (
        Alliance.objects.visible_to(user)
        .filter(pk=alliance.pk)
        .values(
            open=count(actions),
            overdue=count(actions.filter(due_on__lt=clock.today())),
            escalations=count(escalations),
            next_pk=upcoming_first("pk"),
            next_title=upcoming_first("title"),
            next_starts_at=upcoming_first("starts_at"),
            next_committee_kind=upcoming_first("committee__kind"),
            next_committee_name=upcoming_first("committee__name"),
        )
        .first()
    ) or {"open": 0, "overdue": 0, "escalations": 0, "next_pk": None}
    return GovernancePanel(
        next_meeting=NextMeeting(
            counts["next_pk"],
            counts["next_title"],
            counts["next_starts_at"],
            counts["next_committee_kind"],
            counts["next_committee_name"],
        )
        if counts["next_pk"] is not None
        else None,
        open_actions=counts["open"],
        overdue_actions=counts["overdue"],
        open_escalations=counts["escalations"],
    )
