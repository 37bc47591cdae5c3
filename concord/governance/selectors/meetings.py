"""Meetings, their record, minutes, agenda items and members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.governance import rules
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Charter,
    CommitteeMember,
    Decision,
    DecisionVote,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesComment,
)
from concord.governance.selectors.committees import ROLE_ORDER, parties_of


def meeting_get(*, user: Any, pk: int) -> Meeting:
    """One meeting the user may see."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("committee__alliance", "alliance", "created_by")
        .get(pk=pk)
    )


def meeting_list(*, user: Any, alliance: Alliance) -> QuerySet[Meeting]:
    """The alliance's meetings, newest first, with their committee."""
    return (
        Meeting.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("committee")
        .annotate(item_count=Count("agenda", distinct=True))
        .order_by("-starts_at", "-pk")
    )


@dataclass
class MeetingRecord:
    """Everything the meeting page and the meeting pack show."""

    meeting: Meeting
    charter: Charter
    parties: list[Party]
    agenda: list[AgendaItem]
    members: list[CommitteeMember]
    present: set[int]
    quorum: rules.Quorum | None
    decisions: list[Decision]
    minutes: list[Minutes]
    actions: list[ActionItem]
    previous: Meeting | None
    previous_minutes: Minutes | None
    minutes_due: datetime.date
    turnaround: str
    next_meetings: list[Meeting] = field(default_factory=list)

    @property
    def current_minutes(self) -> Minutes | None:
        return self.minutes[0] if self.minutes else None


def _votes() -> Prefetch:
    return Prefetch(
        "votes",
        queryset=DecisionVote.objects.unscoped().select_related("party__organisation", "cast_by"),
    )


def meeting_record(*, user: Any, meeting: Meeting) -> MeetingRecord:
    """The meeting with its agenda, attendance and quorum, decisions, minutes and actions."""
    committee = meeting.committee
    charter = Charter.objects.visible_to(user).get(committee=committee, status="in_force")
    parties = parties_of(user=user, alliance=meeting.alliance)
    members = sorted(
        CommitteeMember.objects.visible_to(user)
        .filter(committee=committee)
        .select_related("user", "party__organisation")
        .order_by("party__invited_at", "user__last_name"),
        key=lambda m: (m.party.invited_at, ROLE_ORDER.index(m.role)),
    )
    present = set(
        Attendance.objects.visible_to(user)
        .filter(meeting=meeting, present=True)
        .values_list("member_id", flat=True)
    )
    quorum = None
    if meeting.is_held:
        quorum = rules.quorum(
            charter, [(p.pk, p.organisation.name) for p in parties], members, present
        )
    minutes = list(
        Minutes.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("drafted_by", "approved_at_meeting")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=MinutesApproval.objects.unscoped().select_related(
                    "approved_by", "party__organisation"
                ),
            ),
            Prefetch(
                "comments", queryset=MinutesComment.objects.unscoped().select_related("author")
            ),
        )
    )
    previous = (
        Meeting.objects.visible_to(user)
        .filter(committee=committee, starts_at__lt=meeting.starts_at, status="held")
        .order_by("-starts_at")
        .first()
    )
    previous_minutes = None
    if previous is not None:
        previous_minutes = (
            Minutes.objects.visible_to(user).filter(meeting=previous).order_by("-version").first()
        )
    due = rules.minutes_due(charter, meeting.starts_at.date())
    first_circulated = min((m.circulated_at for m in minutes if m.circulated_at), default=None)
    return MeetingRecord(
        meeting=meeting,
        charter=charter,
        parties=parties,
        agenda=list(
            AgendaItem.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("owner", "concern", "escalation", "category_disputed_by__organisation")
        ),
        members=members,
        present=present,
        quorum=quorum,
        decisions=list(
            Decision.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("agenda_item")
            .prefetch_related(_votes(), "escalations")
            .order_by("number")
        ),
        minutes=minutes,
        actions=list(
            ActionItem.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("owner", "owner_party__organisation")
        ),
        previous=previous,
        previous_minutes=previous_minutes,
        minutes_due=due,
        turnaround=rules.minutes_turnaround(
            due, first_circulated.date() if first_circulated else None, clock.today()
        ),
        next_meetings=list(
            Meeting.objects.visible_to(user)
            .filter(
                committee=committee, starts_at__gt=meeting.starts_at, status="held", quorum_met=True
            )
            .order_by("starts_at")[:3]
        ),
    )


def minutes_get(*, user: Any, pk: int) -> Minutes:
    """One version of some minutes the user may see."""
    return (
        Minutes.objects.visible_to(user)
        .select_related(
            "meeting__committee", "meeting__alliance", "drafted_by", "approved_at_meeting"
        )
        .get(pk=pk)
    )


def agenda_item_list(*, user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda, in order."""
    return AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("position")


def agenda_item_get(*, user: Any, pk: int) -> AgendaItem:
    return AgendaItem.objects.visible_to(user).select_related("meeting__committee").get(pk=pk)


def member_get(*, user: Any, pk: int) -> CommitteeMember:
    return (
        CommitteeMember.objects.visible_to(user)
        .select_related("committee__alliance", "user", "party")
        .get(pk=pk)
    )
