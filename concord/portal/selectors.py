"""Reads of the partnering portal: the triage queue, one submission, the statistics."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.db.models import (
    Avg,
    BigIntegerField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast

from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.core.vocabulary import TherapeuticArea
from concord.portal.clock import decision_due, first_response_due, next_deadline
from concord.portal.models import (
    AreaOfInterest,
    Attachment,
    DeclineReason,
    Message,
    Portal,
    Review,
    Submission,
)

DUE_SOON = datetime.timedelta(days=7)


def portal_for_slug(slug: str) -> Portal | None:
    """A public portal page: anyone may read what an organisation publishes."""
    return (
        Portal.objects.unscoped()
        .select_related("organisation")
        .prefetch_related("areas")
        .filter(slug=slug)
        .first()
    )


def own_portal(*, user: Any) -> Portal | None:
    """The user's organisation's portal, if it has opened one."""
    return Portal.objects.visible_to(user).select_related("organisation", "head_of_bd").first()


def area_list(*, user: Any) -> QuerySet[AreaOfInterest]:
    """The user's organisation's areas of interest."""
    return AreaOfInterest.objects.visible_to(user).prefetch_related("reviewers")


def submission_for_token(token: str) -> Submission | None:
    """The submission a private status link stands for; the token is the credential."""
    if not token or len(token) > 100:
        return None
    return (
        Submission.objects.unscoped()
        .select_related("organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )


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


def _track_averages(reviews: list[Review]) -> tuple[Decimal | None, Decimal | None]:
    by_track: dict[str, list[Decimal]] = defaultdict(list)
    for review in reviews:
        by_track[review.track].append(review.weighted_score)

    def mean(values: list[Decimal]) -> Decimal | None:
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")) if values else None

    return mean(by_track[Review.Track.BD]), mean(by_track[Review.Track.RND])


def is_not_invented_here(
    submission: Submission, portal: Portal, bd: Decimal | None, rnd: Decimal | None
) -> bool:
    """R&D scored an external submission well below business development."""
    if submission.is_internal or bd is None or rnd is None:
        return False
    return bd - rnd >= portal.nih_threshold


class EpochSeconds(Func):
    """A datetime as whole seconds since 1970, exactly (its fraction dropped)."""

    output_field = BigIntegerField()
    template = "FLOOR(EXTRACT(EPOCH FROM %(expressions)s))::bigint"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite keeps datetimes as text. strftime would round a fraction to the millisecond
        # (23:59:58.9999996 becoming 23:59:59), so it reads the text without its fraction.
        template = "CAST(strftime('%%%%s', substr(%(expressions)s, 1, 19)) AS INTEGER)"
        return super().as_sql(compiler, connection, template=template)


class Microseconds(Func):
    """The fraction of a datetime's second, in microseconds."""

    output_field = BigIntegerField()
    template = "(EXTRACT(MICROSECONDS FROM %(expressions)s)::bigint %%%% 1000000)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Stored as 'YYYY-MM-DD HH:MM:SS[.ffffff]': the six digits after the dot, or none.
        return super().as_sql(
            compiler, connection, template="CAST(substr(%(expressions)s, 21, 6) AS INTEGER)"
        )


def _deadline_key(now: datetime.datetime) -> Case:
    """clock.next_deadline in whole seconds since 1970, in SQL; NULL once decided.

    The kept deadline of the current stage, plus the paused seconds, plus a pause still running
    counted in whole seconds as clock.paused_for truncates it. Exact: the deadlines fall on a
    whole second (23:59:59 local, plus whole seconds), so integers compare them without rounding.
    """
    now_s, now_us = int(now.timestamp() // 1), now.microsecond
    base = Case(
        When(first_response_at__isnull=True, then=F("first_response_due")),
        default=F("decision_due"),
    )
    running = Case(
        When(paused_since__isnull=True, then=Value(0)),
        default=Value(now_s)
        - EpochSeconds("paused_since")
        - Case(When(Q(_pause_us__gt=now_us), then=Value(1)), default=Value(0)),
        output_field=BigIntegerField(),
    )
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


def received_attachment(*, user: Any, pk: int) -> Attachment:
    """A PDF of a submission the user's organisation received (submitters use their status link)."""
    return (
        Attachment.objects.visible_to(user)
        .filter(submission__organisation=organisation_of(user))
        .get(pk=pk)
    )


def submission_get(*, user: Any, pk: int) -> Submission:
    """One submission the user may see (received by or sent from their organisation)."""
    return Submission.objects.visible_to(user).select_related("organisation", "alliance").get(pk=pk)


@dataclass
class SubmissionFile:
    """Everything the team's page about one submission shows."""

    submission: Submission
    portal: Portal
    first_response_due: datetime.datetime
    decision_due: datetime.datetime
    reviews: list[Review]
    bd_score: Decimal | None
    rnd_score: Decimal | None
    nih: bool
    messages: list[Message]
    identity_hidden: bool


def submission_file(*, user: Any, submission: Submission) -> SubmissionFile:
    """The receiving team's view: scores, internal notes and the dialogue."""
    portal = Portal.objects.unscoped().get(organisation=submission.organisation)
    reviews = list(
        Review.objects.visible_to(user).filter(submission=submission).select_related("reviewer")
    )
    bd, rnd = _track_averages(reviews)
    reviewed = any(r.reviewer_id == user.pk for r in reviews)
    return SubmissionFile(
        submission=submission,
        portal=portal,
        first_response_due=first_response_due(submission, portal),
        decision_due=decision_due(submission, portal),
        reviews=reviews,
        bd_score=bd,
        rnd_score=rnd,
        nih=is_not_invented_here(submission, portal, bd, rnd),
        messages=list(Message.objects.visible_to(user).filter(submission=submission)),
        # Blind first pass: until a reviewer has scored, the submitter's identity stays hidden.
        identity_hidden=portal.blind_first_pass and not reviewed and not submission.is_decided,
    )


def public_messages(submission: Submission) -> list[Message]:
    """The dialogue the submitter reads: never the team's internal notes."""
    return list(Message.objects.unscoped().filter(submission=submission, is_internal=False))


@dataclass
class PortalStatistics:
    """The headline figures of a portal, over the months given."""

    months: list[tuple[str, int]]
    total: int
    acknowledged_share: float | None
    first_response_on_time_share: float | None
    decision_on_time_share: float | None
    median_days_to_first_response: float | None
    median_days_to_decision: float | None
    decline_reasons: list[tuple[str, int]]
    gap_by_month: list[tuple[str, float]]
    gap_by_area: list[tuple[str, float]]


def portal_statistics(portal: Portal, *, months: int = 18) -> PortalStatistics:
    """Submissions per month, service levels kept, answer times, decline reasons, BD–R&D gap.

    Two queries, whatever the number of submissions: one grouped by month and therapeutic area
    for the counts, the decline reasons and the gaps; one reading, per answered submission, only
    how long its answers took (see _AnswerTimes).
    """
    now = clock.now()
    since = now - datetime.timedelta(days=31 * months)
    submissions = Submission.objects.unscoped().filter(
        organisation=portal.organisation, is_internal=False, submitted_at__gte=since
    )
    reasons = DeclineReason.values
    has = {r: Q(reasons_text__contains=f'"{r}"') for r in reasons}
    groups = (
        submissions.order_by()
        .alias(reasons_text=Cast("decline_reasons", TextField()), gap=_gap())
        .annotate(month=YearMonth("submitted_at"))
        .values_list("month", "therapeutic_area")
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            gaps=Sum("gap", output_field=FloatField()),
            gapped=Count("gap"),
            **{f"n_{r}": Count("pk", filter=has[r]) for r in reasons},
        )
        .values_list("month", "therapeutic_area", *_GROUP_COLUMNS)
    )
    figures: dict[str, Any] = dict.fromkeys(_GROUP_COLUMNS)
    per_month: dict[str, int] = defaultdict(int)
    gap_month: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    gap_area: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for month, area, *values in groups:
        row = dict(zip(_GROUP_COLUMNS, values, strict=True))
        per_month[month] += row["total"]
        for name, value in row.items():
            figures[name] = (figures[name] or 0) + (value or 0)
        if row["gapped"]:
            # Summed as decimals (floating-point noise trimmed), so a mean landing on a half
            # rounds as the mean of the individual gaps would.
            gaps = Decimal(repr(row["gaps"])).quantize(Decimal("0.000001"))
            for entry in (gap_month[month], gap_area[area]):
                entry[0] += gaps
                entry[1] += row["gapped"]
    answers = _AnswerTimes(portal, now).read(submissions)
    total = figures["total"] or 0
    # Most frequent first; ties by code, the order one submission's reasons are stored in.
    counted = sorted(
        (r for r in reasons if figures[f"n_{r}"]), key=lambda r: (-figures[f"n_{r}"], r)
    )
    return PortalStatistics(
        months=sorted(per_month.items()),
        total=total,
        acknowledged_share=_ratio(figures["acknowledged"] or 0, total),
        first_response_on_time_share=answers.share("first"),
        decision_on_time_share=answers.share("decision"),
        median_days_to_first_response=answers.first_median,
        median_days_to_decision=answers.decision_median,
        decline_reasons=[(DeclineReason(r).label, figures[f"n_{r}"]) for r in counted],
        gap_by_month=[(m, _mean(*sums)) for m, sums in sorted(gap_month.items())],
        gap_by_area=sorted(
            ((TherapeuticArea(a).label, _mean(*sums)) for a, sums in gap_area.items()),
            key=lambda item: (-item[1], item[0]),
        ),
    )


_GROUP_COLUMNS = (
    "total",
    "acknowledged",
    "gaps",
    "gapped",
    *(f"n_{r}" for r in DeclineReason.values),
)


def _mean(total: Decimal, n: Decimal) -> float:
    return round(float(total / n), 2)


def _gap() -> Subquery:
    """One submission's BD average minus its R&D average (NULL unless scored on both tracks)."""
    bd, rnd = Q(track=Review.Track.BD), Q(track=Review.Track.RND)
    return Subquery(
        Review.objects.unscoped()
        .filter(submission=OuterRef("pk"))
        .order_by()
        .values("submission")
        .annotate(
            gap=Avg("weighted_score", filter=bd, output_field=FloatField())
            - Avg("weighted_score", filter=rnd, output_field=FloatField())
        )
        .values("gap"),
        output_field=FloatField(),
    )


class Epoch(Func):
    """A datetime as seconds since 1970 (to the millisecond on SQLite, through julianday)."""

    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM %(expressions)s)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)"
        )


class YearMonth(Func):
    """A datetime's month in UTC as text, 2026-03, as datetime.strftime('%Y-%m') writes it."""

    output_field = CharField()
    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM')"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        # %% survives the driver's placeholder conversion as a literal %.
        return f"strftime('%%Y-%%m', {sql})", params


DAY = 86400.0


@dataclass
class _AnswerTimes:
    """How long a portal's submissions took to be answered and decided, and whether in time.

    From aggregates: one query counts the answers and those in time, comparing each answer with
    its kept deadline plus pauses (in whole seconds, as _deadline_key does; an answer is in time
    when it comes at or before the deadline's second); each median is then the middle one or two
    of the answer times, ordered in SQL.
    """

    portal: Portal
    now: datetime.datetime
    figures: dict[str, Any] = field(default_factory=dict)
    first_median: float | None = None
    decision_median: float | None = None

    def read(self, submissions: QuerySet[Submission]) -> _AnswerTimes:
        now_s, now_us = int(self.now.timestamp() // 1), self.now.microsecond
        running = Case(
            When(paused_since__isnull=True, then=Value(0)),
            default=Value(now_s)
            - EpochSeconds("paused_since")
            - Case(When(Q(_pause_us__gt=now_us), then=Value(1)), default=Value(0)),
            output_field=BigIntegerField(),
        )
        rows = (
            submissions.order_by()
            .annotate(
                _pause_us=Microseconds("paused_since"),
                _first_response_at_us=Microseconds("first_response_at"),
                _decided_at_us=Microseconds("decided_at"),
            )
            .annotate(_pause=F("paused_seconds") + running)
            .annotate(
                _first_due=EpochSeconds("first_response_due") + F("_pause"),
                _decision_due=EpochSeconds("decision_due") + F("_pause"),
                _first_at=_ceiling("first_response_at"),
                _decided_at=_ceiling("decided_at"),
            )
        )
        # Most submissions never paused: their deadline is the kept one, compared as it is; the
        # arithmetic in whole seconds runs only for the others (SQL stops at the first branch).
        never_paused = Q(paused_seconds=0, paused_since__isnull=True)
        first_in_time = (never_paused & Q(first_response_at__lte=F("first_response_due"))) | (
            ~never_paused & Q(_first_at__lte=F("_first_due"))
        )
        decision_in_time = (never_paused & Q(decided_at__lte=F("decision_due"))) | (
            ~never_paused & Q(_decided_at__lte=F("_decision_due"))
        )
        self.figures = rows.aggregate(
            first=Count("pk", filter=Q(first_response_at__isnull=False)),
            first_in_time=Count("pk", filter=Q(first_response_at__isnull=False) & first_in_time),
            decision=Count("pk", filter=Q(decided_at__isnull=False)),
            decision_in_time=Count("pk", filter=Q(decided_at__isnull=False) & decision_in_time),
        )
        self.first_median = _median_of(
            submissions.filter(first_response_at__isnull=False),
            Epoch("first_response_at") - Epoch("submitted_at"),
            self.figures["first"],
        )
        self.decision_median = _median_of(
            submissions.filter(decided_at__isnull=False),
            Epoch("decided_at") - Epoch("submitted_at"),
            self.figures["decision"],
        )
        return self

    def share(self, answered: str) -> float | None:
        return _ratio(self.figures[f"{answered}_in_time"], self.figures[answered])


def _ceiling(name: str) -> Any:
    """A datetime rounded up to its whole second, as seconds since 1970."""
    return EpochSeconds(name) + Case(
        When(**{f"{name}__isnull": True}, then=Value(None)),
        When(Q(**{f"_{name}_us": 0}), then=Value(0)),
        default=Value(1),
        output_field=BigIntegerField(),
    )


def _median_of(rows: QuerySet[Submission], lag: Any, count: int) -> float | None:
    """The median of `lag` (seconds) over `count` rows, in days: the middle one or two, by SQL."""
    if not count:
        return None
    middle = (count - 1) // 2
    values = (
        rows.order_by()
        .annotate(_lag=ExpressionWrapper(lag, output_field=FloatField()))
        .order_by("_lag")
        .values_list("_lag", flat=True)[middle : middle + 2 - count % 2]
    )
    lags = [float(v) / DAY for v in values]
    return round(statistics.median(lags), 1)


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def submission_counts(*, user: Any) -> dict[str, int]:
    """How many received submissions are in each status, for the queue's tabs."""
    rows = received_submissions(user=user).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
