"""Anonymity as a property: whatever rounds were answered by however many people, and whatever
combination of the offered filters a reader picks, every figure shown comes from at least k
respondents of one party in a closed round, and nothing mixes a hidden party into a shown figure.

Hypothesis draws the history (rounds, who answered with what, comments, the threshold) and the
reader's choices (the organisation-wide page's search, tier, phase, attention and sort; the
Health tab's kind and dimension); the checks walk every number the selectors hand to pages, the
API and exports.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concord.health import selectors, services
from concord.health.forms import ATTENTION_CHOICES, SORT_CHOICES
from concord.health.models import Kind, Round, RoundParty, mean
from concord.health.selectors import PortfolioFilters
from concord.health.tests.conftest import answer, open_round

pytestmark = pytest.mark.django_db

DIMENSIONS = [
    "",
    "decisions",
    "trust",
    "delivery",
    "mood",
    "governance",
    "fairness",
    "strategic_value",
]

answers = st.lists(st.integers(min_value=1, max_value=5), max_size=4)
a_round = st.fixed_dictionaries(
    {
        "kind": st.sampled_from([Kind.PULSE, Kind.HEALTH_CHECK]),
        "helix": answers,
        "borealis": answers,
        "comments": st.booleans(),
        "close": st.booleans(),
    }
)
filters = st.builds(
    PortfolioFilters,
    search=st.sampled_from(["", "Helix", "oncology", "nothing like it"]),
    tier=st.sampled_from(["", "strategic", "core"]),
    phase=st.sampled_from(["", "discovery", "preclinical"]),
    attention=st.sampled_from([value for value, _ in ATTENTION_CHOICES]),
    sort=st.sampled_from([value for value, _ in SORT_CHOICES]),
)


def tally(round_id: int, party_id: int) -> RoundParty:
    return (
        RoundParty.objects.unscoped()
        .select_related("round")
        .get(round_id=round_id, party_id=party_id)
    )


def assert_enough(round_id: int, party_id: int) -> RoundParty:
    """The figure's source: a closed round this party answered at least k times."""
    source = tally(round_id, party_id)
    assert source.round.status == Round.Status.CLOSED, "a figure from an open round"
    assert source.responded >= source.round.min_respondents >= 3, "a figure under the threshold"
    return source


def check_round(user, round_: Round) -> None:
    results = selectors.round_results(user=user, round_=round_)
    own = user.membership.organisation_id
    for index, party in enumerate(results.parties):
        if party.overall is not None or party.scores:
            source = assert_enough(round_.pk, party.party_id)
            assert party.overall == mean(source.score_sum, source.answers)
        for row in results.dimensions:
            if row.scores[index] is not None:
                assert party.shown
    for row in results.dimensions:
        if row.gap is not None:
            assert sum(score is not None for score in row.scores) >= 2
    shown_orgs = {p.name for p in results.parties if p.shown}
    for comment in results.comments:
        assert comment.organisation in shown_orgs
        if comment.internal:
            assert comment.organisation == user.membership.organisation.name
    assert all(w.round_party.responded >= round_.min_respondents for w in results.warnings)
    assert own in {p.organisation_id for p in results.parties}


def check_portfolio(user, chosen: PortfolioFilters) -> None:
    portfolio = selectors.portfolio_health(user=user, filters=chosen)
    for row in portfolio.rows:
        for snapshot in (row.pulse, row.health):
            if snapshot is None:
                continue
            shown = [p for p in snapshot.parties if p.overall is not None]
            for party in shown:
                assert_enough(snapshot.round_id, party.party_id)
            if snapshot.gaps:
                assert len(shown) >= 2, "a gap against a hidden party"
    trends = selectors.portfolio_trends(
        user=user, alliance_ids=[r.alliance.pk for r in portfolio.rows]
    )
    own = user.membership.organisation_id
    for alliance_id, trend in trends.items():
        for value in [*trend.own, *trend.partner]:
            assert value is None or 1 <= value <= 5
        # Whichever kind a sparkline draws, each point stands for a closed round of that kind
        # the side answered at least k times.
        enough = RoundParty.objects.unscoped().filter(
            round__alliance=alliance_id,
            round__kind=trend.kind,
            round__status=Round.Status.CLOSED,
            responded__gte=F("round__min_respondents"),
        )
        drawn_own = sum(v is not None for v in trend.own)
        drawn_partner = sum(v is not None for v in trend.partner)
        assert drawn_own <= enough.filter(organisation=own).count()
        assert drawn_partner <= enough.exclude(organisation=own).count()


def check_trend(user, alliance, kind: str, dimension: str) -> None:
    trend = selectors.alliance_trend(user=user, alliance=alliance, kind=kind, dimension=dimension)
    for point in trend.points:
        for party_id, score in point.scores.items():
            if score is not None:
                assert_enough(point.round_id, party_id)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    history=st.lists(a_round, min_size=1, max_size=4),
    k=st.sampled_from([3, 4]),
    choices=st.lists(filters, min_size=1, max_size=4),
    kind=st.sampled_from([Kind.PULSE, Kind.HEALTH_CHECK]),
    dimension=st.sampled_from(DIMENSIONS),
)
def test_no_combination_of_filters_shows_a_figure_from_fewer_than_k(
    teams, history, k, choices, kind, dimension
):
    with transaction.atomic():
        if k > 3:
            services.threshold_update(actor=teams.cast.bob, min_respondents=k)
        for index, plan in enumerate(history):
            play(teams, plan, last=index == len(history) - 1)
        for user in (teams.cast.alice, teams.cast.bob, teams.cast.carol):
            for round_ in Round.objects.visible_to(user):
                check_round(user, round_)
            for chosen in choices:
                check_portfolio(user, chosen)
            check_trend(user, teams.alliance, kind, dimension)
        transaction.set_rollback(True)


def play(teams, plan: dict, last: bool) -> None:
    """One round: the drawn people of each side answer with their drawn scores. Only the last
    may stay open (one open round per kind is the rule)."""
    round_ = open_round(teams.alliance, plan["kind"], actor=teams.cast.alice)
    for people, scores in ((teams.helix, plan["helix"]), (teams.borealis, plan["borealis"])):
        for person, score in zip(people, scores, strict=False):
            note = f"{person.first_name} thinks {score}" if plan["comments"] else ""
            answer(round_, person, score, comment=note, internal=note)
    if plan["close"] or not last:
        services.round_close(round_pk=round_.pk)
