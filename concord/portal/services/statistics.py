"""The portal's statistics kept by day: refreshed with every change to a submission."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet

from concord.core import clock
from concord.portal.models import Submission, SubmissionDay
from concord.portal.selectors.statistics import Figures, figures_by_day, lag


def submission_day_refresh(submission: Submission) -> None:
    """Bring the statistics of the day `submission` was received on up to date.

    Called last by every service that changes a submission or its reviews, inside its
    transaction. It locks that day's row (the last lock a portal service takes, see "Row locks
    and their order" in ARCHITECTURE.md), then reads the day again: a concurrent change to the
    same day either committed before the lock was granted, and is read, or refreshes the day
    again after this one commits, so the last refresh always sees every change.
    """
    if submission.is_internal:
        return
    Submission.objects.unscoped().filter(pk=submission.pk).update(
        first_response_lag=lag("first_response_at"), decision_lag=lag("decided_at")
    )
    day = submission.submitted_at.astimezone(datetime.UTC).date()
    SubmissionDay.objects.unscoped().bulk_create(
        [SubmissionDay(organisation_id=submission.organisation_id, day=day)],
        ignore_conflicts=True,
    )
    kept = (
        SubmissionDay.objects.unscoped()
        .select_for_update(of=("self",))
        .get(organisation_id=submission.organisation_id, day=day)
    )
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
    received = _kept(submission.organisation_id).filter(
        submitted_at__gte=start, submitted_at__lt=start + datetime.timedelta(days=1)
    )
    figures = figures_by_day(received, clock.now()).get(day.isoformat(), Figures())
    kept.figures = figures.to_json()
    kept.save(update_fields=["figures"])


@transaction.atomic
def portal_statistics_rebuild(organisation_id: int) -> int:
    """Work out every day's statistics of a portal again, from its submissions; returns the days.

    For when many submissions change at once (the service levels, and so every deadline) and
    for data written around the services (an import, the benchmark's generator).
    """
    received = Submission.objects.unscoped().filter(organisation_id=organisation_id)
    received.update(first_response_lag=lag("first_response_at"), decision_lag=lag("decided_at"))
    days = figures_by_day(_kept(organisation_id), clock.now())
    SubmissionDay.objects.unscoped().filter(organisation_id=organisation_id).delete()
    SubmissionDay.objects.unscoped().bulk_create(
        [
            SubmissionDay(
                organisation_id=organisation_id,
                day=datetime.date.fromisoformat(day),
                figures=figures.to_json(),
            )
            for day, figures in days.items()
        ],
        batch_size=500,
    )
    return len(days)


def _kept(organisation_id: int) -> QuerySet[Submission]:
    """The submissions whose figures are kept by day: external ones not waiting on a reply."""
    return Submission.objects.unscoped().filter(
        organisation_id=organisation_id, is_internal=False, paused_since__isnull=True
    )
