"""The receiving team's triage queue: filters, rows, deadlines and the order, and the counts for its tabs."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
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
    Submission,
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


def submission_queue(*, user: Any, filters: QueueFilters | None = None) -> SubmissionQueue:
    """The triage queue: received submissions with deadline, flags and match, ordered by deadline.

    A sequence of QueueRow, read lazily: its length and each page come from a handful of queries
    whatever the number of submissions, and only the rows of the page asked for are built. Only
    the open submissions (the ones with a deadline) are ordered in Python, on a few columns each;
    decided ones follow in SQL order (see SubmissionQueue).
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
    if filters.mine:
        submissions = submissions.filter(reviewers=user)
    elif filters.reviewer:
        submissions = submissions.filter(reviewers__pk=filters.reviewer)
    return SubmissionQueue.build(portal, submissions, filters)


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


# How each sort orders the queue: open submissions by their deadline, decided ones (no
# deadline) after them; ties by id, or (by match) newest first as the model orders them.
QUEUE_ORDER = {
    "deadline": ("_decided", "_deadline", "pk"),
    "-submitted": ("-submitted_at", "pk"),
    "match": ("-match_score", "_decided", "_deadline", "-submitted_at", "-pk"),
}


class SubmissionQueue(Sequence[QueueRow]):
    """The queue as a lazy sequence of QueueRow: len() and slices cost a few queries each.

    The order is made of segments: runs of `head` (submissions listed by id) and runs of `tail`
    (an ordered queryset). The tail runs of any slice are one contiguous range of the tail, so a
    page is at most four queries: the tail's ids, the rows, their reviewers and their reviews.
    Filters, deadlines and order are all worked out in SQL (see _deadline_key).
    """

    def __init__(
        self,
        portal: Portal | None,
        head: list[int],
        tail: QuerySet[Submission] | None = None,
        layout: list[tuple[str, int, int]] | None = None,
    ) -> None:
        self.portal, self.head, self.tail = portal, head, tail
        self.layout = layout if layout is not None else [("head", 0, len(head))]
        self.now = clock.now()

    @classmethod
    def empty(cls) -> SubmissionQueue:
        return cls(None, [])

    @classmethod
    def build(
        cls, portal: Portal, submissions: QuerySet[Submission], filters: QueueFilters
    ) -> SubmissionQueue:
        now = clock.now()
        rows = _with_deadlines(submissions, now)
        if filters.flag == "overdue":
            rows = rows.filter(paused_since__isnull=True, _deadline__lt=_ceil_seconds(now))
        elif filters.flag == "due_soon":
            latest = int(now.timestamp() // 1) + int(DUE_SOON.total_seconds())
            rows = rows.filter(_deadline__gte=_ceil_seconds(now), _deadline__lte=latest)
        elif filters.flag == "nih":
            rows = rows.filter(pk__in=_not_invented_here(portal, submissions))
        elif filters.flag:
            return cls(portal, [])
        tail = rows.order_by(*QUEUE_ORDER.get(filters.sort, QUEUE_ORDER["deadline"]))
        return cls(portal, [], tail, [("tail", 0, tail.count())])

    def __len__(self) -> int:
        return sum(end - start for _, start, end in self.layout)

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

    def _rows(self, start: int, stop: int) -> list[QueueRow]:
        """Rows start to stop of the queue, in order."""
        wanted: list[tuple[str, int]] = []  # ("head" | "tail", index within it)
        at = 0
        for part, first, last in self.layout:
            size = last - first
            lo, hi = max(start, at), min(stop, at + size)
            wanted += [(part, first + i - at) for i in range(lo, hi)]
            at += size
        tail_at = [i for part, i in wanted if part == "tail"]
        tail_ids: list[int] = []
        if tail_at and self.tail is not None:
            tail_ids = list(self.tail.values_list("pk", flat=True)[tail_at[0] : tail_at[-1] + 1])
        order = [
            self.head[i] if part == "head" else tail_ids[i - tail_at[0]]
            for part, i in wanted
            if part == "head" or i - tail_at[0] < len(tail_ids)
        ]
        if not order or self.portal is None:
            return []
        found = {
            s.pk: s
            for s in Submission.objects.unscoped()
            .filter(pk__in=order)
            .select_related("organisation")
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
    """How many received submissions are in each status, for the queue's tabs."""
    rows = received_submissions(user=user).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
