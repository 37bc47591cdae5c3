"""The portfolio's columns and attention reasons from every capability.

Core keeps the registry; each app registers, in its `extensions.py`, a source that fills its own
columns and attention reasons for a set of alliances:

    register_portfolio_source(source, columns=[...], factors=[...], flags=[...])

`source(user, alliance_ids) -> {alliance_id: PortfolioFacts}` reads through `visible_to` in a
number of queries that does not grow with the alliances. A reason carries the factor it counts
for and how many units of it (2 overdue deliveries, a pulse 0.6 lower, a committee 40 days late
counted in months); the attention score is the sum of units times each factor's weight, which
an organisation may set (its admins' settings form), else the factor's default.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class PortfolioColumn:
    """A column of the portfolio table and its exports."""

    key: str
    label: str
    order: int = 100


@dataclass(frozen=True)
class AttentionFactor:
    """A kind of reason an alliance needs attention, with its default weight per unit."""

    code: str
    label: str  # for the weights form: "Overdue commitment (each)"
    default_weight: Decimal


@dataclass(frozen=True)
class Reason:
    """Why an alliance needs attention: a factor, how many units of it, and a phrase."""

    code: str
    text: str  # "2 overdue deliveries"
    units: Decimal = Decimal(1)


@dataclass
class PortfolioFacts:
    """What one source knows of one alliance: column values, reasons, flags (for the filter)."""

    values: dict[str, Any] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


PortfolioSource = Callable[[Any, list[int]], Mapping[int, PortfolioFacts]]
_SOURCES: list[PortfolioSource] = []
_COLUMNS: list[PortfolioColumn] = []
_FACTORS: list[AttentionFactor] = []
_FLAGS: dict[str, str] = {}


def register_portfolio_source(
    source: PortfolioSource,
    *,
    columns: Iterable[PortfolioColumn] = (),
    factors: Iterable[AttentionFactor] = (),
    flags: Mapping[str, str] | None = None,
) -> None:
    """Add a source with the columns, attention factors and flags it fills; idempotent."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    _COLUMNS.extend(c for c in columns if c not in _COLUMNS)
    _FACTORS.extend(f for f in factors if f not in _FACTORS)
    _FLAGS.update(flags or {})


def portfolio_columns() -> list[PortfolioColumn]:
    return sorted(_COLUMNS, key=lambda c: (c.order, c.label))


def attention_factors() -> list[AttentionFactor]:
    return list(_FACTORS)


def portfolio_flags() -> dict[str, str]:
    return dict(_FLAGS)


def default_weights() -> dict[str, Decimal]:
    return {f.code: f.default_weight for f in _FACTORS}


def portfolio_facts(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Every source's facts for these alliances, merged per alliance."""
    merged: dict[int, PortfolioFacts] = {pk: PortfolioFacts() for pk in alliance_ids}
    for source in _SOURCES:
        for pk, facts in source(user, alliance_ids).items():
            if pk not in merged:
                continue  # a source never adds an alliance the caller did not ask about
            merged[pk].values.update(facts.values)
            merged[pk].reasons.extend(facts.reasons)
            merged[pk].flags |= facts.flags
    return merged


def attention_score(reasons: Iterable[Reason], weights: Mapping[str, Decimal]) -> Decimal:
    """The sum of each reason's units times its factor's weight (default when not set)."""
    defaults = default_weights()
    total = sum(
        (r.units * weights.get(r.code, defaults.get(r.code, Decimal(1))) for r in reasons),
        Decimal(0),
    )
    return total.quantize(Decimal("0.1"))
