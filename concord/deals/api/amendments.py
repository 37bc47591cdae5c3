"""Endpoints of amendments: the history of agreed terms' versions, proposing a change, and each
party's own approval, rejection or withdrawal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from concord.core.api import Id, actor, responses
from concord.core.signatures import signatures_attach
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, router
from concord.deals.schemas.amendments import (
    AmendmentActIn,
    AmendmentApproveIn,
    AmendmentIn,
    AmendmentOut,
    AmendmentRejectIn,
)


@router.get("/alliances/{alliance_id}/amendments", response=responses({200: list[AmendmentOut]}))
def amendment_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Every amendment of the deal's agreed terms, awaiting ones first: old → new, who proposed
    and answered it and when, its effective date, its reason and the version it made."""
    user = actor(request)
    history = selectors.amendment_history(user=user, alliance=_alliance(user, alliance_id))
    # Every amendment's manifest in one query.
    signatures_attach(user=user, subjects=[entry.amendment for entry in history])
    return history


@router.post("/alliances/{alliance_id}/amendments", response=responses({201: AmendmentOut}))
def amendment_propose(request: HttpRequest, alliance_id: Id, payload: AmendmentIn) -> Status[Any]:
    """Propose an amendment of one agreed term for your party, with your electronic signature
    (password and the meaning `approve`: proposing is your party's approval); the other party
    approves or rejects it."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    proposed = services.Proposed(
        value=payload.value,
        tiers=None if payload.tiers is None else [(t.up_to, t.rate) for t in payload.tiers],
        shares=None if payload.shares is None else {s.party_id: s.percent for s in payload.shares},
        window_opens=payload.window_opens,
        window_closes=payload.window_closes,
    )
    amendment = services.amendment_propose(
        actor=user,
        alliance=alliance,
        term=payload.term,
        subject_id=payload.subject_id,
        effective_from=payload.effective_from,
        reason=payload.reason,
        proposed=proposed,
        password=payload.password,
        meaning=payload.meaning,
        code=payload.code,
        party_id=payload.party_id,
    )
    return Status(201, selectors.amendment_row(user=user, pk=amendment.pk))


@router.get("/amendments/{amendment_id}", response=responses({200: AmendmentOut}))
def amendment_get(request: HttpRequest, amendment_id: Id) -> Any:
    """One amendment with each party's act on it."""
    return selectors.amendment_row(user=actor(request), pk=amendment_id)


@router.post("/amendments/{amendment_id}/approve", response=responses({200: AmendmentOut}))
def amendment_approve(request: HttpRequest, amendment_id: Id, payload: AmendmentApproveIn) -> Any:
    """Approve an amendment the other party proposed, for your own party, with your electronic
    signature (password and the meaning `approve`): once every party to the term has, its new
    version is in force from the effective date."""
    user = actor(request)
    amendment = selectors.amendment_get(user=user, pk=amendment_id)
    services.amendment_approve(actor=user, amendment=amendment, **payload.model_dump())
    return selectors.amendment_row(user=user, pk=amendment_id)


@router.post("/amendments/{amendment_id}/reject", response=responses({200: AmendmentOut}))
def amendment_reject(request: HttpRequest, amendment_id: Id, payload: AmendmentRejectIn) -> Any:
    """Reject an amendment the other party proposed, saying why, signed with your password and
    the meaning `reject`: the term stays as it is."""
    user = actor(request)
    amendment = selectors.amendment_get(user=user, pk=amendment_id)
    services.amendment_reject(actor=user, amendment=amendment, **payload.model_dump())
    return selectors.amendment_row(user=user, pk=amendment_id)


@router.post("/amendments/{amendment_id}/withdraw", response=responses({200: AmendmentOut}))
def amendment_withdraw(request: HttpRequest, amendment_id: Id, payload: AmendmentActIn) -> Any:
    """Withdraw your party's amendment while it still awaits the other party's answer."""
    user = actor(request)
    amendment = selectors.amendment_get(user=user, pk=amendment_id)
    services.amendment_withdraw(actor=user, amendment=amendment, party_id=payload.party_id)
    return selectors.amendment_row(user=user, pk=amendment_id)
