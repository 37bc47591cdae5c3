"""Agreed terms in force on a date: each calculation reads the version of a term that applied
on its own date (an achievement, a release, an exercise, a royalty year, a cost quarter).

A term's record holds its newest agreed value; approved amendments (models.Amendment) are its
versions, each effective from a date. Values are encoded as JSON of exact strings, the same way
here, in the amendments' history and in their API.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from concord.deals.models import (
    Amendment,
    BuyOption,
    CostShare,
    CostWorkstream,
    Milestone,
    RoyaltyTerm,
    Tranche,
    value_in_force,
)
from concord.deals.money import Tier, quantize

Term = Amendment.Term


# --- Encoding a term's value ---------------------------------------------------------------------


def money_value(amount: Decimal | None, currency: str) -> str | None:
    """An amount with exactly its currency's digits, as a string."""
    return None if amount is None else str(quantize(amount, currency))


def plain(number: Decimal) -> str:
    """A number without trailing zeros or exponent: 250000000.000 → "250000000"."""
    return f"{number.normalize():f}"


def tiers_value(tiers: list[Tier]) -> list[list[str | None]]:
    """A tier table: [[floor, ceiling or None, rate]]."""
    return [
        [plain(t.floor), None if t.ceiling is None else plain(t.ceiling), plain(t.rate)]
        for t in tiers
    ]


def tiers_from_value(value: list[list[str | None]]) -> list[Tier]:
    """A tier table back as tiers, with the digits the database keeps (as read from it)."""

    def stored(number: str | None, places: str) -> Decimal:
        return Decimal(str(number)).quantize(Decimal(places))

    return [
        Tier(
            stored(floor, "0.001"),
            None if ceiling is None else stored(ceiling, "0.001"),
            stored(rate, "0.0001"),
        )
        for floor, ceiling, rate in value
    ]


def split_value(shares: dict[int, Decimal]) -> list[list[Any]]:
    """A cost-share split: [[party id, percent]] in party order."""
    return [[pk, plain(shares[pk])] for pk in sorted(shares)]


def record_tiers(term: RoyaltyTerm) -> list[Tier]:
    return [Tier(t.floor, t.ceiling, t.rate) for t in term.tiers.all()]


def record_split(workstream: CostWorkstream) -> dict[int, Decimal]:
    rows = CostShare.objects.unscoped().filter(workstream=workstream).order_by("party_id")
    return {row.party_id: row.percent for row in rows}


# --- What was in force on a date -----------------------------------------------------------------


def milestone_amount_on(milestone: Milestone, day: datetime.date) -> Decimal:
    """The milestone's amount in force on the day it was achieved."""
    current = money_value(milestone.amount, milestone.currency)
    return Decimal(value_in_force(Term.MILESTONE_AMOUNT, milestone.pk, current, day))


def milestone_condition_on(milestone: Milestone, day: datetime.date) -> tuple[Decimal | None, str]:
    """A sales milestone's threshold and rule (reach or exceed) in force on a day."""
    current = money_value(milestone.sales_threshold, milestone.currency)
    threshold = value_in_force(Term.MILESTONE_THRESHOLD, milestone.pk, current, day)
    rule = value_in_force(Term.MILESTONE_RULE, milestone.pk, milestone.threshold_rule, day)
    return (None if threshold is None else Decimal(threshold)), rule


def milestone_met(milestone: Milestone, year_to_date: Decimal, day: datetime.date) -> bool:
    """Whether annual net sales meet the milestone's condition as it stood on the day."""
    threshold, rule = milestone_condition_on(milestone, day)
    if threshold is None:
        return False
    if rule == Milestone.ThresholdRule.EXCEEDS:
        return year_to_date > threshold
    return year_to_date >= threshold


def royalty_tiers_for(term: RoyaltyTerm, year: int) -> list[Tier]:
    """The tiers a year's net sales are counted on: those in force on its first day."""
    current = tiers_value(record_tiers(term))
    on = datetime.date(year, 1, 1)
    return tiers_from_value(value_in_force(Term.ROYALTY_TIERS, term.pk, current, on))


def option_price_on(option: BuyOption, day: datetime.date) -> Decimal:
    current = money_value(option.price, option.currency)
    return Decimal(value_in_force(Term.OPTION_PRICE, option.pk, current, day))


def option_window_on(option: BuyOption, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The exercise window as agreed on the day: (opens, closes)."""
    current = [option.window_opens.isoformat(), option.window_closes.isoformat()]
    opens, closes = value_in_force(Term.OPTION_WINDOW, option.pk, current, day)
    return datetime.date.fromisoformat(opens), datetime.date.fromisoformat(closes)


def tranche_amount_on(tranche: Tranche, day: datetime.date) -> Decimal:
    current = money_value(tranche.amount, tranche.currency)
    return Decimal(value_in_force(Term.TRANCHE_AMOUNT, tranche.pk, current, day))


def cost_split_for(workstream: CostWorkstream, first_day: datetime.date) -> dict[int, Decimal]:
    """Each party's share (percent) of a quarter's costs: the split in force on its first day."""
    current = split_value(record_split(workstream))
    value = value_in_force(Term.COST_SHARE, workstream.pk, current, first_day)
    return {int(pk): Decimal(percent) for pk, percent in value}
