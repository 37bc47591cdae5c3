"""What is kept of the portal's submissions for the queue and the statistics, refreshed with every
change to a submission: its answer times, its place in the queue, its day's statistics."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from concord.core import clock
from concord.portal.models import Submission, SubmissionDay, SubmissionMonth
from concord.portal.selectors.queue import queue_key
from concord.portal.selectors.statistics import Figures, figures_by_day, lag, next_month
from concord.portal.services.funnel import funnel_kept_refresh, funnel_rebuild
from concord.portal.services.queue_counts import queue_counts_rebuild, queue_counts_refresh

# The portals whose kept rows wait for kept_refresh_deferred's rebuild (None: refresh at once).
_deferred: ContextVar[set[int] | None] = ContextVar("portal_kept_deferred", default=None)


def submission_kept_refresh(submission: Submission) -> None:
    """Bring what is kept of `submission` up to date: the queue's counts by status and its
    reviewers' loads, its answer times, its queue key and the statistics of the day it was
    received on.

    Called last by every service that changes a submission or its reviews, inside its
    transaction. It locks the submission, the count and load rows it moves, the funnel's row,
    then that day's row and its month's (the last locks a portal service takes, see "Row locks
    and their order" in ARCHITECTURE.md), then reads the day again: a concurrent change to the
    same day either committed before the lock was granted, and is read, or refreshes the day
    again after this one commits, so the last refresh always sees every change.

    Inside kept_refresh_deferred it only notes the portal, whose kept rows are rebuilt once at
    the end of the block.
    """
    deferred = _deferred.get()
    if deferred is not None:
        deferred.add(submission.organisation_id)
        return
    queue_counts_refresh(submission)
    Submission.objects.unscoped().filter(pk=submission.pk).update(**_KEPT_COLUMNS())
    if submission.is_internal:
        return  # internal programmes stay out of the statistics
    funnel_kept_refresh(submission)
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
    _month_refresh(submission.organisation_id, day.replace(day=1))


@contextmanager
def kept_refresh_deferred() -> Iterator[None]:
    """Keep nothing per change within the block, then rebuild what is kept of every portal whose
    submissions changed: its queue counts and loads, funnel, kept columns, days and months.

    For writing a portal's history in one go (the demo's eighteen months): the rebuild works out
    what the refreshes would have kept, with a few queries per portal instead of some fifteen
    per change. Run it inside the writing transaction and with nobody else writing the same
    portals: nothing kept is in step until the block ends, and nothing in it may read the kept
    rows (the queue's order and counts, the statistics, the funnel).
    """
    touched: set[int] = set()
    token = _deferred.set(touched)
    try:
        yield
    finally:
        _deferred.reset(token)
    for organisation_id in sorted(touched):
        queue_counts_rebuild(organisation_id)
        funnel_rebuild(organisation_id)
        portal_statistics_rebuild(organisation_id)


def _month_refresh(organisation_id: int, month: datetime.date) -> None:
    """Add up the month's kept days again, under the month's row lock (taken after the day's:
    a concurrent change to another day of the month refreshes the month after this commits)."""
    SubmissionMonth.objects.unscoped().bulk_create(
        [SubmissionMonth(organisation_id=organisation_id, month=month)], ignore_conflicts=True
    )
    kept = (
        SubmissionMonth.objects.unscoped()
        .select_for_update(of=("self",))
        .get(organisation_id=organisation_id, month=month)
    )
    days = SubmissionDay.objects.unscoped().filter(
        organisation_id=organisation_id, day__gte=month, day__lt=next_month(month)
    )
    kept.figures = Figures.from_days(days.values_list("figures", flat=True)).to_json()
    kept.save(update_fields=["figures"])


@transaction.atomic
def portal_statistics_rebuild(organisation_id: int) -> int:
    """Work out every day's and month's statistics of a portal again, from its submissions;
    returns the days.

    For when many submissions change at once (the service levels, and so every deadline) and
    for data written around the services (an import, the benchmark's generator).
    """
    days = statistics_days_rebuild(organisation_id)
    statistics_months_rebuild(organisation_id)
    return days


def statistics_days_rebuild(organisation_id: int) -> int:
    """The kept columns and days of portal_statistics_rebuild (the months are added up from them)."""
    received = Submission.objects.unscoped().filter(organisation_id=organisation_id)
    received.update(**_KEPT_COLUMNS())
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


def statistics_months_rebuild(organisation_id: int) -> int:
    """Add up every month of a portal's kept days again; returns the months."""
    by_month: dict[datetime.date, list[dict[str, Any]]] = {}
    days = SubmissionDay.objects.unscoped().filter(organisation_id=organisation_id)
    for day, figures in days.order_by("day").values_list("day", "figures"):
        by_month.setdefault(day.replace(day=1), []).append(figures)
    SubmissionMonth.objects.unscoped().filter(organisation_id=organisation_id).delete()
    SubmissionMonth.objects.unscoped().bulk_create(
        [
            SubmissionMonth(
                organisation_id=organisation_id,
                month=month,
                figures=Figures.from_days(figures).to_json(),
            )
            for month, figures in by_month.items()
        ],
        batch_size=500,
    )
    return len(by_month)


def _KEPT_COLUMNS() -> dict[str, Any]:
    """The kept columns and how SQL works each out from the submission's own columns."""
    return {
        "first_response_lag": lag("first_response_at"),
        "decision_lag": lag("decided_at"),
        "queue_key": queue_key(),
    }


def _kept(organisation_id: int) -> QuerySet[Submission]:
    """The submissions whose figures are kept by day: external ones not waiting on a reply."""
    return Submission.objects.unscoped().filter(
        organisation_id=organisation_id, is_internal=False, paused_since__isnull=True
    )
