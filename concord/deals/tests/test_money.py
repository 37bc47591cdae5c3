"""The money arithmetic: tiered royalties and fair splits by property (hypothesis), and its edges
pinned one by one: every currency's minor unit, half-up rounding, credits (negative totals) split
and settled exactly, the largest remainder, bad shares and tier tables, who pays whom."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from concord.deals.money import (
    CURRENCY_CHOICES,
    MINOR_UNITS,
    Tier,
    Transfer,
    allocate,
    annual_royalty,
    check_tiers,
    format_money,
    is_exact,
    minor_digits,
    minor_unit,
    period_royalty,
    quantize,
    royalty_slices,
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


# --- The edges, pinned: currencies, rounding, credits, bad input, who pays whom ----------------

EVERY_CURRENCY = {
    "AUD": 2,
    "BHD": 3,
    "CAD": 2,
    "CHF": 2,
    "CNY": 2,
    "DKK": 2,
    "EUR": 2,
    "GBP": 2,
    "JPY": 0,
    "KRW": 0,
    "KWD": 3,
    "NOK": 2,
    "SEK": 2,
    "USD": 2,
}


@pytest.mark.parametrize(("currency", "digits"), sorted(EVERY_CURRENCY.items()))
def test_every_currency_is_paid_in_its_iso_4217_minor_unit(currency, digits):
    assert minor_digits(currency) == digits
    assert minor_unit(currency) == D(1).scaleb(-digits)
    assert allocate(minor_unit(currency), [D(1)], currency) == [minor_unit(currency)]


def test_the_table_holds_exactly_the_currencies_concord_takes():
    assert set(MINOR_UNITS) == set(EVERY_CURRENCY)
    assert CURRENCY_CHOICES == [(code, code) for code in sorted(EVERY_CURRENCY)]
    with pytest.raises(KeyError):
        minor_unit("XAU")


@pytest.mark.parametrize(
    ("amount", "currency", "rounded"),
    [
        ("0.005", "EUR", "0.01"),  # half-up, the way invoices are written
        ("0.0049", "EUR", "0.00"),
        ("0.015", "EUR", "0.02"),
        ("0.025", "EUR", "0.03"),  # not to the even cent
        ("-0.005", "EUR", "-0.01"),  # a credit rounds the same way, away from zero
        ("2.5", "JPY", "3"),
        ("0.0005", "KWD", "0.001"),
        ("0.0125", "BHD", "0.013"),
    ],
)
def test_rounding_to_the_minor_unit_is_half_up(amount, currency, rounded):
    result = quantize(D(amount), currency)
    assert result == D(rounded) and result.as_tuple().exponent == -EVERY_CURRENCY[currency]


@pytest.mark.parametrize(
    ("amount", "currency", "exact"),
    [
        ("1.01", "EUR", True),
        ("1.010", "EUR", True),
        ("1.001", "EUR", False),
        ("-0.015", "EUR", False),
        ("1500", "JPY", True),
        ("1.5", "JPY", False),
        ("0.125", "KWD", True),
        ("0.1255", "KWD", False),
    ],
)
def test_an_amount_is_exact_only_in_whole_minor_units(amount, currency, exact):
    assert is_exact(D(amount), currency) is exact


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (None, "EUR", "—"),
        ("1234567.5", "EUR", "EUR 1,234,567.50"),
        ("-9000000", "USD", "USD -9,000,000.00"),  # a credit
        ("1500", "JPY", "JPY 1,500"),
        ("0.125", "KWD", "KWD 0.125"),
        ("1", "XXX", "XXX 1.00"),  # an unknown code still shows, with two digits
    ],
)
def test_amounts_are_shown_with_their_code_and_digits(amount, currency, shown):
    assert format_money(None if amount is None else D(amount), currency) == shown


@pytest.mark.parametrize(
    ("total", "shares", "expected"),
    [
        ("0.10", ["12", "18", "70"], ["0.01", "0.02", "0.07"]),  # 1.2, 1.8, 7: the 0.8 wins
        ("0.10", ["14", "17", "69"], ["0.01", "0.02", "0.07"]),  # two left: .9 then .7
        ("0.10", ["15", "35", "50"], ["0.02", "0.03", "0.05"]),  # a tie: the earlier party
        ("0.00", ["60", "40"], ["0.00", "0.00"]),
        ("100.00", ["0", "1"], ["0.00", "100.00"]),  # a share of nothing gets nothing
        ("0.015", ["1", "1"], ["0.01", "0.01"]),  # a total finer than a cent is rounded first
        ("-0.10", ["12", "18", "70"], ["-0.01", "-0.02", "-0.07"]),  # a credit: mirror image
        ("-0.01", ["60", "40"], ["-0.01", "0.00"]),  # a credit of exactly one unit
        ("-9000000.01", ["1", "1"], ["-4500000.01", "-4500000.00"]),
    ],
)
def test_the_leftover_units_go_to_the_largest_remainders(total, shares, expected):
    assert allocate(D(total), [D(s) for s in shares], "EUR") == [D(e) for e in expected]


@given(splits())
def test_a_credit_splits_exactly_as_the_mirror_of_the_same_payment(split):
    total, shares, currency = split
    credit = allocate(-total, shares, currency)
    assert credit == [-part for part in allocate(total, shares, currency)]
    assert sum(credit) == -total


@pytest.mark.parametrize("shares", [[], ["-1", "2"], ["0", "0"], ["0"], ["-5"]])
def test_bad_shares_are_refused(shares):
    with pytest.raises(ValueError) as refused:
        allocate(D(100), [D(s) for s in shares], "EUR")
    assert str(refused.value) == "shares must be non-negative and add up to more than zero"


@pytest.mark.parametrize(
    ("tiers", "problem"),
    [
        ([], "Give at least one tier."),
        ([Tier(D(1), None, D(5))], "The first tier must start at zero."),
        (
            [Tier(D(0), D(100), D(5)), Tier(D(101), None, D(6))],
            "Each tier must start where the one before it ends.",
        ),
        (
            [Tier(D(0), None, D(5)), Tier(D(100), None, D(6))],
            "Each tier must start where the one before it ends.",
        ),
        (
            [Tier(D(0), D(0), D(5)), Tier(D(0), None, D(6))],
            "Each tier's upper bound must be above its lower bound.",
        ),
        (
            [Tier(D(0), D(100), D(5)), Tier(D(100), D(50), D(6)), Tier(D(50), None, D(7))],
            "Each tier's upper bound must be above its lower bound.",
        ),
        ([Tier(D(0), None, D("100.01"))], "Rates are percentages between 0 and 100."),
        ([Tier(D(0), None, D("-0.01"))], "Rates are percentages between 0 and 100."),
        ([Tier(D(0), D(100), D(5))], "The last tier must have no upper bound."),
    ],
)
def test_bad_tier_tables_are_refused_with_the_reason(tiers, problem):
    assert check_tiers(tiers) == problem


@pytest.mark.parametrize("rate", ["0", "100"])
def test_rates_of_nothing_and_of_everything_are_allowed(rate):
    assert check_tiers([Tier(D(0), D(10), D(rate)), Tier(D(10), None, D(rate))]) == ""


def test_a_periods_slices_start_where_the_year_so_far_ends():
    slices = royalty_slices(ISSUE_TIERS, D(200), D(550))
    assert [(s.tier.rate, s.base, s.royalty) for s in slices] == [
        (D(8), D(50), D(4)),
        (D(10), D(250), D(25)),
        (D(12), D(50), D(6)),
    ]
    assert royalty_slices(ISSUE_TIERS, D(250), D(250)) == []  # no sales: no empty slices
    assert [s.tier.rate for s in royalty_slices(ISSUE_TIERS, D(250), D(260))] == [D(10)]


def test_a_period_owes_the_rounded_year_to_date_less_what_was_owed_before():
    assert period_royalty(ISSUE_TIERS, D(200), D(100), "EUR") == D(9)  # 4 at 8% + 5 at 10%
    assert period_royalty(ISSUE_TIERS, D("0.06"), D("0.06"), "EUR") == D("0.01")
    # 8% of 0.06 is 0.0048 → 0.00; of 0.12 it is 0.0096 → 0.01: the cent falls in the second.
    assert period_royalty(ISSUE_TIERS, D(0), D("0.06"), "EUR") == D("0.00")


@pytest.mark.parametrize(
    ("balances", "transfers"),
    [
        # Who pays whom: a negative balance (spent less than its share) pays a positive one.
        (["-30", "30"], [(0, 1, "30")]),
        (["30", "-30"], [(1, 0, "30")]),
        (["-0.01", "0.01"], [(0, 1, "0.01")]),  # exactly one unit
        (["-1234.56", "1000.00", "234.56"], [(0, 1, "1000.00"), (0, 2, "234.56")]),
        (["-30", "50", "-20"], [(0, 1, "30"), (2, 1, "20")]),  # the largest debtor first
        (["-10", "-10", "20"], [(0, 2, "10"), (1, 2, "10")]),  # ties: the earlier party
        (["10", "10", "-20"], [(2, 0, "10"), (2, 1, "10")]),
        (
            ["-5", "-25", "10", "20"],
            [(1, 3, "20"), (0, 2, "5"), (1, 2, "5")],
        ),
        (["0", "0"], []),
        ([], []),
    ],
)
def test_settling_pays_the_largest_creditor_from_the_largest_debtor(balances, transfers):
    assert settle([D(b) for b in balances]) == [
        Transfer(debtor, creditor, D(amount)) for debtor, creditor, amount in transfers
    ]


@pytest.mark.parametrize("balances", [["-30", "29.99"], ["0.01"], ["-0.01", "0.00"]])
def test_balances_that_do_not_add_up_to_zero_are_refused(balances):
    with pytest.raises(ValueError) as refused:
        settle([D(b) for b in balances])
    assert str(refused.value) == "balances must add up to zero"


def test_tiers_slices_and_transfers_are_values_nobody_can_change():
    """A tier table, a slice of sales and a transfer are agreed figures: comparable, usable as
    keys, and never changed in place once computed."""
    tier = ISSUE_TIERS[0]
    [piece] = royalty_slices(ISSUE_TIERS, D(0), D(100))
    transfer = Transfer(0, 1, D("0.01"))
    for value, field in ((tier, "rate"), (piece, "royalty"), (transfer, "amount")):
        assert {value: 1}[type(value)(**vars(value))] == 1  # equal and hashable
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(value, field, D(0))
