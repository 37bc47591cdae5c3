"""The organisation-wide health page's rules, told with the shared cast: when an alliance is
overdue a health check, and which line each alliance's sparkline draws."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F

from concord.alliances.models import Alliance
from concord.health import selectors
from concord.health.models import Kind, Round
from concord.health.selectors import PortfolioFilters, PortfolioRow
from concord.health.tests.conftest import Teams, open_round, run_round

pytestmark = pytest.mark.django_db


def row_of(user, alliance: Alliance) -> PortfolioRow:
    rows = selectors.portfolio_health(user=user).rows
    return next(r for r in rows if r.alliance.pk == alliance.pk)


def months_ago(round_: Round, months: int) -> None:
    """Move a round back in time, as if it had been held that long ago."""
    shift = datetime.timedelta(days=31 * months)
    Round.objects.unscoped().filter(pk=round_.pk).update(
        opens_at=F("opens_at") - shift, closes_at=F("closes_at") - shift
    )


def health_check(teams: Teams, helix: list[int], borealis: list[int]) -> Round:
    return run_round(teams, helix, borealis, kind=Kind.HEALTH_CHECK)


class TestOverdue:
    def test_an_alliance_with_no_health_check_for_over_seven_months_is_overdue(self, teams):
        # The cast's alliance took effect in January 2025; its cadence asks every six months.
        assert row_of(teams.cast.alice, teams.alliance).overdue

    def test_a_check_that_closed_with_too_few_answers_on_every_side_does_not_count(self, teams):
        health_check(teams, [4, 4], [4, 4])  # two of each side: nobody's results shown
        assert row_of(teams.cast.alice, teams.alliance).overdue
        overdue = PortfolioFilters(attention="overdue")
        portfolio = selectors.portfolio_health(user=teams.cast.bob, filters=overdue)
        assert teams.alliance in [r.alliance for r in portfolio.rows]
        assert portfolio.overdue >= 1

    def test_it_counts_from_the_last_check_held_not_the_last_opened(self, teams):
        months_ago(health_check(teams, [4, 4, 4], [4, 4, 4]), 8)
        health_check(teams, [4], [])  # this month's came to nothing
        assert row_of(teams.cast.alice, teams.alliance).overdue
        months_ago(health_check(teams, [4, 4, 4], [4, 4, 4]), 3)
        assert not row_of(teams.cast.alice, teams.alliance).overdue

    def test_a_check_with_one_partys_results_shown_counts_as_held(self, teams):
        health_check(teams, [4, 4, 4], [4])
        assert not row_of(teams.cast.alice, teams.alliance).overdue

    def test_a_check_still_open_counts_as_held(self, teams):
        open_round(teams.alliance, Kind.HEALTH_CHECK, actor=teams.cast.alice)
        assert not row_of(teams.cast.alice, teams.alliance).overdue


class TestSparklines:
    def trend(self, teams: Teams) -> selectors.Sparkline:
        trends = selectors.portfolio_trends(user=teams.cast.alice, alliance_ids=[teams.alliance.pk])
        return trends[teams.alliance.pk]

    def test_an_alliance_running_only_health_checks_draws_them_within_the_threshold(self, teams):
        months_ago(health_check(teams, [4, 4, 4], [2, 2, 2]), 6)
        health_check(teams, [5, 5, 5], [3, 3])  # too few on Borealis's side: its point is a gap
        trend = self.trend(teams)
        assert (trend.kind, trend.own, trend.partner) == (Kind.HEALTH_CHECK, [4, 5], [2, None])

    def test_pulses_take_precedence_over_health_checks(self, teams):
        health_check(teams, [4, 4, 4], [2, 2, 2])
        run_round(teams, [3, 3, 3], [5, 5, 5])
        trend = self.trend(teams)
        assert (trend.kind, trend.own, trend.partner) == (Kind.PULSE, [3], [5])

    def test_health_checks_older_than_two_years_are_out_of_reach(self, teams):
        months_ago(health_check(teams, [4, 4, 4], [2, 2, 2]), 25)
        assert teams.alliance.pk not in selectors.portfolio_trends(
            user=teams.cast.alice, alliance_ids=[teams.alliance.pk]
        )
