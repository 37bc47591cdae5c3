"""Schemas of royalties: terms in tiers, quarterly reports, their calculation and restatements."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, PageOut
from concord.deals.schemas._common import (
    AmountIn,
    AmountOut,
    CurrencyCode,
    PartyRefOut,
    RateIn,
    exact,
)

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
