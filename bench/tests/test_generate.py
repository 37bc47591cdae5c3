"""The benchmark's data and harness behave; timings never appear here (see bench/README.md)."""

from __future__ import annotations

import pytest

from bench.generate import Portfolio, generate
from bench.run import Case, Result, _reverse, budgets, clients, measure
from concord.alliances.models import Alliance, Party
from concord.core.audit import audit_verify


@pytest.fixture
def portfolio(db: None) -> Portfolio:
    return generate(alliances=10, organisations=8)


def test_generated_chain_verifies_and_the_pharma_sees_only_its_alliances(
    portfolio: Portfolio,
) -> None:
    assert audit_verify().ok
    assert Alliance.objects.visible_to(portfolio.pharma_manager).count() == 10
    assert Alliance.objects.unscoped().count() == 11  # one between partners, out of sight
    assert Party.objects.unscoped().count() >= 22
    assert portfolio.rows["AuditEvent"] > portfolio.rows["Note"]


def test_a_route_that_does_not_exist_yet_is_reported_missing(portfolio: Portfolio) -> None:
    by_auth = clients(portfolio)
    unnamed = Case("future-page", lambda p: _reverse("alliances:does-not-exist"))
    unknown = Case("future-api", lambda p: "/api/v1/does-not-exist", auth="token")
    for case in (unnamed, unknown):
        result = measure(case, portfolio, by_auth[case.auth], 10, runs=1)
        assert result.problem.startswith("missing"), result


def test_budgets_want_equal_query_counts_at_every_size() -> None:
    case = Case("list", lambda p: "/", budget_ms=150)
    grew = [Result("list", 15, 10.0, 8), Result("list", 150, 20.0, 9)]
    held = [Result("list", 15, 10.0, 8), Result("list", 150, 20.0, 8)]
    assert [ok for ok, _ in budgets(grew, [case])] == [False, True]
    assert all(ok for ok, _ in budgets(held, [case]))


def test_budgets_hold_the_median_to_its_growth_and_the_queries_to_their_cap() -> None:
    case = Case("queue", lambda p: "/", growth=1.5, max_queries=10)
    slow = [Result("queue", 1_000, 5.0, 8), Result("queue", 10_000, 10.0, 8)]
    slow.append(Result("queue", 100_000, 16.0, 8))  # 1.6× the median at 10,000
    held = [*slow[:2], Result("queue", 100_000, 14.0, 8)]
    assert [ok for ok, _ in budgets(slow, [case])] == [True, False, True]
    assert all(ok for ok, _ in budgets(held, [case]))
    many = [Result("queue", 1_000, 5.0, 11), Result("queue", 10_000, 5.0, 11)]
    assert [ok for ok, _ in budgets(many, [case])] == [True, True, False]


def test_a_budget_held_at_a_named_size_ignores_the_larger_one() -> None:
    case = Case("today", lambda p: "/", budget_ms=200, sizes=(150, 1500), budget_at=150)
    fast = [Result("today", 150, 120.0, 20), Result("today", 1500, 900.0, 20)]
    slow = [Result("today", 150, 250.0, 20), Result("today", 1500, 900.0, 20)]
    assert all(ok for ok, _ in budgets(fast, [case]))
    assert [ok for ok, _ in budgets(slow, [case])] == [True, False]
    assert "at 150" in budgets(slow, [case])[1][1]
