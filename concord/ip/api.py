"""API of the IP register: background IP and its licences, inventions and their filings, and
whether a party may use something."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.ip import selectors, services
from concord.ip.models import Disclosure, IpAsset
from concord.ip.schemas import (
    AssetIn,
    AssetOut,
    DisclosureIn,
    DisclosureOut,
    FilingIn,
    LicenceIn,
    LicenceOut,
    RegisterOut,
    UseAnswerOut,
    UseQuery,
)
from concord.orgs.models import User

router = Router(tags=["ip"])


def _joined(user: User, alliance_id: int) -> Alliance:
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    if selectors.own_party(user=user, alliance=alliance) is None:
        raise Http404
    return alliance


def _shaped(row: selectors.DisclosureRow) -> dict[str, Any]:
    d = row.disclosure
    return {
        "id": d.pk,
        "alliance_id": d.alliance_id,
        "title": d.title,
        "disclosed_on": d.disclosed_on,
        "rule": d.rule,
        "assigned_party_id": d.assigned_party_id,
        "prosecuting_party_id": d.prosecuting_party_id,
        "programme_id": d.programme_id,
        "restricted": d.restricted,
        "details_hidden": d.details_hidden,
        "inventors": list(d.inventors.all()),
        "owner_party_ids": [p.pk for p in row.owners],
        "filings": list(d.filings.all()),
        "deadlines": row.deadlines,
    }


def _disclosure(user: User, pk: int) -> dict[str, Any]:
    disclosure = selectors.disclosure_get(user=user, pk=pk)
    alliance = _joined(user, disclosure.alliance_id)
    parties = selectors.register(user=user, alliance=alliance).parties
    return _shaped(selectors.disclosure_row(disclosure, parties))


@router.get("/alliances/{alliance_id}/ip", response=responses({200: RegisterOut}))
def register(request: HttpRequest, alliance_id: Id) -> dict[str, Any]:
    """The alliance's IP register: background IP with its licences, and inventions."""
    user = actor(request)
    found = selectors.register(user=user, alliance=_joined(user, alliance_id))
    return {
        "assets": found.assets,
        "disclosures": [_shaped(r) for r in found.disclosures],
        "royalty_terms": found.royalty_terms,
    }


@router.post("/alliances/{alliance_id}/ip/assets", response=responses({201: AssetOut}))
def asset_create(request: HttpRequest, alliance_id: Id, payload: AssetIn) -> Status[IpAsset]:
    """Record background IP your party brings to the alliance."""
    user = actor(request)
    alliance = _joined(user, alliance_id)
    return Status(201, services.asset_create(actor=user, alliance=alliance, **payload.model_dump()))


@router.post("/ip/assets/{asset_id}/licences", response=responses({201: LicenceOut}))
def licence_grant(request: HttpRequest, asset_id: Id, payload: LicenceIn) -> Status[Any]:
    """Say what another party may do with your party's background IP."""
    user = actor(request)
    asset = selectors.asset_get(user=user, pk=asset_id)
    _joined(user, asset.alliance_id)
    return Status(201, services.licence_grant(actor=user, asset=asset, **payload.model_dump()))


@router.post("/alliances/{alliance_id}/ip/disclosures", response=responses({201: DisclosureOut}))
def disclosure_create(
    request: HttpRequest, alliance_id: Id, payload: DisclosureIn
) -> Status[dict[str, Any]]:
    """File an invention disclosure; ownership follows the rule you name."""
    user = actor(request)
    data = payload.model_dump()
    data["inventors"] = [services.InventorIn(i["name"], i["party_id"]) for i in data["inventors"]]
    made = services.disclosure_create(actor=user, alliance=_joined(user, alliance_id), **data)
    return Status(201, _disclosure(user, made.pk))


@router.get("/ip/disclosures/{disclosure_id}", response=responses({200: DisclosureOut}))
def disclosure_detail(request: HttpRequest, disclosure_id: Id) -> dict[str, Any]:
    """An invention: inventors, owners, filings and the deadlines still open."""
    return _disclosure(actor(request), disclosure_id)


@router.post("/ip/disclosures/{disclosure_id}/filings", response=responses({201: DisclosureOut}))
def filing_record(
    request: HttpRequest, disclosure_id: Id, payload: FilingIn
) -> Status[dict[str, Any]]:
    """Record a filing (the prosecuting party); the answer shows the deadlines it sets."""
    user = actor(request)
    disclosure: Disclosure = selectors.disclosure_get(user=user, pk=disclosure_id)
    _joined(user, disclosure.alliance_id)
    services.filing_record(actor=user, disclosure=disclosure, **payload.model_dump())
    return Status(201, _disclosure(user, disclosure_id))


@router.get("/alliances/{alliance_id}/ip/may-use", response=responses({200: UseAnswerOut}))
def may_use(request: HttpRequest, alliance_id: Id, query: Query[UseQuery]) -> Any:
    """Whether a party may use an asset or an invention here, for this use, today, and the
    licence the answer rests on."""
    user = actor(request)
    alliance = _joined(user, alliance_id)
    if (query.asset_id is None) == (query.disclosure_id is None):
        raise invalid("asset_id", "Name one asset or one disclosure.")
    if query.asset_id is not None:
        thing: Any = selectors.asset_get(user=user, pk=query.asset_id)
    elif query.disclosure_id is not None:
        thing = selectors.disclosure_get(user=user, pk=query.disclosure_id)
    if thing.alliance_id != alliance.pk:
        raise Http404
    return selectors.use_answer(
        user=user,
        thing=thing,
        party_id=query.party_id,
        field=query.field,
        territory=query.territory,
        use=query.use,
    )
