"""Schemas of the homework API: every field private to the caller's organisation."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from concord.alliances.schemas import PersonOut
from concord.core.api import Id, InputSchema, ModalityName, StageName, TherapeuticAreaName, one_of
from concord.homework.models import Alert, FitAssessment, Relation, Stakeholder

Score = Annotated[int, Field(ge=1, le=5)]
RelationName = Annotated[str, one_of("PartnerProgrammeRelation", Relation)]
AlertKind = Annotated[str, one_of("HomeworkAlertKind", Alert.Kind)]
StakeholderLevel = Annotated[str, one_of("StakeholderLevel", Stakeholder.Level)]
StakeholderFunction = Annotated[str, one_of("StakeholderFunction", Stakeholder.Function)]
StakeholderRole = Annotated[str, one_of("StakeholderRole", Stakeholder.Role)]
StakeholderStance = Annotated[str, one_of("StakeholderStance", Stakeholder.Stance)]
Text200 = Annotated[str, Field(min_length=1, max_length=200)]


class FitAssessmentOut(Schema):
    id: int
    alliance_id: int
    assessed_on: datetime.date
    strategic_fit: int
    priority: int
    market: int
    competition: int
    sponsor_strength: int
    overall: int = Field(description="The five scores as one figure out of 100.")
    rationale: dict[str, str]
    assessed_by: PersonOut

    @staticmethod
    def resolve_overall(obj: FitAssessment) -> int:
        return int(obj.overall)


class FitAssessmentIn(InputSchema):
    assessed_on: datetime.date
    strategic_fit: Score
    priority: Score
    market: Score = Field(description="5: opens a new market; 1: cannibalises existing sales.")
    competition: Score = Field(description="5: nothing competes; 1: crowded.")
    sponsor_strength: Score
    rationale: dict[str, Annotated[str, Field(max_length=500)]] = Field(default_factory=dict)


class FactOut(Schema):
    id: int
    partner_id: int
    source: str
    as_of: datetime.date
    is_stale: bool


class PartnerAreaOut(FactOut):
    therapeutic_area: TherapeuticAreaName
    franchise: str
    weight_percent: int


class PartnerProgrammeOut(FactOut):
    name: str
    therapeutic_area: TherapeuticAreaName
    modality: ModalityName
    mechanism: str
    indication: str
    phase: StageName
    relation: RelationName


class PartnerAllianceOut(FactOut):
    counterparty: str
    therapeutic_area: TherapeuticAreaName
    announced_on: datetime.date
    competes: bool


class PartnerProfileOut(Schema):
    partner_id: int
    partner_name: str
    areas: list[PartnerAreaOut]
    programmes: list[PartnerProgrammeOut]
    alliances: list[PartnerAllianceOut]

    @staticmethod
    def resolve_partner_id(obj: Any) -> int:
        return int(obj.partner.pk)

    @staticmethod
    def resolve_partner_name(obj: Any) -> str:
        return str(obj.partner.name)


class FactIn(InputSchema):
    partner_id: Id
    source: Annotated[str, Field(min_length=1, max_length=300)]
    as_of: datetime.date


class PartnerAreaIn(FactIn):
    therapeutic_area: TherapeuticAreaName
    franchise: str = Field("", max_length=200)
    weight_percent: int = Field(ge=0, le=100)


class PartnerProgrammeIn(FactIn):
    name: Text200
    therapeutic_area: TherapeuticAreaName
    modality: ModalityName
    mechanism: str = Field("", max_length=200)
    indication: Text200
    phase: StageName
    relation: RelationName


class PartnerAllianceIn(FactIn):
    counterparty: Text200
    therapeutic_area: TherapeuticAreaName
    announced_on: datetime.date
    competes: bool = False


class StakeholderOut(Schema):
    id: int
    alliance_id: int
    name: str
    title: str
    person_id: int | None
    level: StakeholderLevel
    function: StakeholderFunction
    role: StakeholderRole
    stance: StakeholderStance
    strength: int
    owner: PersonOut
    last_contact: datetime.date | None
    left_on: datetime.date | None


class StakeholderIn(InputSchema):
    name: Text200
    title: str = Field("", max_length=200)
    person_id: Id | None = None
    level: StakeholderLevel
    function: StakeholderFunction
    role: StakeholderRole
    stance: StakeholderStance = "neutral"
    strength: Score
    owner_id: Id
    last_contact: datetime.date | None = None
    left_on: datetime.date | None = None


class StakeholderPatchIn(InputSchema):
    name: Text200 | None = None
    title: str | None = Field(None, max_length=200)
    level: StakeholderLevel | None = None
    function: StakeholderFunction | None = None
    role: StakeholderRole | None = None
    stance: StakeholderStance | None = None
    strength: Score | None = None
    owner_id: Id | None = None
    last_contact: datetime.date | None = None
    left_on: datetime.date | None = None


class HomeworkAlertOut(Schema):
    id: int
    alliance_id: int
    kind: AlertKind
    message: str
    stakeholder_id: int | None
    raised_at: datetime.datetime
    resolved_at: datetime.datetime | None


class OnboardingStepOut(Schema):
    ref: str = Field(description="How to name the step when ticking it.")
    title: str
    done: bool


class OnboardingPersonOut(Schema):
    person: PersonOut
    steps: list[OnboardingStepOut]
    onboarded: bool


class OnboardingOut(Schema):
    team_size: int
    onboarded: int
    share_percent: int
    people: list[OnboardingPersonOut]


class OnboardingDoneIn(InputSchema):
    step: Annotated[str, Field(min_length=1, max_length=20)]
    person_id: Id | None = None
