"""Reads of goals, benefits, KPIs and measurements, always through visible_to(user)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch

from concord.alliances.models import Alliance, Gate, Party
from concord.alliances.portfolio import alliances_in_role
from concord.alliances.selectors import accepted_party
from concord.core.tenancy import organisation_of
from concord.goals.models import (
    Benefit,
    GateGoalReview,
    Goal,
    GoalAgreement,
    GoalVersion,
    Kpi,
    KpiStatus,
    Measurement,
)
from concord.goals.status import kpi_status
from concord.orgs.models import User


@dataclass
class KpiRow:
    """A KPI as the pages show it: the row and its status today."""

    kpi: Kpi
    status: str

    @property
    def status_label(self) -> str:
        return str(KpiStatus(self.status).label)


@dataclass
class KpiSummary:
    """An alliance's KPIs at a glance: how many stand where, and the ones off track."""

    rows: list[KpiRow] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(row.status for row in self.rows)
        return {code: tally.get(code, 0) for code in KpiStatus.values}

    @property
    def off_track(self) -> list[KpiRow]:
        return [row for row in self.rows if row.status == KpiStatus.OFF_TRACK]

    @property
    def patient_outcomes(self) -> list[KpiRow]:
        return [row for row in self.rows if row.kpi.kind == "patient_outcome"]


def own_party(*, user: User, alliance: Alliance) -> Party | None:
    """The user's organisation's accepted party of the alliance, read once per page."""
    return accepted_party(user=user, alliance=alliance)


def goal_list(*, user: User, alliance: Alliance) -> list[Goal]:
    """The alliance's goals, each with its pending version and its answers, and its KPIs."""
    pending = (
        GoalVersion.objects.visible_to(user)
        .filter(status=GoalVersion.Status.PENDING)
        .select_related("proposing_party__organisation", "proposed_by")
        .prefetch_related(
            Prefetch(
                "agreements",
                GoalAgreement.objects.visible_to(user).select_related("party__organisation", "by"),
            )
        )
    )
    kpis = Kpi.objects.visible_to(user).select_related("owner_party__organisation")
    # Goal declares the two prefetched attributes for the pages; django-stubs' plugin declares
    # them again from to_attr and reports the pair as a redefinition.
    return list(
        Goal.objects.visible_to(user)  # type: ignore[no-redef]
        .filter(alliance=alliance)
        .prefetch_related(
            Prefetch("versions", pending, to_attr="pending_versions"),
            Prefetch("kpis", kpis, to_attr="kpi_list"),
        )
    )


def goal_get(*, user: User, pk: int) -> Goal:
    return Goal.objects.visible_to(user).select_related("alliance").get(pk=pk)


def goal_versions(*, user: User, goal: Goal) -> list[GoalVersion]:
    """Every version of a goal, oldest first, with each party's answer: its history."""
    return list(
        GoalVersion.objects.visible_to(user)
        .filter(goal=goal)
        .select_related("proposing_party__organisation", "proposed_by")
        .prefetch_related(
            Prefetch(
                "agreements",
                GoalAgreement.objects.visible_to(user).select_related("party__organisation", "by"),
            )
        )
    )


def version_get(*, user: User, pk: int) -> GoalVersion:
    return (
        GoalVersion.objects.visible_to(user)
        .select_related("goal__alliance")
        .prefetch_related(
            Prefetch(
                "agreements",
                GoalAgreement.objects.visible_to(user).select_related("party__organisation", "by"),
            )
        )
        .get(pk=pk)
    )


def benefit_list(*, user: User, alliance: Alliance) -> list[Benefit]:
    """Benefits the user may read: every party's shared ones and their own organisation's."""
    return list(
        Benefit.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("organisation", "author")
    )


def kpi_get(*, user: User, pk: int) -> Kpi:
    return (
        Kpi.objects.visible_to(user)
        .select_related("alliance", "goal", "owner_party__organisation")
        .get(pk=pk)
    )


def kpi_list(*, user: User, alliance: Alliance | None = None, goal: Goal | None = None) -> Any:
    kpis = Kpi.objects.visible_to(user).select_related("goal", "owner_party__organisation")
    if alliance is not None:
        kpis = kpis.filter(alliance=alliance)
    if goal is not None:
        kpis = kpis.filter(goal=goal)
    return kpis


def kpi_summary(*, user: User, alliance: Alliance) -> KpiSummary:
    """Every KPI of the alliance with its status: one query."""
    return KpiSummary(
        [KpiRow(kpi, kpi_status(kpi)) for kpi in kpi_list(user=user, alliance=alliance)]
    )


def measurement_list(*, user: User, kpi: Kpi) -> Any:
    return (
        Measurement.objects.visible_to(user)
        .filter(kpi=kpi)
        .select_related("recorded_by")
        .order_by("measured_on", "pk")
    )


def can_manage(*, user: User, party: Party | None) -> bool:
    """Display only: alliance managers and admins of a joined party propose goals and KPIs."""
    membership = getattr(user, "membership", None)
    return party is not None and membership is not None and membership.can_manage_alliances


def can_measure(*, user: User, party: Party | None, kpi: Kpi) -> bool:
    """Display only: a member of the owner party, not read-only, records a hand-kept KPI."""
    membership = getattr(user, "membership", None)
    return (
        party is not None
        and party.pk == kpi.owner_party_id
        and membership is not None
        and not membership.is_read_only
        and not kpi.is_automatic
    )


@dataclass
class GateGoals:
    """The goals with their KPIs where a pending gate is decided, and each party's review."""

    gate: Gate
    goals: list[Goal]
    parties: list[Party]
    reviews: list[GateGoalReview]

    def review_of(self, party: Party | None) -> GateGoalReview | None:
        return next((r for r in self.reviews if party and r.party_id == party.pk), None)

    @property
    def awaited(self) -> list[Party]:
        """The parties that have not reviewed the goals at this gate yet."""
        answered = {review.party_id for review in self.reviews}
        return [party for party in self.parties if party.pk not in answered]


def gate_reviews(*, user: User, gate: Gate) -> list[GateGoalReview]:
    """Each party's review of the goals at a gate, first first."""
    return list(
        GateGoalReview.objects.visible_to(user)
        .filter(gate=gate)
        .select_related("party__organisation", "by", "goal")
    )


def gate_goals(*, user: User, alliance: Alliance) -> GateGoals | None:
    """The alliance's pending gate with its goals, their KPIs and the reviews so far; None
    without a pending gate. A fixed number of queries."""
    gate = Gate.objects.visible_to(user).filter(alliance=alliance, status=Gate.Status.PENDING)
    pending = gate.first()
    if pending is None:
        return None
    goals = goal_list(user=user, alliance=alliance)
    for goal in goals:
        goal.kpi_rows = [KpiRow(k, kpi_status(k)) for k in goal.kpi_list]
    return gate_review_state(user=user, gate=pending, goals=goals)


def gate_review_state(*, user: User, gate: Gate, goals: list[Goal] | None = None) -> GateGoals:
    """A gate's reviews of the goals so far, and the joined parties that have not reviewed."""
    parties = list(
        Party.objects.visible_to(user)
        .filter(alliance_id=gate.alliance_id, status=Party.Status.ACCEPTED)
        .select_related("organisation")
    )
    return GateGoals(gate, goals or [], parties, gate_reviews(user=user, gate=gate))


def gates_awaiting_review(*, user: User) -> Any:
    """Pending gates, on alliances the person manages and with goals, whose goals the person's
    party has not reviewed yet (one query)."""
    reviewed = GateGoalReview.objects.visible_to(user).filter(
        gate=OuterRef("pk"), party__organisation=organisation_of(user)
    )
    has_goals = Goal.objects.visible_to(user).filter(alliance=OuterRef("alliance_id"))
    return (
        Gate.objects.visible_to(user)
        .filter(status=Gate.Status.PENDING, alliance_id__in=alliances_in_role(user=user))
        .filter(Exists(has_goals))
        .exclude(Exists(reviewed))
        .select_related("alliance")
    )
