"""The demo's expectations: years of commitments on Castlegate's alliances, most kept on time and
accepted, some late or rejected and delivered again, one waived, one in dispute, a few overdue;
learning plans measured at every review. Read from the demo seeded once for all demo tests
(conftest.py)."""

from __future__ import annotations

import datetime

import pytest

from concord.expectations import selectors
from concord.expectations.models import Commitment, Delivery, LearningObjective, ProgressReview

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_commitments_span_years_with_every_kind_of_outcome(played):
    commitments = selectors.with_status(Commitment.objects.unscoped())
    statuses = {
        s: commitments.filter(status=s).count()
        for s in ["accepted", "overdue", "waived", "in_dispute"]
    }
    assert statuses["accepted"] > 100 and statuses["overdue"] >= 1
    assert statuses["waived"] == 1 and statuses["in_dispute"] == 1
    first, last = commitments.order_by("due_date")[0], commitments.order_by("-due_date")[0]
    assert (last.due_date - first.due_date).days > 3 * 365
    deliveries = Delivery.objects.unscoped()
    assert (
        deliveries.filter(sequence=1, days_late=0).count()
        > deliveries.filter(sequence=1, days_late__gt=0).count()
        > 10
    )
    redelivered = deliveries.filter(sequence=2, outcome="accepted")
    assert redelivered.exists()
    assert deliveries.filter(
        commitment__in=redelivered.values("commitment"), sequence=1, outcome="rejected"
    ).exists()


@pytest.mark.django_db
def test_learning_plans_are_measured_at_every_review(played):
    objectives = LearningObjective.objects.unscoped()
    assert objectives.count() >= 10
    assert ProgressReview.objects.unscoped().count() > 5 * objectives.count()
    assert all(o.target_date > datetime.date.today() for o in objectives)
