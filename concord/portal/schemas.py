"""The partnering portal API's schemas: areas of interest, the triage queue, one submission,
statistics and the public side."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Annotated, TypeAlias

from ninja import Field, Schema
from pydantic import create_model

from concord.alliances.schemas import PersonOut
from concord.core.api import (
    MAX_LIMIT,
    DealTypeName,
    Id,
    InputSchema,
    ModalityName,
    PageIn,
    PageOut,
    StageName,
    TherapeuticAreaName,
    one_of,
)
from concord.orgs.models import User
from concord.portal import services
from concord.portal.models import (
    AreaOfInterest,
    Criterion,
    DealStage,
    DeclineReason,
    Message,
    Review,
    Submission,
)

# A slug as the portal model stores it, and a status token as new_secret() issues it (URL-safe
# base64): anything else cannot name a record, and refusing it early keeps odd bytes (NUL) away
# from the database.
Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")]
StatusToken = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[-a-zA-Z0-9_]+$")]

SubmissionStatus = Annotated[str, one_of("SubmissionStatus", Submission.Status)]
SubmissionOutcome = Annotated[
    str, one_of("SubmissionOutcome", {status.name: status.value for status in Submission.DECIDED})
]
DeclineReasonName = Annotated[str, one_of("DeclineReason", DeclineReason)]
DealStageName = Annotated[str, one_of("DealStage", DealStage)]
AreaKind = Annotated[str, one_of("AreaKind", AreaOfInterest.Kind)]
ReviewTrack = Annotated[str, one_of("ReviewTrack", Review.Track)]
MessageKind = Annotated[str, one_of("MessageKind", Message.Kind)]
QueueFlag = Annotated[
    str, one_of("QueueFlag", {"OVERDUE": "overdue", "DUE_SOON": "due_soon", "NIH": "nih"})
]
QueueSort = Annotated[
    str,
    one_of("QueueSort", {"DEADLINE": "deadline", "DESC_SUBMITTED": "-submitted", "MATCH": "match"}),
]
# ---------------------------------------------------------------------------------------------
# Schemas: areas of interest


class AreaIn(InputSchema):
    kind: AreaKind = AreaOfInterest.Kind.SEEK.value
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    therapeutic_areas: list[TherapeuticAreaName] = Field(default_factory=list, max_length=20)
    modalities: list[ModalityName] = Field(default_factory=list, max_length=20)
    stages: list[StageName] = Field(default_factory=list, max_length=20)
    deal_types: list[DealTypeName] = Field(default_factory=list, max_length=20)
    reviewer_ids: list[Id] = Field(
        default_factory=list, max_length=50, description="Colleagues its submissions go to."
    )


class PublicAreaOut(Schema):
    id: int
    kind: AreaKind
    title: str
    description: str
    therapeutic_areas: list[TherapeuticAreaName]
    modalities: list[ModalityName]
    stages: list[StageName]
    deal_types: list[DealTypeName]


class AreaOut(PublicAreaOut):
    reviewers: list[PersonOut]

    @staticmethod
    def resolve_reviewers(obj: AreaOfInterest) -> list[User]:
        return list(obj.reviewers.all())


# ---------------------------------------------------------------------------------------------
# Schemas: the triage queue and one submission


class MatchOut(Schema):
    area: str
    matched: list[str] = Field(description="The area's dimensions the submission falls in.")
    ruled_out: bool = Field(False, description="An area the organisation does not seek.")


class SubmissionListIn(PageIn):
    search: str = Field(
        "", max_length=200, description="Reference, asset, indication, mechanism, submitter."
    )
    status: list[SubmissionStatus] = Field(default_factory=list)
    therapeutic_area: list[TherapeuticAreaName] = Field(default_factory=list)
    flag: QueueFlag | None = None
    mine: bool = Field(False, description="Only submissions assigned to you.")
    sort: QueueSort = "deadline"


class SubmissionSummaryOut(Schema):
    id: int
    reference: str
    status: SubmissionStatus
    is_internal: bool
    asset_name: str
    modality: ModalityName
    therapeutic_area: TherapeuticAreaName
    indication: str
    stage: StageName
    deal_type: DealTypeName
    submitter_organisation_name: str | None = Field(
        description="Null while a blind first pass hides who submitted."
    )
    identity_hidden: bool
    submitted_at: datetime.datetime
    reviewers: list[PersonOut]
    match_score: int
    match_explanation: list[MatchOut]


class QueueItemOut(SubmissionSummaryOut):
    deadline: datetime.datetime | None = Field(description="The next service-level date.")
    overdue: bool
    due_soon: bool
    bd_score: float | None
    rnd_score: float | None
    nih: bool = Field(description="'Not invented here': R&D scored well below BD.")


class SubmissionPageOut(PageOut):
    items: list[QueueItemOut]


class ScoreOut(Schema):
    score: int
    comment: str


class ReviewOut(Schema):
    id: int
    reviewer: PersonOut
    track: ReviewTrack
    scores: dict[str, ScoreOut]
    weighted_score: float
    was_blind: bool
    submitted_at: datetime.datetime


class MessageOut(Schema):
    id: int
    kind: MessageKind
    from_submitter: bool
    is_internal: bool
    author_label: str
    body: str
    created_at: datetime.datetime


class AttachmentOut(Schema):
    id: int
    original_name: str
    size: int


class SubmissionDetailOut(SubmissionSummaryOut):
    contact_name: str | None
    contact_email: str | None
    mechanism: str
    differentiation: str
    data_summary: str
    ip_status: str
    acknowledged_at: datetime.datetime | None
    first_response_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    first_response_due: datetime.datetime
    decision_due: datetime.datetime
    waiting_on_submitter: bool = Field(description="The clocks stand still meanwhile.")
    bd_score: float | None
    rnd_score: float | None
    nih: bool
    reviews: list[ReviewOut]
    messages: list[MessageOut] = Field(description="The dialogue, with the internal notes.")
    attachments: list[AttachmentOut]
    decline_reasons: list[DeclineReasonName]
    feedback: str
    alliance_id: int | None


class AssignIn(InputSchema):
    submission_ids: list[Id] = Field(min_length=1, max_length=MAX_LIMIT)
    reviewer_ids: list[Id] = Field(min_length=1, max_length=50)


class AssignOut(Schema):
    assigned: int = Field(description="How many submissions the reviewers were assigned to.")


class ScoreIn(InputSchema):
    score: int = Field(ge=1, le=5)
    comment: str = Field(min_length=1, max_length=2000)


if TYPE_CHECKING:
    RubricIn: TypeAlias = InputSchema
else:
    # One field per criterion of the rubric, so the schema lists them and none can drift.
    RubricIn = create_model(
        "RubricIn",
        __base__=InputSchema,
        **{value: (ScoreIn, Field(description=label)) for value, label in Criterion.choices},
    )


class ReviewIn(InputSchema):
    scores: RubricIn


class MessageIn(InputSchema):
    body: str = Field(min_length=1, max_length=10_000)
    internal: bool = Field(False, description="An internal note only your team reads.")


class QuestionIn(InputSchema):
    question: str = Field(min_length=1, max_length=10_000)


class DecisionIn(InputSchema):
    outcome: SubmissionOutcome
    reasons: list[DeclineReasonName] = Field(
        default_factory=list, max_length=8, description="One or more, to decline."
    )
    feedback: str = Field(
        "",
        max_length=10_000,
        description=f"What the submitter reads; at least {services.MIN_FEEDBACK_CHARS} characters to decline.",
    )
    create_alliance: bool = Field(
        False, description="Advancing proposes an alliance with the submitter's organisation."
    )


# ---------------------------------------------------------------------------------------------
# Schemas: statistics and the public side


class HeadlineStatisticsOut(Schema):
    total: int
    acknowledged_share: float | None = Field(description="Per cent.")
    first_response_on_time_share: float | None = Field(description="Per cent.")
    decision_on_time_share: float | None = Field(description="Per cent.")
    median_days_to_first_response: float | None
    median_days_to_decision: float | None


class MonthCountOut(Schema):
    month: str
    count: int


class ReasonCountOut(Schema):
    reason: str
    count: int


class MonthGapOut(Schema):
    month: str
    gap: float = Field(description="Average BD score minus R&D score.")


class AreaGapOut(Schema):
    therapeutic_area: str
    gap: float = Field(description="Average BD score minus R&D score.")


class StatisticsOut(HeadlineStatisticsOut):
    months: list[MonthCountOut]
    decline_reasons: list[ReasonCountOut]
    gap_by_month: list[MonthGapOut]
    gap_by_area: list[AreaGapOut]


class PublicPortalOut(Schema):
    slug: str
    organisation: str
    introduction: str
    is_open: bool
    first_response_days: int
    decision_days: int
    areas_sought: list[PublicAreaOut]
    areas_not_sought: list[PublicAreaOut]
    statistics: HeadlineStatisticsOut | None = Field(
        description="Only if the portal publishes them."
    )


class SubmissionIn(InputSchema):
    contact_name: str = Field(min_length=1, max_length=200)
    contact_email: str = Field(min_length=3, max_length=254)
    submitter_organisation_name: str = Field(min_length=1, max_length=200)
    asset_name: str = Field(min_length=1, max_length=200)
    modality: ModalityName
    therapeutic_area: TherapeuticAreaName
    indication: str = Field(min_length=1, max_length=200)
    stage: StageName
    mechanism: str = Field(min_length=1, max_length=500)
    differentiation: str = Field(min_length=1, max_length=5000)
    data_summary: str = Field(min_length=1, max_length=10_000)
    ip_status: str = Field(min_length=1, max_length=3000)
    deal_type: DealTypeName
    attested_non_confidential: bool = Field(
        description="Confirm that nothing in the submission is confidential."
    )


class IssuedSubmissionOut(Schema):
    reference: str
    status_token: str = Field(description="The private status link's token; shown only once.")


class PublicMessageOut(Schema):
    id: int
    kind: MessageKind
    from_submitter: bool
    author_label: str
    body: str
    created_at: datetime.datetime


class DeclineReasonOut(Schema):
    code: DeclineReasonName
    label: str


class SubmissionStatusOut(Schema):
    reference: str
    status: SubmissionStatus
    status_label: str
    organisation: str = Field(description="The organisation the submission went to.")
    asset_name: str
    submitted_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    first_response_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    first_response_due: datetime.datetime
    decision_due: datetime.datetime
    waiting_on_you: bool = Field(description="The team has asked you for information.")
    deal_stage: DealStageName | None = Field(
        description="Once advanced: where it stands on the path to a deal."
    )
    deal_stage_words: str = Field(description="The same, in plain words.")
    messages: list[PublicMessageOut]
    decline_reasons: list[DeclineReasonOut] = Field(description="Once decided.")
    feedback: str | None = Field(description="The team's written feedback, once decided.")


class ReplyIn(InputSchema):
    body: str = Field(min_length=1, max_length=10_000)


# ---------------------------------------------------------------------------------------------
# Schemas: requests for partners, the path to a deal, the funnel


class PartnerRequestIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    seeking: str = Field(min_length=1, max_length=5000, description="What you seek, and why.")
    therapeutic_area: TherapeuticAreaName
    modality: ModalityName | None = None
    good_response: str = Field(min_length=1, max_length=3000)
    respond_by: datetime.date = Field(description="Responses are taken until this day.")
    decide_by: datetime.date = Field(description="Every respondent hears by this day.")
    is_open: bool = True


class PartnerRequestPatchIn(InputSchema):
    """Only the fields sent change; null leaves a field as it is, except the modality, which
    null clears (the request is then open to any modality)."""

    title: str | None = Field(None, min_length=1, max_length=200)
    seeking: str | None = Field(None, min_length=1, max_length=5000)
    therapeutic_area: TherapeuticAreaName | None = None
    modality: ModalityName | None = None
    good_response: str | None = Field(None, min_length=1, max_length=3000)
    respond_by: datetime.date | None = None
    decide_by: datetime.date | None = None
    is_open: bool | None = Field(None, description="False closes the request to responses.")


class PartnerRequestOut(Schema):
    id: int
    title: str
    seeking: str
    therapeutic_area: TherapeuticAreaName
    modality: ModalityName | None
    good_response: str
    respond_by: datetime.date
    decide_by: datetime.date
    is_open: bool
    accepts_responses: bool
    response_count: int


class DealStepIn(InputSchema):
    stage: DealStageName
    on: datetime.date | None = Field(None, description="The day it was reached; today if left out.")
    owner_id: Id | None = Field(None, description="A person of your organisation; you if left out.")
    note: str = Field("", max_length=500)


class DealStepOut(Schema):
    stage: DealStageName
    label: str
    on: datetime.date
    owner: str | None = Field(description="Only for the receiving organisation.")
    note: str


class CdaSignatureOut(Schema):
    side: str
    printed_name: str
    organisation_name: str
    signed_at: datetime.datetime


class DealPathOut(Schema):
    submission_id: int
    reference: str
    deal_stage: DealStageName | None
    deal_stage_words: str
    next_stage: DealStageName | None
    steps: list[DealStepOut]
    cda_signatures: list[CdaSignatureOut]
    alliance_id: int | None


class CdaSubmitterSignIn(InputSchema):
    printed_name: str = Field(min_length=1, max_length=200)
    authorised: bool = Field(description="You may sign for the submitting organisation.")


class FunnelRowOut(Schema):
    label: str
    counts: list[int] = Field(description="Received, triaged, advanced, CDA, term sheet, deal.")
    conversions: list[float | None] = Field(description="Per cent of each stage reaching the next.")


class FunnelStageOut(Schema):
    stage: str
    label: str
    median_days: float | None = Field(
        description="Median days from the stage before (triaged: from receipt to the first "
        "answer); none for the first stage or while nothing has reached the stage."
    )


class FunnelOut(Schema):
    stages: list[FunnelStageOut]
    total: FunnelRowOut
    by_month: list[FunnelRowOut]
    by_area: list[FunnelRowOut]
    by_source: list[FunnelRowOut]
