"""The funnel to a deal: received → triaged → advanced → CDA → term sheet → deal, by month, by
therapeutic area and by source (the open portal or a request for partners).

The counts are kept by the services, one `FunnelMonth` row per month, therapeutic area and
source (services/funnel.py), so the funnel adds up at most a few hundred rows; the medians read
the few advanced submissions and their stages, and for the first answer the statistics' kept
months and the middle entries of the first-answer index.
A handful of queries whatever the number of submissions.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from concord.core import clock
from concord.core.vocabulary import TherapeuticArea
from concord.portal.models import DealStage, DealStep, FunnelMonth, Portal, Submission
from concord.portal.selectors.statistics import median_days_to_first_response

ADVANCED = (Submission.Status.CDA, Submission.Status.TERM_SHEET)
STAGES = (
    ("received", "Received"),
    ("triaged", "Triaged"),
    ("advanced", "Advanced"),
    ("cda", "CDA signed"),
    ("term_sheet", "Term sheet"),
    ("deal", "Deal signed"),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)
SOURCES = {"portal": "Open portal", "request": "Request for partners"}


@dataclass
class FunnelRow:
    """One slice of the funnel (a month, an area, a source, or all): a count per stage."""

    label: str
    counts: list[int] = field(default_factory=lambda: [0] * len(STAGES))

    def add(self, counts: list[int]) -> None:
        self.counts = [a + b for a, b in zip(self.counts, counts, strict=True)]

    @property
    def conversions(self) -> list[float | None]:
        """The share of each stage that reached the next, in per cent (None: nothing to convert)."""
        return [
            round(100 * after / before, 1) if before else None
            for before, after in zip(self.counts, self.counts[1:], strict=False)
        ]

    @property
    def cells(self) -> list[tuple[int, float | None]]:
        """Each stage's count beside the conversion from the stage before (None for the first)."""
        return list(zip(self.counts, [None, *self.conversions], strict=True))


@dataclass
class Funnel:
    """The funnel over a window of months: totals, slices, conversion and median days."""

    total: FunnelRow
    by_month: list[FunnelRow]
    by_area: list[FunnelRow]
    by_source: list[FunnelRow]
    median_days: list[tuple[str, float | None]]
    stages: tuple[tuple[str, str], ...] = STAGES


def _month_starts(now: datetime.datetime, months: int) -> list[datetime.datetime]:
    """The first instant (UTC) of each of the last `months` months, newest first."""
    year, month = now.year, now.month
    starts = []
    for _ in range(months):
        starts.append(datetime.datetime(year, month, 1, tzinfo=datetime.UTC))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return starts


def portal_funnel(portal: Portal, *, months: int = 18) -> Funnel:
    """The portal's funnel over the last `months` calendar months (UTC), external submissions."""
    starts = _month_starts(clock.now().astimezone(datetime.UTC), months)
    total = FunnelRow("All submissions")
    by_month = {f"{s:%Y-%m}": FunnelRow(f"{s:%b %Y}") for s in reversed(starts)}
    by_area: dict[str, FunnelRow] = {}
    by_source: dict[str, FunnelRow] = {}
    labels = dict(TherapeuticArea.choices)
    kept = FunnelMonth.objects.owned_by(portal.organisation_id).filter(
        month__gte=f"{starts[-1]:%Y-%m}"
    )
    for row in kept.values("month", "therapeutic_area", "from_request", *STAGE_NAMES):
        if row["month"] not in by_month:
            continue  # a month after now: a clock set back (tests), never in real life
        counts = [row[name] for name in STAGE_NAMES]
        total.add(counts)
        by_month[row["month"]].add(counts)
        area = labels.get(row["therapeutic_area"], row["therapeutic_area"])
        by_area.setdefault(area, FunnelRow(area)).add(counts)
        label = SOURCES["request" if row["from_request"] else "portal"]
        by_source.setdefault(label, FunnelRow(label)).add(counts)
    return Funnel(
        total=total,
        by_month=list(by_month.values()),
        by_area=sorted(by_area.values(), key=lambda r: (-r.counts[0], r.label)),
        by_source=[by_source[label] for label in SOURCES.values() if label in by_source],
        median_days=_median_days(portal, starts[-1]),
    )


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _median_days(portal: Portal, start: datetime.datetime) -> list[tuple[str, float | None]]:
    """Median days spent reaching each stage from the one before: the first answer (received →
    triaged) from the statistics' kept answer times, the rest from the window's advanced
    submissions and their stages."""
    # By the status index alone (the window's date would lead the planner through every row of
    # the window); the few advanced ones outside the window are dropped here.
    advanced = [
        (pk, answered, decided)
        for pk, answered, decided, submitted, internal in Submission.objects.owned_by(
            portal.organisation_id
        )
        .filter(status__in=ADVANCED)
        .order_by()
        .values_list("pk", "first_response_at", "decided_at", "submitted_at", "is_internal")
        if submitted >= start and not internal
    ]
    to_advance = [
        (decided - answered_at).total_seconds() / 86400
        for _, answered_at, decided in advanced
        if answered_at and decided
    ]
    steps: dict[int, dict[str, datetime.date]] = defaultdict(dict)
    ids = {pk for pk, _, _ in advanced}
    for submission_id, stage, on in (
        DealStep.objects.owned_by(portal.organisation_id)
        .order_by()
        .values_list("submission_id", "stage", "on")
    ):
        if submission_id in ids:
            steps[submission_id][stage] = on
    spans: dict[str, list[float]] = {"cda": [], "term_sheet": [], "deal": []}
    pairs = {
        "cda": (DealStage.CDA_REQUESTED, DealStage.CDA_SIGNED),
        "term_sheet": (DealStage.CDA_SIGNED, DealStage.TERM_SHEET),
        "deal": (DealStage.TERM_SHEET, DealStage.DEAL_SIGNED),
    }
    for days in steps.values():
        for name, (before, after) in pairs.items():
            if before in days and after in days:
                spans[name].append(float((days[after] - days[before]).days))
    return [
        ("triaged", median_days_to_first_response(portal, start)),
        ("advanced", _median(to_advance)),
        ("cda", _median(spans["cda"])),
        ("term_sheet", _median(spans["term_sheet"])),
        ("deal", _median(spans["deal"])),
    ]
