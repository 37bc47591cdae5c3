"""Schemas of the health API: instruments, cadence, rounds and responses, results, trends, the
portfolio and celebrations."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from concord.alliances.api import AllianceTier, PhaseName
from concord.core.api import (
    Id,
    InputSchema,
    PageIn,
    PageOut,
    one_of,
)
from concord.health import selectors
from concord.health.models import Celebration, Instrument, Kind, Round
from concord.orgs.api import OrganisationOut

CheckKind = Annotated[str, one_of("CheckKind", Kind)]
RoundStatus = Annotated[str, one_of("RoundStatus", Round.Status)]
RoundReason = Annotated[str, one_of("RoundReason", Round.Reason)]
CelebrationKind = Annotated[str, one_of("CelebrationKind", Celebration.Kind)]
Attention = Annotated[
    str,
    one_of(
        "Attention",
        {
            "ANY": "any",
            "GAP": "gap",
            "WARNING": "warning",
            "OVERDUE": "overdue",
            "LOW_RESPONSE": "low_response",
        },
    ),
]
PortfolioSort = Annotated[
    str,
    one_of(
        "PortfolioSort",
        {k.upper(): k for k in ("attention", "name", "gap", "own", "partner", "response")},
    ),
]


class StatementOut(Schema):
    id: int
    text: str


class DimensionOut(Schema):
    key: str
    name: str
    statements: list[StatementOut]

    @staticmethod
    def resolve_statements(obj: Any) -> list[Any]:
        return list(obj.statements.all())


class InstrumentOut(Schema):
    id: int
    kind: CheckKind
    name: str
    description: str
    builtin: bool = Field(description="Concord's own; copy it to change the wording.")
    based_on_id: int | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_builtin(obj: Instrument) -> bool:
        return obj.is_builtin


class InstrumentDetailOut(InstrumentOut):
    version: int
    dimensions: list[DimensionOut]

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return obj.current.number

    @staticmethod
    def resolve_dimensions(obj: Any) -> list[Any]:
        return selectors.version_wording(obj.current)


class InstrumentCopyIn(InputSchema):
    name: str = Field("", max_length=200)


class DimensionIn(InputSchema):
    key: str = Field("", max_length=50, description="Keep a dimension's key to keep its trend.")
    name: str = Field(min_length=1, max_length=100)
    statements: list[str] = Field(min_length=1, max_length=40)


class InstrumentIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    change_note: str = Field("", max_length=300)
    dimensions: list[DimensionIn] = Field(min_length=1, max_length=20)


class CadenceOut(Schema):
    alliance_id: int
    pulse_enabled: bool
    pulse_every_months: int
    pulse_instrument_id: int | None
    health_enabled: bool
    health_every_months: int
    health_at_gates: bool
    health_instrument_id: int | None
    window_days: int
    min_respondents: int


class CadencePatchIn(InputSchema):
    """Only the fields sent change; an instrument id of null means Concord's built-in one."""

    pulse_enabled: bool | None = None
    pulse_every_months: int | None = Field(None, ge=1, le=12)
    pulse_instrument_id: Id | None = None
    health_enabled: bool | None = None
    health_every_months: int | None = Field(None, ge=1, le=24)
    health_at_gates: bool | None = None
    health_instrument_id: Id | None = None
    window_days: int | None = Field(None, ge=3, le=30)
    min_respondents: int | None = Field(None, ge=3, le=50)


class ResponseRateOut(Schema):
    organisation: OrganisationOut
    invited: int
    responded: int


class RoundOut(Schema):
    id: int
    alliance_id: int
    kind: CheckKind
    title: str
    reason: RoundReason
    status: RoundStatus
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    instrument_version_id: int
    min_respondents: int
    parties: list[ResponseRateOut]

    @staticmethod
    def resolve_instrument_version_id(obj: Round) -> int:
        return obj.version_id

    @staticmethod
    def resolve_parties(obj: Round) -> list[Any]:
        return list(obj.parties.all())


class RoundPageOut(PageOut):
    items: list[RoundOut]


class RoundDetailOut(RoundOut):
    dimensions: list[DimensionOut]
    you_were_invited: bool
    you_have_answered: bool

    @staticmethod
    def resolve_dimensions(obj: Any) -> list[Any]:
        return obj.wording

    @staticmethod
    def resolve_you_were_invited(obj: Any) -> bool:
        return obj.invitation is not None

    @staticmethod
    def resolve_you_have_answered(obj: Any) -> bool:
        return bool(obj.invitation and obj.invitation.has_answered)


class RoundStartIn(InputSchema):
    kind: CheckKind


class StatementScoreIn(InputSchema):
    statement_id: Id
    score: int = Field(ge=1, le=5, description="1 strongly disagree … 5 strongly agree.")


class ResponseIn(InputSchema):
    scores: list[StatementScoreIn] = Field(min_length=1, max_length=60)
    comment: str = Field("", max_length=2000, description="Shown to every party, without a name.")
    internal_comment: str = Field(
        "", max_length=2000, description="Shown only to your own organisation, without a name."
    )


class ResponseOut(Schema):
    counted: bool
    message: str


class PartyScoreOut(Schema):
    organisation: OrganisationOut
    invited: int
    responded: int
    shown: bool = Field(description="False until the round closes with at least k answers.")
    overall: float | None
    scores: dict[str, float] = Field(description="Average per dimension key, when shown.")


class DimensionGapOut(Schema):
    key: str
    name: str
    gap: float | None
    flagged: bool


class CommentOut(Schema):
    organisation: str
    text: str
    internal: bool


class WarningOut(Schema):
    organisation: str
    dimension_key: str
    dimension_name: str
    score: float
    previous: float | None
    reason: str
    severity: str


class ResultsOut(Schema):
    round: RoundOut
    published: bool
    min_respondents: int
    parties: list[PartyScoreOut]
    dimensions: list[DimensionGapOut]
    comments: list[CommentOut]
    warnings: list[WarningOut]


class TrendPointOut(Schema):
    round_id: int
    month: str
    instrument_version_id: int
    scores: dict[str, float | None] = Field(description="Organisation id → score, null if hidden.")


class TrendOut(Schema):
    kind: CheckKind
    dimension: str
    organisations: dict[str, str] = Field(description="Organisation id → name.")
    points: list[TrendPointOut]


class SnapshotOut(Schema):
    round_id: int
    opens_at: datetime.datetime
    parties: list[PartyScoreOut]
    gaps: dict[str, float]
    flagged: list[str]


class PortfolioRowOut(Schema):
    alliance_id: int
    alliance: str
    partners: list[str]
    pulse: SnapshotOut | None
    health_check: SnapshotOut | None
    early_warnings: int
    health_check_overdue: bool


class PortfolioOut(PageOut):
    measured: int
    flagged: int
    early_warnings: int
    overdue: int
    items: list[PortfolioRowOut]


class PortfolioIn(PageIn):
    search: str = Field("", max_length=200)
    tier: AllianceTier | None = None
    phase: PhaseName | None = None
    attention: Attention | None = None
    sort: PortfolioSort = "attention"


class CelebrationOut(Schema):
    id: int
    kind: CelebrationKind
    title: str
    message: str
    given_by: str | None
    organisation: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_given_by(obj: Celebration) -> str | None:
        return str(obj.given_by) if obj.given_by else None

    @staticmethod
    def resolve_organisation(obj: Celebration) -> str | None:
        return obj.organisation.name if obj.organisation else None


class CelebrationPageOut(PageOut):
    items: list[CelebrationOut]


class KudosIn(InputSchema):
    message: str = Field(min_length=1, max_length=1000)


class InvitationOut(Schema):
    round_id: int
    alliance_id: int
    alliance: str
    title: str
    closes_at: datetime.datetime


class ThresholdOut(Schema):
    min_respondents: int


class ThresholdIn(InputSchema):
    min_respondents: int = Field(ge=3, le=50)


class TrendIn(InputSchema):
    kind: CheckKind = Kind.PULSE.value
    dimension: str = Field("", max_length=50, description="A dimension key; empty for overall.")
