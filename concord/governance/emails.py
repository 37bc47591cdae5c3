"""Emails about governance: one function per message. Recipients are always people of the
alliance's accepted parties, so nothing reaches an organisation outside it."""

from __future__ import annotations

import datetime

from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.selectors import alliance_contacts
from concord.core.emails import send_email_on_commit
from concord.governance.models import (
    ActionItem,
    Charter,
    CommitteeMember,
    Decision,
    Escalation,
    Meeting,
    Minutes,
)
from concord.orgs.models import User

Level = Escalation.Level


def _joined(alliance_id: int) -> list[int]:
    return list(
        Party.objects.unscoped()
        .filter(alliance_id=alliance_id, status=Party.Status.ACCEPTED)
        .values_list("organisation_id", flat=True)
    )


def _members(
    committee_id: int, alliance_id: int, voting_only: bool = False, co_chairs_only: bool = False
) -> list[str]:
    seats = CommitteeMember.objects.unscoped().filter(
        committee_id=committee_id,
        party__organisation_id__in=_joined(alliance_id),
        user__is_active=True,
        user__membership__is_active=True,
    )
    if voting_only:
        seats = seats.exclude(role=CommitteeMember.Role.ALTERNATE)
    if co_chairs_only:
        seats = seats.filter(role=CommitteeMember.Role.CO_CHAIR)
    return list(seats.values_list("user__email", flat=True))


def _executives(escalation: Escalation) -> list[str]:
    charter = Charter.objects.unscoped().get(committee=escalation.committee, status="in_force")
    orgs = _joined(escalation.alliance_id)
    return [
        u.email
        for u in charter.executives.filter(membership__organisation_id__in=orgs, is_active=True)
    ]


def _path(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def send_meeting_scheduled(meeting: Meeting) -> None:
    """Tell the committee's members a meeting is in the diary."""
    send_email_on_commit(
        "meeting-scheduled",
        _members(meeting.committee_id, meeting.alliance_id),
        {
            "meeting": meeting,
            "alliance": meeting.alliance,
            "path": _path("governance:meeting-detail", meeting.pk),
        },
    )


def send_minutes_circulated(minutes: Minutes) -> None:
    """Ask the committee's members to comment on the draft minutes."""
    meeting = minutes.meeting
    send_email_on_commit(
        "minutes-circulated",
        _members(meeting.committee_id, meeting.alliance_id),
        {
            "minutes": minutes,
            "meeting": meeting,
            "alliance": meeting.alliance,
            "path": _path("governance:meeting-detail", meeting.pk) + "#minutes",
        },
    )


def send_minutes_overdue(meeting: Meeting, due: datetime.date) -> None:
    """Tell the co-chairs and whoever scheduled the meeting that its draft minutes are overdue."""
    chairs = _members(meeting.committee_id, meeting.alliance_id, co_chairs_only=True)
    organiser = [meeting.created_by.email] if meeting.created_by.is_active else []
    send_email_on_commit(
        "minutes-overdue",
        list(dict.fromkeys(chairs + organiser)),
        {
            "meeting": meeting,
            "alliance": meeting.alliance,
            "due": due,
            "path": _path("governance:meeting-detail", meeting.pk) + "#minutes",
        },
    )


def send_written_consent_sought(decision: Decision) -> None:
    """Ask each party's voting members for their party's vote on a written-consent decision."""
    send_email_on_commit(
        "written-consent",
        _members(decision.committee_id, decision.alliance_id, voting_only=True),
        {
            "decision": decision,
            "alliance": decision.alliance,
            "path": _path("governance:decision-detail", decision.pk),
        },
    )


def send_action_assigned(action: ActionItem) -> None:
    """Tell a person they own an action."""
    _to_owner("action-assigned", action)


def send_action_overdue(action: ActionItem) -> None:
    """Remind an owner their action is overdue."""
    _to_owner("action-overdue", action)


def _to_owner(name: str, action: ActionItem) -> None:
    owner: User = action.owner
    if not owner.is_active:
        return
    send_email_on_commit(
        name,
        [owner.email],
        {
            "action": action,
            "alliance": action.alliance,
            "path": _path("governance:action-list", action.alliance_id) + "?mine=1",
        },
    )


def _escalation_recipients(escalation: Escalation) -> list[str]:
    """Who a level concerns: the managers always; the co-chairs from the committee level; the
    named executives from the executive level on."""
    recipients = alliance_contacts(alliance_id=escalation.alliance_id)
    if escalation.level == Level.COMMITTEE:
        chairs = CommitteeMember.objects.unscoped().filter(
            committee=escalation.committee_id, role=CommitteeMember.Role.CO_CHAIR
        )
        recipients += list(chairs.values_list("user__email", flat=True))
    if escalation.level in (Level.EXECUTIVES, Level.FINAL_SAY, Level.DISPUTE):
        recipients += _executives(escalation)
    return recipients


def _escalation_context(escalation: Escalation) -> dict[str, object]:
    return {
        "escalation": escalation,
        "alliance": escalation.alliance,
        "path": _path("governance:escalation-detail", escalation.pk),
    }


def send_escalation_raised(escalation: Escalation) -> None:
    """Tell those at the escalation's level that a matter has reached them."""
    send_email_on_commit(
        "escalation-raised", _escalation_recipients(escalation), _escalation_context(escalation)
    )


def send_end_run(escalation: Escalation) -> None:
    """Tell every party's alliance managers that a matter went around the agreed path."""
    recipients = alliance_contacts(alliance_id=escalation.alliance_id) + _escalation_recipients(
        escalation
    )
    send_email_on_commit("end-run", recipients, _escalation_context(escalation))


def send_escalation_reminder(escalation: Escalation, *, expired: bool) -> None:
    """Remind those at the level that its time limit is near, or has run out."""
    send_email_on_commit(
        "escalation-reminder",
        _escalation_recipients(escalation),
        _escalation_context(escalation) | {"expired": expired},
    )


def send_charter_proposed(charter: Charter) -> None:
    """Ask the other parties' alliance managers to approve or reject a charter change."""
    others = [
        o
        for o in _joined(charter.committee.alliance_id)
        if o != charter.proposing_party.organisation_id
    ]
    send_email_on_commit(
        "charter-proposed",
        alliance_contacts(alliance_id=charter.committee.alliance_id, organisation_ids=others),
        {
            "charter": charter,
            "alliance": charter.committee.alliance,
            "path": _path("governance:charter-detail", charter.pk),
        },
    )


def send_charter_answered(charter: Charter) -> None:
    """Tell every party's alliance managers that a charter change was adopted or rejected."""
    send_email_on_commit(
        "charter-answered",
        alliance_contacts(alliance_id=charter.committee.alliance_id),
        {
            "charter": charter,
            "alliance": charter.committee.alliance,
            "path": _path("governance:charter-detail", charter.pk),
        },
    )
