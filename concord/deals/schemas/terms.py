"""Schemas of the deal's terms: fees, options, milestones and Build-to-Buy tranches."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema
from concord.deals.models import (
    BuyOption,
    Fee,
    Milestone,
)
from concord.deals.schemas._common import (
    AmountIn,
    AmountOut,
    CurrencyCode,
    FeeKind,
    MilestoneEvent,
    MilestoneKind,
    MilestoneStatus,
    MoneyOut,
    OptionKind,
    OptionStatus,
    PartyRefOut,
    Region,
    ThresholdRule,
    TrancheStatus,
    exact,
)

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
