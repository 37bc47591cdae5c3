"""Concerns and escalations."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from concord.alliances import selectors as alliance_selectors
from concord.core.api import Id, PageIn, actor, paginate, responses
from concord.core.errors import invalid
from concord.governance import selectors, services
from concord.governance.api._common import router
from concord.governance.models import (
    AgendaItem,
    Concern,
    Escalation,
)
from concord.governance.schemas.actions import (
    ConcernAgendaIn,
    ConcernIn,
    ConcernOut,
    ConcernPageOut,
)
from concord.governance.schemas.escalations import (
    EscalationDetailOut,
    EscalationIn,
    EscalationNoteIn,
    EscalationOut,
    EscalationPageOut,
    ExecutiveActIn,
    ResolutionIn,
)
from concord.governance.schemas.meetings import (
    AgendaItemOut,
)


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
