"""Schemas of the fairness ledger: payments and receipts, disputes, audit requests and finance notes."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, PageIn, PageOut
from concord.deals.models import Payment
from concord.deals.schemas._common import (
    AmountIn,
    AmountOut,
    AuditStatus,
    CurrencyCode,
    DisputeStatus,
    MoneyOut,
    PartyRefOut,
    PaymentSource,
    PaymentStatus,
    exact,
)

# --- Payments ----------------------------------------------------------------------------------


class PaymentOut(MoneyOut):
    id: int
    alliance_id: int
    source: PaymentSource
    description: str
    payer: PartyRefOut
    payee: PartyRefOut
    is_credit: bool = Field(
        description="A negative amount (e.g. a royalty restated down): the payee owes it back."
    )
    status: PaymentStatus
    amount_paid: AmountOut
    outstanding: AmountOut
    became_due_on: datetime.date
    due_date: datetime.date
    overdue: bool
    in_dispute: bool
    invoice_number: str
    invoiced_on: datetime.date | None
    paid_on: datetime.date | None

    @staticmethod
    def resolve_amount_paid(obj: Payment) -> str | None:
        return exact(obj.amount_paid, obj.currency)

    @staticmethod
    def resolve_outstanding(obj: Payment) -> str | None:
        return exact(obj.outstanding, obj.currency)

    @staticmethod
    def resolve_overdue(obj: Payment) -> bool:
        return bool(getattr(obj, "is_late", False))

    @staticmethod
    def resolve_in_dispute(obj: Payment) -> bool:
        return bool(getattr(obj, "in_dispute", False))


class PaymentPageOut(PageOut):
    items: list[PaymentOut]


class ReceiptOut(Schema):
    amount: AmountOut
    paid_on: datetime.date
    reference: str

    @staticmethod
    def resolve_amount(obj: Any) -> str | None:
        return exact(obj.amount, obj.payment.currency)


class PaymentDetailOut(PaymentOut):
    receipts: list[ReceiptOut]

    @staticmethod
    def resolve_receipts(obj: Payment) -> list[Any]:
        return list(obj.receipts.all())


class LedgerIn(PageIn):
    search: str = Field("", max_length=200)
    state: str = Field(
        "",
        max_length=20,
        description="outstanding, overdue, unbilled, invoiced, partly_paid, paid or disputed.",
    )
    source: PaymentSource | None = None
    currency: CurrencyCode | None = None
    direction: str = Field(
        "", max_length=20, description="payable (you pay) or receivable (you are paid)."
    )
    sort: str = Field(
        "due",
        max_length=20,
        description="due, -due, amount, -amount, status, alliance or -alliance.",
    )


class InvoiceIn(InputSchema):
    invoice_number: str = Field(min_length=1, max_length=60)
    invoiced_on: datetime.date | None = None


class ReceiptIn(InputSchema):
    amount: AmountIn
    paid_on: datetime.date | None = None
    reference: str = Field("", max_length=100)


# --- Disputes, audits, notes -------------------------------------------------------------------


class DisputeOut(Schema):
    id: int
    alliance_id: int
    payment_id: int | None
    cost_entry_id: int | None
    reason: str
    raising_party: PartyRefOut
    raised_at: datetime.datetime
    status: DisputeStatus
    resolution: str
    resolved_at: datetime.datetime | None


class MoneyResolutionIn(InputSchema):
    resolution: str = Field(min_length=1, max_length=5000)


class AuditRequestIn(InputSchema):
    audited_party_id: Id
    scope: str = Field(min_length=1, max_length=5000)
    period_start: datetime.date
    period_end: datetime.date


class FindingsIn(InputSchema):
    findings: str = Field(min_length=1, max_length=10_000)


class AuditRequestOut(Schema):
    id: int
    alliance_id: int
    requesting_party: PartyRefOut
    audited_party: PartyRefOut
    scope: str
    period_start: datetime.date
    period_end: datetime.date
    status: AuditStatus
    findings: str
    requested_at: datetime.datetime
    closed_at: datetime.datetime | None


class FinanceNoteIn(InputSchema):
    body: str = Field(min_length=1, max_length=10_000)
    payment_id: Id | None = None


class FinanceNoteOut(Schema):
    id: int
    alliance_id: int
    payment_id: int | None
    body: str
    author: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return str(obj.author)
