"""One alliance's health: its trends, its Health tab, the overview panel and what the tab offers."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from concord.alliances.models import Alliance, Party
from concord.core.tenancy import organisation_of
from concord.health.models import (
    Cadence,
    Celebration,
    DimensionTally,
    EarlyWarning,
    Kind,
    Respondent,
    Round,
    RoundParty,
    mean,
)
from concord.health.selectors.rounds import (
    RoundResults,
    invitations_waiting,
    round_party_tallies,
    round_results,
)

TREND_ROUNDS = 24  # the trend chart's reach: two years of monthly pulses


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

    def latest(kind: str) -> Subquery:
        return Subquery(closed.filter(kind=kind).order_by("-opens_at").values("pk")[:1])

    # The latest pulse and the latest health check, in one query.
    both = {
        r.kind: r for r in closed.filter(Q(pk=latest(Kind.PULSE)) | Q(pk=latest(Kind.HEALTH_CHECK)))
    }
    pulse, health = both.get(Kind.PULSE), both.get(Kind.HEALTH_CHECK)
    # Both rounds' party tallies in one query; the panel shows a pulse's overall score per
    # party only, and of a health check the gaps flagged (no comments, no warnings).
    tallies = round_party_tallies(user=user, rounds=list(both.values()))
    return OverviewPanel(
        alliance=alliance,
        pulse=round_results(user=user, round_=pulse, parties_only=True, tallies=tallies[pulse.pk])
        if pulse
        else None,
        health=round_results(user=user, round_=health, summary=True, tallies=tallies[health.pk])
        if health
        else None,
        celebrations=list(celebration_list(user=user, alliance=alliance)[:3]),
        waiting=[r for r in invitations_waiting(user=user) if r.round.alliance_id == alliance.pk],
    )


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
