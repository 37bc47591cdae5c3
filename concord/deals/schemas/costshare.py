"""Schemas of cost sharing: workstreams and shares, cost entries, quarterly true-ups."""

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
