"""Request and response schemas of the deals API.

Amounts travel as decimal strings with their currency's digits ("40000000.00", "1500",
"0.125"), so no client ever meets a float; requests accept a string or a number and the
services refuse anything finer than the currency's minor unit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, PageIn, PageOut, one_of
from concord.deals.models import (
    AuditRequest,
    BuyOption,
    Dispute,
    Fee,
    Milestone,
    Payment,
    Tranche,
)
from concord.deals.money import MINOR_UNITS

CurrencyCode = Annotated[str, one_of("CurrencyCode", {c: c for c in sorted(MINOR_UNITS)})]
FeeKind = Annotated[str, one_of("FeeKind", Fee.Kind)]
MilestoneEvent = Annotated[str, one_of("MilestoneEvent", Milestone.Event)]
MilestoneKind = Annotated[str, one_of("MilestoneKind", Milestone.Kind)]
MilestoneStatus = Annotated[str, one_of("MilestoneStatus", Milestone.Status)]
ThresholdRule = Annotated[str, one_of("ThresholdRule", Milestone.ThresholdRule)]
Region = Annotated[str, one_of("Region", Milestone.Region)]
TrancheStatus = Annotated[str, one_of("TrancheStatus", Tranche.Status)]
OptionKind = Annotated[str, one_of("OptionKind", BuyOption.Kind)]
OptionStatus = Annotated[str, one_of("OptionStatus", BuyOption.Status)]
PaymentSource = Annotated[str, one_of("PaymentSource", Payment.Source)]
PaymentStatus = Annotated[str, one_of("PaymentStatus", Payment.Status)]
DisputeStatus = Annotated[str, one_of("DisputeStatus", Dispute.Status)]
AuditStatus = Annotated[str, one_of("AuditStatus", AuditRequest.Status)]
# An amount as sent: a decimal string or number, at most 15 digits before the point and 3 after.
AmountIn = Annotated[
    Decimal, Field(ge=0, le=Decimal("999999999999999"), max_digits=18, decimal_places=3)
]
RateIn = Annotated[Decimal, Field(ge=0, le=100, max_digits=7, decimal_places=4)]
AmountOut = Annotated[str, Field(description="A decimal string with the currency's digits.")]


def exact(value: Decimal | None, currency: str) -> str | None:
    """An amount as a string with exactly its currency's digits."""
    if value is None:
        return None
    return f"{value:.{MINOR_UNITS.get(currency, (2, ''))[0]}f}"


# --- Shared pieces -------------------------------------------------------------------------------


class PartyRefOut(Schema):
    id: int
    organisation_id: int
    organisation: str

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.organisation.name


class MoneyOut(Schema):
    """A record with an `amount` in its `currency`."""

    amount: AmountOut
    currency: CurrencyCode

    @staticmethod
    def resolve_amount(obj: Any) -> str | None:
        return exact(obj.amount, obj.currency)


# --- Deal terms --------------------------------------------------------------------------------


class DealTermsIn(InputSchema):
    signed_on: datetime.date | None = None
    summary: str = Field("", max_length=5000)
    payment_days: int = Field(
        30, ge=0, le=365, description="Days after a payment falls due to pay it."
    )
    nudge_days: int = Field(
        14, ge=1, le=365, description="Days due but not invoiced before both sides are told."
    )


class DealTermsOut(Schema):
    signed_on: datetime.date | None
    summary: str
    payment_days: int
    nudge_days: int
    updated_at: datetime.datetime


class FeeIn(InputSchema):
    kind: FeeKind
    title: str = Field(min_length=1, max_length=200)
    amount: AmountIn
    currency: CurrencyCode
    payer_party_id: Id
    payee_party_id: Id
    due_date: datetime.date


class FeeOut(MoneyOut):
    id: int
    kind: FeeKind
    title: str
    payer: PartyRefOut
    payee: PartyRefOut
    due_date: datetime.date
    payment_id: int | None

    @staticmethod
    def resolve_payment_id(obj: Fee) -> int | None:
        payment = getattr(obj, "payment", None)
        return payment.pk if payment else None


class CurrencyTotalsOut(Schema):
    """One currency's figures; never added to another currency's."""

    currency: CurrencyCode
    biobucks: AmountOut
    guaranteed: AmountOut
    paid: AmountOut
    due_12_months: AmountOut
    overdue: AmountOut
    overdue_count: int

    @staticmethod
    def resolve_biobucks(obj: Any) -> str | None:
        return exact(obj.biobucks, obj.currency)

    @staticmethod
    def resolve_guaranteed(obj: Any) -> str | None:
        return exact(obj.guaranteed, obj.currency)

    @staticmethod
    def resolve_paid(obj: Any) -> str | None:
        return exact(obj.paid, obj.currency)

    @staticmethod
    def resolve_due_12_months(obj: Any) -> str | None:
        return exact(obj.due_12_months, obj.currency)

    @staticmethod
    def resolve_overdue(obj: Any) -> str | None:
        return exact(obj.overdue, obj.currency)


class OptionIn(InputSchema):
    kind: OptionKind
    price: AmountIn
    currency: CurrencyCode
    holder_party_id: Id
    grantor_party_id: Id
    window_opens: datetime.date
    window_closes: datetime.date
    terms: str = Field("", max_length=5000)


class OptionOut(Schema):
    id: int
    kind: OptionKind
    price: AmountOut
    currency: CurrencyCode
    holder: PartyRefOut
    grantor: PartyRefOut
    window_opens: datetime.date
    window_closes: datetime.date
    terms: str
    status: OptionStatus
    exercised_on: datetime.date | None

    @staticmethod
    def resolve_price(obj: BuyOption) -> str | None:
        return exact(obj.price, obj.currency)


class DealOut(Schema):
    alliance_id: int
    terms: DealTermsOut | None
    fees: list[FeeOut]
    totals: list[CurrencyTotalsOut]
    option: OptionOut | None


# --- Milestones --------------------------------------------------------------------------------


class MilestoneIn(InputSchema):
    programme_id: Id
    event: MilestoneEvent
    region: Region | None = Field(None, description="Regulatory milestones only.")
    sales_threshold: AmountIn | None = Field(None, description="Commercial milestones only.")
    threshold_rule: ThresholdRule = Field(
        Milestone.ThresholdRule.REACHES,
        description="Commercial milestones: annual net sales must reach (≥, the default) or "
        "exceed (>) the threshold, as the agreement says.",
    )
    amount: AmountIn
    currency: CurrencyCode
    payer_party_id: Id
    payee_party_id: Id
    title: str = Field("", max_length=200)


class MilestoneNotifyIn(InputSchema):
    achieved_on: datetime.date
    evidence: str = Field("", max_length=5000)


class MoneyReasonIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class MilestoneOut(MoneyOut):
    id: int
    alliance_id: int
    programme_id: int
    kind: MilestoneKind
    event: MilestoneEvent
    region: str
    sales_threshold: AmountOut | None
    threshold_rule: ThresholdRule = Field(
        description="How annual net sales meet the threshold: reaches (≥) or exceeds (>)."
    )
    condition: str = Field(
        description="A sales milestone's condition in words, e.g. "
        "“Annual net sales reach USD 250,000,000.00”; empty for other milestones."
    )
    title: str
    payer: PartyRefOut
    payee: PartyRefOut
    status: MilestoneStatus
    achieved_on: datetime.date | None
    evidence: str
    notifying_party_id: int | None
    rejection_reason: str
    skipped_for_id: int | None = Field(
        description="The later milestone that made this one payable."
    )
    payment_id: int | None

    @staticmethod
    def resolve_sales_threshold(obj: Milestone) -> str | None:
        return exact(obj.sales_threshold, obj.currency)

    @staticmethod
    def resolve_condition(obj: Milestone) -> str:
        return obj.threshold_condition

    @staticmethod
    def resolve_payment_id(obj: Milestone) -> int | None:
        payment = getattr(obj, "payment", None)
        return payment.pk if payment else None


# --- Royalties ---------------------------------------------------------------------------------


class TierIn(InputSchema):
    up_to: AmountIn | None = Field(
        None, description="Upper bound of annual net sales; null for the last tier."
    )
    rate: RateIn = Field(description="Percent, e.g. 8 for 8%.")


class RoyaltyTermIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    programme_id: Id | None = None
    currency: CurrencyCode
    payer_party_id: Id
    payee_party_id: Id
    tiers: list[TierIn] = Field(min_length=1, max_length=10)


class TierOut(Schema):
    floor: str
    ceiling: str | None
    rate: str


class RoyaltyTermOut(Schema):
    id: int
    alliance_id: int
    programme_id: int | None
    title: str
    currency: CurrencyCode
    payer: PartyRefOut
    payee: PartyRefOut
    tiers: list[TierOut]

    @staticmethod
    def resolve_tiers(obj: Any) -> list[dict[str, str | None]]:
        return [
            {
                "floor": exact(t.floor, obj.currency),
                "ceiling": exact(t.ceiling, obj.currency),
                "rate": f"{t.rate.normalize():f}",
            }
            for t in obj.tiers.all()
        ]


class RoyaltyReportIn(InputSchema):
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)
    net_sales: AmountIn


class CalculationRowOut(Schema):
    floor: str
    ceiling: str
    rate: str
    base: str
    royalty: str


class RoyaltyRestatementIn(InputSchema):
    net_sales: AmountIn = Field(description="The quarter's net sales as restated (up or down).")
    reason: str = Field(min_length=1, max_length=5000)


class RoyaltyRestatementOut(Schema):
    id: int
    royalty_report_id: int
    currency: CurrencyCode
    previous_net_sales: AmountOut
    net_sales: AmountOut
    reason: str
    year_sales_before: AmountOut
    year_sales_after: AmountOut
    year_royalty_before: AmountOut
    year_royalty_after: AmountOut
    adjustment: AmountOut = Field(
        description="The year's royalty after less before: due if positive, a credit if negative."
    )
    calculation: list[CalculationRowOut] = Field(
        description="Each tier's slice of the year's sales as restated, exact."
    )
    restating_party: PartyRefOut
    restated_by: str
    restated_at: datetime.datetime
    payment_id: int | None

    @staticmethod
    def resolve_royalty_report_id(obj: Any) -> int:
        return obj.report_id

    @staticmethod
    def resolve_previous_net_sales(obj: Any) -> str | None:
        return exact(obj.previous_net_sales, obj.report.term.currency)

    @staticmethod
    def resolve_net_sales(obj: Any) -> str | None:
        return exact(obj.net_sales, obj.report.term.currency)

    @staticmethod
    def resolve_year_sales_before(obj: Any) -> str | None:
        return exact(obj.year_sales_before, obj.report.term.currency)

    @staticmethod
    def resolve_year_sales_after(obj: Any) -> str | None:
        return exact(obj.year_sales_after, obj.report.term.currency)

    @staticmethod
    def resolve_year_royalty_before(obj: Any) -> str | None:
        return exact(obj.year_royalty_before, obj.report.term.currency)

    @staticmethod
    def resolve_year_royalty_after(obj: Any) -> str | None:
        return exact(obj.year_royalty_after, obj.report.term.currency)

    @staticmethod
    def resolve_adjustment(obj: Any) -> str | None:
        return exact(obj.adjustment, obj.report.term.currency)

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return obj.report.term.currency

    @staticmethod
    def resolve_restated_by(obj: Any) -> str:
        return obj.restated_by.get_full_name() or obj.restated_by.email

    @staticmethod
    def resolve_payment_id(obj: Any) -> int | None:
        payment = getattr(obj, "payment", None)
        return payment.pk if payment else None


class RoyaltyReportOut(Schema):
    id: int
    royalty_term_id: int
    year: int
    quarter: int
    currency: CurrencyCode
    net_sales: AmountOut = Field(description="As first reported; never changed.")
    current_net_sales: AmountOut = Field(
        description="As it stands: the latest restatement's figure, else as reported."
    )
    earlier_sales: AmountOut
    royalty: AmountOut
    calculation: list[CalculationRowOut] = Field(
        description="Each tier's slice of the sales, exact."
    )
    reported_at: datetime.datetime
    payment_id: int | None
    restatements: list[RoyaltyRestatementOut] = Field(
        description="The quarter's restatements, oldest first: the history of its figures."
    )

    @staticmethod
    def resolve_current_net_sales(obj: Any) -> str | None:
        return exact(obj.current_net_sales, obj.term.currency)

    @staticmethod
    def resolve_restatements(obj: Any) -> list[Any]:
        return list(obj.restatements.all())

    @staticmethod
    def resolve_royalty_term_id(obj: Any) -> int:
        return obj.term_id

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return obj.term.currency

    @staticmethod
    def resolve_net_sales(obj: Any) -> str | None:
        return exact(obj.net_sales, obj.term.currency)

    @staticmethod
    def resolve_earlier_sales(obj: Any) -> str | None:
        return exact(obj.earlier_sales, obj.term.currency)

    @staticmethod
    def resolve_royalty(obj: Any) -> str | None:
        return exact(obj.royalty, obj.term.currency)

    @staticmethod
    def resolve_payment_id(obj: Any) -> int | None:
        payment = getattr(obj, "payment", None)
        return payment.pk if payment else None


class RoyaltyReportPageOut(PageOut):
    items: list[RoyaltyReportOut]


# --- Build-to-Buy ------------------------------------------------------------------------------


class TrancheIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    unlocks_when: str = Field(min_length=1, max_length=300)
    milestone_id: Id | None = None
    amount: AmountIn
    currency: CurrencyCode
    payer_party_id: Id
    payee_party_id: Id


class TrancheOut(MoneyOut):
    id: int
    sequence: int
    title: str
    unlocks_when: str
    milestone_id: int | None
    payer: PartyRefOut
    payee: PartyRefOut
    status: TrancheStatus
    released_on: datetime.date | None


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


# --- Cost sharing ------------------------------------------------------------------------------


class ShareIn(InputSchema):
    party_id: Id
    percent: RateIn


class WorkstreamIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    currency: CurrencyCode
    shares: list[ShareIn] = Field(min_length=2, max_length=10)


class ShareOut(Schema):
    party_id: int
    organisation: str
    percent: str

    @staticmethod
    def resolve_organisation(obj: Any) -> str:
        return obj.party.organisation.name

    @staticmethod
    def resolve_percent(obj: Any) -> str:
        return f"{obj.percent.normalize():f}"


class WorkstreamOut(Schema):
    id: int
    alliance_id: int
    name: str
    currency: CurrencyCode
    shares: list[ShareOut]

    @staticmethod
    def resolve_shares(obj: Any) -> list[Any]:
        return list(obj.shares.all())


class CostEntryIn(InputSchema):
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)
    amount: AmountIn
    description: str = Field(min_length=1, max_length=300)


class CostEntryOut(Schema):
    id: int
    cost_workstream_id: int
    party: PartyRefOut
    year: int
    quarter: int
    amount: AmountOut
    currency: CurrencyCode
    description: str
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_cost_workstream_id(obj: Any) -> int:
        return obj.workstream_id

    @staticmethod
    def resolve_currency(obj: Any) -> str:
        return obj.workstream.currency

    @staticmethod
    def resolve_amount(obj: Any) -> str | None:
        return exact(obj.amount, obj.workstream.currency)


class CostEntryPageOut(PageOut):
    items: list[CostEntryOut]


class TrueUpIn(InputSchema):
    year: int = Field(ge=2000, le=2100)
    quarter: int = Field(ge=1, le=4)


class TrueUpLineOut(Schema):
    party_id: int
    organisation: str
    percent: str
    spent: str
    fair_share: str
    balance: str = Field(description="Spent minus fair share: positive is owed to the party.")


class SettlementOut(Schema):
    debtor_party_id: int
    creditor_party_id: int
    amount: str


class QuarterOut(Schema):
    year: int
    quarter: int
    total: str
    settled: bool
    lines: list[TrueUpLineOut]
    settlements: list[SettlementOut]


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
