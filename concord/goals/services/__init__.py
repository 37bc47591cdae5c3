"""Every write to goals, benefits, KPIs and measurements: check, write, audit."""

from concord.goals.services.gates import gate_goals_review, gate_review_joint_act
from concord.goals.services.goals import (
    goal_change_propose,
    goal_joint_act,
    goal_propose,
    goal_version_agree,
    goal_version_reject,
)
from concord.goals.services.kpis import (
    benefit_create,
    kpi_create,
    measurement_record,
    measurements_automatic,
)

__all__ = [
    "benefit_create",
    "gate_goals_review",
    "gate_review_joint_act",
    "goal_change_propose",
    "goal_joint_act",
    "goal_propose",
    "goal_version_agree",
    "goal_version_reject",
    "kpi_create",
    "measurement_record",
    "measurements_automatic",
]
