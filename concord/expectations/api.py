"""API of the expectations capability: commitments and deliveries, disputes, the scorecard, learning."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concord.alliances import selectors as alliance_selectors
from concord.alliances.api import PersonOut
from concord.alliances.models import Alliance, Party
from concord.core.api import (
    Id,
    InputSchema,
    PageIn,
    PageOut,
    actor,
    one_of,
    paginate,
    responses,
)
from concord.core.errors import invalid
from concord.expectations import selectors, services
from concord.expectations.models import (
    Commitment,
    CommitmentDispute,
    Delivery,
    LearningObjective,
    ProgressReview,
)
from concord.expectations.models import (
    Status as CommitmentStatusChoices,
)
from concord.expectations.selectors import DUE_WINDOWS, SORTS, CommitmentFilters
from concord.orgs.api import OrganisationOut
from concord.orgs.models import User

router = Router(tags=["expectations"])

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


# ---------------------------------------------------------------------------------------------
# Helpers


def _joined(user: User, alliance_id: int) -> Alliance:
    """An alliance the user's organisation has joined; 404 for anyone else, invited ones too."""
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    if selectors.own_party(user=user, alliance=alliance) is None:
        raise Alliance.DoesNotExist
    return alliance


def _party(user: User, alliance: Alliance, pk: int, field: str) -> Party:
    """A joined party of this alliance by id, or a 422 naming the field."""
    for party in selectors.commitment_parties(user=user, alliance=alliance):
        if party.pk == pk:
            return party
    raise invalid(field, "No party of this alliance has this id.")


def _person(user: User, alliance: Alliance, pk: int, field: str) -> User:
    """A person of one of the alliance's joined parties by id, or a 422 naming the field; the
    same answer for an id that does not exist as for someone outside, so ids cannot be probed."""
    for party in selectors.commitment_parties(user=user, alliance=alliance):
        for person in selectors.owner_candidates(user=user, party=party):
            if person.pk == pk:
                return person
    raise invalid(field, "Choose an active person of one of this alliance's parties.")


def _detail(user: User, commitment: Commitment) -> Commitment:
    return selectors.commitment_history(user=user, commitment=commitment)


def _changes(payload: InputSchema) -> dict[str, Any]:
    """The fields a PATCH sent, without the nulls that mean 'leave as it is'."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}


def _tally(tally: selectors.Tally) -> dict[str, Any]:
    return {
        "scored": tally.scored,
        "on_time": tally.on_time,
        "on_time_share": tally.on_time_share,
        "judged": tally.judged,
        "accepted_first_time": tally.first_time,
        "first_time_share": tally.first_time_share,
        "late_deliveries": tally.late,
        "average_days_late": tally.average_days_late,
    }


# ---------------------------------------------------------------------------------------------
# Commitments


@router.get(
    "/alliances/{alliance_id}/commitments",
    response=responses({200: CommitmentPageOut}),
    tags=["commitments"],
)
def commitment_list(
    request: HttpRequest, alliance_id: Id, params: Query[CommitmentListIn]
) -> dict[str, Any]:
    """What each party owes the alliance, with each commitment's status now."""
    user = actor(request)
    alliance = _joined(user, alliance_id)
    filters = CommitmentFilters(
        search=params.search,
        party=params.party_id,
        status=list(params.status),
        due_within=params.due_within or "",
        sort=params.sort,
    )
    return paginate(
        selectors.commitment_list(user=user, alliance=alliance, filters=filters), params
    )


@router.post(
    "/alliances/{alliance_id}/commitments",
    response=responses({201: CommitmentDetailOut}),
    tags=["commitments"],
)
def commitment_create(
    request: HttpRequest, alliance_id: Id, payload: CommitmentIn
) -> Status[Commitment]:
    """Record what one party owes the other, by when, judged against which criteria."""
    user = actor(request)
    alliance = _joined(user, alliance_id)
    data = payload.model_dump(exclude={"owner_party_id", "receiving_party_id", "owner_id"})
    commitment = services.commitment_create(
        actor=user,
        alliance=alliance,
        owner_party=_party(user, alliance, payload.owner_party_id, "owner_party_id"),
        receiving_party=None
        if payload.receiving_party_id is None
        else _party(user, alliance, payload.receiving_party_id, "receiving_party_id"),
        owner=_person(user, alliance, payload.owner_id, "owner_id"),
        **data,
    )
    return Status(201, _detail(user, commitment))


@router.get(
    "/commitments/{commitment_id}",
    response=responses({200: CommitmentDetailOut}),
    tags=["commitments"],
)
def commitment_detail(request: HttpRequest, commitment_id: Id) -> Commitment:
    """One commitment with its status now, every delivery and verdict, and its disputes."""
    user = actor(request)
    return _detail(user, selectors.commitment_get(user=user, pk=commitment_id))


@router.patch(
    "/commitments/{commitment_id}",
    response=responses({200: CommitmentDetailOut}),
    tags=["commitments"],
)
def commitment_update(
    request: HttpRequest, commitment_id: Id, payload: CommitmentPatchIn
) -> Commitment:
    """Edit a commitment's terms; only the party owed moves the due date."""
    user = actor(request)
    commitment = selectors.commitment_get(user=user, pk=commitment_id)
    changes = _changes(payload)
    if "owner_id" in changes:
        changes["owner"] = _person(user, commitment.alliance, changes.pop("owner_id"), "owner_id")
    services.commitment_update(actor=user, commitment=commitment, **changes)
    return _detail(user, commitment)


@router.post(
    "/commitments/{commitment_id}/deliveries",
    response=responses({201: CommitmentDeliveryOut}),
    tags=["commitments"],
)
def commitment_deliver(
    request: HttpRequest, commitment_id: Id, payload: CommitmentDeliveryIn
) -> Status[Delivery]:
    """Deliver (again, after a rejection); the party owed is asked to accept or reject it."""
    user = actor(request)
    commitment = selectors.commitment_get(user=user, pk=commitment_id)
    delivery = services.commitment_deliver(
        actor=user, commitment=commitment, **payload.model_dump()
    )
    return Status(201, selectors.delivery_get(user=user, pk=delivery.pk))


@router.post(
    "/deliveries/{delivery_id}/accept",
    response=responses({200: CommitmentDeliveryOut}),
    tags=["commitments"],
)
def delivery_accept(request: HttpRequest, delivery_id: Id, payload: DeliveryAcceptIn) -> Delivery:
    """Accept a delivery as meeting the acceptance criteria: the commitment is met."""
    user = actor(request)
    delivery = selectors.delivery_get(user=user, pk=delivery_id)
    services.delivery_accept(actor=user, delivery=delivery, comment=payload.comment)
    return selectors.delivery_get(user=user, pk=delivery_id)


@router.post(
    "/deliveries/{delivery_id}/reject",
    response=responses({200: CommitmentDeliveryOut}),
    tags=["commitments"],
)
def delivery_reject(request: HttpRequest, delivery_id: Id, payload: DeliveryRejectIn) -> Delivery:
    """Reject a delivery, saying which criteria it misses; the commitment is owed again."""
    user = actor(request)
    delivery = selectors.delivery_get(user=user, pk=delivery_id)
    services.delivery_reject(actor=user, delivery=delivery, comment=payload.comment)
    return selectors.delivery_get(user=user, pk=delivery_id)


@router.post(
    "/commitments/{commitment_id}/waive",
    response=responses({200: CommitmentDetailOut}),
    tags=["commitments"],
)
def commitment_waive(
    request: HttpRequest, commitment_id: Id, payload: CommitmentReasonIn
) -> Commitment:
    """As the party owed, let the commitment go, saying why."""
    user = actor(request)
    commitment = selectors.commitment_get(user=user, pk=commitment_id)
    services.commitment_waive(actor=user, commitment=commitment, reason=payload.reason)
    return _detail(user, commitment)


@router.post(
    "/commitments/{commitment_id}/disputes",
    response=responses({201: CommitmentDisputeOut}),
    tags=["commitments"],
)
def commitment_dispute(
    request: HttpRequest, commitment_id: Id, payload: CommitmentReasonIn
) -> Status[CommitmentDispute]:
    """Put a commitment in dispute, with the reason both parties read."""
    user = actor(request)
    commitment = selectors.commitment_get(user=user, pk=commitment_id)
    dispute = services.commitment_dispute(actor=user, commitment=commitment, reason=payload.reason)
    return Status(201, selectors.dispute_get(user=user, pk=dispute.pk))


@router.post(
    "/commitment-disputes/{commitment_dispute_id}/resolve",
    response=responses({200: CommitmentDisputeOut}),
    tags=["commitments"],
)
def dispute_resolve(
    request: HttpRequest, commitment_dispute_id: Id, payload: CommitmentDisputeResolveIn
) -> CommitmentDispute:
    """Record how a dispute was resolved; only the party owed can accept, waive or reschedule."""
    user = actor(request)
    dispute = selectors.dispute_get(user=user, pk=commitment_dispute_id)
    services.dispute_resolve(actor=user, dispute=dispute, **payload.model_dump())
    return selectors.dispute_get(user=user, pk=commitment_dispute_id)


# ---------------------------------------------------------------------------------------------
# The scorecard


@router.get(
    "/alliances/{alliance_id}/scorecard",
    response=responses({200: ReliabilityScorecardOut}),
    tags=["commitments"],
)
def scorecard(request: HttpRequest, alliance_id: Id) -> dict[str, Any]:
    """Each party's on-time share, first-time acceptance, average days late and quarterly trend."""
    user = actor(request)
    card = selectors.scorecard(user=user, alliance=_joined(user, alliance_id))
    return {
        "alliance_id": alliance_id,
        "as_of": card.as_of,
        "parties": [
            {
                "party_id": score.party.pk,
                "organisation": score.party.organisation,
                **_tally(score.tally),
                "owed": score.owed,
                "overdue": score.overdue,
                "in_dispute": score.in_dispute,
                "waived": score.waived,
                "awaiting_acceptance": score.awaiting_acceptance,
                "quarters": [
                    {"quarter": q.label, **_tally(q.tally), "rolling": _tally(q.rolling)}
                    for q in score.quarters
                ],
            }
            for score in card.parties
        ],
    }


# ---------------------------------------------------------------------------------------------
# The learning plan


@router.get(
    "/alliances/{alliance_id}/learning-objectives",
    response=responses({200: list[LearningObjectiveOut]}),
    tags=["learning"],
)
def objective_list(request: HttpRequest, alliance_id: Id) -> list[LearningObjective]:
    """The alliance's learning objectives, active ones first."""
    user = actor(request)
    return list(selectors.objective_list(user=user, alliance=_joined(user, alliance_id)))


@router.post(
    "/alliances/{alliance_id}/learning-objectives",
    response=responses({201: LearningObjectiveDetailOut}),
    tags=["learning"],
)
def objective_create(
    request: HttpRequest, alliance_id: Id, payload: LearningObjectiveIn
) -> Status[LearningObjective]:
    """Add a learning objective: what, why, measured how, owned by whom, by when."""
    user = actor(request)
    alliance = _joined(user, alliance_id)
    data = payload.model_dump(exclude={"owner_id"})
    objective = services.objective_create(
        actor=user,
        alliance=alliance,
        owner=_person(user, alliance, payload.owner_id, "owner_id"),
        **data,
    )
    return Status(201, selectors.objective_get(user=user, pk=objective.pk))


@router.get(
    "/learning-objectives/{learning_objective_id}",
    response=responses({200: LearningObjectiveDetailOut}),
    tags=["learning"],
)
def objective_detail(request: HttpRequest, learning_objective_id: Id) -> LearningObjective:
    """One learning objective with every progress review."""
    return selectors.objective_get(user=actor(request), pk=learning_objective_id)


@router.patch(
    "/learning-objectives/{learning_objective_id}",
    response=responses({200: LearningObjectiveDetailOut}),
    tags=["learning"],
)
def objective_update(
    request: HttpRequest, learning_objective_id: Id, payload: LearningObjectivePatchIn
) -> LearningObjective:
    """Revise a learning objective, or mark it achieved or dropped."""
    user = actor(request)
    objective = selectors.objective_get(user=user, pk=learning_objective_id)
    changes = _changes(payload)
    if "owner_id" in changes:
        changes["owner"] = _person(user, objective.alliance, changes.pop("owner_id"), "owner_id")
    services.objective_update(actor=user, objective=objective, **changes)
    return selectors.objective_get(user=user, pk=learning_objective_id)


@router.post(
    "/learning-objectives/{learning_objective_id}/reviews",
    response=responses({201: ProgressReviewOut}),
    tags=["learning"],
)
def review_create(
    request: HttpRequest, learning_objective_id: Id, payload: ProgressReviewIn
) -> Status[ProgressReview]:
    """Record a progress review with the measure's value."""
    user = actor(request)
    objective = selectors.objective_get(user=user, pk=learning_objective_id)
    return Status(
        201, services.review_record(actor=user, objective=objective, **payload.model_dump())
    )
