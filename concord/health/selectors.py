"""Reads of the health capability, always through visible_to(user).

Every figure leaves here already judged against the anonymity threshold: a party's scores (and
its comments) appear only for a closed round that at least k of its people answered, a gap only
between parties both shown, and nothing ever combines a hidden party with a shown one (a joint
average would let anyone subtract the shown party and read the hidden one). The readers offer
whole rounds and whole alliances only; nothing narrows a round to a subset of its respondents.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from concord.alliances.models import Alliance, Party
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.health.models import (
    GAP_FLAG,
    Cadence,
    Celebration,
    Comment,
    Dimension,
    DimensionTally,
    EarlyWarning,
    HealthSettings,
    Instrument,
    InstrumentVersion,
    Kind,
    Respondent,
    Round,
    RoundParty,
    mean,
)
from concord.health.services import UNSCHEDULED_PHASES, add_months

RECENT_WARNINGS = datetime.timedelta(days=90)
TREND_ROUNDS = 24  # the trend chart's reach: two years of monthly pulses
PULSE_REACH = datetime.timedelta(days=366)  # a portfolio sparkline's reach: a year of pulses
HEALTH_REACH = datetime.timedelta(days=731)  # or two years of health checks


# --- Instruments -------------------------------------------------------------------------------


def instrument_list(*, user: Any, kind: str = "") -> QuerySet[Instrument]:
    """The built-in instruments and the user's organisation's own copies."""
    instruments = Instrument.objects.visible_to(user).select_related("based_on")
    return instruments.filter(kind=kind) if kind else instruments


def instrument_get(*, user: Any, pk: int) -> Instrument:
    """One instrument the user may read (built in, or their organisation's)."""
    return Instrument.objects.visible_to(user).get(pk=pk)


def instrument_versions(*, user: Any, instrument: Instrument) -> list[InstrumentVersion]:
    """Every version of an instrument, newest first, with how many rounds used each."""
    return list(
        InstrumentVersion.objects.visible_to(user)
        .filter(instrument=instrument)
        .annotate(round_count=Count("rounds"))
        .select_related("created_by")
        .order_by("-number")
    )


def version_wording(version: InstrumentVersion) -> list[Dimension]:
    """A version's dimensions with their statements, in order. Reached from a version in scope
    (a round's or an instrument's), so it reads without a second scope."""
    return list(Dimension.objects.unscoped().filter(version=version).prefetch_related("statements"))


def threshold_of(*, user: Any) -> int:
    """The user's organisation's own anonymity threshold (3 unless an admin raised it)."""
    settings = HealthSettings.objects.visible_to(user).first()
    return settings.min_respondents if settings else 3


# --- Rounds and invitations ------------------------------------------------------------------


def round_get(*, user: Any, pk: int) -> Round:
    """One round of an alliance the user's organisation has joined."""
    return (
        Round.objects.visible_to(user).select_related("alliance", "version__instrument").get(pk=pk)
    )


def round_list(*, user: Any, alliance: Alliance, kind: str = "") -> QuerySet[Round]:
    """An alliance's rounds, newest first, with each party's response count."""
    parties = RoundParty.objects.visible_to(user).select_related("organisation")
    rounds = Round.objects.visible_to(user).filter(alliance=alliance)
    if kind:
        rounds = rounds.filter(kind=kind)
    return rounds.select_related("version").prefetch_related(Prefetch("parties", queryset=parties))


def respondent_for(*, user: Any, round_: Round) -> Respondent | None:
    """The user's own invitation to a round, if they were invited."""
    return (
        Respondent.objects.visible_to(user)
        .filter(round=round_)
        .select_related("round__alliance")
        .first()
    )


def respondent_for_token(token: str) -> Respondent | None:
    """The invitation a personal link stands for; the token is the credential, for that one
    round and person only."""
    if not token or len(token) > 100:
        return None
    hashed = hash_secret(token)
    return (
        Respondent.objects.unscoped()
        .select_related("round__alliance", "round__version", "round_party__organisation", "user")
        .filter(Q(token_hash=hashed) | Q(reminder_token_hash=hashed))
        .first()
    )


def invitations_waiting(*, user: Any) -> list[Respondent]:
    """Open rounds the user was asked to answer and has not yet."""
    return list(
        Respondent.objects.visible_to(user)
        .filter(has_answered=False, round__status=Round.Status.OPEN)
        .filter(round__closes_at__gt=timezone.now())
        .select_related("round__alliance")
        .order_by("round__closes_at")
    )


# --- Results of one round ---------------------------------------------------------------------


@dataclass
class PartyResult:
    """One party's side of a round: response rate always; scores only when shown."""

    party_id: int
    organisation_id: int
    name: str
    is_own: bool
    invited: int
    responded: int
    shown: bool
    overall: Decimal | None = None
    scores: dict[str, Decimal] = field(default_factory=dict)

    @property
    def rate(self) -> int | None:
        return round(100 * self.responded / self.invited) if self.invited else None


@dataclass
class DimensionRow:
    """One dimension across the parties, with the perception gap between those shown."""

    key: str
    name: str
    scores: list[Decimal | None]

    @property
    def gap(self) -> Decimal | None:
        shown = [s for s in self.scores if s is not None]
        return max(shown) - min(shown) if len(shown) >= 2 else None

    @property
    def flagged(self) -> bool:
        return self.gap is not None and self.gap >= GAP_FLAG


@dataclass(frozen=True)
class CommentView:
    """A comment as pages show it: its text and party, never its author or when."""

    text: str
    organisation: str
    internal: bool


@dataclass
class RoundResults:
    """What a round's results page shows; `published` is False until the round closes."""

    round: Round
    parties: list[PartyResult]
    dimensions: list[DimensionRow]
    comments: list[CommentView]
    warnings: list[EarlyWarning]

    @property
    def published(self) -> bool:
        return not self.round.is_open

    @property
    def k(self) -> int:
        return self.round.min_respondents

    @property
    def flagged(self) -> list[DimensionRow]:
        return [d for d in self.dimensions if d.flagged]

    @property
    def shown_parties(self) -> list[PartyResult]:
        return [p for p in self.parties if p.shown]


def _party_result(tally: RoundParty, own_org: int | None, k: int, published: bool) -> PartyResult:
    shown = published and tally.responded >= k
    return PartyResult(
        party_id=tally.party_id,
        organisation_id=tally.organisation_id,
        name=tally.organisation.name,
        is_own=tally.organisation_id == own_org,
        invited=tally.invited,
        responded=tally.responded,
        shown=shown,
        overall=tally.overall if shown else None,
    )


def _order_parties(results: list[PartyResult]) -> list[PartyResult]:
    return sorted(results, key=lambda p: (not p.is_own, p.name))


def round_results(*, user: Any, round_: Round) -> RoundResults:
    """A round's aggregate results as the user may see them; a constant handful of queries."""
    own = getattr(organisation_of(user), "pk", None)
    published, k = not round_.is_open, round_.min_respondents
    tallies = list(
        RoundParty.objects.visible_to(user).filter(round=round_).select_related("organisation")
    )
    parties = _order_parties([_party_result(t, own, k, published) for t in tallies])
    shown = {p.party_id: p for p in parties if p.shown}
    dimension_rows = (
        DimensionTally.objects.visible_to(user)
        .filter(round_party__round=round_)
        .select_related("dimension", "round_party")
        .order_by("dimension__position", "dimension__pk")
    )
    names: dict[str, str] = {}
    for tally in dimension_rows:
        names.setdefault(tally.dimension.key, tally.dimension.name)
        holder = shown.get(tally.round_party.party_id)
        if holder is not None and tally.score is not None:
            holder.scores[tally.dimension.key] = tally.score
    dimensions = [
        DimensionRow(key, name, [p.scores.get(key) if p.shown else None for p in parties])
        for key, name in names.items()
    ]
    return RoundResults(
        round=round_,
        parties=parties,
        dimensions=dimensions,
        comments=_comments(user, round_, set(shown)),
        warnings=list(
            EarlyWarning.objects.visible_to(user)
            .filter(round=round_)
            .select_related("round_party__organisation")
        )
        if published
        else [],
    )


def _comments(user: Any, round_: Round, shown_parties: set[int]) -> list[CommentView]:
    """Comments of the shown parties only, internal ones only for their own organisation, in the
    random order drawn when each was written (never the order they came in)."""
    if not shown_parties:
        return []
    comments = (
        Comment.objects.visible_to(user)
        .filter(round_party__round=round_, round_party__party_id__in=shown_parties)
        .select_related("organisation")
        .order_by("shuffle", "pk")
    )
    return [CommentView(c.text, c.organisation.name, c.is_internal) for c in comments]


# --- Trends -----------------------------------------------------------------------------------


@dataclass
class TrendPoint:
    """One round on a trend: its label, wording version, and each shown party's score."""

    round_id: int
    label: str
    opens_at: datetime.datetime
    version_id: int
    scores: dict[int, Decimal | None]  # party id → score, None when not enough answered


@dataclass
class Trend:
    """Scores over the closed rounds of one kind, overall or for one dimension."""

    kind: str
    dimension: str  # "" for the overall score
    parties: list[tuple[int, str, bool]]  # (party id, organisation name, is own)
    points: list[TrendPoint]
    dimensions: list[tuple[str, str]]  # every dimension met, for the picker

    @property
    def rows(self) -> list[tuple[str, list[Decimal | None]]]:
        """The figures as a table: each round's label and the parties' scores in order."""
        return [(p.label, [p.scores.get(pid) for pid, _, _ in self.parties]) for p in self.points]

    @property
    def version_breaks(self) -> list[int]:
        """Indexes where the wording changed: the chart marks them, comparisons stop at them."""
        return [
            i
            for i in range(1, len(self.points))
            if self.points[i].version_id != self.points[i - 1].version_id
        ]


def alliance_trend(*, user: Any, alliance: Alliance, kind: str, dimension: str = "") -> Trend:
    """The alliance's closed rounds of a kind, oldest first: three queries however many rounds."""
    own = getattr(organisation_of(user), "pk", None)
    rounds = list(
        Round.objects.visible_to(user)
        .filter(alliance=alliance, kind=kind, status=Round.Status.CLOSED)
        .order_by("-opens_at")[:TREND_ROUNDS]
    )[::-1]
    tallies = list(
        RoundParty.objects.visible_to(user)
        .filter(round__in=[r.pk for r in rounds])
        .select_related("organisation")
    )
    by_round: dict[int, list[RoundParty]] = defaultdict(list)
    for tally in tallies:
        by_round[tally.round_id].append(tally)
    dimension_scores, dimensions = _dimension_scores(user, tallies, dimension)
    points = []
    for round_ in rounds:
        scores: dict[int, Decimal | None] = {}
        for tally in by_round[round_.pk]:
            shown = tally.responded >= round_.min_respondents
            value = dimension_scores.get(tally.pk) if dimension else tally.overall
            scores[tally.party_id] = value if shown else None
        points.append(
            TrendPoint(round_.pk, _label(round_), round_.opens_at, round_.version_id, scores)
        )
    parties = {(t.party_id, t.organisation.name, t.organisation_id == own) for t in tallies}
    ordered = sorted(parties, key=lambda p: (not p[2], p[1]))
    return Trend(kind, dimension, ordered, points, dimensions)


def _dimension_scores(
    user: Any, tallies: list[RoundParty], dimension: str
) -> tuple[dict[int, Decimal | None], list[tuple[str, str]]]:
    """Each tally's score on one dimension, and every dimension those rounds measured."""
    rows = (
        DimensionTally.objects.visible_to(user)
        .filter(round_party__in=[t.pk for t in tallies])
        .values_list("round_party_id", "dimension__key", "dimension__name", "answers", "score_sum")
    )
    scores: dict[int, Decimal | None] = {}
    names: dict[str, str] = {}
    for tally_id, key, name, answers, total in rows:
        names.setdefault(key, name)
        if key == dimension:
            scores[tally_id] = mean(total, answers)
    return scores, sorted(names.items(), key=lambda kv: kv[1])


def _label(round_: Round) -> str:
    return f"{timezone.localtime(round_.opens_at):%Y-%m}"


# --- The alliance's health tab ----------------------------------------------------------------


@dataclass
class AllianceHealth:
    """Everything the alliance's Health tab shows, read in scope."""

    cadence: Cadence
    open_rounds: list[Round]
    waiting: list[Respondent]
    latest: RoundResults | None
    trend: Trend
    warnings: list[EarlyWarning]
    celebrations: list[Celebration]


def cadence_of(*, user: Any, alliance: Alliance) -> Cadence:
    """The alliance's cadence as the user may read it, or the defaults."""
    found = (
        Cadence.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("pulse_instrument", "health_instrument")
        .first()
    )
    return found or Cadence(alliance=alliance)


def alliance_health(
    *, user: Any, alliance: Alliance, kind: str = Kind.PULSE, dimension: str = ""
) -> AllianceHealth:
    """The Health tab: open rounds, the latest results of a kind, its trend, warnings, kudos."""
    rounds = Round.objects.visible_to(user).filter(alliance=alliance)
    latest = rounds.filter(kind=kind, status=Round.Status.CLOSED).order_by("-opens_at").first()
    parties = RoundParty.objects.visible_to(user).select_related("organisation")
    return AllianceHealth(
        cadence=cadence_of(user=user, alliance=alliance),
        open_rounds=list(
            rounds.filter(status=Round.Status.OPEN).prefetch_related(
                Prefetch("parties", queryset=parties)
            )
        ),
        waiting=[r for r in invitations_waiting(user=user) if r.round.alliance_id == alliance.pk],
        latest=round_results(user=user, round_=latest) if latest else None,
        trend=alliance_trend(user=user, alliance=alliance, kind=kind, dimension=dimension),
        warnings=list(
            EarlyWarning.objects.visible_to(user)
            .filter(round__alliance=alliance)
            .select_related("round", "round_party__organisation")[:8]
        ),
        celebrations=list(celebration_list(user=user, alliance=alliance)[:12]),
    )


def celebration_list(*, user: Any, alliance: Alliance) -> QuerySet[Celebration]:
    """The alliance's celebrations and kudos, newest first."""
    return (
        Celebration.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("given_by", "organisation")
    )


@dataclass
class OverviewPanel:
    """The side panel on the alliance overview: latest pulse, gap flags, celebrations."""

    alliance: Alliance
    pulse: RoundResults | None
    health: RoundResults | None
    celebrations: list[Celebration]
    waiting: list[Respondent]


def overview_panel(*, user: Any, alliance: Alliance) -> OverviewPanel:
    """What the alliance overview shows of the relationship's health."""
    closed = Round.objects.visible_to(user).filter(alliance=alliance, status=Round.Status.CLOSED)
    pulse = closed.filter(kind=Kind.PULSE).order_by("-opens_at").first()
    health = closed.filter(kind=Kind.HEALTH_CHECK).order_by("-opens_at").first()
    return OverviewPanel(
        alliance=alliance,
        pulse=round_results(user=user, round_=pulse) if pulse else None,
        health=round_results(user=user, round_=health) if health else None,
        celebrations=list(celebration_list(user=user, alliance=alliance)[:3]),
        waiting=[r for r in invitations_waiting(user=user) if r.round.alliance_id == alliance.pk],
    )


# --- The organisation-wide health page --------------------------------------------------------


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


def _joined_alliances(user: Any, filters: PortfolioFilters) -> QuerySet[Alliance]:
    org = organisation_of(user)
    joined = Party.objects.visible_to(user).filter(organisation=org, status=Party.Status.ACCEPTED)
    alliances = Alliance.objects.visible_to(user).filter(
        pk__in=joined.values("alliance_id"), status=Alliance.Status.ACTIVE
    )
    if filters.search.strip():
        alliances = alliances.filter(name__icontains=filters.search.strip())
    if filters.tier:
        alliances = alliances.filter(tier=filters.tier)
    if filters.phase:
        alliances = alliances.filter(phase=filters.phase)
    # The correlated subqueries below reach rounds, their tallies and warnings through the outer
    # alliance, which is already read in the user's scope (all three are shared with every party).
    rounds = Round.objects.unscoped().filter(alliance=OuterRef("pk")).order_by("-opens_at")

    def closed(kind: str) -> Subquery:
        return Subquery(rounds.filter(kind=kind, status=Round.Status.CLOSED).values("pk")[:1])

    since = timezone.now() - RECENT_WARNINGS
    warnings = (
        EarlyWarning.objects.unscoped()
        .filter(round__alliance=OuterRef("pk"), created_at__gte=since)
        .order_by()
        .values("round__alliance")
        .annotate(n=Count("pk"))
        .values("n")
    )
    partners = Party.objects.visible_to(user).filter(status=Party.Status.ACCEPTED)
    return alliances.annotate(
        latest_pulse=closed(Kind.PULSE),
        latest_health=closed(Kind.HEALTH_CHECK),
        last_health_held=_last_held(rounds.filter(kind=Kind.HEALTH_CHECK)),
        recent_warnings=Subquery(warnings),
    ).prefetch_related(
        Prefetch("parties", queryset=partners.select_related("organisation"), to_attr="joined"),
        Prefetch("health_cadence", queryset=Cadence.objects.visible_to(user)),
    )


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


def _snapshots(user: Any, round_ids: list[int], own: int | None) -> dict[int, Snapshot]:
    """The latest rounds' party results and gaps: two queries for any number of alliances.

    Plain values rather than model instances: at 150 alliances this page builds hundreds of
    results, and instantiating rows and their related objects was most of its time.
    """
    tallies = (
        RoundParty.objects.visible_to(user)
        .filter(round__in=round_ids)
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
        .filter(round_party__round__in=round_ids)
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
    now = timezone.now()
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
        partners=[p.organisation.name for p in alliance.joined if p.organisation_id != own],
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
    return add_months(last, cadence.health_every_months + 1) < timezone.now()


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


# --- What to offer ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HealthPermissions:
    """Which actions the Health tab offers. Display only: the services enforce every rule."""

    joined: bool = False
    manage: bool = False
    kudos: bool = False


def health_permissions(*, user: Any, alliance: Alliance) -> HealthPermissions:
    """Mirrors the services' rules: managers run the cadence; team members and managers give kudos."""
    membership = getattr(user, "membership", None)
    org = organisation_of(user)
    if membership is None or org is None:
        return HealthPermissions()
    party = (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, organisation=org, status=Party.Status.ACCEPTED)
        .first()
    )
    if party is None:
        return HealthPermissions()
    on_team = party.team.filter(user=user).exists()
    writer = not membership.is_read_only
    return HealthPermissions(
        joined=True,
        manage=writer and membership.can_manage_alliances,
        kudos=writer and (on_team or membership.can_manage_alliances),
    )
