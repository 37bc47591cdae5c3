"""The triage queue's kept counts: received submissions by status, and each reviewer's open load.

Counting either live reads every submission ever received (the status index) or every open one
with its assignments, both of which grow with the portal. So the services keep them, as they
keep the statistics' days: a submission is counted under `Submission.counted_status`, and the
transaction that changes its status moves it, and its reviewers' loads, from one row to another.
`queue_counts_rebuild` works them out again for data written around the services, and
`queue_counts_verify` says where kept and live differ.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TypeVar

from django.db.models import Count, F

from concord.orgs.models import User
from concord.portal.models import ReviewerLoad, Submission, SubmissionCount
from concord.portal.selectors.queue import OPEN_STATUSES

# A kept count row, and what tells its rows apart: a status (str) or a reviewer's id (int).
KeptRow = TypeVar("KeptRow", SubmissionCount, ReviewerLoad)
RowKey = TypeVar("RowKey", str, int)

Assignment = Submission.reviewers.through


def _is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def queue_counts_refresh(submission: Submission) -> None:
    """Count the submission under the status it has now, and its reviewers' loads with it.

    Called first by submission_kept_refresh, inside the service's transaction. It locks the
    submission's row (the service that changed it holds that lock already) and reads the status
    it is counted under, so two changes to one submission move it one after the other; then the
    count rows it leaves and enters, by status, then its reviewers' load rows, by reviewer: the
    lock order in ARCHITECTURE.md ("Row locks and their order").
    """
    status, counted = (
        Submission.objects.unscoped()
        .select_for_update(of=("self",))
        .values_list("status", "counted_status")
        .get(pk=submission.pk)
    )
    if status == counted:
        return
    moves = {status: 1} | ({counted: -1} if counted else {})
    _add(SubmissionCount, submission.organisation_id, "status", "count", moves)
    if _is_open(counted) != _is_open(status):
        reviewers = Assignment.objects.filter(submission_id=submission.pk).values_list(
            "user_id", flat=True
        )
        step = 1 if _is_open(status) else -1
        reviewer_loads_add(submission.organisation_id, dict.fromkeys(reviewers, step))
    Submission.objects.unscoped().filter(pk=submission.pk).update(counted_status=status)


def submissions_lock_for_assignment(
    submissions: Iterable[Submission], reviewers: Iterable[User]
) -> dict[int, int]:
    """Lock the submissions about to be assigned (by id, the one order two assignments take)
    and say how many open ones each reviewer will newly be assigned: the loads to add once
    the assignments are written (reviewer_loads_add)."""
    ids = sorted({s.pk for s in submissions})
    people = [r.pk for r in reviewers]
    locked = (
        Submission.objects.unscoped()
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "counted_status")
    )
    open_ids = [pk for pk, counted in locked if _is_open(counted)]
    already = set(
        Assignment.objects.filter(submission_id__in=open_ids, user_id__in=people).values_list(
            "submission_id", "user_id"
        )
    )
    return dict(
        Counter(person for pk in open_ids for person in people if (pk, person) not in already)
    )


def reviewer_loads_add(organisation_id: int, steps: Mapping[int, int]) -> None:
    """Add to reviewers' open loads (reviewer id → how many more, or fewer)."""
    _add(ReviewerLoad, organisation_id, "reviewer_id", "open_count", steps)


def _add(
    model: type[KeptRow],
    organisation_id: int,
    key: str,
    field: str,
    steps: Mapping[RowKey, int],
) -> None:
    """Add each step to its row, creating the rows missing, locking them in the order of key."""
    keys = sorted(k for k, step in steps.items() if step)
    if not keys:
        return
    model.objects.unscoped().bulk_create(
        [model(organisation_id=organisation_id, **{key: k}) for k in keys], ignore_conflicts=True
    )
    for k in keys:
        model.objects.unscoped().filter(organisation_id=organisation_id, **{key: k}).update(
            **{field: F(field) + steps[k]}
        )


def queue_counts_rebuild(organisation_id: int) -> int:
    """Count a portal's received submissions by status, and its reviewers' open loads, again;
    returns the rows written. For data written around the services (an import, the
    benchmark's generator, the rebuild after a migration that began keeping them), not beside
    live writes."""
    received = Submission.objects.owned_by(organisation_id)
    received.exclude(counted_status=F("status")).update(counted_status=F("status"))
    by_status, loads = _live(organisation_id)
    SubmissionCount.objects.owned_by(organisation_id).delete()
    SubmissionCount.objects.bulk_create(
        SubmissionCount(organisation_id=organisation_id, status=s, count=n)
        for s, n in by_status.items()
    )
    ReviewerLoad.objects.owned_by(organisation_id).delete()
    ReviewerLoad.objects.bulk_create(
        ReviewerLoad(organisation_id=organisation_id, reviewer_id=r, open_count=n)
        for r, n in loads.items()
    )
    return len(by_status) + len(loads)


def queue_counts_verify(organisation_id: int) -> list[str]:
    """Where the kept counts differ from counting every submission again (none: they agree)."""
    by_status, loads = _live(organisation_id)
    kept_status = dict(
        SubmissionCount.objects.owned_by(organisation_id).values_list("status", "count")
    )
    kept_loads = dict(
        ReviewerLoad.objects.owned_by(organisation_id).values_list("reviewer_id", "open_count")
    )
    problems = [
        f"status {s}: kept {kept_status.get(s, 0)}, counted {by_status.get(s, 0)}"
        for s in sorted(set(by_status) | set(kept_status))
        if kept_status.get(s, 0) != by_status.get(s, 0)
    ]
    problems += [
        f"reviewer {r}: kept {kept_loads.get(r, 0)} open, counted {loads.get(r, 0)}"
        for r in sorted(set(loads) | set(kept_loads))
        if kept_loads.get(r, 0) != loads.get(r, 0)
    ]
    uncounted = (
        Submission.objects.owned_by(organisation_id).exclude(counted_status=F("status")).count()
    )
    if uncounted:
        problems.append(f"{uncounted} submission(s) counted under another status")
    return problems


def _live(organisation_id: int) -> tuple[dict[str, int], dict[int, int]]:
    """The counts by status and the open loads, read from every submission."""
    received = Submission.objects.owned_by(organisation_id).order_by()
    by_status = dict(received.values_list("status").annotate(n=Count("*")))
    open_ones = received.filter(status__in=OPEN_STATUSES).values("pk")
    loads = dict(
        Assignment.objects.filter(submission_id__in=open_ones)
        .order_by()
        .values_list("user_id")
        .annotate(n=Count("*"))
    )
    return by_status, loads
