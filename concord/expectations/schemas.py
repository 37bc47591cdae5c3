"""Schemas of the expectations API: commitments, deliveries, disputes, the reliability scorecard
and the learning plan."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
    PageIn,
    PageOut,
    one_of,
)
from concord.expectations.models import (
    Commitment,
    CommitmentDispute,
    Delivery,
    LearningObjective,
    ProgressReview,
)
from concord.expectations.models import Status as CommitmentStatusChoices
from concord.expectations.selectors import DUE_WINDOWS, SORTS
from concord.orgs.api import OrganisationOut

CommitmentKind = Annotated[str, one_of("CommitmentKind", Commitment.Kind)]
CommitmentState = Annotated[str, one_of("CommitmentState", Commitment.State)]
CommitmentStatus = Annotated[str, one_of("CommitmentStatus", CommitmentStatusChoices)]
DeliveryOutcome = Annotated[str, one_of("DeliveryOutcome", Delivery.Outcome)]
DisputeOutcome = Annotated[str, one_of("CommitmentDisputeOutcome", CommitmentDispute.Outcome)]
ObjectiveStatus = Annotated[str, one_of("LearningObjectiveStatus", LearningObjective.Status)]
CommitmentSort = Annotated[
    str, one_of("CommitmentSort", {key.replace("-", "DESC_").upper(): key for key in SORTS})
]
DueWindow = Annotated[str, one_of("DueWindow", {f"W{key}".upper(): key for key in DUE_WINDOWS})]
Measure = Decimal  # a learning measure: up to 12 digits before the point, 2 after


# ---------------------------------------------------------------------------------------------
# Schemas


class CommitmentPartyOut(Schema):
    id: int
    organisation: OrganisationOut


class CommitmentOut(Schema):
    id: int
    alliance_id: int
    title: str
    description: str
    kind: CommitmentKind
    acceptance_criteria: str
    owner_party: CommitmentPartyOut
    receiving_party: CommitmentPartyOut
    owner: PersonOut
    due_date: datetime.date
    due_at: datetime.datetime = Field(
        description="The end of the due date in the owner's time zone."
    )
    status: CommitmentStatus = Field(description="The status now, dates applied.")
    state: CommitmentState
    in_dispute: bool
    waive_reason: str
    created_at: datetime.datetime
    closed_at: datetime.datetime | None


class CommitmentDeliveryOut(Schema):
    id: int
    commitment_id: int
    sequence: int
    delivered_by: PersonOut
    delivered_at: datetime.datetime
    delivered_on: datetime.date
    days_late: int
    note: str
    reference: str
    outcome: DeliveryOutcome
    judged_by: PersonOut | None
    judged_at: datetime.datetime | None
    judgement_comment: str


class CommitmentDisputeOut(Schema):
    id: int
    commitment_id: int
    raised_by: PersonOut
    raising_organisation: OrganisationOut
    reason: str
    raised_at: datetime.datetime
    outcome: DisputeOutcome | None
    resolution: str
    resolved_by: PersonOut | None
    resolved_at: datetime.datetime | None

    @staticmethod
    def resolve_raising_organisation(obj: CommitmentDispute) -> Any:
        return obj.raising_party.organisation

    @staticmethod
    def resolve_outcome(obj: CommitmentDispute) -> str | None:
        return obj.outcome or None


class CommitmentDetailOut(CommitmentOut):
    deliveries: list[CommitmentDeliveryOut]
    disputes: list[CommitmentDisputeOut]

    @staticmethod
    def resolve_deliveries(obj: Commitment) -> list[Delivery]:
        return list(obj.deliveries.all())

    @staticmethod
    def resolve_disputes(obj: Commitment) -> list[CommitmentDispute]:
        return list(obj.disputes.all())


class CommitmentPageOut(PageOut):
    items: list[CommitmentOut]


class CommitmentListIn(PageIn):
    search: str = Field("", max_length=200, description="Title, description, criteria, owner.")
    party_id: Id | None = Field(None, description="Only what this party owes.")
    status: list[CommitmentStatus] = Field(default_factory=list)
    due_within: DueWindow | None = Field(None, description="`past`, or the next 7, 30 or 90 days.")
    sort: CommitmentSort = "due"


class CommitmentIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    kind: CommitmentKind = Commitment.Kind.DELIVERABLE.value
    acceptance_criteria: str = Field(min_length=1, max_length=5000)
    owner_party_id: Id = Field(description="The party that owes it.")
    receiving_party_id: Id | None = Field(
        None, description="The party owed; in a two-party alliance, the other party by default."
    )
    owner_id: Id = Field(description="The person of the owing party who delivers it.")
    due_date: datetime.date


class CommitmentPatchIn(InputSchema):
    """Only the fields sent change; null leaves a field as it is."""

    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=5000)
    kind: CommitmentKind | None = None
    acceptance_criteria: str | None = Field(None, min_length=1, max_length=5000)
    owner_id: Id | None = None
    due_date: datetime.date | None = Field(None, description="Only the party owed moves it.")


class CommitmentDeliveryIn(InputSchema):
    note: str = Field("", max_length=5000, description="How the delivery meets the criteria.")
    reference: str = Field("", max_length=500, description="Where to find it.")


class DeliveryAcceptIn(InputSchema):
    comment: str = Field("", max_length=5000)


class DeliveryRejectIn(InputSchema):
    comment: str = Field(
        min_length=1, max_length=5000, description="Which acceptance criteria it misses."
    )


class CommitmentReasonIn(InputSchema):
    reason: str = Field(min_length=1, max_length=5000)


class CommitmentDisputeResolveIn(InputSchema):
    resolution: str = Field(min_length=1, max_length=5000)
    outcome: DisputeOutcome = CommitmentDispute.Outcome.STANDS.value
    due_date: datetime.date | None = Field(None, description="The new due date, to reschedule.")


class ReliabilityTallyOut(Schema):
    """Counts and shares: on time and first time are percentages, null until there is data."""

    scored: int
    on_time: int
    on_time_share: int | None
    judged: int
    accepted_first_time: int
    first_time_share: int | None
    late_deliveries: int
    average_days_late: Decimal | None


class ReliabilityQuarterOut(ReliabilityTallyOut):
    quarter: str = Field(description="The quarter the commitments fell due, e.g. `2026 Q2`.")
    rolling: ReliabilityTallyOut = Field(description="The four quarters ending with this one.")


class ReliabilityPartyOut(ReliabilityTallyOut):
    party_id: int
    organisation: OrganisationOut
    owed: int
    overdue: int
    in_dispute: int
    waived: int
    awaiting_acceptance: int
    quarters: list[ReliabilityQuarterOut]


class ReliabilityScorecardOut(Schema):
    alliance_id: int
    as_of: datetime.datetime
    parties: list[ReliabilityPartyOut]


class ProgressReviewOut(Schema):
    id: int
    objective_id: int
    reviewed_on: datetime.date
    value: Decimal
    comment: str
    reviewed_by: PersonOut
    created_at: datetime.datetime


class LearningObjectiveOut(Schema):
    id: int
    alliance_id: int
    title: str
    rationale: str
    measure: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    owner: PersonOut
    owner_organisation: OrganisationOut
    target_date: datetime.date
    status: ObjectiveStatus
    created_at: datetime.datetime

    @staticmethod
    def resolve_owner_organisation(obj: LearningObjective) -> Any:
        return obj.owner_party.organisation


class LearningObjectiveDetailOut(LearningObjectiveOut):
    reviews: list[ProgressReviewOut]

    @staticmethod
    def resolve_reviews(obj: LearningObjective) -> list[ProgressReview]:
        return list(obj.reviews.all())


def _measure(description: str = "") -> Any:
    return Field(None, max_digits=14, decimal_places=2, description=description)


class LearningObjectiveIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    rationale: str = Field(min_length=1, max_length=5000)
    measure: str = Field(min_length=1, max_length=200)
    unit: str = Field("", max_length=30)
    baseline: Measure | None = _measure()
    target: Measure | None = _measure()
    owner_id: Id
    target_date: datetime.date


class LearningObjectivePatchIn(InputSchema):
    """Only the fields sent change; null leaves a field as it is."""

    title: str | None = Field(None, min_length=1, max_length=200)
    rationale: str | None = Field(None, min_length=1, max_length=5000)
    measure: str | None = Field(None, min_length=1, max_length=200)
    unit: str | None = Field(None, max_length=30)
    baseline: Measure | None = _measure()
    target: Measure | None = _measure()
    owner_id: Id | None = None
    target_date: datetime.date | None = None
    status: ObjectiveStatus | None = None


class ProgressReviewIn(InputSchema):
    value: Measure = Field(max_digits=14, decimal_places=2, description="The measure today.")
    reviewed_on: datetime.date | None = Field(None, description="Today unless given.")
    comment: str = Field("", max_length=5000)
