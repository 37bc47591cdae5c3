"""Endpoints of the deal's terms, fees and milestones."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from concord.alliances.models import Alliance
from concord.core.api import Id, actor, responses
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, _money_parties, _programme, router
from concord.deals.models import Milestone
from concord.deals.schemas.terms import (
    DealOut,
    DealTermsIn,
    DealTermsOut,
    FeeIn,
    FeeOut,
    MilestoneIn,
    MilestoneNotifyIn,
    MilestoneOut,
    MoneyReasonIn,
)
from concord.orgs.models import User

# --- Deal terms --------------------------------------------------------------------------------


def _deal(user: User, alliance: Alliance) -> dict[str, Any]:
    return {
        "alliance_id": alliance.pk,
        "terms": selectors.deal_terms_for(user=user, alliance=alliance),
        "fees": list(selectors.fee_list(user=user, alliance=alliance)),
        "totals": selectors.money_panel(user=user, alliance=alliance),
        "option": selectors.option_for(user=user, alliance=alliance),
    }


@router.get("/alliances/{alliance_id}/deal", response=responses({200: DealOut}))
def deal_get(request: HttpRequest, alliance_id: Id) -> dict[str, Any]:
    """The deal: its terms, fees, option, and totals by currency (never converted)."""
    user = actor(request)
    return _deal(user, _alliance(user, alliance_id))


@router.put("/alliances/{alliance_id}/deal", response=responses({200: DealTermsOut}))
def deal_terms_save(request: HttpRequest, alliance_id: Id, payload: DealTermsIn) -> Any:
    """Set the agreement's frame: signature date, payment terms and the unbilled-sum nudge."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    return services.deal_terms_save(actor=user, alliance=alliance, **payload.model_dump())


@router.post("/alliances/{alliance_id}/fees", response=responses({201: FeeOut}))
def fee_create(request: HttpRequest, alliance_id: Id, payload: FeeIn) -> Status[Any]:
    """Add an upfront payment, equity investment or option fee; it is due on its date."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    data = payload.model_dump(exclude={"payer_party_id", "payee_party_id"})
    fee = services.fee_create(
        actor=user, alliance=alliance, **data, **_money_parties(user, alliance, payload)
    )
    return Status(201, selectors.fee_list(user=user, alliance=alliance).get(pk=fee.pk))


# --- Milestones --------------------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/milestones", response=responses({200: list[MilestoneOut]}))
def milestone_list(request: HttpRequest, alliance_id: Id) -> list[Milestone]:
    """The alliance's milestones, with their state and payment."""
    user = actor(request)
    return list(selectors.milestone_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/milestones", response=responses({201: MilestoneOut}))
def milestone_create(request: HttpRequest, alliance_id: Id, payload: MilestoneIn) -> Status[Any]:
    """Add a milestone to a programme: payable once per programme and indication."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    milestone = services.milestone_create(
        actor=user,
        alliance=alliance,
        programme=_programme(user, alliance, payload.programme_id),
        event=payload.event,
        region=payload.region or "",
        sales_threshold=payload.sales_threshold,
        threshold_rule=payload.threshold_rule,
        amount=payload.amount,
        currency=payload.currency,
        title=payload.title,
        **_money_parties(user, alliance, payload),
    )
    return Status(201, selectors.milestone_get(user=user, pk=milestone.pk))


@router.post("/milestones/{milestone_id}/notify", response=responses({200: MilestoneOut}))
def milestone_notify(request: HttpRequest, milestone_id: Id, payload: MilestoneNotifyIn) -> Any:
    """Notify that a milestone was achieved; the other party confirms it."""
    user = actor(request)
    milestone = selectors.milestone_get(user=user, pk=milestone_id)
    services.milestone_notify(actor=user, milestone=milestone, **payload.model_dump())
    return selectors.milestone_get(user=user, pk=milestone_id)


@router.post("/milestones/{milestone_id}/confirm", response=responses({200: list[MilestoneOut]}))
def milestone_confirm(request: HttpRequest, milestone_id: Id) -> list[Milestone]:
    """Confirm the other party's notification: the milestone, and any skipped, become payable.

    Answers with every milestone that became payable: this one and the skipped earlier ones.
    """
    user = actor(request)
    milestone = selectors.milestone_get(user=user, pk=milestone_id)
    services.milestone_confirm(actor=user, milestone=milestone)
    payable = selectors.milestone_list(user=user).filter(
        pk=milestone_id
    ) | selectors.milestone_list(user=user).filter(skipped_for_id=milestone_id)
    return list(payable.order_by("pk"))


@router.post("/milestones/{milestone_id}/reject", response=responses({200: MilestoneOut}))
def milestone_reject(request: HttpRequest, milestone_id: Id, payload: MoneyReasonIn) -> Any:
    """Do not confirm the other party's notification, saying why."""
    user = actor(request)
    milestone = selectors.milestone_get(user=user, pk=milestone_id)
    services.milestone_reject(actor=user, milestone=milestone, reason=payload.reason)
    return selectors.milestone_get(user=user, pk=milestone_id)
