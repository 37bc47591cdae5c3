"""Properties of the money arithmetic, by hypothesis: tiered royalties and fair splits."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from concord.deals.money import (
    MINOR_UNITS,
    Tier,
    allocate,
    annual_royalty,
    check_tiers,
    minor_unit,
    period_royalty,
    quantize,
    settle,
)

D = Decimal
ISSUE_TIERS = [Tier(D(0), D(250), D(8)), Tier(D(250), D(500), D(10)), Tier(D(500), None, D(12))]


@st.composite
def schedules(draw: st.DrawFn) -> list[Tier]:
    """Contiguous tiers from zero with whole-number bounds and rates up to two decimals."""
    bounds = sorted(draw(st.sets(st.integers(1, 2000), max_size=4)))
    rates = draw(
        st.lists(
            st.decimals(0, 100, places=2),
            min_size=len(bounds) + 1,
            max_size=len(bounds) + 1,
        )
    )
    floors = [0, *bounds]
    ceilings = [*bounds, None]
    return [
        Tier(D(lo), None if hi is None else D(hi), rate)
        for lo, hi, rate in zip(floors, ceilings, rates, strict=True)
    ]


def brute_force_royalty(tiers: list[Tier], sales: int) -> Decimal:
    """The oracle: walk the sales one unit at a time and charge each unit its own tier's rate."""
    total = D(0)
    for unit in range(sales):
        tier = next(t for t in tiers if t.floor <= unit and (t.ceiling is None or unit < t.ceiling))
        total += tier.rate / 100
    return total


@given(schedules(), st.integers(0, 3000))
def test_the_royalty_equals_the_unit_by_unit_oracle(tiers, sales):
    assert check_tiers(tiers) == ""
    assert annual_royalty(tiers, D(sales)) == brute_force_royalty(tiers, sales)


@given(schedules(), st.decimals(0, 5000, places=2), st.decimals(0, 5000, places=2))
def test_more_sales_never_earn_less_royalty(tiers, a, b):
    low, high = sorted((a, b))
    assert annual_royalty(tiers, low) <= annual_royalty(tiers, high)


@given(schedules(), st.data())
def test_at_and_across_every_boundary(tiers, data):
    """Just below a boundary the lower rate applies, just above it the upper one, and sales
    exactly at the boundary are still wholly in the lower tier."""
    for lower, upper in itertools.pairwise(tiers):
        edge = lower.ceiling
        room = min(edge - lower.floor, (upper.ceiling or edge + 100) - edge)
        step = data.draw(st.decimals(D("0.01"), room, places=2))
        below, at, above = (annual_royalty(tiers, x) for x in (edge - step, edge, edge + step))
        assert at - below == step * lower.rate / 100
        assert above - at == step * upper.rate / 100


def test_the_issue_example_at_its_boundaries():
    assert annual_royalty(ISSUE_TIERS, D(250)) == D(20)  # 8% of 250
    assert annual_royalty(ISSUE_TIERS, D("250.01")) == D(20) + D("0.001")
    assert annual_royalty(ISSUE_TIERS, D(500)) == D(45)  # + 10% of 250
    assert annual_royalty(ISSUE_TIERS, D(600)) == D(57)  # + 12% of 100


@given(
    schedules(),
    st.lists(st.decimals(0, 1500, places=2), min_size=1, max_size=4),
    st.sampled_from(["EUR", "JPY", "KWD"]),
)
def test_a_years_quarters_add_up_to_the_rounded_royalty_on_the_year(tiers, quarters, currency):
    quarters = [quantize(q, currency) for q in quarters]
    paid, so_far = D(0), D(0)
    for sales in quarters:
        owed = period_royalty(tiers, so_far, sales, currency)
        assert owed >= 0 and owed == quantize(owed, currency)
        paid, so_far = paid + owed, so_far + sales
    assert paid == quantize(annual_royalty(tiers, so_far), currency)


currencies = st.sampled_from(sorted(MINOR_UNITS))


@st.composite
def splits(draw: st.DrawFn) -> tuple[Decimal, list[Decimal], str]:
    currency = draw(currencies)
    unit = minor_unit(currency)
    total = draw(st.integers(0, 10**9)) * unit
    shares = draw(st.lists(st.decimals(0, 100, places=4), min_size=1, max_size=5))
    assume(sum(shares) > 0)
    return total, shares, currency


@given(splits())
def test_the_parts_of_a_split_add_up_to_the_whole(split):
    total, shares, currency = split
    parts = allocate(total, shares, currency)
    assert sum(parts) == total
    assert all(part == quantize(part, currency) for part in parts)


@given(splits())
def test_each_part_is_within_one_minor_unit_of_its_exact_share(split):
    total, shares, currency = split
    weight = sum(shares)
    for part, share in zip(allocate(total, shares, currency), shares, strict=True):
        assert abs(part - total * share / weight) < minor_unit(currency)


@pytest.mark.parametrize(
    ("total", "shares", "expected"),
    [
        (
            "100.00",
            ["1", "1", "1"],
            ["33.34", "33.33", "33.33"],
        ),  # thirds: the first remainder wins
        ("100.01", ["55.5", "44.5"], ["55.51", "44.50"]),
        ("0.01", ["60", "40"], ["0.01", "0.00"]),
        ("1000.00", ["60", "40"], ["600.00", "400.00"]),
        ("-100.00", ["1", "1", "1"], ["-33.34", "-33.33", "-33.33"]),
    ],
)
def test_known_splits(total, shares, expected):
    assert allocate(D(total), [D(s) for s in shares], "EUR") == [D(e) for e in expected]


def test_yen_and_dinar_split_in_their_own_units():
    assert allocate(D(100), [D(1), D(1), D(1)], "JPY") == [D(34), D(33), D(33)]
    assert allocate(D("0.100"), [D(1), D(1), D(1)], "KWD") == [D("0.034"), D("0.033"), D("0.033")]


@given(st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=6))
def test_settling_squares_every_balance(values):
    balances = [D(v) for v in values]
    balances[-1] -= sum(balances)  # balances of a true-up add up to zero
    left = list(balances)
    transfers = settle(balances)
    for t in transfers:
        assert t.amount > 0
        left[t.debtor] += t.amount
        left[t.creditor] -= t.amount
    assert all(b == 0 for b in left)
    assert len(transfers) <= max(len(balances) - 1, 0)
