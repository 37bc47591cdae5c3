"""Endpoints of the fairness ledger: payments, invoices, receipts and payment disputes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from concord.core.api import Id, actor, paginate, responses
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, _payment, router
from concord.deals.models import Payment
from concord.deals.schemas.ledger import (
    DisputeOut,
    InvoiceIn,
    LedgerIn,
    PaymentDetailOut,
    PaymentPageOut,
    ReceiptIn,
)
from concord.deals.schemas.terms import MoneyReasonIn
from concord.deals.selectors import LedgerFilters

# --- The ledger --------------------------------------------------------------------------------


def _filters(params: LedgerIn) -> LedgerFilters:
    return LedgerFilters(
        search=params.search.strip(),
        state=params.state,
        source=params.source or "",
        currency=params.currency or "",
        direction=params.direction,
        sort=params.sort if params.sort in selectors.LEDGER_SORTS else "due",
    )


@router.get("/alliances/{alliance_id}/payments", response=responses({200: PaymentPageOut}))
def payment_list(request: HttpRequest, alliance_id: Id, params: Query[LedgerIn]) -> dict[str, Any]:
    """The alliance's ledger: every payment due, invoiced and paid; filtered, sorted, paginated."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    return paginate(
        selectors.payment_list(user=user, alliance=alliance, filters=_filters(params)), params
    )


@router.get("/payments", response=responses({200: PaymentPageOut}))
def portfolio_payment_list(request: HttpRequest, params: Query[LedgerIn]) -> dict[str, Any]:
    """The ledger of every alliance your organisation has joined."""
    return paginate(selectors.payment_list(user=actor(request), filters=_filters(params)), params)


@router.get("/payments/{payment_id}", response=responses({200: PaymentDetailOut}))
def payment_get(request: HttpRequest, payment_id: Id) -> Payment:
    """One ledger line with the payments received against it."""
    return _payment(actor(request), payment_id)


@router.post("/payments/{payment_id}/invoice", response=responses({200: PaymentDetailOut}))
def payment_invoice(request: HttpRequest, payment_id: Id, payload: InvoiceIn) -> Payment:
    """Record the invoice (the party owed the money)."""
    user = actor(request)
    services.payment_invoice(actor=user, payment=_payment(user, payment_id), **payload.model_dump())
    return _payment(user, payment_id)


@router.post("/payments/{payment_id}/receipts", response=responses({201: PaymentDetailOut}))
def payment_record(request: HttpRequest, payment_id: Id, payload: ReceiptIn) -> Status[Payment]:
    """Record money sent (the party that owes it): all that is outstanding, or part of it."""
    user = actor(request)
    services.payment_record(actor=user, payment=_payment(user, payment_id), **payload.model_dump())
    return Status(201, _payment(user, payment_id))


@router.post("/payments/{payment_id}/disputes", response=responses({201: DisputeOut}))
def payment_dispute(request: HttpRequest, payment_id: Id, payload: MoneyReasonIn) -> Status[Any]:
    """Mark a payment as in dispute, saying why."""
    user = actor(request)
    dispute = services.dispute_raise(
        actor=user, payment=_payment(user, payment_id), reason=payload.reason
    )
    return Status(
        201, selectors.dispute_list(user=user, alliance=dispute.alliance).get(pk=dispute.pk)
    )
