"""API for alliances: parties, programmes, gates, notes and the audit trail, always in scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors, services
from concord.alliances.models import Alliance, Gate, Note, Party, Programme
from concord.alliances.schemas import (
    AllianceBaseOut,
    AllianceDetailOut,
    AllianceIn,
    AllianceListIn,
    AlliancePageOut,
    AlliancePatchIn,
    AllianceTier,
    AuditEventPageOut,
    GateDeclineIn,
    GateIn,
    GateOut,
    GateSignIn,
    NoteIn,
    NoteOut,
    NotePageOut,
    PartyInviteIn,
    PartyInviteOut,
    PartyOut,
    PersonOut,
    PhaseName,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatchIn,
    ReasonIn,
)
from concord.alliances.selectors import AllianceFilters
from concord.core.api import Id, InputSchema, PageIn, actor, paginate, responses
from concord.core.errors import invalid
from concord.core.signatures import signatures_attach
from concord.orgs.models import User
from concord.orgs.selectors import organisation_list

router = Router()

# What other modules import from here: the router, and schemas other apps still name by this path.
__all__ = ["AllianceTier", "PersonOut", "PhaseName", "router"]


# ---------------------------------------------------------------------------------------------
# Shaping reads for responses


def _detail(user: User, alliance: Alliance) -> dict[str, Any]:
    workspace = selectors.alliance_workspace(user=user, alliance=alliance)
    own_party = workspace.own_party
    return {
        **{name: getattr(alliance, name) for name in AllianceBaseOut.model_fields},
        "own_party_id": own_party.pk if own_party else None,
        "parties": workspace.parties,
        "programmes": workspace.programmes,
        "timeline": workspace.timeline,
        "pending_gate": workspace.pending_gate,
    }


def _changes(payload: InputSchema) -> dict[str, Any]:
    """The fields a PATCH sent, without the nulls that mean 'leave as it is'."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}


# ---------------------------------------------------------------------------------------------
# Alliances


@router.get("/alliances", response=responses({200: AlliancePageOut}), tags=["alliances"])
def alliance_list(request: HttpRequest, params: Query[AllianceListIn]) -> dict[str, Any]:
    """Alliances your organisation is a party to: searched, filtered, sorted and paginated."""
    filters = AllianceFilters(
        search=params.search.strip(),
        phase=list(params.phase),
        tier=list(params.tier),
        alliance_type=list(params.alliance_type),
        partner=params.partner,
        status=params.status or "",
        sort=params.sort,
    )
    return paginate(selectors.alliance_list(user=actor(request), filters=filters), params)


@router.post("/alliances", response=responses({201: AllianceDetailOut}), tags=["alliances"])
def alliance_create(request: HttpRequest, payload: AllianceIn) -> Status[dict[str, Any]]:
    """Create an alliance (proposed until the partners accept), with its programmes."""
    user = actor(request)
    alliance = services.alliance_create(actor=user, **payload.model_dump())
    return Status(201, _detail(user, alliance))


@router.get(
    "/alliances/{alliance_id}", response=responses({200: AllianceDetailOut}), tags=["alliances"]
)
def alliance_detail(request: HttpRequest, alliance_id: Id) -> dict[str, Any]:
    """One alliance: parties and teams, programmes, phase timeline and any pending gate."""
    user = actor(request)
    return _detail(user, selectors.alliance_get(user=user, pk=alliance_id))


@router.patch(
    "/alliances/{alliance_id}", response=responses({200: AllianceDetailOut}), tags=["alliances"]
)
def alliance_update(
    request: HttpRequest, alliance_id: Id, payload: AlliancePatchIn
) -> dict[str, Any]:
    """Edit an alliance's overview; its phase changes only through gates."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    alliance = services.alliance_update(actor=user, alliance=alliance, **_changes(payload))
    return _detail(user, alliance)


# ---------------------------------------------------------------------------------------------
# Parties


@router.get(
    "/alliances/{alliance_id}/parties", response=responses({200: list[PartyOut]}), tags=["parties"]
)
def party_list(request: HttpRequest, alliance_id: Id) -> list[Party]:
    """The alliance's parties, their status and their teams."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    return list(selectors.party_list(user=user).filter(alliance=alliance))


@router.post(
    "/alliances/{alliance_id}/parties",
    response=responses({201: PartyInviteOut}),
    tags=["parties"],
)
def party_invite(
    request: HttpRequest, alliance_id: Id, payload: PartyInviteIn
) -> Status[dict[str, Any]]:
    """Invite a partner organisation: by its id on Concord, or by its admin's email."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    organisation = None
    if payload.organisation_id is not None:
        organisation = organisation_list(user=user).filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise invalid("organisation_id", "No organisation on Concord has this id.")
    invite = services.party_invite(
        actor=user, alliance=alliance, organisation=organisation, email=payload.email
    )
    party = selectors.party_list(user=user).get(pk=invite.party.pk) if invite.party else None
    return Status(201, {"party": party, "invitation": invite.invitation})


@router.post("/parties/{party_id}/accept", response=responses({200: PartyOut}), tags=["parties"])
def party_accept(request: HttpRequest, party_id: Id) -> Party:
    """Accept, for your organisation, its invitation to an alliance."""
    user = actor(request)
    party = selectors.party_get(user=user, pk=party_id)
    return services.party_respond(actor=user, party=party, accept=True)


@router.post("/parties/{party_id}/withdraw", response=responses({200: PartyOut}), tags=["parties"])
def party_withdraw(request: HttpRequest, party_id: Id) -> Party:
    """Withdraw a pending invitation of another organisation to an alliance you have joined."""
    user = actor(request)
    party = selectors.party_get(user=user, pk=party_id)
    return services.party_invitation_withdraw(actor=user, party=party)


@router.post("/parties/{party_id}/decline", response=responses({200: PartyOut}), tags=["parties"])
def party_decline(request: HttpRequest, party_id: Id, payload: ReasonIn) -> Party:
    """Decline, for your organisation, its invitation to an alliance, saying why."""
    user = actor(request)
    party = selectors.party_get(user=user, pk=party_id)
    # Answered from the service's row: having declined, the organisation no longer sees it.
    return services.party_respond(actor=user, party=party, accept=False, reason=payload.reason)


# ---------------------------------------------------------------------------------------------
# Programmes


@router.get(
    "/alliances/{alliance_id}/programmes",
    response=responses({200: list[ProgrammeOut]}),
    tags=["programmes"],
)
def programme_list(request: HttpRequest, alliance_id: Id) -> list[Programme]:
    """The programmes (assets in indications) the alliance works on."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    return list(selectors.programme_list(user=user, alliance=alliance))


@router.post(
    "/alliances/{alliance_id}/programmes",
    response=responses({201: ProgrammeOut}),
    tags=["programmes"],
)
def programme_add(request: HttpRequest, alliance_id: Id, payload: ProgrammeIn) -> Status[Programme]:
    """Name a programme the alliance works on."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    programme = services.programme_add(actor=user, alliance=alliance, **payload.model_dump())
    return Status(201, programme)


@router.patch(
    "/programmes/{programme_id}", response=responses({200: ProgrammeOut}), tags=["programmes"]
)
def programme_update(
    request: HttpRequest, programme_id: Id, payload: ProgrammePatchIn
) -> Programme:
    """Edit a programme, for example when its stage advances."""
    user = actor(request)
    programme = selectors.programme_get(user=user, pk=programme_id)
    return services.programme_update(actor=user, programme=programme, **_changes(payload))


# ---------------------------------------------------------------------------------------------
# Gates


@router.get(
    "/alliances/{alliance_id}/gates", response=responses({200: list[GateOut]}), tags=["gates"]
)
def gate_list(request: HttpRequest, alliance_id: Id) -> list[Gate]:
    """The alliance's gates, newest first, with every party's answer."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    gates = list(selectors.gate_list(user=user).filter(alliance=alliance))
    signatures_attach(user=user, subjects=gates)  # every gate's manifest in one query
    return gates


@router.post("/alliances/{alliance_id}/gates", response=responses({201: GateOut}), tags=["gates"])
def gate_propose(request: HttpRequest, alliance_id: Id, payload: GateIn) -> Status[Gate]:
    """Propose moving the alliance to another phase; a proposer who may sign signs at once."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    values = payload.model_dump()
    signature = {name: values.pop(name) or "" for name in ("password", "meaning", "code")}
    gate = services.gate_propose(actor=user, alliance=alliance, **values, **signature)
    return Status(201, selectors.gate_list(user=user).get(pk=gate.pk))


@router.post("/gates/{gate_id}/sign", response=responses({200: GateOut}), tags=["gates"])
def gate_sign(request: HttpRequest, gate_id: Id, payload: GateSignIn) -> Gate:
    """Sign off the gate for your party, an electronic signature (your password, re-entered,
    and the meaning `approve`); the phase changes when every party has signed."""
    user = actor(request)
    gate = selectors.gate_get(user=user, pk=gate_id)
    services.gate_sign(actor=user, gate=gate, **payload.model_dump())
    return selectors.gate_list(user=user).get(pk=gate_id)


@router.post("/gates/{gate_id}/decline", response=responses({200: GateOut}), tags=["gates"])
def gate_decline(request: HttpRequest, gate_id: Id, payload: GateDeclineIn) -> Gate:
    """Decline the gate for your party, saying why, signed with your password and the meaning
    `reject`; the alliance stays in its phase."""
    user = actor(request)
    gate = selectors.gate_get(user=user, pk=gate_id)
    services.gate_decline(actor=user, gate=gate, **payload.model_dump())
    return selectors.gate_list(user=user).get(pk=gate_id)


@router.post("/gates/{gate_id}/withdraw", response=responses({200: GateOut}), tags=["gates"])
def gate_withdraw(request: HttpRequest, gate_id: Id) -> Gate:
    """Withdraw a pending gate your party proposed."""
    user = actor(request)
    services.gate_withdraw(actor=user, gate=selectors.gate_get(user=user, pk=gate_id))
    return selectors.gate_list(user=user).get(pk=gate_id)


# ---------------------------------------------------------------------------------------------
# Notes and the audit trail


@router.get(
    "/alliances/{alliance_id}/notes", response=responses({200: NotePageOut}), tags=["notes"]
)
def note_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """Shared notes, and your own organisation's private ones, newest first."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    notes = selectors.note_list(user=user, alliance=alliance)
    return paginate(notes.select_related("author", "organisation"), page)


@router.post("/alliances/{alliance_id}/notes", response=responses({201: NoteOut}), tags=["notes"])
def note_create(request: HttpRequest, alliance_id: Id, payload: NoteIn) -> Status[Note]:
    """Write a note, shared with every party or private to your organisation."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    return Status(201, services.note_create(actor=user, alliance=alliance, **payload.model_dump()))


@router.get(
    "/alliances/{alliance_id}/audit",
    response=responses({200: AuditEventPageOut}),
    tags=["audit"],
)
def audit_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """The alliance's history: shared events and your organisation's private ones, newest first."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    return paginate(selectors.alliance_activity(user=user, alliance=alliance), page)
