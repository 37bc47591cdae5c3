"""Schemas of the goals API: goals and their versions, benefits, KPIs and measurements.

Figures travel as decimal strings ("12.5"), never floats, so a value reads back exactly as it
was recorded.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, PageOut, Visibility, one_of
from concord.goals.models import (
    DECIMALS,
    GateGoalReview,
    Goal,
    GoalAgreement,
    GoalVersion,
    Kpi,
    KpiKind,
    KpiStatus,
)
from concord.goals.status import kpi_status

GoalStatus = Annotated[str, one_of("GoalStatus", Goal.Status)]
GoalVersionStatus = Annotated[str, one_of("GoalVersionStatus", GoalVersion.Status)]
GoalAnswer = Annotated[str, one_of("GoalAnswer", GoalAgreement.Answer)]
KpiKindName = Annotated[str, one_of("KpiKind", KpiKind)]
KpiDirection = Annotated[str, one_of("KpiDirection", Kpi.Direction)]
GateReviewAnswer = Annotated[str, one_of("GateGoalReviewAnswer", GateGoalReview.Answer)]
KpiStatusName = Annotated[str, one_of("KpiStatus", KpiStatus)]
Figure = Annotated[
    Decimal,
    Field(
        ge=Decimal("-99999999999999"),
        le=Decimal("99999999999999"),
        max_digits=18,
        decimal_places=DECIMALS,
    ),
]


def exact(value: Decimal | None) -> str | None:
    """A figure as an exact decimal string without trailing zeros."""
    if value is None:
        return None
    return format(value.normalize(), "f")


class GoalIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)


class GoalChangeIn(GoalIn):
    reason: str = Field(min_length=1, max_length=2000, description="Why the goal should change.")


class AnswerIn(InputSchema):
    comment: str = Field("", max_length=2000, description="Required when not agreeing.")
    party_id: Id | None = Field(
        None, description="Your own party (optional): each party answers only for itself."
    )


class PartyAnswerOut(Schema):
    """One party's own answer in a joint act on the goals: who answered, for which party, and when.

    Subclasses narrow `answer` to their act's choices; redeclaring it keeps its place in the
    field order.
    """

    party_id: int
    organisation: str
    answer: str
    comment: str
    by: str
    at: datetime.datetime

    @staticmethod
    def resolve_organisation(obj: GoalAgreement | GateGoalReview) -> str:
        return obj.party.organisation.name

    @staticmethod
    def resolve_by(obj: GoalAgreement | GateGoalReview) -> str:
        return str(obj.by)


class GoalAgreementOut(PartyAnswerOut):
    answer: GoalAnswer


class GoalVersionOut(Schema):
    id: int
    goal_id: int
    number: int
    title: str
    description: str
    reason: str
    status: GoalVersionStatus
    proposing_party_id: int
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    agreements: list[GoalAgreementOut]

    @staticmethod
    def resolve_agreements(obj: GoalVersion) -> list[Any]:
        return list(obj.agreements.all())


class GoalOut(Schema):
    id: int
    alliance_id: int
    title: str = Field(description="The wording of the latest agreed version (or the proposal).")
    description: str
    status: GoalStatus
    version: int = Field(description="The agreed version's number; 0 until first agreed.")
    agreed_at: datetime.datetime | None
    created_at: datetime.datetime


class GoalDetailOut(GoalOut):
    versions: list[GoalVersionOut]

    @staticmethod
    def resolve_versions(obj: Any) -> list[Any]:
        return list(obj.versions_read)


class BenefitIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    visibility: Visibility = Field(
        "private", description="Private benefits never reach the partner, in any form."
    )


class BenefitOut(Schema):
    id: int
    alliance_id: int
    organisation_id: int
    title: str
    description: str
    visibility: Visibility
    created_at: datetime.datetime


class KpiIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    kind: KpiKindName
    unit: str = Field(min_length=1, max_length=40)
    direction: KpiDirection
    baseline: Figure
    baseline_date: datetime.date
    target: Figure
    target_date: datetime.date
    owner_party_id: Id
    metric: str = Field(
        "", max_length=50, description="An automatic metric's code (see GET /goals/metrics), or ''."
    )


class KpiOut(Schema):
    id: int
    alliance_id: int
    goal_id: int
    name: str
    kind: KpiKindName
    unit: str
    direction: KpiDirection
    baseline: str
    baseline_date: datetime.date
    target: str
    target_date: datetime.date
    owner_party_id: int
    metric: str
    latest_value: str | None
    latest_on: datetime.date | None
    status: KpiStatusName = Field(description="The latest value against the line to target.")

    @staticmethod
    def resolve_baseline(obj: Kpi) -> str | None:
        return exact(obj.baseline)

    @staticmethod
    def resolve_target(obj: Kpi) -> str | None:
        return exact(obj.target)

    @staticmethod
    def resolve_latest_value(obj: Kpi) -> str | None:
        return exact(obj.latest_value)

    @staticmethod
    def resolve_status(obj: Kpi) -> str:
        return kpi_status(obj)


class MeasurementIn(InputSchema):
    value: Figure
    measured_on: datetime.date
    source: str = Field(min_length=1, max_length=300, description="Where the figure comes from.")


class MeasurementOut(Schema):
    id: int
    kpi_id: int
    value: str
    measured_on: datetime.date
    source: str
    automatic: bool
    recorded_at: datetime.datetime

    @staticmethod
    def resolve_value(obj: Any) -> str | None:
        return exact(obj.value)


class MeasurementPageOut(PageOut):
    items: list[MeasurementOut]


class MetricOut(Schema):
    code: str
    label: str
    unit: str
    kind: str


class GateGoalReviewIn(InputSchema):
    answer: GateReviewAnswer
    goal_id: Id | None = Field(None, description="The goal a proposed change is about, if one.")
    comment: str = Field("", max_length=2000, description="Required when proposing a change.")
    party_id: Id | None = Field(
        None, description="Your own party (optional): each party reviews only for itself."
    )


class GateGoalReviewOut(PartyAnswerOut):
    answer: GateReviewAnswer
    goal_id: int | None


class GateGoalsOut(Schema):
    gate_id: int
    complete: bool = Field(description="Every party has reviewed the goals at this gate.")
    awaited_party_ids: list[int]
    reviews: list[GateGoalReviewOut]
