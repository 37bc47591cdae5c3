"""What every deals schema shares: the API's enum types, amounts as exact strings, parties and money."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from concord.core.api import one_of
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
