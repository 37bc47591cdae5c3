"""API of the expectations capability: commitments and deliveries, disputes, the scorecard, learning."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.api import (
    Id,
    InputSchema,
    actor,
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
from concord.expectations.schemas import (
    CommitmentDeliveryIn,
    CommitmentDeliveryOut,
    CommitmentDetailOut,
    CommitmentDisputeOut,
    CommitmentDisputeResolveIn,
    CommitmentIn,
    CommitmentListIn,
    CommitmentPageOut,
    CommitmentPatchIn,
    CommitmentReasonIn,
    DeliveryAcceptIn,
    DeliveryRejectIn,
    LearningObjectiveDetailOut,
    LearningObjectiveIn,
    LearningObjectiveOut,
    LearningObjectivePatchIn,
    ProgressReviewIn,
    ProgressReviewOut,
    ReliabilityScorecardOut,
)
from concord.expectations.selectors import CommitmentFilters
from concord.orgs.models import User

router = Router(tags=["expectations"])


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
