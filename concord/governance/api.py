"""API of the governance capability: committees and charters, meetings with their agenda,
attendance, minutes and decisions, actions, concerns and escalations, always in scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors as alliance_selectors
from concord.core.api import Id, PageIn, actor, paginate, responses
from concord.core.errors import invalid
from concord.governance import selectors, services
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    CommitteeMember,
    Concern,
    Decision,
    Escalation,
    Meeting,
    Minutes,
    MinutesComment,
)
from concord.governance.schemas import (
    ActionIn,
    ActionListIn,
    ActionOut,
    ActionPageOut,
    ActionPatchIn,
    AgendaItemIn,
    AgendaItemOut,
    AttendanceIn,
    CategoryDisputeIn,
    CharterOut,
    CharterProposalIn,
    CharterRulesIn,
    CommitteeDecisionIn,
    CommitteeIn,
    CommitteeOut,
    ConcernAgendaIn,
    ConcernIn,
    ConcernOut,
    ConcernPageOut,
    DecisionLogIn,
    DecisionOut,
    DecisionPageOut,
    DeferralIn,
    EscalationDetailOut,
    EscalationIn,
    EscalationNoteIn,
    EscalationOut,
    EscalationPageOut,
    ExecutiveActIn,
    MeetingDetailOut,
    MeetingIn,
    MeetingOut,
    MeetingPatchIn,
    MemberIn,
    MemberOut,
    MinutesApproveIn,
    MinutesCommentIn,
    MinutesCommentOut,
    MinutesCorrectionIn,
    MinutesIn,
    MinutesOut,
    RejectionIn,
    ResolutionIn,
    VoteIn,
    WrittenConsentIn,
)
from concord.orgs.models import User

router = Router(tags=["governance"])


# --- Shaping -------------------------------------------------------------------------------------


def _committee(user: User, committee: Committee) -> dict[str, Any]:
    statuses = selectors.committee_statuses(user=user, alliance=committee.alliance)
    status = next(s for s in statuses if s.committee.pk == committee.pk)
    return _committee_out(status)


def _committee_out(status: selectors.CommitteeStatus) -> dict[str, Any]:
    c = status.committee
    return {
        "id": c.pk,
        "alliance_id": c.alliance_id,
        "kind": c.kind,
        "name": c.name,
        "reports_to_id": c.reports_to_id,
        "charter": status.charter,
        "members": status.members,
        "next_meeting_due": status.next_due,
        "meeting_overdue": status.overdue,
        "parity_broken": status.parity_broken,
    }


def _rules(
    user: User, committee_alliance: Any, payload: CharterRulesIn, exclude: set[str]
) -> dict[str, Any]:
    """The rules sent, with ids turned into records of this alliance."""
    data = payload.model_dump(exclude_unset=True, exclude=exclude)
    data = {k: v for k, v in data.items() if v is not None}
    if "final_say_party_id" in data:
        wanted = data.pop("final_say_party_id")
        parties = selectors.parties_of(user=user, alliance=committee_alliance)
        party = next((p for p in parties if p.pk == wanted), None)
        if party is None:
            raise invalid("final_say_party_id", "Choose a party that has joined the alliance.")
        data["final_say_party"] = party
    if "executive_ids" in data:
        ids = data.pop("executive_ids")
        people = list(
            selectors.alliance_people(user=user, alliance=committee_alliance).filter(pk__in=ids)
        )
        if len(people) != len(set(ids)):
            raise invalid("executive_ids", "Choose active people of the alliance's parties.")
        data["executives"] = people
    return data


def _meeting(user: User, meeting: Meeting) -> dict[str, Any]:
    record = selectors.meeting_record(user=user, meeting=meeting)
    quorum = None
    if record.quorum is not None:
        quorum = {
            "met": record.quorum.met,
            "parties": [
                {
                    "party_id": p.party_id,
                    "name": p.name,
                    "present": p.present,
                    "needed": p.needed,
                    "met": p.met,
                }
                for p in record.quorum.parties
            ],
        }
    return {
        **{name: getattr(meeting, name) for name in MeetingOut.model_fields},
        "agenda": record.agenda,
        "present_member_ids": sorted(record.present),
        "quorum": quorum,
        "decisions": record.decisions,
        "minutes": record.minutes,
        "minutes_due": record.minutes_due,
        "minutes_turnaround": record.turnaround if meeting.is_held else None,
    }


def _agenda_item(user: User, meeting: Meeting, pk: int | None) -> AgendaItem | None:
    """An item of the meeting's own agenda, or a 422 naming the field."""
    if pk is None:
        return None
    item = selectors.agenda_item_list(user=user, meeting=meeting).filter(pk=pk).first()
    if item is None:
        raise invalid("agenda_item_id", "Choose an item of this meeting's agenda.")
    return item


def _person(user: User, alliance: Any, pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    person = selectors.alliance_people(user=user, alliance=alliance).filter(pk=pk).first()
    if person is None:
        raise invalid(field, "Choose an active person of one of the alliance's parties.")
    return person


# --- Committees and charters ---------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/committees", response=responses({200: list[CommitteeOut]}))
def committee_list(request: HttpRequest, alliance_id: Id) -> list[dict[str, Any]]:
    """The alliance's committees with their charter in force, members and cadence."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    return [_committee_out(s) for s in selectors.committee_statuses(user=user, alliance=alliance)]


@router.post("/alliances/{alliance_id}/committees", response=responses({201: CommitteeOut}))
def committee_create(
    request: HttpRequest, alliance_id: Id, payload: CommitteeIn
) -> Status[dict[str, Any]]:
    """Set up a committee; its charter takes typical defaults for every rule not sent."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    reports_to = None
    if payload.reports_to_id is not None:
        reports_to = (
            selectors.committee_list(user=user, alliance=alliance)
            .filter(pk=payload.reports_to_id)
            .first()
        )
        if reports_to is None:
            raise invalid("reports_to_id", "Choose a committee of this alliance.")
    data = _rules(user, alliance, payload, {"kind", "name", "reports_to_id"})
    committee = services.committee_create(
        actor=user,
        alliance=alliance,
        kind=payload.kind,
        name=payload.name,
        reports_to=reports_to,
        **data,
    )
    return Status(201, _committee(user, committee))


@router.get("/committees/{committee_id}", response=responses({200: CommitteeOut}))
def committee_detail(request: HttpRequest, committee_id: Id) -> dict[str, Any]:
    """One committee with its charter in force and its members."""
    user = actor(request)
    return _committee(user, selectors.committee_get(user=user, pk=committee_id))


@router.post("/committees/{committee_id}/members", response=responses({201: MemberOut}))
def member_add(
    request: HttpRequest, committee_id: Id, payload: MemberIn
) -> Status[CommitteeMember]:
    """Seat a colleague of your own organisation on the committee."""
    user = actor(request)
    committee = selectors.committee_get(user=user, pk=committee_id)
    person = (
        selectors.seat_candidates(user=user, committee=committee)
        .filter(user_id=payload.user_id)
        .first()
    )
    if person is None:
        raise invalid("user_id", "Choose an active colleague not yet on the committee.")
    return Status(
        201,
        services.committee_member_add(
            actor=user, committee=committee, user=person.user, role=payload.role
        ),
    )


@router.delete("/committee-members/{committee_member_id}", response=responses({204: None}))
def member_remove(request: HttpRequest, committee_member_id: Id) -> Status[None]:
    """Take one of your own organisation's people off the committee."""
    user = actor(request)
    member = selectors.member_get(user=user, pk=committee_member_id)
    services.committee_member_remove(actor=user, member=member)
    return Status(204, None)


@router.get("/committees/{committee_id}/charters", response=responses({200: list[CharterOut]}))
def charter_list(request: HttpRequest, committee_id: Id) -> list[Charter]:
    """Every version of the committee's charter, newest first; superseded ones stay readable."""
    user = actor(request)
    return selectors.charter_history(
        user=user, committee=selectors.committee_get(user=user, pk=committee_id)
    )


@router.post("/committees/{committee_id}/charters", response=responses({201: CharterOut}))
def charter_propose(
    request: HttpRequest, committee_id: Id, payload: CharterProposalIn
) -> Status[Charter]:
    """Propose a new charter version; rules not sent stay as they are. Every party approves it."""
    user = actor(request)
    committee = selectors.committee_get(user=user, pk=committee_id)
    data = _rules(user, committee.alliance, payload, {"rationale"})
    charter = services.charter_propose(
        actor=user, committee=committee, rationale=payload.rationale, **data
    )
    return Status(201, selectors.charter_get(user=user, pk=charter.pk))


@router.post("/charters/{charter_id}/approve", response=responses({200: CharterOut}))
def charter_approve(request: HttpRequest, charter_id: Id) -> Charter:
    """Approve a proposed charter for your party; the last approval brings it into force."""
    user = actor(request)
    services.charter_approve(actor=user, charter=selectors.charter_get(user=user, pk=charter_id))
    return selectors.charter_get(user=user, pk=charter_id)


@router.post("/charters/{charter_id}/reject", response=responses({200: CharterOut}))
def charter_reject(request: HttpRequest, charter_id: Id, payload: RejectionIn) -> Charter:
    """Reject a proposed charter for your party, saying why."""
    user = actor(request)
    charter = selectors.charter_get(user=user, pk=charter_id)
    services.charter_reject(actor=user, charter=charter, reason=payload.reason)
    return selectors.charter_get(user=user, pk=charter_id)


@router.post("/charters/{charter_id}/withdraw", response=responses({200: CharterOut}))
def charter_withdraw(request: HttpRequest, charter_id: Id) -> Charter:
    """Withdraw a charter change your party proposed, while it awaits approval."""
    user = actor(request)
    services.charter_withdraw(actor=user, charter=selectors.charter_get(user=user, pk=charter_id))
    return selectors.charter_get(user=user, pk=charter_id)


# --- Meetings ------------------------------------------------------------------------------------


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
    """Approve circulated minutes at a later quorate meeting of the committee; they lock."""
    user = actor(request)
    minutes = selectors.minutes_get(user=user, pk=minutes_id)
    at_meeting = (
        selectors.meeting_list(user=user, alliance=minutes.meeting.alliance)
        .filter(pk=payload.at_meeting_id)
        .first()
    )
    if at_meeting is None:
        raise invalid("at_meeting_id", "Choose a meeting of this alliance.")
    return services.minutes_approve(actor=user, minutes=minutes, at_meeting=at_meeting)


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


# --- Decisions -----------------------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/decisions", response=responses({200: DecisionPageOut}))
def decision_log(
    request: HttpRequest, alliance_id: Id, params: Query[DecisionLogIn]
) -> dict[str, Any]:
    """The alliance's decision log: searched, filtered and paginated, newest first."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    filters = selectors.DecisionFilters(
        search=params.search,
        committee=params.committee_id,
        outcome=params.outcome or "",
        method=params.method or "",
        carve_out=params.carve_out,
        since=params.since,
        until=params.until,
    )
    return paginate(selectors.decision_log(user=user, alliance=alliance, filters=filters), params)


@router.post("/committees/{committee_id}/decisions", response=responses({201: DecisionOut}))
def decision_propose(
    request: HttpRequest, committee_id: Id, payload: WrittenConsentIn
) -> Status[Decision]:
    """Seek a decision by written consent between meetings, where the charter allows it."""
    user = actor(request)
    committee = selectors.committee_get(user=user, pk=committee_id)
    decision = services.decision_propose(actor=user, committee=committee, **payload.model_dump())
    return Status(201, selectors.decision_get(user=user, pk=decision.pk))


@router.get("/decisions/{decision_id}", response=responses({200: DecisionOut}))
def decision_detail(request: HttpRequest, decision_id: Id) -> Decision:
    """One decision of the log with each party's vote."""
    user = actor(request)
    return selectors.decision_get(user=user, pk=decision_id)


@router.post("/decisions/{decision_id}/votes", response=responses({200: DecisionOut}))
def decision_vote(request: HttpRequest, decision_id: Id, payload: VoteIn) -> Decision:
    """Cast your own party's vote on a pending decision (put to the vote at a meeting or sought
    by written consent), within the charter's window; another party's vote is refused."""
    user = actor(request)
    services.decision_vote(
        actor=user,
        decision=selectors.decision_get(user=user, pk=decision_id),
        vote=payload.vote,
        party_id=payload.party_id,
        change=payload.change,
    )
    return selectors.decision_get(user=user, pk=decision_id)


# --- Actions -------------------------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/actions", response=responses({200: ActionPageOut}))
def action_list(
    request: HttpRequest, alliance_id: Id, params: Query[ActionListIn]
) -> dict[str, Any]:
    """The alliance's actions, most pressing first."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    filters = selectors.ActionFilters(status=params.status, mine=params.mine)
    return paginate(selectors.action_list(user=user, alliance=alliance, filters=filters), params)


@router.post("/alliances/{alliance_id}/actions", response=responses({201: ActionOut}))
def action_create(request: HttpRequest, alliance_id: Id, payload: ActionIn) -> Status[ActionItem]:
    """Give a person of either party an action with a due date."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    owner = _person(user, alliance, payload.owner_id, "owner_id")
    assert owner is not None  # owner_id is required by the schema
    meeting = (
        selectors.meeting_get(user=user, pk=payload.meeting_id) if payload.meeting_id else None
    )
    action = services.action_create(
        actor=user,
        alliance=alliance,
        title=payload.title,
        owner=owner,
        due_on=payload.due_on,
        detail=payload.detail,
        meeting=meeting,
    )
    return Status(201, action)


@router.patch("/actions/{action_item_id}", response=responses({200: ActionOut}))
def action_update(request: HttpRequest, action_item_id: Id, payload: ActionPatchIn) -> ActionItem:
    """Mark an action done, cancel or reopen it, move its date or give it to someone else."""
    user = actor(request)
    action = selectors.action_get(user=user, pk=action_item_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "owner_id" in changes:
        changes["owner"] = _person(user, action.alliance, changes.pop("owner_id"), "owner_id")
    return services.action_update(actor=user, action=action, **changes)


# --- Concerns and escalations --------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/concerns", response=responses({200: ConcernPageOut}))
def concern_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """Shared concerns and your own organisation's private ones, newest first."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    return paginate(selectors.concern_list(user=user, alliance=alliance, status="all"), page)


@router.post("/alliances/{alliance_id}/concerns", response=responses({201: ConcernOut}))
def concern_raise(request: HttpRequest, alliance_id: Id, payload: ConcernIn) -> Status[Concern]:
    """Raise a concern, private to your organisation or shared with every party."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    return Status(
        201, services.concern_raise(actor=user, alliance=alliance, **payload.model_dump())
    )


@router.get("/concerns/{concern_id}", response=responses({200: ConcernOut}))
def concern_detail(request: HttpRequest, concern_id: Id) -> Concern:
    """One concern: shared, or private to your own organisation."""
    user = actor(request)
    return selectors.concern_get(user=user, pk=concern_id)


@router.post("/concerns/{concern_id}/share", response=responses({200: ConcernOut}))
def concern_share(request: HttpRequest, concern_id: Id) -> Concern:
    """Share your organisation's private concern with every party."""
    user = actor(request)
    concern = selectors.concern_get(user=user, pk=concern_id)
    return services.concern_share(actor=user, concern=concern)


@router.post("/concerns/{concern_id}/agenda", response=responses({201: AgendaItemOut}))
def concern_to_agenda(
    request: HttpRequest, concern_id: Id, payload: ConcernAgendaIn
) -> Status[AgendaItem]:
    """Put a shared concern on the agenda of a coming meeting."""
    user = actor(request)
    concern = selectors.concern_get(user=user, pk=concern_id)
    meeting = (
        selectors.meeting_list(user=user, alliance=concern.alliance)
        .filter(pk=payload.meeting_id)
        .first()
    )
    if meeting is None:
        raise invalid("meeting_id", "Choose a coming meeting of this alliance.")
    item = services.concern_to_agenda(
        actor=user, concern=concern, meeting=meeting, objective=payload.objective
    )
    return Status(201, item)


@router.post("/concerns/{concern_id}/resolve", response=responses({200: ConcernOut}))
def concern_resolve(request: HttpRequest, concern_id: Id, payload: ResolutionIn) -> Concern:
    """Close a concern, saying how it was resolved."""
    user = actor(request)
    concern = selectors.concern_get(user=user, pk=concern_id)
    return services.concern_resolve(actor=user, concern=concern, resolution=payload.resolution)


@router.get("/alliances/{alliance_id}/escalations", response=responses({200: EscalationPageOut}))
def escalation_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """Every escalation of the alliance, end-runs flagged, newest first."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    return paginate(selectors.escalation_list(user=user, alliance=alliance, status=""), page)


@router.post("/alliances/{alliance_id}/escalations", response=responses({201: EscalationOut}))
def escalation_raise(
    request: HttpRequest, alliance_id: Id, payload: EscalationIn
) -> Status[Escalation]:
    """Escalate a matter; raised above the agreed entry, or outside the ladder, it is an end-run."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    committee = (
        selectors.committee_list(user=user, alliance=alliance)
        .filter(pk=payload.committee_id)
        .first()
    )
    if committee is None:
        raise invalid("committee_id", "Choose a committee of this alliance.")
    concern = None
    if payload.concern_id is not None:
        concern = (
            selectors.concern_list(user=user, alliance=alliance, status="all")
            .filter(pk=payload.concern_id)
            .first()
        )
        if concern is None:
            raise invalid("concern_id", "Choose a concern of this alliance.")
    data = payload.model_dump(exclude={"committee_id", "concern_id"})
    escalation = services.escalation_raise(
        actor=user, alliance=alliance, committee=committee, concern=concern, **data
    )
    return Status(201, escalation)


@router.get("/escalations/{escalation_id}", response=responses({200: EscalationDetailOut}))
def escalation_detail(request: HttpRequest, escalation_id: Id) -> Escalation:
    """One escalation with its path up the ladder."""
    user = actor(request)
    return selectors.escalation_get(user=user, pk=escalation_id)


@router.post("/escalations/{escalation_id}/advance", response=responses({200: EscalationOut}))
def escalation_advance(
    request: HttpRequest, escalation_id: Id, payload: EscalationNoteIn
) -> Escalation:
    """Take the matter to the next rung of the ladder."""
    user = actor(request)
    escalation = selectors.escalation_get(user=user, pk=escalation_id)
    return services.escalation_advance(actor=user, escalation=escalation, note=payload.note)


@router.post("/escalations/{escalation_id}/resolve", response=responses({200: EscalationOut}))
def escalation_resolve(
    request: HttpRequest, escalation_id: Id, payload: ResolutionIn
) -> Escalation:
    """Record how the matter was resolved: at the executives' rung your party's executive agrees
    to the wording (resolved once every party agrees the same words); at the final rung only the
    party with final say decides."""
    user = actor(request)
    escalation = selectors.escalation_get(user=user, pk=escalation_id)
    return services.escalation_resolve(
        actor=user, escalation=escalation, resolution=payload.resolution, party_id=payload.party_id
    )


@router.post("/escalations/{escalation_id}/move-on", response=responses({200: EscalationDetailOut}))
def escalation_executive_move_on(
    request: HttpRequest, escalation_id: Id, payload: ExecutiveActIn
) -> Escalation:
    """Your party's executive agrees to end the executives' period early; the matter moves on
    only when every party's executives have agreed."""
    user = actor(request)
    escalation = selectors.escalation_get(user=user, pk=escalation_id)
    services.escalation_executive_move_on(
        actor=user, escalation=escalation, party_id=payload.party_id
    )
    return selectors.escalation_get(user=user, pk=escalation_id)


@router.post("/escalations/{escalation_id}/withdraw", response=responses({200: EscalationOut}))
def escalation_withdraw(
    request: HttpRequest, escalation_id: Id, payload: EscalationNoteIn
) -> Escalation:
    """Withdraw an escalation your party raised (settled between the people, say)."""
    user = actor(request)
    escalation = selectors.escalation_get(user=user, pk=escalation_id)
    return services.escalation_withdraw(actor=user, escalation=escalation, note=payload.note)
