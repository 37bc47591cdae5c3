"""The portal's published statistics, computed in SQL."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
    OuterRef,
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
from concord.core.vocabulary import TherapeuticArea
from concord.portal.models import (
    DeclineReason,
    Portal,
    Review,
    Submission,
)
from concord.portal.selectors._common import EpochSeconds, Microseconds, pause_running


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
        running = pause_running(self.now)
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
