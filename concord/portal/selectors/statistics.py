"""The portal's published statistics: days kept by the services, added up, plus what still moves.

The figures of the external submissions received on one day (UTC) are additive (counts, sums of
gaps, histograms of answer times), so each day's are kept in a SubmissionDay row, refreshed in the
transaction of every service that changes a submission of that day (services/statistics.py), and
each month's sum of its days in a SubmissionMonth row. The statistics page adds up the days of
its window's first month and at most eighteen months, then reads live only what cannot be
kept: the first day of the window (cut at the hour) and the submissions waiting on their
submitter, whose paused clocks still run. A median reads the days' histograms to find the one
day-wide range of answer times that holds the middle, then only that range's index entries.
"""

from __future__ import annotations

import datetime
import operator
import statistics
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from typing import Any

from django.db.models import (
    Avg,
    BigIntegerField,
    Case,
    CharField,
    Count,
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
    SubmissionDay,
    SubmissionMonth,
)
from concord.portal.selectors._common import EpochSeconds, Microseconds, pause_running

DAY = 86400.0
LAG_BUCKET = 86_400_000_000  # a histogram's bucket of answer times: one day, in microseconds


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

    At most five queries, whatever the number of submissions: the kept days of the first
    month, the kept months, the live part grouped, and one range of answer times for each median.
    """
    now = clock.now()
    since = now - datetime.timedelta(days=31 * months)
    first_day = since.astimezone(datetime.UTC).date() + datetime.timedelta(days=1)
    cut = datetime.datetime.combine(first_day, datetime.time.min, tzinfo=datetime.UTC)
    submissions = Submission.objects.owned_by(portal.organisation_id).filter(
        is_internal=False, submitted_at__gte=since
    )
    # The kept days of the window's first month, then its whole months, kept added up.
    months_from = next_month(first_day.replace(day=1))
    days = SubmissionDay.objects.owned_by(portal.organisation_id).filter(
        day__gte=first_day, day__lt=months_from
    )
    whole = SubmissionMonth.objects.owned_by(portal.organisation_id).filter(month__gte=months_from)
    figures = Figures.from_days(
        chain(days.values_list("figures", flat=True), whole.values_list("figures", flat=True))
    )
    # Read live: the window's first day, and those waiting on their submitter, each through its
    # own index; the outer query then reads those rows by id (it names no organisation, so
    # SQLite is not tempted by an index that would walk the whole window).
    received = Submission.objects.owned_by(portal.organisation_id)
    first = received.filter(submitted_at__gte=since, submitted_at__lt=cut)
    waiting = received.filter(paused_since__isnull=False)
    ids = first.order_by().values_list("pk").union(waiting.order_by().values_list("pk"), all=True)
    live = Submission.objects.unscoped().filter(
        pk__in=ids, is_internal=False, submitted_at__gte=since
    )
    for day in figures_by_day(live, now).values():
        figures.add(day)
    return figures.statistics(submissions)


def median_days_to_first_response(portal: Portal, since: datetime.datetime) -> float | None:
    """The median days to a first answer of the external submissions received since `since`
    (the first instant of a UTC month), read as the statistics page reads it: the kept months'
    histogram plus those waiting on their submitter, then one range of the first-answer index.
    Three queries, whatever the number of submissions."""
    kept = SubmissionMonth.objects.owned_by(portal.organisation_id).filter(month__gte=since.date())
    figures = Figures.from_days(kept.values_list("figures", flat=True))
    # Those waiting on their submitter are kept nowhere; found by their own index, then by id
    # (ids of the owned scope; the outer query names no organisation, as portal_statistics').
    waiting = Submission.objects.owned_by(portal.organisation_id).filter(paused_since__isnull=False)
    live = Submission.objects.unscoped().filter(
        pk__in=waiting.order_by().values_list("pk"), is_internal=False, submitted_at__gte=since
    )
    for day in figures_by_day(live, clock.now()).values():
        figures.add(day)
    window = Submission.objects.owned_by(portal.organisation_id).filter(
        is_internal=False, submitted_at__gte=since
    )
    return _median(window, "first_response_lag", figures.first_lags)


COLUMNS = (
    "total",
    "acknowledged",
    "gaps",
    "gapped",
    *(f"n_{r}" for r in DeclineReason.values),
    "first",
    "first_in_time",
    "decision",
    "decision_in_time",
)
_GAPS = COLUMNS.index("gaps")
# Names the columns a kept day was written with, short (every day row carries it).
COLUMNS_KEY = f"{zlib.crc32(','.join(COLUMNS).encode()):08x}"


@dataclass
class Figures:
    """What the statistics are made of, for a set of submissions; two sets' figures add up.

    `groups` holds, by month and therapeutic area, the columns of COLUMNS (`gaps` an exact sum of
    BD–R&D gaps, the rest counts); the lags count answer times by the day-wide bucket they fall in.
    """

    groups: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    first_lags: Counter[int] = field(default_factory=Counter)
    decision_lags: Counter[int] = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        groups = self.groups
        for key, values in other.groups.items():
            mine = groups.get(key)
            groups[key] = list(values) if mine is None else list(map(operator.add, mine, values))
        for kept, theirs in (
            (self.first_lags, other.first_lags),
            (self.decision_lags, other.decision_lags),
        ):
            for bucket, n in theirs.items():
                kept[bucket] += n

    def to_json(self) -> dict[str, Any]:
        def plain(values: list[Any]) -> list[Any]:
            return [str(v) if i == _GAPS else v for i, v in enumerate(values)]

        return {
            "columns": COLUMNS_KEY,
            "groups": [[m, a, plain(v)] for (m, a), v in sorted(self.groups.items())],
            "first_lags": {str(k): n for k, n in sorted(self.first_lags.items())},
            "decision_lags": {str(k): n for k, n in sorted(self.decision_lags.items())},
        }

    @classmethod
    def from_days(cls, days: Iterable[dict[str, Any]]) -> Figures:
        """The figures of many kept days added up: as adding each day's from_json, in one pass
        over the plain JSON (the gaps as whole millionths, the buckets as written), since the
        statistics page adds up eighteen months of days."""
        # Whole counts, and the gaps' sum in millionths until it is made a Decimal at the end.
        groups: dict[tuple[str, str], list[Any]] = {}
        first_lags: Counter[str] = Counter()
        decision_lags: Counter[str] = Counter()
        for data in days:
            if data.get("columns") != COLUMNS_KEY:
                continue  # as from_json: a day kept under other columns is left out
            for month, area, values in data["groups"]:
                values = list(values)
                values[_GAPS] = _millionths(values[_GAPS])
                mine = groups.get((month, area))
                groups[month, area] = (
                    values if mine is None else list(map(operator.add, mine, values))
                )
            first_lags.update(data["first_lags"])
            decision_lags.update(data["decision_lags"])
        for values in groups.values():
            values[_GAPS] = Decimal(values[_GAPS]).scaleb(-6)
        return cls(
            groups=groups,
            first_lags=Counter({int(k): n for k, n in first_lags.items()}),
            decision_lags=Counter({int(k): n for k, n in decision_lags.items()}),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        if data.get("columns") != COLUMNS_KEY:
            # Kept under other columns (a decline reason added since): the migration that
            # changes them is marked to rebuild the kept figures (services/kept.py), as 0003
            # is; a day missed is left out rather than misread.
            return cls()
        return cls(
            groups={
                (m, a): [Decimal(v) if i == _GAPS else v for i, v in enumerate(values)]
                for m, a, values in data["groups"]
            },
            first_lags=Counter({int(k): n for k, n in data["first_lags"].items()}),
            decision_lags=Counter({int(k): n for k, n in data["decision_lags"].items()}),
        )

    def statistics(self, submissions: QuerySet[Submission]) -> PortalStatistics:
        """The published figures; `submissions` (the window) serves the medians' exact reads."""
        total: dict[str, Any] = dict.fromkeys(COLUMNS, 0)
        per_month: dict[str, int] = defaultdict(int)
        gap_month: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        gap_area: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
        for (month, area), values in self.groups.items():
            row = dict(zip(COLUMNS, values, strict=True))
            per_month[month] += row["total"]
            for name, value in row.items():
                total[name] += value
            if row["gapped"]:
                for entry in (gap_month[month], gap_area[area]):
                    entry[0] += row["gaps"]
                    entry[1] += row["gapped"]
        reasons = DeclineReason.values
        # Most frequent first; ties by code, the order one submission's reasons are stored in.
        counted = sorted(
            (r for r in reasons if total[f"n_{r}"]), key=lambda r: (-total[f"n_{r}"], r)
        )
        return PortalStatistics(
            months=sorted((m, n) for m, n in per_month.items() if n),
            total=total["total"],
            acknowledged_share=_ratio(total["acknowledged"], total["total"]),
            first_response_on_time_share=_ratio(total["first_in_time"], total["first"]),
            decision_on_time_share=_ratio(total["decision_in_time"], total["decision"]),
            median_days_to_first_response=_median(
                submissions, "first_response_lag", self.first_lags
            ),
            median_days_to_decision=_median(submissions, "decision_lag", self.decision_lags),
            decline_reasons=[(DeclineReason(r).label, total[f"n_{r}"]) for r in counted],
            gap_by_month=[(m, _mean(*sums)) for m, sums in sorted(gap_month.items())],
            gap_by_area=sorted(
                ((TherapeuticArea(a).label, _mean(*sums)) for a, sums in gap_area.items()),
                key=lambda item: (-item[1], item[0]),
            ),
        )


def figures_by_day(submissions: QuerySet[Submission], now: datetime.datetime) -> dict[str, Figures]:
    """The figures of `submissions`, by the day (UTC, 2026-03-01) they were received on.

    One query, grouped by day, therapeutic area and the two answer times kept on each submission
    (counts, decline reasons, gaps, answers in time), whose groups then add up by day.
    """
    reasons = DeclineReason.values
    has = {r: Q(reasons_text__contains=f'"{r}"') for r in reasons}
    first, decision = Q(first_response_at__isnull=False), Q(decided_at__isnull=False)
    first_in_time, decision_in_time = _in_time(now)
    keys = ("day", "therapeutic_area", "first_response_lag", "decision_lag")
    groups = (
        _with_answer_times(submissions.order_by(), now)
        .alias(reasons_text=Cast("decline_reasons", TextField()), gap=_gap())
        .annotate(day=YearMonthDay("submitted_at"))
        .values_list(*keys)
        .annotate(
            total=Count("pk"),
            acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
            gaps=Sum("gap", output_field=FloatField()),
            gapped=Count("gap"),
            **{f"n_{r}": Count("pk", filter=has[r]) for r in reasons},
            first=Count("pk", filter=first),
            first_in_time=Count("pk", filter=first & first_in_time),
            decision=Count("pk", filter=decision),
            decision_in_time=Count("pk", filter=decision & decision_in_time),
        )
        .values_list(*keys, *COLUMNS)
    )
    days: dict[str, Figures] = defaultdict(Figures)
    for day, area, first_lag, decision_lag, *values in groups:
        # Summed as decimals (floating-point noise trimmed), so a mean landing on a half
        # rounds as the mean of the individual gaps would.
        gaps = values[_GAPS]
        values[_GAPS] = Decimal(repr(gaps or 0.0)).quantize(Decimal("0.000001"))
        figures = days[day]
        figures.add(Figures(groups={(day[:7], area): values}))
        total = values[0]
        if first_lag is not None:
            figures.first_lags[first_lag // LAG_BUCKET] += total
        if decision_lag is not None:
            figures.decision_lags[decision_lag // LAG_BUCKET] += total
    return days


def lag(name: str) -> Case:
    """How long after its arrival a submission's `name` came, in microseconds (NULL: not yet)."""
    return Case(
        When(**{f"{name}__isnull": True}, then=Value(None)),
        default=(EpochSeconds(name) - EpochSeconds("submitted_at")) * Value(1_000_000)
        + Microseconds(name)
        - Microseconds("submitted_at"),
        output_field=BigIntegerField(),
    )


def _median(submissions: QuerySet[Submission], column: str, lags: Counter[int]) -> float | None:
    """The median of the lag `column` over `submissions`, in days, from its histogram `lags`.

    The histogram says which bucket holds the middle one (or two); one query then reads that
    range, in order, from the (organisation, lag) index, offset to the middle.
    """
    count = sum(lags.values())
    if not count:
        return None
    middle = (count - 1) // 2
    wanted = 2 - count % 2
    below, first_bucket, last_bucket = 0, None, None
    for bucket in sorted(lags):
        if first_bucket is None and below + lags[bucket] > middle:
            first_bucket, offset = bucket, middle - below
        if below + lags[bucket] > middle + wanted - 1:
            last_bucket = bucket
            break
        below += lags[bucket]
    if first_bucket is None or last_bucket is None:
        return None
    values = (
        submissions.order_by()
        .filter(
            **{
                f"{column}__gte": first_bucket * LAG_BUCKET,
                f"{column}__lt": (last_bucket + 1) * LAG_BUCKET,
            }
        )
        .order_by(column)
        .values_list(column, flat=True)[offset : offset + wanted]
    )
    days = [v / 1_000_000 / DAY for v in values]
    return round(statistics.median(days), 1) if days else None


def next_month(month: datetime.date) -> datetime.date:
    """The first day of the month after the one `month` (a first day) begins."""
    return (month + datetime.timedelta(days=32)).replace(day=1)


def _millionths(gaps: str) -> int:
    """A kept sum of gaps ("-0.470000", written to the millionth by to_json) in millionths."""
    return int(Decimal(gaps).scaleb(6))


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
    sqlite_format = "%%Y-%%m"  # %% survives the driver's placeholder conversion as a literal %

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime('{self.sqlite_format}', {sql})", params


class YearMonthDay(YearMonth):
    """A datetime's day in UTC as text, 2026-03-01, as datetime.strftime('%Y-%m-%d') writes it."""

    template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    sqlite_format = "%%Y-%%m-%%d"


def _with_answer_times(
    submissions: QuerySet[Submission], now: datetime.datetime
) -> QuerySet[Submission]:
    """Submissions with their deadlines plus pauses and their answers, in whole seconds.

    As _deadline_key does for the queue: a pause still running counts to `now`, in whole
    seconds, and an answer is in time when it comes at or before the deadline's second.
    """
    running = pause_running(now)
    return (
        submissions.alias(
            _pause_us=Microseconds("paused_since"),
            _first_response_at_us=Microseconds("first_response_at"),
            _decided_at_us=Microseconds("decided_at"),
        )
        .alias(_pause=F("paused_seconds") + running)
        .alias(
            _first_due=EpochSeconds("first_response_due") + F("_pause"),
            _decision_due=EpochSeconds("decision_due") + F("_pause"),
            _first_at=_ceiling("first_response_at"),
            _decided_at=_ceiling("decided_at"),
        )
    )


def _in_time(now: datetime.datetime) -> tuple[Q, Q]:
    """Whether the first answer and the decision came in time (on _with_answer_times' rows).

    Most submissions never paused: their deadline is the kept one, compared as it is; the
    arithmetic in whole seconds runs only for the others (SQL stops at the first branch).
    """
    never_paused = Q(paused_seconds=0, paused_since__isnull=True)
    first_in_time = (never_paused & Q(first_response_at__lte=F("first_response_due"))) | (
        ~never_paused & Q(_first_at__lte=F("_first_due"))
    )
    decision_in_time = (never_paused & Q(decided_at__lte=F("decision_due"))) | (
        ~never_paused & Q(_decided_at__lte=F("_decision_due"))
    )
    return first_in_time, decision_in_time


def _ceiling(name: str) -> Any:
    """A datetime rounded up to its whole second, as seconds since 1970."""
    return EpochSeconds(name) + Case(
        When(**{f"{name}__isnull": True}, then=Value(None)),
        When(Q(**{f"_{name}_us": 0}), then=Value(0)),
        default=Value(1),
        output_field=BigIntegerField(),
    )


def _ratio(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None
