"""The queue and the statistics are worked out in SQL; they must say what the clock says.

Each test builds submissions whose answers fall on, just inside and just outside their due
dates (in several time zones, across daylight-saving changes, with pauses over and still
running), then checks the selectors against the obvious Python reading of clock.py.
"""

from __future__ import annotations

import datetime
import random
import statistics
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.portal import clock, services
from concord.portal.models import Criterion, DeclineReason, Portal, Submission
from concord.portal.selectors import QueueFilters, portal_statistics, submission_queue
from conftest import colleague

ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC"]


def _data(n: int, area: str) -> dict:
    return {
        "contact_name": "Nora Quist",
        "contact_email": f"nora{n}@quist{n}.test",
        "submitter_organisation_name": f"Quist {n}",
        "asset_name": f"QB-{n}",
        "modality": "antibody",
        "therapeutic_area": area,
        "indication": "Triple-negative breast cancer",
        "stage": "preclinical",
        "mechanism": "Anti-TROP2 bispecific",
        "differentiation": "Better.",
        "data_summary": "In vivo efficacy.",
        "ip_status": "Filed.",
        "deal_type": "licence",
        "attested_non_confidential": True,
    }


@pytest.fixture
def portal(cast) -> Portal:
    return services.portal_save(actor=cast.bob, slug="borealis", nih_threshold="1.00")


def _scores(value: int) -> dict:
    return {c: {"score": value, "comment": "Seen."} for c in Criterion.values}


def _edgy_submissions(portal: Portal, rng: random.Random, count: int = 60) -> list[Submission]:
    """Submissions answered around their due dates, some paused, some decided, some open."""
    now = timezone.now()
    made = []
    for n in range(count):
        area = rng.choice(["oncology", "neuroscience", "rare"])
        submission = services.submission_create(portal=portal, data=_data(n, area)).submission
        submitted = now - datetime.timedelta(days=rng.uniform(1, 500), seconds=rng.random())
        # Some submitted around a daylight-saving change (late March or late October).
        if n % 7 == 0:
            year = rng.choice([2025, 2026])
            day = datetime.datetime(year, rng.choice([3, 10]), 26, tzinfo=datetime.UTC)
            submitted = day + datetime.timedelta(hours=rng.uniform(0, 96))
            submitted = min(submitted, now - datetime.timedelta(days=1))
        paused = rng.choice([0, 0, 0, 3600, 86400 * 3 + 17])
        fields: dict[str, Any] = {
            "submitted_at": submitted,
            "acknowledged_at": submitted,
            "paused_seconds": paused,
            "first_response_at": None,
            "decided_at": None,
            "status": Submission.Status.UNDER_REVIEW,
            "match_score": rng.choice([0, 25, 50, 100]),
        }
        Submission.objects.unscoped().filter(pk=submission.pk).update(**fields)
        submission.refresh_from_db()
        edge = rng.choice(
            [
                datetime.timedelta(0),
                datetime.timedelta(microseconds=1),
                datetime.timedelta(microseconds=-1),
                datetime.timedelta(seconds=1),
                datetime.timedelta(hours=-1),
                datetime.timedelta(hours=1),
                datetime.timedelta(days=-3),
                datetime.timedelta(days=2),
            ]
        )
        kind = n % 5
        if kind in (1, 2, 3):
            first = clock.first_response_due(submission, portal) + edge
            fields = {"first_response_at": min(first, now)}
            if kind in (2, 3):
                submission.first_response_at = fields["first_response_at"]
                decided = clock.decision_due(submission, portal) + rng.choice([edge, -edge])
                if decided < now:
                    fields["decided_at"] = max(decided, fields["first_response_at"])
                    fields["status"] = Submission.Status.DECLINED
                    fields["decline_reasons"] = rng.sample(["too_early", "ip_unclear"], 1)
            Submission.objects.unscoped().filter(pk=submission.pk).update(**fields)
        elif kind == 4 and n % 2:
            # Waiting on the submitter: the clock still running its pause.
            since = now - datetime.timedelta(days=rng.uniform(0, 40))
            Submission.objects.unscoped().filter(pk=submission.pk).update(
                paused_since=since,
                status=Submission.Status.INFO_REQUESTED,
                first_response_at=max(submitted, since),
            )
        made.append(submission)
    # submitted_at was rewritten above, behind the services' back: keep the deadlines in step.
    clock.deadlines_refresh(portal)
    return made


def _reference_statistics(portal: Portal) -> dict:
    """The statistics as the first, all-Python version of the selector worked them out."""
    since = timezone.now() - datetime.timedelta(days=31 * 18)
    rows = list(
        Submission.objects.unscoped()
        .filter(organisation=portal.organisation, is_internal=False, submitted_at__gte=since)
        .select_related("organisation")
    )
    first = [(s, s.first_response_at) for s in rows if s.first_response_at]
    decided = [(s, s.decided_at) for s in rows if s.decided_at]

    def share(values: list[bool]) -> float | None:
        return round(100 * sum(values) / len(values), 1) if values else None

    def median(values: list[float]) -> float | None:
        return round(statistics.median(values), 1) if values else None

    def days(a: datetime.datetime, b: datetime.datetime) -> float:
        return (a - b).total_seconds() / 86400

    return {
        "months": sorted(Counter(s.submitted_at.strftime("%Y-%m") for s in rows).items()),
        "total": len(rows),
        "first_response_on_time_share": share(
            [at <= clock.first_response_due(s, portal) for s, at in first]
        ),
        "decision_on_time_share": share([at <= clock.decision_due(s, portal) for s, at in decided]),
        "median_days_to_first_response": median([days(at, s.submitted_at) for s, at in first]),
        "median_days_to_decision": median([days(at, s.submitted_at) for s, at in decided]),
        "reasons": Counter(r for s in rows for r in s.decline_reasons),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ZONES)
def test_statistics_keep_the_clocks_rules_to_the_microsecond(cast, portal, zone) -> None:
    portal.organisation.time_zone = zone
    portal.organisation.save(update_fields=["time_zone"])
    _edgy_submissions(portal, random.Random(zone))  # noqa: S311 - repeatable test data
    reloaded = Portal.objects.unscoped().select_related("organisation").get(pk=portal.pk)
    # Aggregates: a few queries whatever the number of submissions, none per submission.
    with CaptureQueriesContext(connection) as queries:
        figures = portal_statistics(reloaded)
    assert len(queries) <= 5
    expected = _reference_statistics(portal)
    assert figures.months == expected["months"]
    assert figures.total == expected["total"]
    for name in (
        "first_response_on_time_share",
        "decision_on_time_share",
        "median_days_to_first_response",
        "median_days_to_decision",
    ):
        assert getattr(figures, name) == expected[name], name
    assert dict(figures.decline_reasons) == {
        DeclineReason(r).label: n for r, n in expected["reasons"].items()
    }
    # Not every answer was in time, nor every one late: the edges were exercised.
    assert 0 < (figures.first_response_on_time_share or 0) < 100


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Europe/London", "Pacific/Chatham"])
def test_the_queue_orders_and_flags_as_the_clock_does(cast, portal, zone) -> None:
    portal.organisation.time_zone = zone
    portal.organisation.save(update_fields=["time_zone"])
    rita = colleague(cast.bob, "rita@borealis.test", "Rita", "Rao", "scientist")
    rng = random.Random(f"queue-{zone}")  # noqa: S311 - repeatable test data
    made = _edgy_submissions(portal, rng, count=45)
    scored = 0
    for submission in made[:12]:
        current = Submission.objects.unscoped().get(pk=submission.pk)
        if not current.is_decided:
            services.review_submit(actor=cast.bob, submission=current, scores=_scores(5))
            services.review_submit(actor=rita, submission=current, scores=_scores(3))
            scored += 1
    portal = Portal.objects.unscoped().select_related("organisation").get(pk=portal.pk)
    every = list(
        Submission.objects.unscoped()
        .filter(organisation=portal.organisation)
        .select_related("organisation")
        .order_by("-submitted_at", "-pk")
    )
    now = timezone.now()
    far = datetime.datetime.max.replace(tzinfo=datetime.UTC)

    def deadline(s: Submission) -> datetime.datetime | None:
        return clock.next_deadline(s, portal)

    orders = {
        "deadline": lambda s: (deadline(s) or far, s.pk),
        "-submitted": lambda s: (-s.submitted_at.timestamp(), s.pk),
        "match": lambda s: (-s.match_score, deadline(s) or far),
    }
    for sort, key in orders.items():
        queue = submission_queue(user=cast.bob, filters=QueueFilters(sort=sort))
        assert [r.submission.pk for r in queue] == [s.pk for s in sorted(every, key=key)], sort
        pages = [r.submission.pk for i in range(0, len(queue), 7) for r in queue[i : i + 7]]
        assert pages == [r.submission.pk for r in queue]
        overdue = submission_queue(user=cast.bob, filters=QueueFilters(sort=sort, flag="overdue"))
        expected = [
            s.pk
            for s in sorted(every, key=key)
            if s.paused_since is None and now > (deadline(s) or far)
        ]
        assert [r.submission.pk for r in overdue] == expected
        assert expected, "some submissions are overdue"
    flagged = submission_queue(user=cast.bob, filters=QueueFilters(flag="nih"))
    assert scored and len(flagged) == scored and all(r.nih for r in flagged)
    assert submission_queue(user=cast.bob, filters=QueueFilters(flag="nih", mine=True))[:] == []
    last = sorted(every, key=orders["deadline"])[-1]
    assert submission_queue(user=cast.bob)[-1].submission.pk == last.pk
