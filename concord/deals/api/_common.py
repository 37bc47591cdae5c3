"""The deals router and what its endpoints share: the alliance, parties and programmes named in a
request, each in the caller's scope."""

from __future__ import annotations

from typing import Any, TypedDict

from ninja import Router

from concord.alliances.models import Alliance, Party, Programme
from concord.core.errors import invalid
from concord.deals import selectors
from concord.deals.models import Payment
from concord.orgs.models import User

router = Router(tags=["deals"])


def _alliance(user: User, alliance_id: int) -> Alliance:
    return selectors.money_alliance(user=user, pk=alliance_id)


def _party(user: User, alliance: Alliance, party_id: int, field: str) -> Party:
    party = selectors.accepted_parties(user=user, alliance=alliance).filter(pk=party_id).first()
    if party is None:
        raise invalid(field, "No party that has joined this alliance has this id.")
    return party


class MoneyParties(TypedDict):
    """Who pays and who is paid, as the services take them."""

    payer: Party
    payee: Party


def _money_parties(user: User, alliance: Alliance, payload: Any) -> MoneyParties:
    return {
        "payer": _party(user, alliance, payload.payer_party_id, "payer_party_id"),
        "payee": _party(user, alliance, payload.payee_party_id, "payee_party_id"),
    }


def _programme(user: User, alliance: Alliance, programme_id: int) -> Programme:
    programme = (
        Programme.objects.visible_to(user).filter(alliance=alliance, pk=programme_id).first()
    )
    if programme is None:
        raise invalid("programme_id", "No programme of this alliance has this id.")
    return programme


def _programme_or_none(
    user: User, alliance: Alliance, programme_id: int | None
) -> Programme | None:
    return None if programme_id is None else _programme(user, alliance, programme_id)


def _payment(user: User, payment_id: int) -> Payment:
    return selectors.payment_get(user=user, pk=payment_id)
