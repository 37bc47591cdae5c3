"""A quarter's cost-share true-up, computed from each party's spend and the agreed split.

Pure arithmetic over plain values, so the selectors (an unsettled quarter on the page) and the
service (settling it into payments) compute exactly the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from concord.deals.money import allocate, quantize, settle


@dataclass(frozen=True)
class Share:
    """One party's place in a workstream's split."""

    party_id: int
    organisation: str
    percent: Decimal


@dataclass(frozen=True)
class TrueUpLine:
    """A party's spend against its fair share; a positive balance is owed to it."""

    party_id: int
    organisation: str
    percent: Decimal
    spent: Decimal
    fair_share: Decimal
    balance: Decimal

    def as_json(self) -> dict[str, str | int]:
        return {
            "party": self.party_id,
            "organisation": self.organisation,
            "percent": str(self.percent),
            "spent": str(self.spent),
            "fair_share": str(self.fair_share),
            "balance": str(self.balance),
        }


@dataclass(frozen=True)
class Settlement:
    """One transfer that squares the quarter: `debtor` pays `creditor` (party ids)."""

    debtor: int
    creditor: int
    debtor_name: str
    creditor_name: str
    amount: Decimal


@dataclass(frozen=True)
class TrueUpResult:
    """The quarter: total spent, each party's line, and who owes whom."""

    total: Decimal
    lines: list[TrueUpLine]
    settlements: list[Settlement]


def compute_true_up(shares: list[Share], spent: dict[int, Decimal], currency: str) -> TrueUpResult:
    """Split the quarter's total by the agreed shares (parts add up to the whole), then settle."""
    # Stored amounts carry three decimals; each party's spend is shown in its currency's digits.
    spent = {party: quantize(amount, currency) for party, amount in spent.items()}
    zero = quantize(Decimal(0), currency)
    total = sum((spent.get(s.party_id, zero) for s in shares), zero)
    fair = allocate(total, [s.percent for s in shares], currency)
    lines = [
        TrueUpLine(
            s.party_id,
            s.organisation,
            s.percent,
            spent.get(s.party_id, zero),
            fair_share,
            spent.get(s.party_id, zero) - fair_share,
        )
        for s, fair_share in zip(shares, fair, strict=True)
    ]
    transfers = settle([line.balance for line in lines])
    settlements = [
        Settlement(
            lines[t.debtor].party_id,
            lines[t.creditor].party_id,
            lines[t.debtor].organisation,
            lines[t.creditor].organisation,
            t.amount,
        )
        for t in transfers
    ]
    return TrueUpResult(total, lines, settlements)
