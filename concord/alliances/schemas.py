"""The alliances API's schemas: alliances, parties, teams, programmes, gates, notes, the audit
trail and the people directory."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from concord.alliances.models import Alliance, Gate, GateSignoff, Party, Phase, TeamMember
from concord.alliances.portfolio import SORTS as PORTFOLIO_SORTS
from concord.alliances.selectors import SORTS
from concord.core.api import (
    Id,
    InputSchema,
    ModalityName,
    PageIn,
    PageOut,
    SignatureIn,
    SignatureMeaning,
    SignatureOut,
    StageName,
    TherapeuticAreaName,
    Visibility,
    one_of,
)
from concord.core.models import Signature
from concord.core.signatures import signatures_shown
from concord.core.tenancy import PRIVATE
from concord.orgs.models import Organisation, User
from concord.orgs.schemas import OrganisationOut

PhaseName = Annotated[str, one_of("Phase", Phase)]
AllianceType = Annotated[str, one_of("AllianceType", Alliance.Type)]
AllianceTier = Annotated[str, one_of("AllianceTier", Alliance.Tier)]
AllianceStatus = Annotated[str, one_of("AllianceStatus", Alliance.Status)]
PartyStatus = Annotated[str, one_of("PartyStatus", Party.Status)]
TeamRole = Annotated[str, one_of("TeamRole", TeamMember.Role)]
GateStatus = Annotated[str, one_of("GateStatus", Gate.Status)]
GateDecision = Annotated[str, one_of("GateDecision", GateSignoff.Decision)]
AllianceSort = Annotated[
    str, one_of("AllianceSort", {key.replace("-", "DESC_").upper(): key for key in SORTS})
]

# ---------------------------------------------------------------------------------------------
# Schemas


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)


class TeamMemberOut(Schema):
    """One person's place on a party's alliance team."""

    id: int
    party_id: int
    user: PersonOut
    role: TeamRole
    added_at: datetime.datetime


class PartySummaryOut(Schema):
    id: int
    organisation: OrganisationOut
    status: PartyStatus


class PartyOut(PartySummaryOut):
    alliance_id: int
    invited_at: datetime.datetime
    responded_at: datetime.datetime | None
    decline_reason: str
    team: list[TeamMemberOut]

    @staticmethod
    def resolve_team(obj: Party) -> list[TeamMember]:
        return list(obj.team.all())


class ProgrammeIn(InputSchema):
    asset_name: str = Field(min_length=1, max_length=200)
    modality: ModalityName
    therapeutic_area: TherapeuticAreaName
    indication: str = Field(min_length=1, max_length=200)
    stage: StageName


class ProgrammePatchIn(InputSchema):
    """Only the fields sent change; null leaves a field as it is."""

    asset_name: str | None = Field(None, min_length=1, max_length=200)
    modality: ModalityName | None = None
    therapeutic_area: TherapeuticAreaName | None = None
    indication: str | None = Field(None, min_length=1, max_length=200)
    stage: StageName | None = None


class ProgrammeOut(Schema):
    id: int
    alliance_id: int
    asset_name: str
    modality: ModalityName
    therapeutic_area: TherapeuticAreaName
    indication: str
    stage: StageName
    created_at: datetime.datetime


class PhaseTransitionOut(Schema):
    phase: PhaseName
    entered_at: datetime.datetime
    gate_id: int | None


class GateSignoffOut(Schema):
    organisation: OrganisationOut
    signed_by: PersonOut
    decision: GateDecision
    reason: str
    signed_at: datetime.datetime

    @staticmethod
    def resolve_organisation(obj: GateSignoff) -> Any:
        return obj.party.organisation


class GateOut(Schema):
    id: int
    alliance_id: int
    from_phase: PhaseName
    to_phase: PhaseName
    rationale: str
    status: GateStatus
    proposed_by: PersonOut
    proposing_organisation: OrganisationOut
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    signoffs: list[GateSignoffOut]
    signatures: list[SignatureOut] = Field(
        description="The signature manifest: each sign-off's and refusal's electronic signature."
    )

    @staticmethod
    def resolve_proposing_organisation(obj: Gate) -> Any:
        return obj.proposing_party.organisation

    @staticmethod
    def resolve_signoffs(obj: Gate) -> list[GateSignoff]:
        return list(obj.signoffs.all())

    @staticmethod
    def resolve_signatures(obj: Gate, context: Any) -> list[Signature]:
        return signatures_shown(obj, context)


class GateIn(InputSchema):
    """A phase change to propose. A proposer who signs gates may sign for their party at once
    with their password and the meaning `approve`; without them, their party signs later."""

    to_phase: PhaseName
    rationale: str = Field(min_length=1, max_length=5000)
    password: str | None = Field(
        None,
        max_length=4096,
        description="To sign at once: your own password, re-entered.",
        json_schema_extra={"format": "password"},
    )
    meaning: SignatureMeaning | None = Field(None, description="To sign at once: `approve`.")
    code: str | None = Field(
        None,
        max_length=64,
        description="To sign at once, once you have two-factor authentication: a current code "
        "from your authenticator app, or a recovery code.",
    )


class ReasonIn(InputSchema):
    reason: str = Field(
        min_length=1, max_length=2000, description="Why your organisation declines."
    )


class GateSignIn(SignatureIn):
    """Sign off a gate: the signer's password, re-entered, and the meaning `approve`."""


class GateDeclineIn(SignatureIn):
    """Decline a gate, saying why: signed with the password and the meaning `reject`."""

    reason: str = Field(
        min_length=1, max_length=2000, description="Why your organisation declines."
    )


class AllianceIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    purpose: str = Field("", max_length=5000)
    alliance_type: AllianceType = Alliance.Type.RESEARCH.value
    tier: AllianceTier = Alliance.Tier.CORE.value
    effective_date: datetime.date
    programmes: list[ProgrammeIn] = Field(default_factory=list, max_length=50)


class AlliancePatchIn(InputSchema):
    """Only the fields sent change; null leaves a field as it is. Phases change through gates."""

    name: str | None = Field(None, min_length=1, max_length=200)
    purpose: str | None = Field(None, max_length=5000)
    alliance_type: AllianceType | None = None
    tier: AllianceTier | None = None
    effective_date: datetime.date | None = None


class AllianceBaseOut(Schema):
    id: int
    name: str
    purpose: str
    alliance_type: AllianceType
    tier: AllianceTier
    status: AllianceStatus
    phase: PhaseName
    effective_date: datetime.date
    created_at: datetime.datetime
    updated_at: datetime.datetime


class AllianceOut(AllianceBaseOut):
    parties: list[PartySummaryOut]
    programme_count: int
    has_pending_gate: bool

    @staticmethod
    def resolve_parties(obj: Alliance) -> list[Party]:
        return list(obj.parties.all())


class AllianceDetailOut(AllianceBaseOut):
    own_party_id: int | None = Field(description="Your organisation's party, if it has one.")
    parties: list[PartyOut]
    programmes: list[ProgrammeOut]
    timeline: list[PhaseTransitionOut]
    pending_gate: GateOut | None


class AlliancePageOut(PageOut):
    items: list[AllianceOut]


class AllianceListIn(PageIn):
    search: str = Field(
        "", max_length=200, description="Name, purpose, asset, indication, partner."
    )
    phase: list[PhaseName] = Field(default_factory=list)
    tier: list[AllianceTier] = Field(default_factory=list)
    alliance_type: list[AllianceType] = Field(default_factory=list)
    partner: Id | None = Field(None, description="Only alliances with this organisation.")
    status: AllianceStatus | None = None
    sort: AllianceSort = "name"


class PartyInviteIn(InputSchema):
    """Pick an organisation on Concord, or give the email address of the partner's admin."""

    organisation_id: Id | None = None
    email: str = Field("", max_length=254)


class PartnerInvitationOut(Schema):
    email: str
    expires_at: datetime.datetime


class PartyInviteOut(Schema):
    party: PartyOut | None
    invitation: PartnerInvitationOut | None


class NoteIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=20_000)
    visibility: Visibility = PRIVATE


class NoteOut(Schema):
    id: int
    alliance_id: int
    organisation: OrganisationOut
    author: PersonOut
    title: str
    body: str
    visibility: Visibility
    created_at: datetime.datetime


class NotePageOut(PageOut):
    items: list[NoteOut]


class AuditEventOut(Schema):
    seq: int | None  # its place in the hash chain; null for the seconds until it is sealed
    created_at: datetime.datetime
    actor_label: str
    organisation: OrganisationOut | None
    action: str
    object_type: str
    object_id: str
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    visibility: Visibility


class AuditEventPageOut(PageOut):
    items: list[AuditEventOut]


# ---------------------------------------------------------------------------------------------
# The team and the people directory


class TeamMemberIn(InputSchema):
    user_id: Id = Field(description="A colleague of yours, by their id in `GET /people`.")
    role: TeamRole


class TeamMemberPatchIn(InputSchema):
    role: TeamRole


class TeamPlaceOut(Schema):
    """Where a person of the directory sits on an alliance team the caller can see."""

    alliance_id: int
    party_id: int
    role: TeamRole

    @staticmethod
    def resolve_alliance_id(obj: TeamMember) -> int:
        return obj.party.alliance_id


class DirectoryPersonOut(Schema):
    id: int
    name: str
    first_name: str
    last_name: str
    email: str
    organisation: OrganisationOut
    team_places: list[TeamPlaceOut]

    @staticmethod
    def resolve_name(obj: User) -> str:
        return str(obj)

    @staticmethod
    def resolve_organisation(obj: User) -> Organisation:
        return obj.membership.organisation

    @staticmethod
    def resolve_team_places(obj: User) -> list[TeamMember]:
        return list(getattr(obj, "visible_team_places", []))


class DirectoryPageOut(PageOut):
    items: list[DirectoryPersonOut]


class DirectoryIn(PageIn):
    alliance_id: Id | None = Field(None, description="Only people of this alliance's parties.")
    organisation_id: Id | None = Field(None, description="Only people of this organisation.")


# --- Today and the portfolio ---------------------------------------------------------------------

PortfolioSort = Annotated[
    str, one_of("AlliancePortfolioSort", {key.upper(): key for key in PORTFOLIO_SORTS})
]
TodaySection = Annotated[
    str, one_of("TodaySection", {"ACT": "act", "COMING": "coming", "FLAG": "flag"})
]


class TodayIn(InputSchema):
    kind: str = Field("", max_length=40, description="Only items of this kind (e.g. payment).")
    alliance: Id | None = Field(None, description="Only items of this alliance.")


class TodayItemOut(Schema):
    kind: str
    title: str
    why: str = Field(description="Why the item is on the caller's list, in a sentence.")
    url: str = Field(description="The page that acts on it, a path on this site.")
    action: str
    section: TodaySection
    alliance_id: int | None
    alliance_name: str
    due: datetime.date | None
    overdue: bool


class TodayOut(Schema):
    horizon_days: int
    count: int
    overdue: int
    items: list[TodayItemOut]


class PortfolioListIn(InputSchema):
    search: str = Field("", max_length=200, description="Part of the alliance's name.")
    tier: list[AllianceTier] = Field(default_factory=list)
    phase: list[PhaseName] = Field(default_factory=list)
    area: list[TherapeuticAreaName] = Field(
        default_factory=list, description="Alliances with a programme in this therapeutic area."
    )
    partner: Id | None = Field(None, description="Only alliances with this organisation.")
    owner: Id | None = Field(None, description="Only alliances this person of yours leads.")
    flag: str = Field("", max_length=40, description="Only alliances with this flag.")
    sort: PortfolioSort = "attention"


class ReasonOut(Schema):
    code: str
    text: str
    units: Decimal


class PortfolioColumnOut(Schema):
    key: str
    label: str


class PortfolioAllianceOut(Schema):
    alliance_id: int
    name: str
    tier: AllianceTier
    phase: PhaseName
    partners: list[str]
    owner: PersonOut | None
    attention: Decimal
    reasons: list[ReasonOut]
    flags: list[str]
    values: dict[str, str | None] = Field(
        description="Each column's exact value by its key (dates in ISO 8601), or null."
    )


class PortfolioListOut(Schema):
    columns: list[PortfolioColumnOut]
    flags: dict[str, str]
    weights: dict[str, Decimal]
    items: list[PortfolioAllianceOut]


class AttentionFactorOut(Schema):
    code: str
    label: str
    default_weight: Decimal
    weight: Decimal = Field(description="The organisation's weight, or the default if unset.")


class AttentionWeightsIn(InputSchema):
    weights: dict[str, Decimal] = Field(
        description="Factor code → points per unit, 0 to 100; factors left out keep their weight."
    )


class PortfolioReviewIn(InputSchema):
    quarter: str = Field(
        "",
        pattern=r"^(\d{4}-?[Qq][1-4])?$",
        description="The quarter reviewed, as 2026-Q4; the current quarter when left out.",
    )


class ReviewEntryOut(Schema):
    alliance_id: int
    alliance_name: str
    on: datetime.date
    title: str
    detail: str


class PortfolioReviewOut(Schema):
    quarter: str = Field(description="The quarter reviewed, as 2026-Q4.")
    starts_on: datetime.date
    ends_on: datetime.date
    generated_at: datetime.datetime
    columns: list[PortfolioColumnOut]
    alliances: list[PortfolioAllianceOut] = Field(
        description="Every alliance, most attention first."
    )
    needs_executive: list[int] = Field(
        description="The alliances to bring to an executive: an open escalation or a high score."
    )
    decisions: list[ReviewEntryOut]
    milestones: list[ReviewEntryOut]
    celebrations: list[ReviewEntryOut]


class SavedViewIn(InputSchema):
    name: str = Field(max_length=80, description="What the person calls the view.")
    query: str = Field(
        "",
        max_length=1000,
        description="The portfolio's filters and sort as a query string (tier=strategic&sort=name)"
        "; keys other than the portfolio's filters are dropped.",
    )


class SavedViewOut(Schema):
    id: int
    name: str
    query: str
    created_at: datetime.datetime
