"""The demo's health story: two years of monthly pulses and half-yearly health checks on
Castlegate's alliances, answered through the same service as an emailed link. In the Tidewell–
Castlegate CAR-T alliance Tidewell's trust slides below 3.0 while Castlegate's own view stays
high, so early warnings fire; kudos and passed gates are celebrated; and no party's result is
ever shown on fewer answers than its round's threshold. Read from the demo seeded once for all
demo tests (conftest.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concord.alliances.models import Alliance
from concord.demo.chapters import health as chapter
from concord.demo.data import PHARMA, PLANS
from concord.demo.story import Story
from concord.health import selectors
from concord.health.models import (
    LOW_WARNING,
    MIN_RESPONDENTS,
    Celebration,
    EarlyWarning,
    Kind,
    Respondent,
    Round,
)

pytestmark = pytest.mark.xdist_group("demo")


def _trust(played: Story, org: str) -> list[Decimal]:
    """An organisation's shown trust scores in the sliding alliance's closed pulses, oldest first,
    read as its own alliance lead reads the trend."""
    plan = next(p for p in PLANS if p.name == chapter.SLIDING)
    alliance = Alliance.objects.unscoped().get(name=chapter.SLIDING)
    trend = selectors.alliance_trend(
        user=played.lead(org, plan), alliance=alliance, kind=Kind.PULSE, dimension="trust"
    )
    own = next(pid for pid, _, is_own in trend.parties if is_own)
    return [s for s in (p.scores.get(own) for p in trend.points) if s is not None]


@pytest.mark.django_db
def test_two_years_of_pulses_and_health_checks(played):
    rounds = Round.objects.unscoped()
    pulses = {
        (r.year, r.month) for r in rounds.filter(kind=Kind.PULSE).values_list("opens_at", flat=True)
    }
    checks = list(rounds.filter(kind=Kind.HEALTH_CHECK).values_list("opens_at", flat=True))
    assert len(pulses) >= 20
    assert len({(o.year, (o.month - 1) // 6) for o in checks}) >= 4  # every half-year
    assert (max(checks) - min(checks)).days > 600
    assert rounds.filter(status=Round.Status.CLOSED).count() > 150


@pytest.mark.django_db
def test_tidewell_trust_slides_while_castlegate_stays_high(played):
    tidewell, castlegate = _trust(played, "tidewell"), _trust(played, PHARMA)
    assert len(tidewell) >= 20 and len(castlegate) >= 15
    first = sum(tidewell[:3]) / 3
    # The lowest of the last three shown pulses: a month short of answers is hidden, not a slide.
    lately = min(tidewell[-3:])
    assert first >= Decimal("3.7") and lately < Decimal("3.0")
    assert first - lately >= 1
    castlegate_lately = sum(castlegate[-6:]) / 6
    assert castlegate_lately >= Decimal("3.8")
    assert castlegate_lately - lately >= Decimal("0.75")  # a flagged perception gap


@pytest.mark.django_db
def test_early_warnings_fire_on_the_sliding_alliance(played):
    warnings = EarlyWarning.objects.unscoped().filter(round__alliance__name=chapter.SLIDING)
    tidewell = warnings.filter(round_party__organisation__name="Tidewell Biologics")
    assert tidewell.filter(dimension_key="trust").count() >= 2
    assert tidewell.filter(dimension_key="trust", score__lt=LOW_WARNING).exists()
    assert EarlyWarning.objects.unscoped().exclude(round__alliance__name=chapter.SLIDING).exists()


@pytest.mark.django_db
def test_kudos_and_passed_gates_are_celebrated(played):
    celebrations = Celebration.objects.unscoped()
    kudos = celebrations.filter(kind=Celebration.Kind.KUDOS)
    assert sorted(kudos.values_list("message", flat=True)) == sorted(k[4] for k in chapter.KUDOS)
    assert kudos.filter(
        alliance__name=chapter.SLIDING, organisation__name="Tidewell Biologics"
    ).exists()
    assert celebrations.filter(kind=Celebration.Kind.GATE_PASSED).count() > 10


@pytest.mark.django_db
def test_no_result_is_shown_on_fewer_answers_than_the_threshold(played):
    shown = hidden = 0
    for round_ in Round.objects.unscoped().order_by("pk"):
        assert round_.min_respondents >= MIN_RESPONDENTS
        reader = Respondent.objects.unscoped().filter(round=round_).first().user
        results = selectors.round_results(user=reader, round_=round_)
        names = set()
        for party in results.parties:
            if party.shown:
                assert not round_.is_open and party.responded >= round_.min_respondents
                assert party.overall is not None and party.scores
                names.add(party.name)
                shown += 1
            else:
                assert party.overall is None and not party.scores
                hidden += 1
        assert {c.organisation for c in results.comments} <= names
        for row in results.dimensions:
            assert sum(s is not None for s in row.scores) <= len(names)
    assert shown > 300 and hidden > 20  # small teams do fall under the threshold now and then
    for warning in EarlyWarning.objects.unscoped().select_related("round", "round_party"):
        assert warning.round_party.responded >= warning.round.min_respondents
