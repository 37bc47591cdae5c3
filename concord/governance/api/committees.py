"""Committees, their members and charters."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from concord.alliances import selectors as alliance_selectors
from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.governance import selectors, services
from concord.governance.api._common import _committee, _committee_out, _rules, router
from concord.governance.models import (
    Charter,
    CommitteeMember,
)
from concord.governance.schemas.committees import (
    CharterOut,
    CharterProposalIn,
    CommitteeIn,
    CommitteeOut,
    MemberIn,
    MemberOut,
    RejectionIn,
)


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
