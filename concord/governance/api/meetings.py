"""Meetings: scheduling, the agenda, attendance, decisions taken at the meeting, and minutes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.governance import selectors, services
from concord.governance.api._common import _agenda_item, _meeting, _person, router
from concord.governance.models import (
    AgendaItem,
    Decision,
    Meeting,
    Minutes,
    MinutesComment,
)
from concord.governance.schemas.decisions import (
    CommitteeDecisionIn,
    DecisionOut,
    DeferralIn,
)
from concord.governance.schemas.meetings import (
    AgendaItemIn,
    AgendaItemOut,
    AttendanceIn,
    CategoryDisputeIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatchIn,
    MinutesApproveIn,
    MinutesCommentIn,
    MinutesCommentOut,
    MinutesCorrectionIn,
    MinutesIn,
    MinutesOut,
)


@router.get("/committees/{committee_id}/meetings", response=responses({200: list[MeetingOut]}))
def meeting_list(request: HttpRequest, committee_id: Id) -> list[Meeting]:
    """The committee's meetings, newest first."""
    user = actor(request)
    committee = selectors.committee_get(user=user, pk=committee_id)
    return list(
        selectors.meeting_list(user=user, alliance=committee.alliance).filter(committee=committee)
    )


@router.post("/committees/{committee_id}/meetings", response=responses({201: MeetingDetailOut}))
def meeting_schedule(
    request: HttpRequest, committee_id: Id, payload: MeetingIn
) -> Status[dict[str, Any]]:
    """Schedule a meeting; its members are told by email."""
    user = actor(request)
    committee = selectors.committee_get(user=user, pk=committee_id)
    meeting = services.meeting_schedule(actor=user, committee=committee, **payload.model_dump())
    return Status(201, _meeting(user, selectors.meeting_get(user=user, pk=meeting.pk)))


@router.get("/meetings/{meeting_id}", response=responses({200: MeetingDetailOut}))
def meeting_detail(request: HttpRequest, meeting_id: Id) -> dict[str, Any]:
    """A meeting with its agenda, attendance and quorum, decisions and minutes."""
    user = actor(request)
    return _meeting(user, selectors.meeting_get(user=user, pk=meeting_id))


@router.patch("/meetings/{meeting_id}", response=responses({200: MeetingDetailOut}))
def meeting_update(request: HttpRequest, meeting_id: Id, payload: MeetingPatchIn) -> dict[str, Any]:
    """Move a meeting or change where it happens, until it has been held."""
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=meeting_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    services.meeting_update(actor=user, meeting=meeting, **changes)
    return _meeting(user, selectors.meeting_get(user=user, pk=meeting_id))


@router.post("/meetings/{meeting_id}/cancel", response=responses({200: MeetingDetailOut}))
def meeting_cancel(request: HttpRequest, meeting_id: Id) -> dict[str, Any]:
    """Call off a meeting still to be held; its agenda stays on record."""
    user = actor(request)
    services.meeting_cancel(actor=user, meeting=selectors.meeting_get(user=user, pk=meeting_id))
    return _meeting(user, selectors.meeting_get(user=user, pk=meeting_id))


@router.post("/meetings/{meeting_id}/agenda", response=responses({201: AgendaItemOut}))
def agenda_item_add(
    request: HttpRequest, meeting_id: Id, payload: AgendaItemIn
) -> Status[AgendaItem]:
    """Add an item to the agenda: inform, discuss or decide, maybe about a concern or escalation."""
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=meeting_id)
    concern = None
    if payload.concern_id is not None:
        concern = (
            selectors.concern_list(user=user, alliance=meeting.alliance, status="all")
            .filter(pk=payload.concern_id)
            .first()
        )
        if concern is None:
            raise invalid("concern_id", "Choose a concern of this alliance.")
    escalation = None
    if payload.escalation_id is not None:
        escalation = (
            selectors.escalation_list(user=user, alliance=meeting.alliance, status="")
            .filter(pk=payload.escalation_id)
            .first()
        )
        if escalation is None:
            raise invalid("escalation_id", "Choose an escalation of this alliance.")
    data = payload.model_dump(exclude={"owner_id", "concern_id", "escalation_id"})
    owner = _person(user, meeting.alliance, payload.owner_id, "owner_id")
    item = services.agenda_item_add(
        actor=user, meeting=meeting, owner=owner, concern=concern, escalation=escalation, **data
    )
    return Status(201, item)


@router.post(
    "/agenda-items/{agenda_item_id}/category-dispute", response=responses({200: AgendaItemOut})
)
def agenda_item_category_dispute(
    request: HttpRequest, agenda_item_id: Id, payload: CategoryDisputeIn
) -> AgendaItem:
    """Dispute an agenda item's matter category with your party's reading; while disputed, a
    reading that makes it a carve-out applies."""
    user = actor(request)
    item = selectors.agenda_item_get(user=user, pk=agenda_item_id)
    return services.agenda_item_category_dispute(
        actor=user, item=item, category=payload.category, reason=payload.reason
    )


@router.delete("/agenda-items/{agenda_item_id}", response=responses({204: None}))
def agenda_item_remove(request: HttpRequest, agenda_item_id: Id) -> Status[None]:
    """Take an item off the agenda, unless the meeting has decided on it."""
    user = actor(request)
    item = selectors.agenda_item_get(user=user, pk=agenda_item_id)
    services.agenda_item_remove(actor=user, item=item)
    return Status(204, None)


@router.put("/meetings/{meeting_id}/attendance", response=responses({200: MeetingDetailOut}))
def attendance_record(
    request: HttpRequest, meeting_id: Id, payload: AttendanceIn
) -> dict[str, Any]:
    """Record who attended (the committee members present); the answer says if it was quorate."""
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=meeting_id)
    members = selectors.meeting_record(user=user, meeting=meeting).members
    present = [m for m in members if m.pk in set(payload.present_member_ids)]
    if len(present) != len(set(payload.present_member_ids)):
        raise invalid("present_member_ids", "Only the committee's members can be marked present.")
    services.attendance_record(actor=user, meeting=meeting, present=present)
    return _meeting(user, selectors.meeting_get(user=user, pk=meeting_id))


@router.post("/meetings/{meeting_id}/decisions", response=responses({201: DecisionOut}))
def decision_record(
    request: HttpRequest, meeting_id: Id, payload: CommitteeDecisionIn
) -> Status[Decision]:
    """Put a resolution to the vote at a quorate meeting, with your own party's vote if you cast
    it now (`votes` may name only your party); it settles when every party has voted."""
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=meeting_id)
    item = _agenda_item(user, meeting, payload.agenda_item_id)
    decision = services.decision_record(
        actor=user,
        meeting=meeting,
        title=payload.title,
        text=payload.text,
        carve_out=payload.carve_out,
        agenda_item=item,
        votes={v.party_id: v.vote for v in payload.votes},
        password=payload.password or "",
        meaning=payload.meaning or "",
        code=payload.code or "",
    )
    return Status(201, selectors.decision_get(user=user, pk=decision.pk))


@router.post("/meetings/{meeting_id}/deferrals", response=responses({201: DecisionOut}))
def decision_defer(request: HttpRequest, meeting_id: Id, payload: DeferralIn) -> Status[Decision]:
    """Put a decision off to a later meeting; it needs no quorum, since it decides nothing."""
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=meeting_id)
    decision = services.decision_defer(
        actor=user,
        meeting=meeting,
        title=payload.title,
        note=payload.note,
        text=payload.text,
        agenda_item=_agenda_item(user, meeting, payload.agenda_item_id),
    )
    return Status(201, selectors.decision_get(user=user, pk=decision.pk))


@router.post("/meetings/{meeting_id}/minutes", response=responses({200: MinutesOut}))
def minutes_save(request: HttpRequest, meeting_id: Id, payload: MinutesIn) -> Minutes:
    """Draft the minutes of a held meeting, or revise the draft; approved minutes are locked."""
    user = actor(request)
    meeting = selectors.meeting_get(user=user, pk=meeting_id)
    return services.minutes_save(actor=user, meeting=meeting, body=payload.body)


@router.post("/minutes/{minutes_id}/circulate", response=responses({200: MinutesOut}))
def minutes_circulate(request: HttpRequest, minutes_id: Id) -> Minutes:
    """Circulate the draft minutes to the committee for comment."""
    user = actor(request)
    return services.minutes_circulate(
        actor=user, minutes=selectors.minutes_get(user=user, pk=minutes_id)
    )


@router.post("/minutes/{minutes_id}/approve", response=responses({200: MinutesOut}))
def minutes_approve(request: HttpRequest, minutes_id: Id, payload: MinutesApproveIn) -> Minutes:
    """Approve circulated minutes for your party at a later quorate meeting of the committee,
    signed with your password and the meaning `approve`; they lock when every party has."""
    user = actor(request)
    minutes = selectors.minutes_get(user=user, pk=minutes_id)
    at_meeting = (
        selectors.meeting_list(user=user, alliance=minutes.meeting.alliance)
        .filter(pk=payload.at_meeting_id)
        .first()
    )
    if at_meeting is None:
        raise invalid("at_meeting_id", "Choose a meeting of this alliance.")
    return services.minutes_approve(
        actor=user,
        minutes=minutes,
        at_meeting=at_meeting,
        password=payload.password,
        meaning=payload.meaning,
        code=payload.code,
    )


@router.post("/minutes/{minutes_id}/comments", response=responses({201: MinutesCommentOut}))
def minutes_comment(
    request: HttpRequest, minutes_id: Id, payload: MinutesCommentIn
) -> Status[MinutesComment]:
    """Comment on circulated minutes, for the drafter to take in before they are approved."""
    user = actor(request)
    minutes = selectors.minutes_get(user=user, pk=minutes_id)
    return Status(201, services.minutes_comment(actor=user, minutes=minutes, body=payload.body))


@router.post("/minutes/{minutes_id}/corrections", response=responses({201: MinutesOut}))
def minutes_correct(
    request: HttpRequest, minutes_id: Id, payload: MinutesCorrectionIn
) -> Status[Minutes]:
    """Correct approved minutes: a new version to approve again; the approved text stays."""
    user = actor(request)
    minutes = selectors.minutes_get(user=user, pk=minutes_id)
    correction = services.minutes_correct(
        actor=user, minutes=minutes, body=payload.body, note=payload.note
    )
    return Status(201, correction)
