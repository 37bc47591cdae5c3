"""What governance adds to Today and the portfolio: actions, escalations at the person's rung,
minutes to circulate or approve, meetings coming; per alliance the next meeting, overdue actions,
open escalations and committees that have not met when their charter says they must.

Reads through `visible_to`, a fixed number of queries whatever the number of alliances.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse

from concord.alliances.models import TeamMember
from concord.alliances.portfolio import OWNER_ROLES, alliances_in_role
from concord.core import clock, today
from concord.core.portfolio import AttentionFactor, PortfolioColumn, PortfolioFacts, Reason
from concord.core.tenancy import organisation_of
from concord.core.today import COMING, FLAG, TodayItem, count_days
from concord.governance import rules
from concord.governance.models import (
    ActionItem,
    Charter,
    CommitteeMember,
    Escalation,
    Meeting,
    Minutes,
    MinutesApproval,
)

COLUMNS = [
    PortfolioColumn("next_meeting", "Next meeting", 50),
    PortfolioColumn("overdue_actions", "Overdue actions", 45),
]
FACTORS = [
    AttentionFactor("overdue_action", "Overdue action (each)", Decimal(1)),
    AttentionFactor(
        "committee_overdue", "Committee past its meeting cadence (per month)", Decimal(2)
    ),
    AttentionFactor("escalation", "Open escalation (each)", Decimal(3)),
]
FLAGS = {"overdue": "Overdue items", "escalation": "Open escalation"}
# Who answers an escalation at each rung of the ladder, by their place on the alliance's team.
RUNG_ROLES = {
    Escalation.Level.TEAM: OWNER_ROLES,
    Escalation.Level.EXECUTIVES: (TeamMember.Role.EXECUTIVE_SPONSOR,),
}


def today_items(user: Any) -> Iterable[TodayItem]:
    """The person's governance items: what to act on, then meetings in the horizon."""
    if organisation_of(user) is None:
        return []
    return [
        *(_action_item(a) for a in _actions(user)),
        *(_team_action_item(a) for a in _team_actions(user)),
        *(_escalation_item(e) for e in _escalations(user)),
        *_minutes_items(user),
        *(_meeting_item(m) for m in _meetings(user)),
    ]


def _actions(user: Any) -> Iterable[ActionItem]:
    return (
        ActionItem.objects.visible_to(user)
        .filter(owner=user, status=ActionItem.Status.OPEN, due_on__lte=today.horizon())
        .select_related("alliance")
    )


def _action_item(action: ActionItem) -> TodayItem:
    late = (clock.today() - action.due_on).days
    when = f"{count_days(late)} overdue" if late > 0 else f"due {action.due_on:%-d %b}"
    return TodayItem(
        kind="action",
        title=action.title,
        why=f"An action you own, {when}.",
        url=reverse("governance:action-list", args=[action.alliance_id])
        + f"?mine=1#action-{action.pk}",
        action="Update",
        alliance_id=action.alliance_id,
        alliance_name=action.alliance.name,
        due=action.due_on,
        overdue=late > 0,
    )


def _team_actions(user: Any) -> Iterable[ActionItem]:
    """Colleagues' overdue actions on the alliances the person leads or manages."""
    return (
        ActionItem.objects.visible_to(user)
        .filter(status=ActionItem.Status.OPEN, due_on__lt=clock.today())
        .filter(owner_party__organisation=organisation_of(user))
        .filter(alliance_id__in=alliances_in_role(user=user))
        .exclude(owner=user)
        .select_related("alliance", "owner")
    )


def _team_action_item(action: ActionItem) -> TodayItem:
    late = (clock.today() - action.due_on).days
    return TodayItem(
        kind="action",
        title=f"Overdue: {action.title}",
        why=f"{action.owner}'s action, {count_days(late)} overdue, on an alliance you lead.",
        url=reverse("governance:action-list", args=[action.alliance_id]) + f"#action-{action.pk}",
        section=FLAG,
        alliance_id=action.alliance_id,
        alliance_name=action.alliance.name,
        due=action.due_on,
        overdue=True,
    )


def _escalations(user: Any) -> Iterable[Escalation]:
    """Open escalations at the rung the person answers for: their team role, or their seat on the
    escalation's committee at the committee rung."""
    rung = Q(level=Escalation.Level.COMMITTEE) & Q(
        committee_id__in=CommitteeMember.objects.visible_to(user)
        .filter(user=user)
        .values("committee_id")
    )
    for level, roles in RUNG_ROLES.items():
        rung |= Q(level=level, alliance_id__in=alliances_in_role(user=user, roles=roles))
    return (
        Escalation.objects.visible_to(user)
        .filter(rung, status=Escalation.Status.OPEN)
        .select_related("alliance")
    )


def _escalation_item(escalation: Escalation) -> TodayItem:
    due = escalation.level_due_at.date() if escalation.level_due_at else None
    overdue = escalation.is_overdue
    limit = f"; its time at this rung ran out on {due:%-d %b}" if overdue and due else ""
    return TodayItem(
        kind="escalation",
        title=escalation.title,
        why=f"Escalated to the {escalation.get_level_display().lower()} rung, yours to resolve"
        f"{limit}.",
        url=reverse("governance:escalation-detail", args=[escalation.pk]),
        action="Resolve",
        alliance_id=escalation.alliance_id,
        alliance_name=escalation.alliance.name,
        due=due,
        overdue=overdue,
    )


def _minutes_items(user: Any) -> list[TodayItem]:
    """Draft minutes of held meetings the person co-chairs, and circulated minutes their party has
    not yet approved on committees where they hold a voting seat."""
    seats = CommitteeMember.objects.visible_to(user).filter(user=user)
    chaired = seats.filter(role=CommitteeMember.Role.CO_CHAIR).values("committee_id")
    voting = seats.exclude(role=CommitteeMember.Role.ALTERNATE)
    approved = MinutesApproval.objects.unscoped().filter(
        minutes=OuterRef("pk"), party__organisation=organisation_of(user)
    )
    minutes = (
        Minutes.objects.visible_to(user)
        .filter(meeting__status=Meeting.Status.HELD)
        .filter(
            Q(status=Minutes.Status.DRAFT, meeting__committee_id__in=chaired)
            | Q(
                status=Minutes.Status.CIRCULATED,
                meeting__committee_id__in=voting.values("committee_id"),
            )
        )
        .exclude(Exists(approved))
        .select_related("meeting__alliance")
    )
    charters = {
        c.committee_id: c
        for c in Charter.objects.visible_to(user).filter(
            status=Charter.Status.IN_FORCE, committee_id__in=chaired
        )
    }
    return [_minutes_item(m, charters.get(m.meeting.committee_id)) for m in minutes]


def _minutes_item(minutes: Minutes, charter: Charter | None) -> TodayItem:
    meeting = minutes.meeting
    held = meeting.starts_at.date()
    if minutes.status == Minutes.Status.DRAFT:
        due = rules.minutes_due(charter, held) if charter else held + datetime.timedelta(days=15)
        why = f"You co-chair the committee; the draft of the {held:%-d %b} meeting is to go out"
        return TodayItem(
            kind="minutes",
            title=f"Circulate the minutes of {meeting.title}",
            why=f"{why} by {due:%-d %b}.",
            url=reverse("governance:minutes-detail", args=[minutes.pk]),
            action="Circulate",
            alliance_id=meeting.alliance_id,
            alliance_name=meeting.alliance.name,
            due=due,
            overdue=due < clock.today(),
        )
    return TodayItem(
        kind="minutes",
        title=f"Approve the minutes of {meeting.title}",
        why="Circulated for comment; your party has not approved them yet.",
        url=reverse("governance:minutes-detail", args=[minutes.pk]),
        action="Review",
        alliance_id=meeting.alliance_id,
        alliance_name=meeting.alliance.name,
        due=minutes.circulated_at.date() if minutes.circulated_at else None,
    )


def _meetings(user: Any) -> Iterable[Meeting]:
    seats = CommitteeMember.objects.visible_to(user).filter(user=user).values("committee_id")
    teams = TeamMember.objects.visible_to(user).filter(user=user).values("party__alliance_id")
    now = clock.now()
    return (
        Meeting.objects.visible_to(user)
        .filter(Q(committee_id__in=seats) | Q(alliance_id__in=teams))
        .filter(status=Meeting.Status.SCHEDULED, starts_at__gte=now)
        .filter(starts_at__lt=now + datetime.timedelta(days=today.HORIZON_DAYS + 1))
        .select_related("alliance", "committee")
    )


def _meeting_item(meeting: Meeting) -> TodayItem:
    where = meeting.location or ("video call" if meeting.video_link else "")
    return TodayItem(
        kind="meeting",
        title=meeting.title,
        why=f"{meeting.committee.name}, {meeting.starts_at:%a %-d %b %H:%M} UTC"
        + (f", {where}" if where else "")
        + ".",
        url=reverse("governance:meeting-detail", args=[meeting.pk]),
        action="Agenda",
        section=COMING,
        alliance_id=meeting.alliance_id,
        alliance_name=meeting.alliance.name,
        due=meeting.starts_at.date(),
    )


# --- The portfolio ----------------------------------------------------------------------------


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Next meeting, overdue actions, open escalations and late committees per alliance."""
    facts: dict[int, PortfolioFacts] = defaultdict(PortfolioFacts)
    now = clock.now()
    upcoming = (
        Meeting.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, status=Meeting.Status.SCHEDULED, starts_at__gte=now)
        .order_by()
        .values("alliance_id")
        .annotate(at=Min("starts_at"))
    )
    for row in upcoming:
        facts[row["alliance_id"]].values["next_meeting"] = row["at"].date()
    actions = (
        ActionItem.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, status=ActionItem.Status.OPEN)
        .filter(due_on__lt=clock.today())
        .order_by()
        .values("alliance_id")
        .annotate(n=Count("pk"))
    )
    for counted in actions:
        entry, n = facts[counted["alliance_id"]], counted["n"]
        entry.values["overdue_actions"] = n
        entry.flags.add("overdue")
        entry.reasons.append(
            Reason("overdue_action", f"{n} overdue action{'s' if n > 1 else ''}", Decimal(n))
        )
    escalations = (
        Escalation.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, status=Escalation.Status.OPEN)
        .order_by()
        .values("alliance_id")
        .annotate(n=Count("pk"))
    )
    for raised in escalations:
        entry, n = facts[raised["alliance_id"]], raised["n"]
        entry.flags.add("escalation")
        entry.reasons.append(
            Reason("escalation", f"{n} open escalation{'s' if n > 1 else ''}", Decimal(n))
        )
    for alliance_id, reason in _late_committees(user, alliance_ids):
        facts[alliance_id].reasons.append(reason)
        facts[alliance_id].flags.add("overdue")
    return facts


def _late_committees(user: Any, alliance_ids: list[int]) -> list[tuple[int, Reason]]:
    """Committees with a charter in force whose next meeting was due by their cadence and has
    neither been held nor scheduled: "JSC overdue 40 days"."""
    held = Meeting.objects.unscoped().filter(
        committee=OuterRef("committee_id"), status=Meeting.Status.HELD
    )
    scheduled = Meeting.objects.unscoped().filter(
        committee=OuterRef("committee_id"),
        status=Meeting.Status.SCHEDULED,
        starts_at__gte=clock.now(),
    )
    charters = (
        Charter.objects.visible_to(user)
        .filter(committee__alliance_id__in=alliance_ids, status=Charter.Status.IN_FORCE)
        .annotate(last_held=held.order_by().values("committee").annotate(at=Max("starts_at"))
                  .values("at"))
        .exclude(Exists(scheduled))
        .select_related("committee__alliance")
    )  # fmt: skip
    late = []
    for charter in charters:
        committee = charter.committee
        last = charter.last_held.date() if charter.last_held else None
        due = rules.next_meeting_due(charter, committee.alliance.effective_date, last)
        days = (clock.today() - due).days
        if days > 0:
            name = committee.ABBREVIATIONS.get(committee.kind, committee.name)
            units = (Decimal(days) / 30).quantize(Decimal("0.1"))
            late.append(
                (
                    committee.alliance_id,
                    Reason("committee_overdue", f"{name} overdue {days} days", units),
                )
            )
    return late
