"""The organisation-wide health page: each joined alliance's latest health, sparklines, order."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.health.models import (
    GAP_FLAG,
    Cadence,
    DimensionTally,
    EarlyWarning,
    Kind,
    Round,
    RoundParty,
    mean,
)
from concord.health.selectors._common import PartyResult, _order_parties
from concord.health.services import UNSCHEDULED_PHASES, add_months

RECENT_WARNINGS = datetime.timedelta(days=90)
PULSE_REACH = datetime.timedelta(days=366)  # a portfolio sparkline's reach: a year of pulses
HEALTH_REACH = datetime.timedelta(days=731)  # or two years of health checks


@dataclass
class PortfolioFilters:
    """What the organisation-wide page is narrowed and ordered by: whole alliances only."""

    search: str = ""
    tier: str = ""
    phase: str = ""
    attention: str = ""  # "", "gap", "warning", "overdue", "low_response"
    sort: str = "attention"


@dataclass
class Snapshot:
    """The latest closed round of one kind for an alliance, as the organisation may see it."""

    round_id: int
    opens_at: datetime.datetime
    parties: list[PartyResult]
    gaps: dict[str, Decimal]  # dimension name → gap, between shown parties

    @property
    def own(self) -> PartyResult | None:
        return next((p for p in self.parties if p.is_own), None)

    @property
    def partners(self) -> list[PartyResult]:
        return [p for p in self.parties if not p.is_own]

    @property
    def widest_gap(self) -> tuple[str, Decimal] | None:
        if not self.gaps:
            return None
        return max(self.gaps.items(), key=lambda kv: kv[1])

    @property
    def flagged(self) -> list[str]:
        return [name for name, gap in self.gaps.items() if gap >= GAP_FLAG]

    @property
    def response_rate(self) -> int | None:
        invited = sum(p.invited for p in self.parties)
        return round(100 * sum(p.responded for p in self.parties) / invited) if invited else None


@dataclass
class PortfolioRow:
    """One alliance on the organisation-wide health page."""

    alliance: Alliance
    partners: list[str]
    pulse: Snapshot | None
    health: Snapshot | None
    warnings: int
    overdue: bool
    checks_off: bool
    # The sparkline, drawn by the page for the rows it shows: of pulses, or of health checks for
    # an alliance that has no closed pulse to draw.
    spark: Any = None
    health_spark: Any = None
    previous_pulse: Snapshot | None = None  # read for Today and the portfolio only

    @property
    def flagged(self) -> list[str]:
        names = [
            *(self.health.flagged if self.health else []),
            *(self.pulse.flagged if self.pulse else []),
        ]
        return list(dict.fromkeys(names))

    @property
    def widest_gap(self) -> tuple[str, Decimal] | None:
        gaps = [s.widest_gap for s in (self.health, self.pulse) if s and s.widest_gap]
        return max(gaps, key=lambda kv: kv[1]) if gaps else None

    @property
    def widest_gap_flagged(self) -> bool:
        return self.widest_gap is not None and self.widest_gap[1] >= GAP_FLAG

    @property
    def low_response(self) -> bool:
        latest = self.pulse or self.health
        return latest is not None and any(not p.shown for p in latest.parties)

    @property
    def needs_attention(self) -> bool:
        return bool(self.flagged or self.warnings or self.overdue or self.low_response)


@dataclass
class Portfolio:
    """The organisation-wide page: every joined alliance's latest health, and headline figures."""

    rows: list[PortfolioRow]
    measured: int
    flagged: int
    warnings: int
    overdue: int
    average_rate: int | None


def _joined(user: Any) -> QuerySet[Alliance]:
    """The active alliances the user's organisation has joined."""
    org = organisation_of(user)
    joined = Party.objects.visible_to(user).filter(organisation=org, status=Party.Status.ACCEPTED)
    return Alliance.objects.visible_to(user).filter(
        pk__in=joined.values("alliance_id"), status=Alliance.Status.ACTIVE
    )


def _joined_alliances(user: Any, filters: PortfolioFilters) -> QuerySet[Alliance]:
    alliances = _joined(user)
    if filters.search.strip():
        alliances = alliances.filter(name__icontains=filters.search.strip())
    if filters.tier:
        alliances = alliances.filter(tier=filters.tier)
    if filters.phase:
        alliances = alliances.filter(phase=filters.phase)
    partners = Party.objects.visible_to(user).filter(status=Party.Status.ACCEPTED)
    return _with_latest(user, alliances).prefetch_related(
        Prefetch("parties", queryset=partners.select_related("organisation"), to_attr="joined")
    )


def _with_latest(user: Any, alliances: QuerySet[Alliance]) -> QuerySet[Alliance]:
    """Alliances annotated with their latest rounds' ids, last health check held and warnings
    in the last 90 days, with their cadence: a fixed number of queries for any number."""
    # The correlated subqueries below reach rounds, their tallies and warnings through the outer
    # alliance, which is already read in the user's scope (all three are shared with every party).
    rounds = Round.objects.unscoped().filter(alliance=OuterRef("pk")).order_by("-opens_at")

    def closed(kind: str) -> Subquery:
        return Subquery(rounds.filter(kind=kind, status=Round.Status.CLOSED).values("pk")[:1])

    since = clock.now() - RECENT_WARNINGS
    warnings = (
        EarlyWarning.objects.unscoped()
        .filter(round__alliance=OuterRef("pk"), created_at__gte=since)
        .order_by()
        .values("round__alliance")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return alliances.annotate(
        latest_pulse=closed(Kind.PULSE),
        # The pulse before the latest, which a falling pulse is measured against.
        previous_pulse=Subquery(
            rounds.filter(kind=Kind.PULSE, status=Round.Status.CLOSED).values("pk")[1:2]
        ),
        latest_health=closed(Kind.HEALTH_CHECK),
        last_health_held=_last_held(rounds.filter(kind=Kind.HEALTH_CHECK)),
        recent_warnings=Subquery(warnings),
    ).prefetch_related(Prefetch("health_cadence", queryset=Cadence.objects.visible_to(user)))


def _last_held(rounds: QuerySet[Round]) -> Subquery:
    """When the latest of these rounds that was held opened: open now, or closed with at least one
    party's results shown. One that closed with too few answers on every side told nobody anything,
    so it does not count as done."""
    shown = RoundParty.objects.unscoped().filter(
        round=OuterRef("pk"), responded__gte=OuterRef("min_respondents")
    )
    return Subquery(
        rounds.filter(Q(status=Round.Status.OPEN) | Exists(shown)).values("opens_at")[:1]
    )


def portfolio_health(*, user: Any, filters: PortfolioFilters | None = None) -> Portfolio:
    """Every alliance the organisation has joined, with its latest pulse and health check, gaps,
    trend and response rates. The query count does not grow with alliances or rounds."""
    filters = filters or PortfolioFilters()
    own = getattr(organisation_of(user), "pk", None)
    alliances: list[Any] = list(_joined_alliances(user, filters))  # with the annotations below
    latest_ids = [i for a in alliances for i in (a.latest_pulse, a.latest_health) if i]
    snapshots = _snapshots(user, latest_ids, own)
    rows = [_portfolio_row(a, snapshots, own) for a in alliances]
    rows = [r for r in rows if _matches(r, filters.attention)]
    rows.sort(key=SORT_KEYS.get(filters.sort, SORT_KEYS["attention"]))
    rates = [s.response_rate for r in rows for s in (r.pulse,) if s and s.response_rate is not None]
    return Portfolio(
        rows=rows,
        measured=sum(1 for r in rows if r.pulse or r.health),
        flagged=sum(1 for r in rows if r.flagged),
        warnings=sum(r.warnings for r in rows),
        overdue=sum(1 for r in rows if r.overdue),
        average_rate=round(sum(rates) / len(rates)) if rates else None,
    )


def portfolio_health_figures(*, user: Any, alliance_ids: list[int]) -> list[PortfolioRow]:
    """The health page's rows for these alliances only, without what only that page shows (the
    partners' names, sparklines), and with the pulse before the latest (`previous_pulse`) to
    tell a falling pulse: what Today and the portfolio read, in five queries for any number of
    alliances and rounds."""
    own = getattr(organisation_of(user), "pk", None)
    alliances: list[Any] = list(
        _with_latest(user, _joined(user).filter(pk__in=alliance_ids)).only(
            "pk", "name", "phase", "status", "effective_date"
        )
    )
    latest_ids = [i for a in alliances for i in (a.latest_pulse, a.latest_health) if i]
    previous_ids = [a.previous_pulse for a in alliances if a.previous_pulse]
    snapshots = _snapshots(user, latest_ids + previous_ids, own, without_gaps=set(previous_ids))
    rows = []
    for alliance in alliances:
        row = _portfolio_row(alliance, snapshots, own)
        row.previous_pulse = snapshots.get(alliance.previous_pulse)
        rows.append(row)
    return rows


def _snapshots(
    user: Any, round_ids: list[int], own: int | None, *, without_gaps: set[int] | None = None
) -> dict[int, Snapshot]:
    """The latest rounds' party results and gaps: two queries for any number of alliances.

    Plain values rather than model instances: at 150 alliances this page builds hundreds of
    results, and instantiating rows and their related objects was most of its time.
    """
    rounds = _ids(round_ids)
    tallies = (
        RoundParty.objects.visible_to(user)
        .filter(round__in=rounds)
        .values_list(
            "pk", "round_id", "round__opens_at", "round__min_respondents", "party_id",
            "organisation_id", "organisation__name", "invited", "responded", "answers",
            "score_sum",
        )
    )  # fmt: skip
    snapshots: dict[int, Snapshot] = {}
    by_tally: dict[int, PartyResult] = {}
    for (
        pk,
        round_id,
        opens_at,
        k,
        party_id,
        org_id,
        name,
        invited,
        responded,
        answers,
        total,
    ) in tallies:
        shown = responded >= k
        result = PartyResult(
            party_id=party_id,
            organisation_id=org_id,
            name=name,
            is_own=org_id == own,
            invited=invited,
            responded=responded,
            shown=shown,
            overall=mean(total, answers) if shown else None,
        )
        by_tally[pk] = result
        snapshots.setdefault(round_id, Snapshot(round_id, opens_at, [], {})).parties.append(result)
    rows = (
        DimensionTally.objects.visible_to(user)
        .filter(
            round_party__round__in=_ids([i for i in round_ids if i not in (without_gaps or ())])
        )
        .values_list(
            "round_party_id", "round_party__round_id", "dimension__name", "answers", "score_sum"
        )
    )
    per_dimension: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for tally_id, round_id, name, answers, total in rows:
        party = by_tally.get(tally_id)
        if party is not None and party.shown and answers:
            per_dimension[(round_id, name)].append(mean(total, answers))  # type: ignore[arg-type]
    for (round_id, name), scores in per_dimension.items():
        if len(scores) >= 2:
            snapshots[round_id].gaps[name] = max(scores) - min(scores)
    for snapshot in snapshots.values():
        snapshot.parties = _order_parties(snapshot.parties)
    return snapshots


def _ids(round_ids: list[int]) -> QuerySet[Round, Any]:
    """These rounds' ids as a subquery rather than a list of values. With a list, SQLite probes
    the rounds' alliance index once for every pair of a listed id and an alliance in the user's
    scope (3,000 ids × 1,500 alliances: seconds); a subquery it reads once."""
    return Round.objects.unscoped().filter(pk__in=round_ids).values("pk")


@dataclass(frozen=True)
class Sparkline:
    """One alliance's recent overall scores for a table cell: own side and the first partner's."""

    kind: str  # pulses, or health checks for an alliance with no closed pulse in reach
    own: list[float | None]
    partner: list[float | None]


def portfolio_trends(*, user: Any, alliance_ids: list[int]) -> dict[int, Sparkline]:
    """Per alliance, the last twelve months of pulses, or for one without any the last two years
    of health checks, for the rows a page shows: one query, whatever the number of rounds.

    For sparklines only, so plain floats: exact figures are on each alliance's own page.
    """
    own = getattr(organisation_of(user), "pk", None)
    now = clock.now()
    # Health checks come every few months, so they get a longer reach to draw a line at all.
    in_reach = Q(round__kind=Kind.PULSE, round__opens_at__gte=now - PULSE_REACH) | Q(
        round__kind=Kind.HEALTH_CHECK, round__opens_at__gte=now - HEALTH_REACH
    )
    tallies = (
        RoundParty.objects.visible_to(user)
        .filter(in_reach, round__alliance__in=alliance_ids, round__status=Round.Status.CLOSED)
        .order_by("round__opens_at", "pk")
        .values_list(
            "round__alliance_id", "round__kind", "round_id", "organisation_id", "responded",
            "answers", "score_sum", "round__min_respondents",
        )
    )  # fmt: skip
    series: dict[tuple[int, str], dict[int, dict[str, float | None]]] = defaultdict(dict)
    for alliance_id, kind, round_id, org_id, responded, answers, total, k in tallies:
        point = series[(alliance_id, kind)].setdefault(round_id, {})
        score = round(total / answers, 2) if responded >= k and answers else None
        side = "own" if org_id == own else "partner"
        # With several partners their line would blend them; it shows the first only.
        point.setdefault(side, score)
    return {
        alliance_id: Sparkline(
            kind,
            [p.get("own") for p in points.values()],
            [p.get("partner") for p in points.values()],
        )
        for (alliance_id, kind), points in series.items()
        if kind == Kind.PULSE or (alliance_id, Kind.PULSE) not in series
    }


def _portfolio_row(alliance: Any, snapshots: dict[int, Snapshot], own: int | None) -> PortfolioRow:
    cadence = alliance.health_cadence if _has_cadence(alliance) else Cadence(alliance=alliance)
    return PortfolioRow(
        alliance=alliance,
        partners=[
            p.organisation.name for p in getattr(alliance, "joined", []) if p.organisation_id != own
        ],
        pulse=snapshots.get(alliance.latest_pulse) if alliance.latest_pulse else None,
        health=snapshots.get(alliance.latest_health) if alliance.latest_health else None,
        warnings=alliance.recent_warnings or 0,
        overdue=_overdue(alliance, cadence),
        checks_off=not cadence.health_enabled and not cadence.pulse_enabled,
    )


def _has_cadence(alliance: Alliance) -> bool:
    try:
        return alliance.health_cadence is not None
    except Cadence.DoesNotExist:
        return False


def _overdue(alliance: Any, cadence: Cadence) -> bool:
    """A health check is overdue when its cadence called for one over a month ago and none was
    held (open now, or closed with some party's results shown)."""
    if alliance.phase in UNSCHEDULED_PHASES or alliance.is_proposed or not cadence.health_enabled:
        return False
    last = alliance.last_health_held or datetime.datetime.combine(
        alliance.effective_date, datetime.time(), tzinfo=datetime.UTC
    )
    return add_months(last, cadence.health_every_months + 1) < clock.now()


def _matches(row: PortfolioRow, attention: str) -> bool:
    return {
        "": True,
        "any": row.needs_attention,
        "gap": bool(row.flagged),
        "warning": row.warnings > 0,
        "overdue": row.overdue,
        "low_response": row.low_response,
    }.get(attention, True)


def _score(snapshot: Snapshot | None, own: bool) -> Decimal:
    if snapshot is None:
        return Decimal(9)
    parties = [snapshot.own] if own else snapshot.partners
    scores = [p.overall for p in parties if p is not None and p.overall is not None]
    return min(scores) if scores else Decimal(9)


def _gap(row: PortfolioRow) -> Decimal:
    return -row.widest_gap[1] if row.widest_gap else Decimal(1)


SORT_KEYS: dict[str, Any] = {
    "attention": lambda r: (not r.needs_attention, -r.warnings, _gap(r), r.alliance.name),
    "name": lambda r: r.alliance.name.lower(),
    "gap": lambda r: (_gap(r), r.alliance.name),
    "own": lambda r: (_score(r.pulse, True), r.alliance.name),
    "partner": lambda r: (_score(r.pulse, False), r.alliance.name),
    "response": lambda r: (
        r.pulse.response_rate if r.pulse and r.pulse.response_rate is not None else 101,
        r.alliance.name,
    ),
}
