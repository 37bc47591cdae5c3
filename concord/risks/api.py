"""API of the risk register: risks, their reviews, materialising and closing them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.core.api import Id, actor, paginate, responses
from concord.core.errors import invalid
from concord.orgs.models import User
from concord.risks import selectors, services
from concord.risks.models import Risk
from concord.risks.schemas import (
    RiskCloseIn,
    RiskDetailOut,
    RiskIn,
    RiskListIn,
    RiskMaterialiseIn,
    RiskPageOut,
    RiskPatchIn,
    RiskReviewIn,
    RiskReviewOut,
)

router = Router(tags=["risks"])


def _owner(user: User, pk: int) -> User:
    """A person of the caller's own organisation, or a 422 (the same for any other id)."""
    for person in selectors.owner_candidates(user=user):
        if person.pk == pk:
            return person
    raise invalid("owner_id", "Choose an active person of your own organisation.")


def _detail(user: User, risk: Risk) -> Risk:
    risk = selectors.risk_get(user=user, pk=risk.pk)
    risk.reviews_shown = selectors.review_list(user=user, risk=risk)  # type: ignore[attr-defined]
    return risk


@router.get("/alliances/{alliance_id}/risks", response=responses({200: RiskPageOut}))
def risk_list(request: HttpRequest, alliance_id: Id, params: Query[RiskListIn]) -> dict[str, Any]:
    """The alliance's risks the caller may read, highest score first."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return paginate(
        selectors.risk_list(user=user, alliance=alliance, status=params.status or ""), params
    )


@router.post("/alliances/{alliance_id}/risks", response=responses({201: RiskDetailOut}))
def risk_create(request: HttpRequest, alliance_id: Id, payload: RiskIn) -> Status[Risk]:
    """Record a risk, shared or private to the caller's organisation."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    data = payload.model_dump(exclude={"owner_id"})
    risk = services.risk_create(
        actor=user, alliance=alliance, owner=_owner(user, payload.owner_id), **data
    )
    return Status(201, _detail(user, risk))


@router.get("/risks/{risk_id}", response=responses({200: RiskDetailOut}))
def risk_detail(request: HttpRequest, risk_id: Id) -> Risk:
    """A risk with its reviews."""
    user = actor(request)
    return _detail(user, selectors.risk_get(user=user, pk=risk_id))


@router.patch("/risks/{risk_id}", response=responses({200: RiskDetailOut}))
def risk_update(request: HttpRequest, risk_id: Id, payload: RiskPatchIn) -> Risk:
    """Revise a risk; what it said before stays in the audit trail."""
    user = actor(request)
    risk = selectors.risk_get(user=user, pk=risk_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "owner_id" in changes:
        changes["owner"] = _owner(user, changes.pop("owner_id"))
    services.risk_update(actor=user, risk=risk, **changes)
    return _detail(user, risk)


@router.post("/risks/{risk_id}/reviews", response=responses({201: RiskReviewOut}))
def risk_review(request: HttpRequest, risk_id: Id, payload: RiskReviewIn) -> Status[Any]:
    """Review a risk: its scores now and the next review date."""
    user = actor(request)
    risk = selectors.risk_get(user=user, pk=risk_id)
    return Status(201, services.risk_review(actor=user, risk=risk, **payload.model_dump()))


@router.post("/risks/{risk_id}/materialise", response=responses({200: RiskDetailOut}))
def risk_materialise(request: HttpRequest, risk_id: Id, payload: RiskMaterialiseIn) -> Risk:
    """The risk happened: it becomes a concern, as shared or private as the risk."""
    user = actor(request)
    risk = selectors.risk_get(user=user, pk=risk_id)
    services.risk_materialise(actor=user, risk=risk, note=payload.note)
    return _detail(user, risk)


@router.post("/risks/{risk_id}/close", response=responses({200: RiskDetailOut}))
def risk_close(request: HttpRequest, risk_id: Id, payload: RiskCloseIn) -> Risk:
    """Close a risk, saying why."""
    user = actor(request)
    risk = selectors.risk_get(user=user, pk=risk_id)
    services.risk_close(actor=user, risk=risk, reason=payload.reason)
    return _detail(user, risk)
