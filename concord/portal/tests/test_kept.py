"""What is kept of the submissions for the queue and the statistics (their answer times, their
queue key, each day's figures) is kept by the services as they go: the same as working it all
out again from the submissions, and the statistics read a fixed number of queries."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.core import clock
from concord.orgs.models import User
from concord.portal import clock as portal_clock
from concord.portal import services
from concord.portal.models import (
    Criterion,
    FunnelMonth,
    Message,
    Portal,
    Submission,
    SubmissionDay,
    SubmissionMonth,
)
from concord.portal.selectors import (
    QueueFilters,
    portal_statistics,
    reviewer_open_load,
    submission_counts,
    submission_queue,
)
from concord.portal.selectors.statistics import Figures
from concord.portal.services.funnel import funnel_rebuild
from concord.portal.tests.test_selectors_in_sql import _data
from conftest import colleague

pytestmark = pytest.mark.django_db
FUNNEL = ("month", "therapeutic_area", "from_request", "triaged", "deal", "received")
FEEDBACK = (
    "Thank you for the submission. Our reviewers scored it on the published rubric; at this "
    "stage we would want to see in vivo proof of mechanism and a clearer benefit over existing "
    "options before opening a discussion. You are welcome to submit again later."
)


def _scores(value: int) -> dict:
    return {c: {"score": value, "comment": "Seen."} for c in Criterion.values}


@pytest.fixture
def portal(cast) -> Portal:
    return services.portal_save(actor=cast.bob, slug="borealis", nih_threshold="1.00")


def _received(
    portal: Portal, count: int, start: datetime.datetime, days_apart: int = 7
) -> list[Submission]:
    made = []
    for n in range(count):
        area = ["oncology", "neuroscience", "rare"][n % 3]
        arrival = start + datetime.timedelta(days=n * days_apart, hours=n, microseconds=n)
        with clock.moved_to(arrival):
            made.append(services.submission_create(portal=portal, data=_data(n, area)).submission)
    return made


def _lives(cast, made: list[Submission]) -> None:
    """Each submission through a different part of its life, each step on a later day."""
    rita = colleague(cast.bob, "rita@borealis.test", "Rita", "Rao", "scientist")
    for n, submission in enumerate(made):

        def at(days: float, arrived: datetime.datetime = submission.submitted_at) -> Any:
            return clock.moved_to(arrived + datetime.timedelta(days=days))

        kind = n % 5
        with at(1 + n % 3):
            services.review_submit(actor=cast.bob, submission=submission, scores=_scores(5))
            if kind != 0:
                services.review_submit(actor=rita, submission=submission, scores=_scores(2 + n % 3))
        if kind == 1:
            with at(40):  # late, after the 30 days
                services.message_post(actor=cast.bob, submission=submission, body="Thank you.")
        if kind in (2, 3):
            with at(5.5):
                services.submission_request_info(
                    actor=cast.bob, submission=submission, question="Dose-response data?"
                )
        if kind == 3:
            with at(9.25):
                services.submitter_reply(submission=submission, body="Attached.")
        if kind in (3, 4):
            with at(20 + n):
                services.submission_decide(
                    actor=cast.bob,
                    submission=submission,
                    outcome="declined",
                    reasons=["too_early"] if n % 2 else ["ip_unclear", "too_early"],
                    feedback=FEEDBACK,
                )


def _kept(portal: Portal) -> tuple[dict, dict, list]:
    days = {
        d.day: d.figures
        for d in SubmissionDay.objects.unscoped().filter(organisation=portal.organisation)
        if d.figures["groups"]  # a day whose only submission waits on its submitter is empty
    }
    months = {
        m.month: m.figures
        for m in SubmissionMonth.objects.unscoped().filter(organisation=portal.organisation)
        if m.figures["groups"]
    }
    columns = list(
        Submission.objects.unscoped()
        .filter(organisation=portal.organisation)
        .order_by("pk")
        .values_list("pk", "first_response_lag", "decision_lag", "queue_key")
    )
    return days, months, columns


def test_the_services_keep_what_a_rebuild_works_out(cast, portal) -> None:
    made = _received(portal, 15, timezone.now() - datetime.timedelta(days=300))
    _lives(cast, made)
    # Bulk triage: Rita joins every submission, open and decided, some she already reviews.
    rita = User.objects.get(email="rita@borealis.test")
    services.submission_assign(actor=cast.bob, submissions=made, reviewers=[rita, cast.bob])
    kept = _kept(portal)
    figures = portal_statistics(portal)
    queue = [r.submission.pk for r in submission_queue(user=cast.bob)]
    counts = _counts(cast, portal)
    assert services.queue_counts_verify(portal.organisation_id) == []

    # Each month holds the sum of its days; the story spans several.
    days, months, _ = kept
    assert len(months) > 2
    for month, added in months.items():
        in_month = [f for day, f in days.items() if day.replace(day=1) == month]
        assert added == Figures.from_days(in_month).to_json()

    services.portal_statistics_rebuild(portal.organisation_id)

    assert _kept(portal) == kept
    assert portal_statistics(portal) == figures
    services.queue_counts_rebuild(portal.organisation_id)
    assert _counts(cast, portal) == counts
    # The story moved submissions through every open status and out of them.
    by_status, loads = counts
    assert by_status["declined"] == 6 and len(by_status) >= 3 and sum(by_status.values()) == 15
    assert loads == {cast.bob.pk: 9, rita.pk: 9}
    assert [r.submission.pk for r in submission_queue(user=cast.bob)] == queue
    # The story touched every figure: answers in time and late, paused, decided, gaps.
    assert figures.total == 15 and figures.decline_reasons
    assert 0 < (figures.first_response_on_time_share or 0) < 100
    assert figures.gap_by_area and figures.median_days_to_decision
    waiting = Submission.objects.unscoped().filter(paused_since__isnull=False)
    assert waiting.exists() and all(s.queue_key is None for s in waiting)


def test_a_deferred_block_keeps_nothing_until_it_ends_then_what_a_rebuild_works_out(
    cast, portal
) -> None:
    with services.kept_refresh_deferred():
        made = _received(portal, 15, timezone.now() - datetime.timedelta(days=300))
        _lives(cast, made)
        rita = User.objects.get(email="rita@borealis.test")
        services.submission_assign(actor=cast.bob, submissions=made, reviewers=[rita, cast.bob])
        assert not SubmissionDay.objects.unscoped().exists()
        assert services.queue_counts_verify(portal.organisation_id)  # not in step yet
    assert services.queue_counts_verify(portal.organisation_id) == []
    by_status, loads = _counts(cast, portal)
    assert by_status["declined"] == 6 and sum(by_status.values()) == 15
    assert loads == {cast.bob.pk: 9, rita.pk: 9}
    kept, figures = _kept(portal), portal_statistics(portal)
    assert figures.total == 15 and figures.decline_reasons and figures.median_days_to_decision
    funnel = sorted(FunnelMonth.objects.unscoped().values_list(*FUNNEL))
    assert sum(row[-1] for row in funnel) == 15  # every submission received, in the funnel
    services.portal_statistics_rebuild(portal.organisation_id)
    funnel_rebuild(portal.organisation_id)
    assert _kept(portal) == kept
    assert sorted(FunnelMonth.objects.unscoped().values_list(*FUNNEL)) == funnel


def _counts(cast, portal: Portal) -> tuple[dict[str, int], dict[int, int]]:
    """The queue's tabs and the picker's loads as the pages read them."""
    people = [
        cast.bob.pk,
        *User.objects.filter(email__endswith="@borealis.test").values_list("pk", flat=True),
    ]
    return (
        submission_counts(user=cast.bob),
        reviewer_open_load(user=cast.bob, reviewer_ids=people),
    )


def test_the_kept_counts_say_where_they_drifted_and_a_rebuild_mends_them(cast, portal) -> None:
    made = _received(portal, 3, timezone.now() - datetime.timedelta(days=3), 1)
    services.submission_assign(actor=cast.bob, submissions=made[:2], reviewers=[cast.bob])
    assert submission_counts(user=cast.bob) == {"received": 3}
    assert reviewer_open_load(user=cast.bob, reviewer_ids=[cast.bob.pk]) == {cast.bob.pk: 2}
    # Written around the services, as an import would.
    Submission.objects.unscoped().filter(pk=made[0].pk).update(status="declined")
    assert services.queue_counts_verify(portal.organisation_id) == [
        "status declined: kept 0, counted 1",
        "status received: kept 3, counted 2",
        f"reviewer {cast.bob.pk}: kept 2 open, counted 1",
        "1 submission(s) counted under another status",
    ]
    services.queue_counts_rebuild(portal.organisation_id)
    assert services.queue_counts_verify(portal.organisation_id) == []
    assert submission_counts(user=cast.bob) == {"received": 2, "declined": 1}
    assert reviewer_open_load(user=cast.bob, reviewer_ids=[cast.bob.pk]) == {cast.bob.pk: 1}
    # Nobody outside Borealis reads its counts, not even the partner the cast shares.
    assert submission_counts(user=cast.alice) == {}
    assert reviewer_open_load(user=cast.alice, reviewer_ids=[cast.bob.pk]) == {}


def test_the_queue_length_reads_the_kept_counts_and_agrees_with_its_rows(cast, portal) -> None:
    made = _received(portal, 4, timezone.now() - datetime.timedelta(days=9), 2)
    services.submission_decide(
        actor=cast.bob,
        submission=made[0],
        outcome="declined",
        reasons=["too_early"],
        feedback=FEEDBACK,
    )
    for filters in (
        QueueFilters(include_decided=False),
        QueueFilters(),
        QueueFilters(status=["declined"]),
    ):
        with CaptureQueriesContext(connection) as read:
            length = len(submission_queue(user=cast.bob, filters=filters))
        assert not any("COUNT(" in q["sql"].upper() for q in read.captured_queries)
        assert length == len(list(submission_queue(user=cast.bob, filters=filters)))
    assert len(submission_queue(user=cast.bob, filters=QueueFilters(include_decided=False))) == 3
    # A search narrows it beyond the statuses: then the rows are counted.
    searched = submission_queue(user=cast.bob, filters=QueueFilters(search=made[1].reference))
    assert len(searched) == 1


def test_an_internal_programme_joins_the_queue_but_not_the_statistics(cast, portal) -> None:
    _received(portal, 2, timezone.now() - datetime.timedelta(days=3), 1)
    before = portal_statistics(portal)
    services.internal_programme_add(actor=cast.bob, data=_data(99, "oncology"))
    programme = Submission.objects.unscoped().get(is_internal=True)
    assert programme.queue_key is not None
    assert programme.pk in [r.submission.pk for r in submission_queue(user=cast.bob)]
    assert portal_statistics(portal) == before


def test_the_statistics_read_as_many_queries_for_a_year_of_submissions_as_for_a_week(
    cast, portal
) -> None:
    recent = _received(portal, 2, timezone.now() - datetime.timedelta(days=7), 1)
    services.message_post(actor=cast.bob, submission=recent[0], body="Thank you.")
    services.submission_decide(
        actor=cast.bob,
        submission=recent[1],
        outcome="declined",
        reasons=["ip_unclear"],
        feedback=FEEDBACK,
    )
    portal = Portal.objects.unscoped().select_related("organisation").get(pk=portal.pk)
    with CaptureQueriesContext(connection) as week:
        assert portal_statistics(portal).total == 2
    _lives(cast, _received(portal, 20, timezone.now() - datetime.timedelta(days=400)))
    with CaptureQueriesContext(connection) as year:
        assert portal_statistics(portal).total == 22
    assert len(year) == len(week) <= 5


def test_a_waiting_submission_is_merged_into_the_queue_by_its_running_deadline(
    cast, portal
) -> None:
    """A paused clock moves its deadline on: the same queue read two months later puts the
    waiting submission last, and every page of it agrees with clock.next_deadline."""
    made = _received(portal, 6, timezone.now() - datetime.timedelta(days=51), days_apart=10)
    for submission in made[1:]:
        with clock.moved_to(submission.submitted_at + datetime.timedelta(hours=2)):
            services.message_post(actor=cast.bob, submission=submission, body="Thank you.")
    with clock.moved_to(made[0].submitted_at + datetime.timedelta(days=45)):
        services.submission_request_info(actor=cast.bob, submission=made[0], question="Tox?")
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    orders = []
    for later in (0, 60):
        with clock.moved_to(timezone.now() + datetime.timedelta(days=later)):
            every = Submission.objects.unscoped().filter(organisation=portal.organisation)
            expected = sorted(
                every, key=lambda s: (portal_clock.next_deadline(s, portal) or far, s.pk)
            )
            queue = submission_queue(user=cast.bob)
            pages = [r.submission.pk for i in range(0, len(queue), 2) for r in queue[i : i + 2]]
            assert pages == [s.pk for s in expected]
            assert [queue[i].submission.pk for i in range(len(queue))] == pages
            orders.append(pages)
    assert orders[0].index(made[0].pk) < orders[1].index(made[0].pk) == 5, orders


def test_owned_by_reads_what_the_portal_received_never_what_its_organisation_sent(
    cast, portal
) -> None:
    """The scope the statistics and the funnel read through, with no signed-in reader."""
    made = _received(portal, 2, timezone.now() - datetime.timedelta(days=2), 1)
    alice_org = cast.alice.membership.organisation
    Submission.objects.unscoped().filter(pk=made[0].pk).update(submitter_organisation=alice_org)
    received = Submission.objects.owned_by(portal.organisation_id)
    assert sorted(received.values_list("pk", flat=True)) == sorted(s.pk for s in made)
    # Alice's biotech sent one: she reads it, but it is not hers to publish or count.
    assert list(Submission.objects.visible_to(cast.alice).values_list("pk", flat=True)) == [
        made[0].pk
    ]
    assert not Submission.objects.owned_by(alice_org).exists()
    assert SubmissionDay.objects.owned_by(portal.organisation).exists()
    assert not SubmissionDay.objects.owned_by(alice_org).exists()
    # Rows reached through an alliance or a reader's own view of them have no single owner.
    with pytest.raises(ImproperlyConfigured):
        Message.objects.owned_by(portal.organisation_id)
