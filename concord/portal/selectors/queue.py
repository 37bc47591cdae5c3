"""The receiving team's triage queue: filters, rows, deadlines and the order, and the counts for its tabs."""

from __future__ import annotations

import bisect
import datetime
import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.portal.clock import next_deadline
from concord.portal.models import (
    Portal,
    Review,
    ReviewerLoad,
    Submission,
    SubmissionCount,
)
from concord.portal.selectors._common import (
    EpochSeconds,
    Microseconds,
    _track_averages,
    is_not_invented_here,
    pause_running,
)
from concord.portal.selectors.portals import own_portal

DUE_SOON = datetime.timedelta(days=7)


@dataclass
class QueueFilters:
    """What the triage queue is narrowed and ordered by."""

    search: str = ""
    status: list[str] = field(default_factory=list)
    therapeutic_area: list[str] = field(default_factory=list)
    reviewer: int | None = None
    mine: bool = False
    flag: str = ""  # "overdue", "due_soon", "nih"
    sort: str = "deadline"
    # Decided submissions; the queue page hides them until asked (see QueueFilterForm), and a
    # status filter shows what it names whatever this says.
    include_decided: bool = True
    request: int | None = None  # responses to one request for partners


def received_submissions(*, user: Any) -> QuerySet[Submission]:
    """Submissions the user's organisation received (never those it sent)."""
    return Submission.objects.visible_to(user).filter(organisation=organisation_of(user))


def sent_submissions(*, user: Any) -> QuerySet[Submission]:
    """Submissions the user's organisation sent to portals, with an account."""
    return (
        Submission.objects.visible_to(user)
        .filter(submitter_organisation=organisation_of(user))
        .select_related("organisation")
    )


def submission_queue(
    *, user: Any, filters: QueueFilters | None = None, counts: dict[str, int] | None = None
) -> SubmissionQueue:
    """The triage queue: received submissions with deadline, flags and match, ordered by deadline.

    A sequence of QueueRow, read lazily: its length and each page come from a handful of queries
    whatever the number of submissions, and only the rows of the page asked for are built. The
    default order reads the kept queue key through an index; only the submissions waiting on
    their submitter are ordered in Python (see SubmissionQueue). When only statuses narrow it,
    its length is the kept counts' (`counts`, as submission_counts reads them, if the caller
    has them), not a count of the index.
    """
    filters = filters or QueueFilters()
    portal = own_portal(user=user)
    if portal is None:
        return SubmissionQueue.empty()
    submissions = received_submissions(user=user)
    if filters.search.strip():
        term = filters.search.strip()
        # In a blind first pass the submitter's name is hidden, so it cannot be searched either:
        # a search would confirm who sent what.
        by_submitter = (
            Q() if portal.blind_first_pass else Q(submitter_organisation_name__icontains=term)
        )
        submissions = submissions.filter(
            Q(reference__icontains=term)
            | Q(asset_name__icontains=term)
            | Q(indication__icontains=term)
            | by_submitter
            | Q(mechanism__icontains=term)
        )
    if filters.status:
        submissions = submissions.filter(status__in=filters.status)
    elif not filters.include_decided:
        submissions = submissions.exclude(status__in=Submission.DECIDED)
    if filters.therapeutic_area:
        submissions = submissions.filter(therapeutic_area__in=filters.therapeutic_area)
    if filters.request:
        submissions = submissions.filter(request_id=filters.request)
    if filters.mine:
        submissions = submissions.filter(reviewers=user)
    elif filters.reviewer:
        submissions = submissions.filter(reviewers__pk=filters.reviewer)
    queue = SubmissionQueue.build(portal, submissions, filters)
    if queue.listed is not None and not _narrowed(filters):
        counts = submission_counts(user=user) if counts is None else counts
        queue.known_length(sum(counts.get(status, 0) for status in _shown(filters)))
    return queue


def _narrowed(filters: QueueFilters) -> bool:
    """Whether anything but statuses narrows the queue (then its length is counted)."""
    return bool(
        filters.search.strip()
        or filters.therapeutic_area
        or filters.request
        or filters.mine
        or filters.reviewer
        or filters.flag
    )


def _shown(filters: QueueFilters) -> set[str]:
    """The statuses the queue shows: those asked for, else all but the decided unless asked."""
    if filters.status:
        return set(filters.status)
    shown = set(Submission.Status.values)
    return shown if filters.include_decided else shown - set(Submission.DECIDED)


@dataclass
class QueueRow:
    """One submission in the queue, with what the team must know at a glance."""

    submission: Submission
    deadline: datetime.datetime | None
    overdue: bool
    due_soon: bool
    bd_score: Decimal | None
    rnd_score: Decimal | None
    nih: bool

    @property
    def days_overdue(self) -> int:
        """Whole days since the deadline passed (0 when not overdue)."""
        if not self.overdue or self.deadline is None:
            return 0
        return max(0, (clock.now() - self.deadline).days)


def _queue_row(submission: Submission, portal: Portal, now: datetime.datetime) -> QueueRow:
    deadline = next_deadline(submission, portal)
    bd, rnd = _track_averages(list(submission.reviews.all()))
    return QueueRow(
        submission=submission,
        deadline=deadline,
        overdue=deadline is not None and submission.paused_since is None and now > deadline,
        due_soon=deadline is not None and now <= deadline <= now + DUE_SOON,
        bd_score=bd,
        rnd_score=rnd,
        nih=is_not_invented_here(submission, portal, bd, rnd),
    )


def _deadline_key(now: datetime.datetime) -> Case:
    """clock.next_deadline in whole seconds since 1970, in SQL; NULL once decided.

    The kept deadline of the current stage, plus the paused seconds, plus a pause still running
    counted in whole seconds as clock.paused_for truncates it. Exact: the deadlines fall on a
    whole second (23:59:59 local, plus whole seconds), so integers compare them without rounding.
    """
    base = Case(
        When(first_response_at__isnull=True, then=F("first_response_due")),
        default=F("decision_due"),
    )
    running = pause_running(now)
    return Case(
        When(status__in=Submission.DECIDED, then=Value(None)),
        default=EpochSeconds(base) + F("paused_seconds") + running,
        output_field=BigIntegerField(),
    )


def _with_deadlines(submissions: QuerySet[Submission], now: datetime.datetime) -> QuerySet[Any]:
    """Submissions with `_deadline` (see _deadline_key) and `_decided`, for filters and order."""
    decided = Case(
        When(status__in=Submission.DECIDED, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return submissions.alias(_pause_us=Microseconds("paused_since")).alias(
        _deadline=_deadline_key(now), _decided=decided
    )


def _ceil_seconds(moment: datetime.datetime) -> int:
    whole = int(moment.timestamp() // 1)
    return whole + (1 if moment.microsecond else 0)


def queue_key() -> Case:
    """Submission.queue_key as SQL works it out from the submission's own columns.

    For an open submission not waiting on its submitter it is _deadline_key (no pause running),
    so the default order reads the (organisation, queue_key) index instead of sorting every row.
    """
    base = Case(
        When(first_response_at__isnull=True, then=F("first_response_due")),
        default=F("decision_due"),
    )
    return Case(
        When(status__in=Submission.DECIDED, then=Value(Submission.QUEUE_DECIDED) + F("pk")),
        When(paused_since__isnull=False, then=Value(None)),
        default=EpochSeconds(base) + F("paused_seconds"),
        output_field=BigIntegerField(),
    )


# How each sort orders the queue: open submissions by their deadline, decided ones (no
# deadline) after them; ties by id, or (by match) newest first as the model orders them. The
# default ("deadline") reads the kept queue_key instead (see SubmissionQueue.by_deadline).
QUEUE_ORDER = {
    "deadline": ("_decided", "_deadline", "pk"),
    "-submitted": ("-submitted_at", "pk"),
    "match": ("-match_score", "_decided", "_deadline", "-submitted_at", "-pk"),
}


class SubmissionQueue(Sequence[QueueRow]):
    """The queue as a lazy sequence of QueueRow: len() and slices cost a few queries each.

    The order is an ordered queryset (`listed`), merged with a short list of (deadline, id) of
    the submissions waiting on their submitter (`waiting`), whose deadlines a running pause moves
    and which are therefore ordered as they are read. A page is then the ordered queryset's
    (key, id) up to the page's end, merged with the waiting ones in Python, and the rows, their
    reviewers and their reviews: a handful of queries whatever the number of submissions.
    """

    def __init__(
        self,
        portal: Portal | None,
        listed: QuerySet[Submission] | None = None,
        waiting: list[tuple[int, int]] | None = None,
    ) -> None:
        self.portal, self.listed, self.waiting = portal, listed, waiting or []
        self.now = clock.now()
        self._length: int | None = None

    def known_length(self, length: int) -> None:
        """The queue's length, known from the kept counts: len() reads nothing then."""
        self._length = length

    @classmethod
    def empty(cls) -> SubmissionQueue:
        return cls(None)

    @classmethod
    def build(
        cls, portal: Portal, submissions: QuerySet[Submission], filters: QueueFilters
    ) -> SubmissionQueue:
        now = clock.now()
        if filters.flag not in ("", "overdue", "due_soon", "nih"):
            return cls(portal)
        if filters.flag == "nih":
            submissions = submissions.filter(pk__in=_not_invented_here(portal, submissions))
        if filters.sort in ("deadline", "") or filters.sort not in QUEUE_ORDER:
            open_only = not _shown(filters) & set(Submission.DECIDED)
            return cls.by_deadline(portal, submissions, filters.flag, now, open_only=open_only)
        rows = _with_deadlines(submissions, now)
        if filters.flag == "overdue":
            rows = rows.filter(paused_since__isnull=True, _deadline__lt=_ceil_seconds(now))
        elif filters.flag == "due_soon":
            latest = int(now.timestamp() // 1) + int(DUE_SOON.total_seconds())
            rows = rows.filter(_deadline__gte=_ceil_seconds(now), _deadline__lte=latest)
        return cls(portal, rows.order_by(*QUEUE_ORDER[filters.sort]))

    @classmethod
    def by_deadline(
        cls,
        portal: Portal,
        submissions: QuerySet[Submission],
        flag: str,
        now: datetime.datetime,
        open_only: bool = False,
    ) -> SubmissionQueue:
        """Soonest deadline first, decided ones last: the kept queue_key, and the waiting few.

        With `open_only` (no decided submission can match) the keys stop below QUEUE_DECIDED,
        so the queue's length counts the open submissions' index entries, not every one's.
        """
        keyed = submissions.filter(queue_key__isnull=False)
        if open_only:
            keyed = keyed.filter(queue_key__lt=Submission.QUEUE_DECIDED)
        # Unordered: the default order (by arrival) would lead SQLite past the queue_key index.
        waiting = _with_deadlines(submissions.filter(queue_key__isnull=True).order_by(), now)
        soon = _ceil_seconds(now)
        if flag == "overdue":  # a paused clock is never overdue
            keyed, waiting = keyed.filter(queue_key__lt=soon), waiting.none()
        elif flag == "due_soon":
            latest = int(now.timestamp() // 1) + int(DUE_SOON.total_seconds())
            keyed = keyed.filter(queue_key__gte=soon, queue_key__lte=latest)
            waiting = waiting.filter(_deadline__gte=soon, _deadline__lte=latest)
        far = Submission.QUEUE_DECIDED  # a deadline that cannot be worked out sorts last
        paused = sorted(
            (deadline if deadline is not None else far, pk)
            for deadline, pk in waiting.annotate(_at=F("_deadline")).values_list("_at", "pk")
        )
        return cls(portal, keyed.order_by("queue_key", "pk"), paused)

    def __len__(self) -> int:
        if self._length is None:
            counted = self.listed.count() if self.listed is not None else 0
            self._length = counted + len(self.waiting)
        return self._length

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[QueueRow]:
        for start in range(0, len(self), 500):
            yield from self[start : start + 500]

    @overload
    def __getitem__(self, index: int) -> QueueRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[QueueRow]: ...

    def __getitem__(self, index: int | slice) -> QueueRow | list[QueueRow]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            rows = self._rows(start, max(start, stop))
            return rows[::step] if step != 1 else rows
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError("queue index out of range")
        return self._rows(position, position + 1)[0]

    def _ids(self, start: int, stop: int) -> list[int]:
        """The ids at positions start to stop of the queue."""
        if self.listed is None or start >= stop:
            return [pk for _, pk in self.waiting[start:stop]]
        if not self.waiting:
            return list(self.listed.values_list("pk", flat=True)[start:stop])
        # At most len(waiting) of the first `start` places are waiting ones, so the ordered
        # rows before `skipped` all come before the page.
        skipped = max(0, start - len(self.waiting))
        keyed = list(self.listed.values_list("queue_key", "pk")[skipped:stop])
        before = bisect.bisect_left(self.waiting, keyed[0]) if keyed else len(self.waiting)
        merged = list(heapq.merge(keyed, self.waiting[before:]))
        at = skipped + before  # the place of merged[0] in the queue
        if skipped == 0:
            merged, at = self.waiting[:before] + merged, 0
        return [pk for _, pk in merged[start - at : stop - at]]

    def _rows(self, start: int, stop: int) -> list[QueueRow]:
        """Rows start to stop of the queue, in order."""
        order = self._ids(start, stop)
        if not order or self.portal is None:
            return []
        # By id alone: the ids come from the queue's scoped read. Naming the organisation here
        # (owned_by) leads SQLite down the organisation's arrival index, past every submission.
        found = {
            s.pk: s
            for s in Submission.objects.unscoped()
            .filter(pk__in=order)
            .select_related("organisation", "escalated_to", "request")
            .prefetch_related(
                "reviewers",
                Prefetch(
                    "reviews",
                    queryset=Review.objects.unscoped().only(
                        "submission_id", "track", "weighted_score"
                    ),
                ),
            )
        }
        return [_queue_row(found[pk], self.portal, self.now) for pk in order if pk in found]


def _not_invented_here(portal: Portal, submissions: QuerySet[Submission]) -> list[int]:
    """Ids of the external submissions R&D scored well below BD, exactly as
    is_not_invented_here() reckons it on the rounded track averages.

    SQL narrows them down with a little slack (its averages are floating point on SQLite); the
    rounded averages then decide, from each track's exact sum and count.
    """
    bd, rnd = Q(reviews__track=Review.Track.BD), Q(reviews__track=Review.Track.RND)
    slack = portal.nih_threshold - Decimal("0.02")
    rows = (
        submissions.filter(is_internal=False)
        .order_by()
        .annotate(
            _bd_sum=Sum("reviews__weighted_score", filter=bd, output_field=FloatField()),
            _bd_n=Count("reviews", filter=bd),
            _rnd_sum=Sum("reviews__weighted_score", filter=rnd, output_field=FloatField()),
            _rnd_n=Count("reviews", filter=rnd),
        )
        .filter(_bd_n__gt=0, _rnd_n__gt=0)
        .alias(
            _gap=ExpressionWrapper(
                F("_bd_sum") / F("_bd_n") - F("_rnd_sum") / F("_rnd_n"),
                output_field=FloatField(),
            )
        )
        .filter(_gap__gte=float(slack))
        .values_list("pk", "_bd_sum", "_bd_n", "_rnd_sum", "_rnd_n")
    )

    def mean(total: Any, n: int) -> Decimal:
        exact = Decimal(str(total)).quantize(Decimal("0.01"))  # sums of two-decimal scores
        return (exact / n).quantize(Decimal("0.01"))

    return [
        row[0]
        for row in rows
        if mean(row[-4], row[-3]) - mean(row[-2], row[-1]) >= portal.nih_threshold
    ]


def submission_counts(*, user: Any) -> dict[str, int]:
    """How many received submissions are in each status, for the queue's tabs and its length:
    the kept counts (services/queue_counts.py), one row per status."""
    rows = SubmissionCount.objects.visible_to(user)  # the organisation's own rows
    return {status: n for status, n in rows.values_list("status", "count") if n}


# The statuses still open, named rather than "not decided", so the status index is read by range.
OPEN_STATUSES = tuple(s for s in Submission.Status.values if s not in Submission.DECIDED)


def reviewer_open_load(*, user: Any, reviewer_ids: Iterable[int]) -> dict[int, int]:
    """How many open submissions each of these reviewers (those the picker shows) is assigned:
    the kept loads (services/queue_counts.py), one row per reviewer."""
    ids = set(reviewer_ids)
    if not ids:
        return {}
    rows = ReviewerLoad.objects.visible_to(user).filter(reviewer_id__in=ids)
    return {reviewer: n for reviewer, n in rows.values_list("reviewer_id", "open_count") if n}
