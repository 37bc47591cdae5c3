"""Reads of the partnering portal: the triage queue, one submission, the statistics."""

from __future__ import annotations

import datetime
import statistics
import zoneinfo
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, overload

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Field,
    FloatField,
    Func,
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
from concord.portal.clock import _end_of_local_day, decision_due, first_response_due, next_deadline
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


FAR = datetime.datetime.max.replace(tzinfo=datetime.UTC)
# The few columns the queue orders and flags open submissions by.
KEY_FIELDS = (
    "pk",
    "submitted_at",
    "first_response_at",
    "paused_seconds",
    "paused_since",
    "status",
    "match_score",
)


@dataclass(frozen=True)
class _Key:
    """What ordering and flagging one submission needs, read without the rest of its row."""

    pk: int
    submitted_at: datetime.datetime
    deadline: datetime.datetime | None
    paused: bool
    match_score: int

    def overdue(self, now: datetime.datetime) -> bool:
        return self.deadline is not None and not self.paused and now > self.deadline

    def due_soon(self, now: datetime.datetime) -> bool:
        return self.deadline is not None and now <= self.deadline <= now + DUE_SOON


def _keys(rows: Any, portal: Portal, now: datetime.datetime) -> list[_Key]:
    """Deadlines as clock.next_deadline reckons them, from KEY_FIELDS values (same arithmetic)."""
    tz = portal.organisation.time_zone
    keys = []
    for pk, submitted, first, paused_seconds, paused_since, status, match in rows:
        deadline = None
        if status not in Submission.DECIDED:
            days = portal.first_response_days if first is None else portal.decision_days
            deadline = _due(submitted, days, paused_seconds, paused_since, tz, now)
        keys.append(_Key(pk, submitted, deadline, paused_since is not None, match))
    return keys


def _key_order(sort: str) -> Any:
    keys = {
        "deadline": lambda k: (k.deadline or FAR, k.pk),
        "-submitted": lambda k: (-k.submitted_at.timestamp(), k.pk),
        # Ties keep the model's order (newest first), as a stable sort of it would.
        "match": lambda k: (-k.match_score, k.deadline or FAR, -k.submitted_at.timestamp(), -k.pk),
    }
    return keys.get(sort, keys["deadline"])


class SubmissionQueue(Sequence[QueueRow]):
    """The queue as a lazy sequence of QueueRow: len() and slices cost a few queries each.

    The order is made of segments: runs of `head` (submissions ordered in Python: the open ones,
    or every one a deadline flag or the "not invented here" flag selected) and runs of `tail` (an
    ordered queryset of the rest, decided submissions, whose order SQL knows). The tail runs of any
    slice are one contiguous range of the tail, so a page is at most four queries: the tail's ids,
    the rows, their reviewers and their reviews.
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
        order = _key_order(filters.sort)
        if filters.flag in ("overdue", "due_soon"):
            # Only open submissions have a deadline to be overdue or due soon by.
            keys = _keys(cls._open(submissions), portal, now)
            wanted = [
                k for k in keys if (k.overdue if filters.flag == "overdue" else k.due_soon)(now)
            ]
            return cls(portal, [k.pk for k in sorted(wanted, key=order)])
        if filters.flag == "nih":
            keys = _keys(_not_invented_here(portal, submissions), portal, now)
            return cls(portal, [k.pk for k in sorted(keys, key=order)])
        if filters.flag:
            return cls(portal, [])
        if filters.sort == "-submitted":
            tail = submissions.order_by("-submitted_at", "pk")
            return cls(portal, [], tail, [("tail", 0, tail.count())])
        decided = submissions.filter(status__in=Submission.DECIDED)
        head = sorted(_keys(cls._open(submissions), portal, now), key=order)
        if filters.sort == "match":
            return cls._by_match(portal, head, decided)
        # Decided submissions have no deadline: they come last, oldest first.
        tail = decided.order_by("pk")
        return cls(
            portal, [k.pk for k in head], tail, [("head", 0, len(head)), ("tail", 0, tail.count())]
        )

    @staticmethod
    def _open(submissions: QuerySet[Submission]) -> Any:
        return submissions.exclude(status__in=Submission.DECIDED).values_list(*KEY_FIELDS)

    @classmethod
    def _by_match(
        cls, portal: Portal, head: list[_Key], decided: QuerySet[Submission]
    ) -> SubmissionQueue:
        """Best match first; within a match score the open ones by deadline, then the decided."""
        tail = decided.order_by("-match_score", "-submitted_at", "-pk")
        counts = dict(
            decided.order_by()
            .values_list("match_score")
            .annotate(n=Count("pk"))
            .values_list("match_score", "n")
        )
        layout, at_head, at_tail = [], 0, 0
        for score in sorted({k.match_score for k in head} | set(counts), reverse=True):
            mine = sum(1 for k in head if k.match_score == score)
            layout += [
                ("head", at_head, at_head + mine),
                ("tail", at_tail, at_tail + counts.get(score, 0)),
            ]
            at_head, at_tail = at_head + mine, at_tail + counts.get(score, 0)
        return cls(portal, [k.pk for k in head], tail, layout)

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


def _not_invented_here(portal: Portal, submissions: QuerySet[Submission]) -> list[Any]:
    """KEY_FIELDS of the external submissions R&D scored well below BD, exactly as
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
        .values_list(*KEY_FIELDS, "_bd_sum", "_bd_n", "_rnd_sum", "_rnd_n")
    )

    def mean(total: Any, n: int) -> Decimal:
        exact = Decimal(str(total)).quantize(Decimal("0.01"))  # sums of two-decimal scores
        return (exact / n).quantize(Decimal("0.01"))

    return [
        row[: len(KEY_FIELDS)]
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
        first_response_on_time_share=_share(answers.first_in_time),
        decision_on_time_share=_share(answers.decision_in_time),
        median_days_to_first_response=_median(answers.first_days),
        median_days_to_decision=_median(answers.decision_days),
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


def _due(
    submitted: datetime.datetime,
    days: int,
    paused_seconds: int,
    paused_since: datetime.datetime | None,
    tz: str,
    now: datetime.datetime,
) -> datetime.datetime:
    """clock.first_response_due() / decision_due() from the columns they read."""
    seconds = paused_seconds
    if paused_since is not None:
        seconds += int((now - paused_since).total_seconds())
    return _end_of_local_day(submitted, days, tz) + datetime.timedelta(seconds=seconds)


@dataclass
class _AnswerTimes:
    """How long a portal's submissions took to be answered and decided, and whether in time.

    The query reads numbers, not model rows: per answered submission, the seconds from
    submission to first response and to decision, and the paused seconds. The due date is the end
    of the organisation's local day so many days after the submission, plus the paused time; so an
    answer that came (pauses deducted) within `days` × 24 hours, less the largest swing of the
    zone's UTC offset, is surely in time, and one more than a day and that swing later is surely
    late. Only the few in between have their timestamps parsed, and the clock's own arithmetic
    (_due) decides, to the microsecond.
    """

    portal: Portal
    now: datetime.datetime
    first_days: list[float] = field(default_factory=list)
    decision_days: list[float] = field(default_factory=list)
    first_in_time: list[bool] = field(default_factory=list)
    decision_in_time: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tz = self.portal.organisation.time_zone
        zone = zoneinfo.ZoneInfo(self.tz)
        offsets = {
            (self.now - datetime.timedelta(days=d)).astimezone(zone).utcoffset()
            for d in range(-7, 800, 7)
        }
        seconds = [o.total_seconds() for o in offsets if o is not None] or [0.0]
        # Weekly samples could miss a short-lived offset: allow an hour more, and a few seconds
        # for the database's rounding.
        self.swing = max(seconds) - min(seconds) + 3600 + 5

    def read(self, submissions: QuerySet[Submission]) -> _AnswerTimes:
        portal = self.portal
        running = Case(
            When(paused_since__isnull=True, then=Value(0.0)),
            default=Value(self.now.timestamp()) - Epoch("paused_since"),
            output_field=FloatField(),
        )
        rows = (
            submissions.filter(Q(first_response_at__isnull=False) | Q(decided_at__isnull=False))
            .order_by()
            .values_list(
                _raw(Epoch("first_response_at") - Epoch("submitted_at")),
                _raw(Epoch("decided_at") - Epoch("submitted_at")),
                _raw(F("paused_seconds") + running),
                # The exact timestamps, as text: only the few close calls are parsed.
                *(Cast(name, CharField()) for name in _EXACT),
                "paused_seconds",
            )
        )
        for first_lag, decision_lag, pause, *exact in rows:
            if isinstance(pause, Decimal):  # PostgreSQL's numeric epochs
                first_lag, decision_lag, pause = (
                    None if x is None else float(x) for x in (first_lag, decision_lag, pause)
                )
            if first_lag is not None:
                self.first_days.append(first_lag / DAY)
                in_time = self._in_time(first_lag - pause, portal.first_response_days, exact, 2)
                self.first_in_time.append(in_time)
            if decision_lag is not None:
                self.decision_days.append(decision_lag / DAY)
                in_time = self._in_time(decision_lag - pause, portal.decision_days, exact, 3)
                self.decision_in_time.append(in_time)
        return self

    def _in_time(self, lag: float, days: int, exact: list[Any], answer: int) -> bool:
        """Surely in time, surely late, or (close to the due date) as the clock says."""
        if lag <= days * DAY - self.swing:
            return True
        if lag > (days + 1) * DAY + self.swing:
            return False
        submitted, paused_since, moment = (_parse(exact[i]) for i in (0, 1, answer))
        assert submitted is not None and moment is not None
        due = _due(submitted, days, exact[-1], paused_since, self.tz, self.now)
        return moment <= due


_EXACT = ("submitted_at", "paused_since", "first_response_at", "decided_at")


def _raw(expression: Any) -> ExpressionWrapper:
    """Read a number as the driver gives it: ten thousand float() converters cost milliseconds."""
    return ExpressionWrapper(expression, output_field=Field())


def _parse(text: str | None) -> datetime.datetime | None:
    """A timestamp the database wrote as text (SQLite: naive UTC; PostgreSQL: with +00)."""
    if text is None:
        return None
    moment = datetime.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _share(values: list[bool]) -> float | None:
    return round(100 * sum(values) / len(values), 1) if values else None


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def submission_counts(*, user: Any) -> dict[str, int]:
    """How many received submissions are in each status, for the queue's tabs."""
    rows = received_submissions(user=user).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
