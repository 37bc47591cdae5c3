"""The learning plan: objectives with a measure, reviews that record it each time, the summary a
gate shows, and who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.expectations import selectors, services
from concord.expectations.models import LearningObjective, ProgressReview
from concord.expectations.tests.helpers import clock, party

pytestmark = pytest.mark.django_db


def objective(cast, **changes) -> LearningObjective:
    data = {
        "actor": cast.alice,
        "alliance": cast.helix_borealis,
        "title": "Decide faster together",
        "rationale": "Slow joint decisions cost us a quarter last year.",
        "measure": "Share of JSC decisions taken within 30 days",
        "unit": "%",
        "baseline": Decimal("40"),
        "target": Decimal("80"),
        "owner": cast.bob,
        "target_date": datetime.date(2027, 6, 30),
    }
    return services.objective_create(**(data | changes))


def test_a_manager_adds_an_objective_owned_by_someone_of_either_party(cast):
    made = objective(cast)
    assert made.owner_party == party(cast.helix_borealis, cast.borealis)
    with pytest.raises(ValidationError) as error:
        objective(cast, owner=cast.dave)  # Cobalt is no party to this alliance
    assert "owner" in error.value.message_dict
    for who in (cast.carol, cast.dave):
        with pytest.raises(PermissionDenied):
            objective(cast, actor=who)


def test_each_review_records_a_measure_and_progress_counts_from_baseline_to_target(cast):
    made = objective(cast)
    with clock("2026-09-01"):
        services.review_record(actor=cast.bob, objective=made, value=Decimal("50"))
    with clock("2026-11-01"):
        review = services.review_record(
            actor=cast.alice, objective=made, value=Decimal("70"), comment="Pre-reads help."
        )
    assert review.reviewed_on == datetime.date(2026, 11, 1)
    assert made.progress_share(review.value) == 75
    listed = selectors.objective_list(user=cast.bob, alliance=cast.helix_borealis).get()
    assert (listed.latest_value, listed.latest_on, listed.review_count) == (
        Decimal("70.00"),
        datetime.date(2026, 11, 1),
        2,
    )


def test_viewers_cannot_review_and_reviews_are_not_dated_in_the_future(cast):
    made = objective(cast)
    with pytest.raises(PermissionDenied):
        services.review_record(actor=cast.carol, objective=made, value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.review_record(actor=cast.dave, objective=made, value=Decimal("1"))
    with pytest.raises(ValidationError) as error:
        services.review_record(
            actor=cast.alice,
            objective=made,
            value=Decimal("1"),
            reviewed_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert "reviewed_on" in error.value.message_dict
    assert not ProgressReview.objects.unscoped().exists()


def test_an_achieved_objective_takes_no_more_reviews(cast):
    made = objective(cast)
    services.objective_update(actor=cast.bob, objective=made, status="achieved")
    with pytest.raises(ValidationError):
        services.review_record(actor=cast.alice, objective=made, value=Decimal("85"))
    with pytest.raises(ValidationError):
        services.objective_update(actor=cast.bob, objective=made, colour="red")


def test_the_gate_summary_counts_objectives_and_flags_the_ones_nobody_measured(cast):
    measured = objective(cast, title="Measured lately")
    objective(cast, title="Never measured")
    forgotten = objective(cast, title="Measured long ago")
    dropped = objective(cast, title="Dropped")
    services.objective_update(actor=cast.alice, objective=dropped, status="dropped")
    today = datetime.date.today()
    services.review_record(actor=cast.alice, objective=measured, value=Decimal("60"))
    services.review_record(
        actor=cast.alice,
        objective=forgotten,
        value=Decimal("45"),
        reviewed_on=today - datetime.timedelta(days=120),
    )
    summary = selectors.learning_summary(user=cast.bob, alliance=cast.helix_borealis)
    assert (summary.total, summary.active, summary.achieved, summary.dropped) == (4, 3, 0, 1)
    assert sorted(o.title for o in summary.unreviewed) == ["Measured long ago", "Never measured"]
    assert selectors.learning_summary(user=cast.dave, alliance=cast.helix_borealis).total == 0
