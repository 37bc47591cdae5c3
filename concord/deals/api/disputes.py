"""Endpoints of money disputes, audit requests and each party's private finance notes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, _party, router
from concord.deals.models import Payment
from concord.deals.schemas.ledger import (
    AuditRequestIn,
    AuditRequestOut,
    DisputeOut,
    FinanceNoteIn,
    FinanceNoteOut,
    FindingsIn,
    MoneyResolutionIn,
)

# --- Disputes, audit requests, private notes ------------------------------------------------------


@router.get("/alliances/{alliance_id}/money-disputes", response=responses({200: list[DisputeOut]}))
def dispute_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Disputed payments and cost lines, open ones first."""
    user = actor(request)
    return list(selectors.dispute_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/money-disputes/{money_dispute_id}/resolve", response=responses({200: DisputeOut}))
def dispute_resolve(request: HttpRequest, money_dispute_id: Id, payload: MoneyResolutionIn) -> Any:
    """Record how a dispute was resolved."""
    user = actor(request)
    dispute = selectors.dispute_get(user=user, pk=money_dispute_id)
    services.dispute_resolve(actor=user, dispute=dispute, resolution=payload.resolution)
    return selectors.dispute_list(user=user, alliance=dispute.alliance).get(pk=money_dispute_id)


@router.get(
    "/alliances/{alliance_id}/audit-requests", response=responses({200: list[AuditRequestOut]})
)
def audit_request_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Audit requests between the parties, open ones first."""
    user = actor(request)
    return list(selectors.audit_request_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/audit-requests", response=responses({201: AuditRequestOut}))
def audit_request_create(
    request: HttpRequest, alliance_id: Id, payload: AuditRequestIn
) -> Status[Any]:
    """Ask to audit another party's records for a scope and period."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    created = services.audit_request_create(
        actor=user,
        alliance=alliance,
        audited_party=_party(user, alliance, payload.audited_party_id, "audited_party_id"),
        scope=payload.scope,
        period_start=payload.period_start,
        period_end=payload.period_end,
    )
    return Status(
        201, selectors.audit_request_list(user=user, alliance=alliance).get(pk=created.pk)
    )


@router.post(
    "/audit-requests/{audit_request_id}/findings", response=responses({200: AuditRequestOut})
)
def audit_request_close(request: HttpRequest, audit_request_id: Id, payload: FindingsIn) -> Any:
    """Record the audit's findings and close the request (the requesting party)."""
    user = actor(request)
    audit = selectors.audit_request_get(user=user, pk=audit_request_id)
    services.audit_request_close(actor=user, audit_request=audit, findings=payload.findings)
    return selectors.audit_request_list(user=user, alliance=audit.alliance).get(pk=audit_request_id)


@router.get(
    "/alliances/{alliance_id}/finance-notes", response=responses({200: list[FinanceNoteOut]})
)
def finance_note_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Your own organisation's private notes on the alliance's money; the partner never sees them."""
    user = actor(request)
    return list(selectors.finance_note_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/finance-notes", response=responses({201: FinanceNoteOut}))
def finance_note_create(
    request: HttpRequest, alliance_id: Id, payload: FinanceNoteIn
) -> Status[Any]:
    """Write a private finance note, on the alliance or on one of its payments."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    payment = None
    if payload.payment_id is not None:
        payment = (
            Payment.objects.visible_to(user)
            .filter(alliance=alliance, pk=payload.payment_id)
            .first()
        )
        if payment is None:
            raise invalid("payment_id", "No payment of this alliance has this id.")
    note = services.finance_note_create(
        actor=user, alliance=alliance, body=payload.body, payment=payment
    )
    return Status(201, selectors.finance_note_list(user=user, alliance=alliance).get(pk=note.pk))
