"""Endpoints of Build-to-Buy: tranches and the option."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, _money_parties, _party, router
from concord.deals.schemas.terms import OptionIn, OptionOut, TrancheIn, TrancheOut

# --- Build-to-Buy ------------------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/tranches", response=responses({200: list[TrancheOut]}))
def tranche_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """The Build-to-Buy funding tranches in order, released or not."""
    user = actor(request)
    return list(selectors.tranche_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/tranches", response=responses({201: TrancheOut}))
def tranche_create(request: HttpRequest, alliance_id: Id, payload: TrancheIn) -> Status[Any]:
    """Add the next tranche and the named milestone that releases it."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    milestone = None
    if payload.milestone_id is not None:
        milestone = (
            selectors.milestone_list(user=user, alliance=alliance)
            .filter(pk=payload.milestone_id)
            .first()
        )
        if milestone is None:
            raise invalid("milestone_id", "No milestone of this alliance has this id.")
    tranche = services.tranche_create(
        actor=user,
        alliance=alliance,
        title=payload.title,
        unlocks_when=payload.unlocks_when,
        milestone=milestone,
        amount=payload.amount,
        currency=payload.currency,
        **_money_parties(user, alliance, payload),
    )
    return Status(201, selectors.tranche_list(user=user, alliance=alliance).get(pk=tranche.pk))


@router.post("/tranches/{tranche_id}/release", response=responses({200: TrancheOut}))
def tranche_release(request: HttpRequest, tranche_id: Id) -> Any:
    """Release a tranche (the funding party), once its named milestone is met."""
    user = actor(request)
    tranche = selectors.tranche_get(user=user, pk=tranche_id)
    services.tranche_release(actor=user, tranche=tranche)
    return selectors.tranche_list(user=user, alliance=tranche.alliance).get(pk=tranche_id)


@router.put("/alliances/{alliance_id}/option", response=responses({200: OptionOut}))
def option_save(request: HttpRequest, alliance_id: Id, payload: OptionIn) -> Any:
    """Set the option to license or acquire: price and exercise window."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    services.option_save(
        actor=user,
        alliance=alliance,
        kind=payload.kind,
        price=payload.price,
        currency=payload.currency,
        holder=_party(user, alliance, payload.holder_party_id, "holder_party_id"),
        grantor=_party(user, alliance, payload.grantor_party_id, "grantor_party_id"),
        window_opens=payload.window_opens,
        window_closes=payload.window_closes,
        terms=payload.terms,
    )
    return selectors.option_for(user=user, alliance=alliance)


@router.post("/alliances/{alliance_id}/option/exercise", response=responses({200: OptionOut}))
def option_exercise(request: HttpRequest, alliance_id: Id) -> Any:
    """Exercise the option (its holder), only inside the window: the price falls due."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    option = selectors.option_for(user=user, alliance=alliance)
    if option is None:
        raise invalid("option", "This alliance has no option to exercise.")
    services.option_exercise(actor=user, option=option)
    return selectors.option_for(user=user, alliance=alliance)
