"""The demo's expectations: years of commitments on Castlegate's alliances, most kept on time and
accepted, some late or rejected and delivered again, one waived, one in dispute, a few overdue;
learning plans measured at every review. Only the alliances and this capability are played, so the
test stays quick; every step is dated before the story's end."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from concord.core.demo.data import ORGS, PLANS
from concord.core.demo.story import (
    Story,
    _no_outgoing_mail,
    _one_password_hash,
    demo_clock,
    schedule_alliance,
    schedule_org,
)
from concord.expectations import demo, selectors
from concord.expectations.models import Commitment, Delivery, LearningObjective, ProgressReview

pytestmark = pytest.mark.xdist_group("expectations-demo")


@pytest.fixture(scope="module")
def played(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Story]:
    """The organisations, the alliances and this capability's story, played once for the module."""
    plot = Story()
    for org in ORGS:
        schedule_org(plot, org)
    for index, plan in enumerate(PLANS):
        schedule_alliance(plot, plan, index)
    first_own = len(plot.steps)
    demo.schedule(plot)
    with django_db_blocker.unblock(), transaction.atomic():
        real_now = timezone.now()
        with _no_outgoing_mail(), _one_password_hash(), demo_clock(min(plot.steps).when) as c:
            plot.play(c, real_now)
        plot.first_own = first_own  # type: ignore[attr-defined]
        yield plot
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_step_is_dated_before_the_end_of_the_story(played):
    own = played.steps[played.first_own :]
    assert own and max(step.when for step in own) < timezone.now() - datetime.timedelta(hours=6)


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
