"""The reliability scorecard's arithmetic: on-time share, first-time acceptance, average days late,
the quarterly trend; the same numbers for both parties; a query count that ignores history length.

Helix's record, as of 15 June 2026 (all due dates in London, where Helix works):

| commitment | due        | first delivery      | verdict(s)                   |
|------------|------------|---------------------|------------------------------|
| c1         | 20 Jan     | 18 Jan, on time     | accepted                     |
| c2         | 10 Feb     | 13 Feb, 3 days late | accepted                     |
| c8         |  1 Mar     |  5 Mar, 4 days late | rejected, owed again: overdue |
| c3         | 10 Apr     | 10 Apr, on time     | rejected, then 20 Apr accepted |
| c4         |  1 May     | —                   | overdue                      |
| c5         |  5 May     | —                   | waived (left out)            |
| c6         | 30 Jul     | —                   | not due yet (left out)       |
| c7         | 30 Aug     |  1 Jun, early       | awaiting a verdict           |
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concord.expectations import selectors, services
from concord.expectations.tests.helpers import borealis_owes, clock, helix_owes, moment

pytestmark = pytest.mark.django_db

AS_OF = moment("2026-06-15")


def deliver(cast, commitment, day, verdict=None):
    with clock(day):
        delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
        if verdict == "accept":
            services.delivery_accept(actor=cast.bob, delivery=delivery)
        elif verdict == "reject":
            services.delivery_reject(actor=cast.bob, delivery=delivery, comment="Short of criteria")
    return delivery


@pytest.fixture
def history(cast):
    with clock("2026-01-02"):
        c = {
            name: helix_owes(cast, due=due, title=name)
            for name, due in [
                ("c1", "2026-01-20"),
                ("c2", "2026-02-10"),
                ("c8", "2026-03-01"),
                ("c3", "2026-04-10"),
                ("c4", "2026-05-01"),
                ("c5", "2026-05-05"),
                ("c6", "2026-07-30"),
                ("c7", "2026-08-30"),
            ]
        }
        b1 = borealis_owes(cast, due="2026-03-15")
    deliver(cast, c["c1"], "2026-01-18", "accept")
    deliver(cast, c["c2"], "2026-02-13", "accept")
    deliver(cast, c["c8"], "2026-03-05", "reject")
    deliver(cast, c["c3"], "2026-04-10", "reject")
    deliver(cast, c["c3"], "2026-04-20", "accept")
    with clock("2026-04-21"):
        services.commitment_waive(actor=cast.bob, commitment=c["c5"], reason="Study dropped")
    deliver(cast, c["c7"], "2026-06-01")
    with clock("2026-03-14"):
        delivery = services.commitment_deliver(actor=cast.bob, commitment=b1)
        services.delivery_accept(actor=cast.alice, delivery=delivery)
    return c


def score_of(card, organisation):
    return next(s for s in card.parties if s.party.organisation == organisation)


def test_the_headline_figures(cast, history):
    card = selectors.scorecard(user=cast.bob, alliance=cast.helix_borealis, now=AS_OF)
    helix = score_of(card, cast.helix)
    tally = helix.tally
    assert (tally.scored, tally.on_time, tally.on_time_share) == (6, 3, 50)
    assert (tally.judged, tally.first_time, tally.first_time_share) == (4, 2, 50)
    assert (tally.late, tally.days_late, tally.average_days_late) == (2, 7, Decimal("3.5"))
    # Overdue: c4, never delivered, and c8, rejected and not yet delivered again.
    assert (helix.owed, helix.overdue, helix.waived, helix.awaiting_acceptance) == (7, 2, 1, 1)
    borealis = score_of(card, cast.borealis).tally
    assert (borealis.on_time_share, borealis.first_time_share, borealis.average_days_late) == (
        100,
        100,
        None,
    )


def test_the_trend_by_quarter_of_due_date(cast, history):
    card = selectors.scorecard(user=cast.alice, alliance=cast.helix_borealis, now=AS_OF)
    quarters = {q.label: q.tally for q in score_of(card, cast.helix).quarters}
    assert next(iter(quarters)) == "2023 Q3" and list(quarters)[-1] == "2026 Q2"
    assert len(quarters) == 12
    q1, q2 = quarters["2026 Q1"], quarters["2026 Q2"]
    assert (q1.scored, q1.on_time_share, q1.judged, q1.first_time_share) == (3, 33, 3, 67)
    assert q1.average_days_late == Decimal("3.5")
    assert (q2.scored, q2.on_time_share, q2.judged, q2.first_time_share) == (2, 50, 1, 0)
    assert q2.average_days_late is None
    rolling = next(q.rolling for q in score_of(card, cast.helix).quarters if q.label == "2026 Q2")
    assert (rolling.scored, rolling.on_time_share, rolling.judged, rolling.first_time_share) == (
        5,
        40,
        4,
        50,
    )
    empty = quarters["2025 Q4"]
    assert (empty.scored, empty.on_time_share, empty.first_time_share) == (0, None, None)


def test_both_parties_see_the_same_numbers(cast, history):
    def figures(user):
        card = selectors.scorecard(user=user, alliance=cast.helix_borealis, now=AS_OF)
        return [
            (s.party.pk, s.tally, s.owed, s.overdue, [(q.label, q.tally) for q in s.quarters])
            for s in card.parties
        ]

    assert figures(cast.alice) == figures(cast.bob) == figures(cast.carol)


def test_an_overdue_commitment_counts_against_on_time_until_delivered(cast):
    with clock("2026-01-02") as now:
        late = helix_owes(cast, due="2026-01-10")
        now.moment = moment("2026-01-20")
        card = selectors.scorecard(user=cast.bob, alliance=cast.helix_borealis)
        assert score_of(card, cast.helix).tally.on_time_share == 0
        assert score_of(card, cast.helix).overdue == 1
        services.commitment_deliver(actor=cast.alice, commitment=late)
        card = selectors.scorecard(user=cast.bob, alliance=cast.helix_borealis)
    helix = score_of(card, cast.helix)
    assert (helix.overdue, helix.tally.late, helix.tally.average_days_late) == (0, 1, Decimal("10"))


def test_a_rejection_lowers_first_time_acceptance(cast):
    first = helix_owes(cast, due="2026-12-20", title="First")
    second = helix_owes(cast, due="2026-12-20", title="Second")
    for commitment in (first, second):
        services.commitment_deliver(actor=cast.alice, commitment=commitment)
    services.delivery_accept(actor=cast.bob, delivery=first.deliveries.get())
    card = selectors.scorecard(user=cast.alice, alliance=cast.helix_borealis)
    assert score_of(card, cast.helix).tally.first_time_share == 100
    services.delivery_reject(actor=cast.bob, delivery=second.deliveries.get(), comment="No QA")
    card = selectors.scorecard(user=cast.alice, alliance=cast.helix_borealis)
    assert score_of(card, cast.helix).tally.first_time_share == 50


def test_an_alliance_without_commitments_has_a_scorecard_of_dashes(cast):
    card = selectors.scorecard(user=cast.alice, alliance=cast.helix_borealis)
    assert not card.has_history
    assert [s.tally.on_time_share for s in card.parties] == [None, None]


def count_queries(user, alliance):
    with CaptureQueriesContext(connection) as captured:
        selectors.scorecard(user=user, alliance=alliance, now=AS_OF)
    return len(captured.captured_queries)


def test_the_scorecard_query_count_does_not_grow_with_history(cast, history):
    before = count_queries(cast.bob, cast.helix_borealis)
    for month in range(1, 13):
        due = datetime.date(2025, month, 15)
        with clock(moment(due) - datetime.timedelta(days=40)):
            extra = helix_owes(cast, due=due, title=f"Monthly report {month}")
        deliver(cast, extra, due + datetime.timedelta(days=month % 3), "accept")
    assert count_queries(cast.bob, cast.helix_borealis) == before
