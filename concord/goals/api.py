"""API of the goals capability: goals agreed as joint acts, benefits, KPIs and measurements."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core.api import Id, PageIn, actor, paginate, responses
from concord.core.metrics import alliance_metrics
from concord.goals import selectors, services
from concord.goals.models import Benefit, Goal, GoalVersion, Kpi, Measurement
from concord.goals.schemas import (
    AnswerIn,
    BenefitIn,
    BenefitOut,
    GateGoalReviewIn,
    GateGoalsOut,
    GoalChangeIn,
    GoalDetailOut,
    GoalIn,
    GoalOut,
    GoalVersionOut,
    KpiIn,
    KpiOut,
    MeasurementIn,
    MeasurementOut,
    MeasurementPageOut,
    MetricOut,
)
from concord.orgs.models import User

router = Router(tags=["goals"])


def _joined_alliance(user: User, alliance_id: int) -> Alliance:
    """An alliance the user's organisation has joined; invited-only or invisible is a 404."""
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    if selectors.own_party(user=user, alliance=alliance) is None:
        raise Http404
    return alliance


def _goal(user: User, goal_id: int) -> Goal:
    goal = selectors.goal_get(user=user, pk=goal_id)
    _joined_alliance(user, goal.alliance_id)
    return goal


def _detail(user: User, goal: Goal) -> Goal:
    goal.versions_read = selectors.goal_versions(user=user, goal=goal)  # type: ignore[attr-defined]
    return goal


@router.get("/goals/metrics", response=responses({200: list[MetricOut]}))
def metric_list(request: HttpRequest) -> list[Any]:
    """The figures Concord can measure a KPI by, every day, from what the alliance records."""
    return list(alliance_metrics().values())


@router.get("/alliances/{alliance_id}/goals", response=responses({200: list[GoalOut]}))
def goal_list(request: HttpRequest, alliance_id: Id) -> list[Goal]:
    """The alliance's goals, agreed and proposed."""
    user = actor(request)
    return selectors.goal_list(user=user, alliance=_joined_alliance(user, alliance_id))


@router.post("/alliances/{alliance_id}/goals", response=responses({201: GoalDetailOut}))
def goal_propose(request: HttpRequest, alliance_id: Id, payload: GoalIn) -> Status[Goal]:
    """Propose a shared goal: your party agrees by proposing, every other party answers."""
    user = actor(request)
    alliance = _joined_alliance(user, alliance_id)
    goal = services.goal_propose(actor=user, alliance=alliance, **payload.model_dump())
    return Status(201, _detail(user, goal))


@router.get("/goals/{goal_id}", response=responses({200: GoalDetailOut}))
def goal_detail(request: HttpRequest, goal_id: Id) -> Goal:
    """A goal with every version proposed and each party's answers."""
    user = actor(request)
    return _detail(user, _goal(user, goal_id))


@router.post("/goals/{goal_id}/versions", response=responses({201: GoalVersionOut}))
def goal_change(request: HttpRequest, goal_id: Id, payload: GoalChangeIn) -> Status[GoalVersion]:
    """Propose a new wording of a goal; the agreed one stands until every party agrees."""
    user = actor(request)
    version = services.goal_change_propose(
        actor=user, goal=_goal(user, goal_id), **payload.model_dump()
    )
    return Status(201, selectors.version_get(user=user, pk=version.pk))


def _answer(request: HttpRequest, version_id: int, payload: AnswerIn, service: Any) -> Any:
    user = actor(request)
    version = selectors.version_get(user=user, pk=version_id)
    _joined_alliance(user, version.goal.alliance_id)
    service(actor=user, version=version, **payload.model_dump())
    return selectors.version_get(user=user, pk=version_id)


@router.post("/goal-versions/{goal_version_id}/agree", response=responses({200: GoalVersionOut}))
def version_agree(request: HttpRequest, goal_version_id: Id, payload: AnswerIn) -> GoalVersion:
    """Your party agrees to this wording of the goal."""
    return _answer(request, goal_version_id, payload, services.goal_version_agree)


@router.post("/goal-versions/{goal_version_id}/reject", response=responses({200: GoalVersionOut}))
def version_reject(request: HttpRequest, goal_version_id: Id, payload: AnswerIn) -> GoalVersion:
    """Your party does not agree to this wording, saying why."""
    return _answer(request, goal_version_id, payload, services.goal_version_reject)


@router.get("/alliances/{alliance_id}/benefits", response=responses({200: list[BenefitOut]}))
def benefit_list(request: HttpRequest, alliance_id: Id) -> list[Benefit]:
    """Every party's shared benefits and your own organisation's private ones."""
    user = actor(request)
    return selectors.benefit_list(user=user, alliance=_joined_alliance(user, alliance_id))


@router.post("/alliances/{alliance_id}/benefits", response=responses({201: BenefitOut}))
def benefit_create(request: HttpRequest, alliance_id: Id, payload: BenefitIn) -> Status[Benefit]:
    """Record what your organisation expects to gain, shared or private."""
    user = actor(request)
    alliance = _joined_alliance(user, alliance_id)
    return Status(
        201, services.benefit_create(actor=user, alliance=alliance, **payload.model_dump())
    )


@router.get("/alliances/{alliance_id}/kpis", response=responses({200: list[KpiOut]}))
def kpi_list(request: HttpRequest, alliance_id: Id) -> list[Kpi]:
    """Every KPI of the alliance with its status."""
    user = actor(request)
    return list(selectors.kpi_list(user=user, alliance=_joined_alliance(user, alliance_id)))


@router.post("/goals/{goal_id}/kpis", response=responses({201: KpiOut}))
def kpi_create(request: HttpRequest, goal_id: Id, payload: KpiIn) -> Status[Kpi]:
    """Add a KPI to a goal, owned by one of the alliance's parties."""
    user = actor(request)
    kpi = services.kpi_create(actor=user, goal=_goal(user, goal_id), **payload.model_dump())
    return Status(201, kpi)


def _kpi(user: User, kpi_id: int) -> Kpi:
    kpi = selectors.kpi_get(user=user, pk=kpi_id)
    _joined_alliance(user, kpi.alliance_id)
    return kpi


@router.get("/kpis/{kpi_id}", response=responses({200: KpiOut}))
def kpi_detail(request: HttpRequest, kpi_id: Id) -> Kpi:
    """A KPI: its line from baseline to target, its latest value and status."""
    return _kpi(actor(request), kpi_id)


@router.get("/kpis/{kpi_id}/measurements", response=responses({200: MeasurementPageOut}))
def measurement_list(request: HttpRequest, kpi_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """A KPI's measurements, oldest first."""
    user = actor(request)
    return paginate(selectors.measurement_list(user=user, kpi=_kpi(user, kpi_id)), page)


@router.post("/kpis/{kpi_id}/measurements", response=responses({201: MeasurementOut}))
def measurement_record(
    request: HttpRequest, kpi_id: Id, payload: MeasurementIn
) -> Status[Measurement]:
    """Record a measurement of a KPI your party owns, with its source."""
    user = actor(request)
    kpi = _kpi(user, kpi_id)
    return Status(201, services.measurement_record(actor=user, kpi=kpi, **payload.model_dump()))


def _gate_goals(user: User, gate_id: int) -> dict[str, Any]:
    gate = alliance_selectors.gate_get(user=user, pk=gate_id)
    _joined_alliance(user, gate.alliance_id)
    state = selectors.gate_review_state(user=user, gate=gate)
    return {
        "gate_id": gate.pk,
        "complete": not state.awaited,
        "awaited_party_ids": [party.pk for party in state.awaited],
        "reviews": state.reviews,
    }


@router.get("/gates/{gate_id}/goal-reviews", response=responses({200: GateGoalsOut}))
def gate_goal_reviews(request: HttpRequest, gate_id: Id) -> dict[str, Any]:
    """Each party's review of the goals and KPIs at a gate, and who has not reviewed them."""
    return _gate_goals(actor(request), gate_id)


@router.post("/gates/{gate_id}/goal-reviews", response=responses({201: GateGoalsOut}))
def gate_goal_review(
    request: HttpRequest, gate_id: Id, payload: GateGoalReviewIn
) -> Status[dict[str, Any]]:
    """Your party confirms the goals and KPIs at a pending gate, or proposes a change."""
    user = actor(request)
    gate = alliance_selectors.gate_get(user=user, pk=gate_id)
    _joined_alliance(user, gate.alliance_id)
    services.gate_goals_review(actor=user, gate=gate, **payload.model_dump())
    return Status(201, _gate_goals(user, gate_id))
