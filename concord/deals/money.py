"""Exact money arithmetic: currencies' minor units, rounding, tiered royalties and fair splits.

Everything here is pure Decimal arithmetic on (amount, ISO 4217 code) with no database and no
floats, so the rules that contracts state can be tested exhaustively and by property.

Rounding rule: an amount that must become payable is rounded to its currency's minor unit
half-up (0.005 EUR → 0.01 EUR), the way invoices are written. Splitting a total between parties
never rounds each part on its own (that can lose or invent a cent); it floors every part, then
hands the leftover minor units one by one to the parts with the largest remainders (ties to the
earlier party), so the parts always add up to the whole and each is within one minor unit of its
exact share.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

# Currency → digits after the decimal point (ISO 4217's "minor unit"). Only currencies listed
# here can be entered, so an amount is never stored with a precision its currency lacks.
MINOR_UNITS: dict[str, tuple[int, str]] = {
    "EUR": (2, "euro cents"),
    "USD": (2, "US cents"),
    "GBP": (2, "pence"),
    "CHF": (2, "Rappen / centimes"),
    "DKK": (2, "øre"),
    "SEK": (2, "öre"),
    "NOK": (2, "øre"),
    "CAD": (2, "cents"),
    "AUD": (2, "cents"),
    "CNY": (2, "fen (jiao and fen are both in use; ISO 4217 lists 2)"),
    "JPY": (0, "the yen has no minor unit in use"),
    "KRW": (0, "the won has no minor unit in use"),
    "KWD": (3, "1 dinar = 1,000 fils"),
    "BHD": (3, "1 dinar = 1,000 fils"),
}
CURRENCY_CHOICES = [(code, code) for code in sorted(MINOR_UNITS)]
HUNDRED = Decimal(100)


def minor_digits(currency: str) -> int:
    """How many digits after the point the currency is paid in; KeyError for an unknown code."""
    return MINOR_UNITS[currency][0]


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency: 0.01 EUR, 1 JPY, 0.001 KWD."""
    return Decimal(1).scaleb(-minor_digits(currency))


def quantize(amount: Decimal, currency: str) -> Decimal:
    """Round an exact amount to the currency's minor unit, half-up."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def is_exact(amount: Decimal, currency: str) -> bool:
    """Whether an entered amount is already a whole number of minor units (no hidden rounding)."""
    return amount == amount.quantize(minor_unit(currency), rounding=ROUND_DOWN)


def format_money(amount: Decimal | None, currency: str) -> str:
    """`EUR 1,234,567.50`: the code first, never a symbol that could be mistaken for another."""
    if amount is None:
        return "—"
    digits = MINOR_UNITS.get(currency, (2, ""))[0]
    return f"{currency} {amount:,.{digits}f}"


# --- Splitting a total between parties ---------------------------------------------------------


def allocate(total: Decimal, shares: Sequence[Decimal], currency: str) -> list[Decimal]:
    """Split `total` in proportion to `shares` (percentages or weights), exactly to the minor unit.

    Largest-remainder method: the parts add up to `total`, and each part is within one minor unit
    of its exact share. A negative total (a credit) is split as its mirror image.
    """
    if not shares or any(share < 0 for share in shares) or sum(shares) <= 0:
        raise ValueError("shares must be non-negative and add up to more than zero")
    if total < 0:
        return [-part for part in allocate(-total, shares, currency)]
    unit = minor_unit(currency)
    units = int(quantize(total, currency) / unit)
    weight = sum(shares)
    exact = [Decimal(units) * share / weight for share in shares]
    floors = [int(value) for value in exact]  # int() truncates: a floor for non-negatives
    leftover = units - sum(floors)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:leftover]:
        floors[i] += 1
    return [Decimal(count) * unit for count in floors]


# --- Tiered royalties ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """A band of annual net sales and the royalty rate (percent) on the part of sales inside it."""

    floor: Decimal
    ceiling: Decimal | None  # None: no upper bound
    rate: Decimal  # percent, e.g. 8 for 8%


@dataclass(frozen=True)
class Slice:
    """The part of some sales that falls in one tier, and the royalty on it (exact, unrounded)."""

    tier: Tier
    base: Decimal
    royalty: Decimal


def check_tiers(tiers: Sequence[Tier]) -> str:
    """Why a tier schedule is malformed, or "": contiguous from zero, rising, the last open-ended."""
    if not tiers:
        return "Give at least one tier."
    if tiers[0].floor != 0:
        return "The first tier must start at zero."
    for lower, upper in itertools.pairwise(tiers):
        if lower.ceiling is None or lower.ceiling != upper.floor:
            return "Each tier must start where the one before it ends."
    for tier in tiers:
        if tier.ceiling is not None and tier.ceiling <= tier.floor:
            return "Each tier's upper bound must be above its lower bound."
        if not Decimal(0) <= tier.rate <= HUNDRED:
            return "Rates are percentages between 0 and 100."
    if tiers[-1].ceiling is not None:
        return "The last tier must have no upper bound."
    return ""


def royalty_slices(tiers: Sequence[Tier], start: Decimal, end: Decimal) -> list[Slice]:
    """The sales between cumulative annual sales `start` and `end`, cut at the tier boundaries."""
    slices = []
    for tier in tiers:
        top = end if tier.ceiling is None else min(end, tier.ceiling)
        base = top - max(start, tier.floor)
        if base > 0:
            slices.append(Slice(tier, base, base * tier.rate / HUNDRED))
    return slices


def annual_royalty(tiers: Sequence[Tier], sales: Decimal) -> Decimal:
    """The exact royalty on a year's net sales: each tier's rate on the part of sales inside it."""
    return sum((s.royalty for s in royalty_slices(tiers, Decimal(0), sales)), Decimal(0))


def period_royalty(
    tiers: Sequence[Tier], earlier_in_year: Decimal, period_sales: Decimal, currency: str
) -> Decimal:
    """The royalty payable for one period's sales, given the year's sales reported before it.

    Tiers count on the year's cumulative sales, so a period's sales may straddle a boundary.
    Rounding is applied to the year-to-date royalty, not to each period: a period owes
    round(royalty to date) - round(royalty before it), so a year's payments always add up to
    the rounded royalty on the year's total, whatever the split into periods.
    """
    before = quantize(annual_royalty(tiers, earlier_in_year), currency)
    after = quantize(annual_royalty(tiers, earlier_in_year + period_sales), currency)
    return after - before


# --- Settling shared costs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Transfer:
    """One settlement: `debtor` owes `creditor` `amount` (indices into the parties' list)."""

    debtor: int
    creditor: int
    amount: Decimal


def settle(balances: Sequence[Decimal]) -> list[Transfer]:
    """Who pays whom so every balance (spent minus fair share; they add up to zero) ends at zero.

    Greedy: the largest debtor pays the largest creditor until one is square. Two parties give
    one transfer; n parties at most n - 1.
    """
    if sum(balances, Decimal(0)) != 0:
        raise ValueError("balances must add up to zero")
    owed = {i: -b for i, b in enumerate(balances) if b < 0}
    due = {i: b for i, b in enumerate(balances) if b > 0}
    transfers = []
    while owed and due:
        debtor = max(owed, key=lambda i: (owed[i], -i))
        creditor = max(due, key=lambda i: (due[i], -i))
        amount = min(owed[debtor], due[creditor])
        transfers.append(Transfer(debtor, creditor, amount))
        for book, key in ((owed, debtor), (due, creditor)):
            book[key] -= amount
            if book[key] == 0:
                del book[key]
    return transfers
