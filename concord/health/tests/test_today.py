"""Health on Today and the portfolio: pulses to answer; gaps, warnings and a falling pulse as
flags for those who answer for the alliance; latest health and widest gap per alliance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concord.core.today import ACT, FLAG
from concord.health import today
from concord.health.tests.conftest import answer, open_round, run_round

pytestmark = pytest.mark.django_db


def items(user, kind):
    return [i for i in today.today_items(user) if i.kind == kind]


def test_an_open_round_is_on_the_today_of_each_person_asked_until_they_answer(teams):
    round_ = open_round(teams.alliance, actor=teams.cast.alice)
    hana = teams.helix[1]
    [item] = items(hana, "pulse")
    assert (item.section, item.action, item.due) == (ACT, "Answer", round_.closes_at.date())
    assert item.url.endswith(f"/health/rounds/{round_.pk}/answer/")
    answer(round_, hana)
    assert items(hana, "pulse") == []
    assert items(teams.cast.carol, "pulse") == []  # off the team, never asked


def test_a_perception_gap_is_a_reason_and_a_flag_for_the_leads(teams):
    run_round(teams, [5, 5, 5, 5], [2, 2, 2, 2])
    pk = teams.alliance.pk
    facts = today.portfolio_source(teams.cast.alice, [pk])[pk]
    assert facts.values["health"] == "5.0 / 2.0"
    gap = next(r for r in facts.reasons if r.code == "perception_gap")
    assert gap.units == Decimal(3) and gap.text.startswith("perception gap 3.0 on ")
    assert "gap" in facts.flags
    [flag] = items(teams.cast.alice, "health")
    assert flag.section == FLAG and "perception gap 3.0" in flag.title
    assert items(teams.helix[1], "health") == []  # a scientist does not answer for the alliance
    assert today.portfolio_source(teams.cast.dave, [pk]) == {}


def test_a_pulse_that_fell_is_a_reason_with_how_far_and_its_warnings_count(teams):
    run_round(teams, [4, 4, 4, 4], [4, 4, 4, 4])
    run_round(teams, [4, 4, 4, 4], [3, 3, 3, 3])
    pk = teams.alliance.pk
    reasons = {r.code: r for r in today.portfolio_source(teams.cast.bob, [pk])[pk].reasons}
    assert reasons["pulse_drop"].text == "pulse fell 1.0"
    assert reasons["pulse_drop"].units == Decimal("1.0")
    assert reasons["early_warning"].units >= 1


def test_a_steady_pulse_gives_no_reason(teams):
    run_round(teams, [4, 4, 4, 4], [4, 4, 4, 4])
    run_round(teams, [4, 4, 4, 4], [4, 4, 4, 4])
    pk = teams.alliance.pk
    codes = {r.code for r in today.portfolio_source(teams.cast.bob, [pk])[pk].reasons}
    assert not codes & {"pulse_drop", "early_warning", "perception_gap"}


def test_a_health_check_the_cadence_called_for_long_ago_is_a_reason(cast):
    pk = cast.helix_borealis.pk  # effective January 2025, never checked
    [reason] = today.portfolio_source(cast.alice, [pk])[pk].reasons
    assert (reason.code, reason.text, reason.units) == (
        "health_overdue",
        "health check overdue",
        Decimal(1),
    )
