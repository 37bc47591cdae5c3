"""Request and response schemas of the governance API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
    PageIn,
    PageOut,
    SignatureIn,
    SignatureMeaning,
    SignatureOut,
    Visibility,
    one_of,
)
from concord.core.models import Signature
from concord.core.signatures import signatures_shown
from concord.core.tenancy import PRIVATE
from concord.governance import rules
from concord.governance.models import (
    Abstention,
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    CommitteeMember,
    Concern,
    Decision,
    DecisionVote,
    Escalation,
    EscalationStep,
    ExecutiveAct,
    MatterCategory,
    Meeting,
    Minutes,
    MinutesApproval,
    Severity,
)
from concord.orgs.models import User

CommitteeKind = Annotated[str, one_of("CommitteeKind", Committee.Kind)]
SeatRole = Annotated[str, one_of("SeatRole", CommitteeMember.Role)]
CharterStatus = Annotated[str, one_of("CharterStatus", Charter.Status)]
MeetingStatus = Annotated[str, one_of("MeetingStatus", Meeting.Status)]
Objective = Annotated[str, one_of("AgendaObjective", AgendaItem.Objective)]
MinutesStatus = Annotated[str, one_of("MinutesStatus", Minutes.Status)]
MinutesTurnaround = Annotated[str, one_of("MinutesTurnaround", rules.MinutesTurnaround)]
Outcome = Annotated[str, one_of("DecisionOutcome", Decision.Outcome)]
Method = Annotated[str, one_of("DecisionMethod", Decision.Method)]
Vote = Annotated[str, one_of("PartyVote", DecisionVote.Vote)]
AbstentionRule = Annotated[str, one_of("Abstention", Abstention)]
Category = Annotated[str, one_of("MatterCategory", MatterCategory)]
ExecutivePurpose = Annotated[str, one_of("ExecutivePurpose", ExecutiveAct.Purpose)]
ActionStatus = Annotated[str, one_of("ActionStatus", ActionItem.Status)]
SeverityName = Annotated[str, one_of("Severity", Severity)]
ConcernStatus = Annotated[str, one_of("ConcernStatus", Concern.Status)]
Level = Annotated[str, one_of("EscalationLevel", Escalation.Level)]
EscalationStatus = Annotated[str, one_of("EscalationStatus", Escalation.Status)]
Days = Field(ge=1, le=365)
Text = Field("", max_length=5000)


class CharterRulesIn(InputSchema):
    """A charter's rules; in a proposal, the rules not sent stay as they are."""

    scope: str | None = Field(None, max_length=5000)
    out_of_scope: str | None = Field(None, max_length=5000)
    seats_per_party: int | None = Field(None, ge=1, le=20)
    parity_required: bool | None = None
    cadence_days: int | None = Field(None, ge=1, le=365)
    first_meeting_days: int | None = Field(None, ge=1, le=365)
    quorum_per_party: int | None = Field(None, ge=1, le=20)
    unanimous: bool | None = None
    abstention: AbstentionRule | None = None
    vote_window_days: int | None = Field(None, ge=1, le=90)
    written_consent: bool | None = None
    minutes_draft_days: int | None = Field(None, ge=1, le=90)
    team_days: int | None = Field(None, ge=1, le=180)
    committee_days: int | None = Field(None, ge=1, le=180)
    executive_days: int | None = Field(None, ge=1, le=180)
    final_say_party_id: Id | None = None
    carve_outs: str | None = Field(None, max_length=5000)
    carve_out_categories: list[Category] | None = Field(None, max_length=20)
    budget_carve_out_above: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    budget_carve_out_currency: str | None = Field(None, pattern="^[A-Z]{3}$")
    executive_ids: list[Id] | None = Field(None, max_length=20)


class CharterOut(Schema):
    id: int
    version: int
    status: CharterStatus
    scope: str
    out_of_scope: str
    seats_per_party: int
    parity_required: bool
    cadence_days: int
    first_meeting_days: int
    quorum_per_party: int
    unanimous: bool
    abstention: AbstentionRule
    vote_window_days: int
    written_consent: bool
    minutes_draft_days: int
    team_days: int
    committee_days: int
    executive_days: int
    final_say_party_id: int | None
    carve_outs: list[str]
    carve_out_categories: list[str]
    budget_carve_out_above: str | None
    budget_carve_out_currency: str
    executives: list[PersonOut]
    rationale: str
    proposing_party_id: int
    created_at: datetime.datetime
    in_force_from: datetime.datetime | None

    @staticmethod
    def resolve_carve_outs(obj: Charter) -> list[str]:
        return obj.carve_out_topics

    @staticmethod
    def resolve_budget_carve_out_above(obj: Charter) -> str | None:
        amount = obj.budget_carve_out_above
        return None if amount is None else f"{Decimal(amount):.2f}"

    @staticmethod
    def resolve_executives(obj: Charter) -> list[User]:
        return list(obj.executives.all())


class MemberOut(Schema):
    id: int
    party_id: int
    user: PersonOut
    role: SeatRole


class CommitteeIn(CharterRulesIn):
    kind: CommitteeKind = Committee.Kind.JSC.value
    name: str = Field("", max_length=200)
    reports_to_id: Id | None = None


class CommitteeOut(Schema):
    id: int
    alliance_id: int
    kind: CommitteeKind
    name: str
    reports_to_id: int | None
    charter: CharterOut | None
    members: list[MemberOut]
    next_meeting_due: datetime.date | None
    meeting_overdue: bool
    parity_broken: bool


class MemberIn(InputSchema):
    user_id: Id
    role: SeatRole = CommitteeMember.Role.MEMBER.value


class CharterProposalIn(CharterRulesIn):
    rationale: str = Field(min_length=1, max_length=5000)


class RejectionIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


class MeetingIn(InputSchema):
    starts_at: datetime.datetime = Field(
        description="With its UTC offset, e.g. 2026-03-03T14:00:00+00:00."
    )
    time_zone: str = Field("UTC", max_length=64, description="The meeting's own time zone.")
    duration_minutes: int = Field(90, ge=5, le=1440)
    title: str = Field("", max_length=200)
    location: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)


class MatterIn(InputSchema):
    """What a matter is about, which the charter's carve-out rules read: its category and any
    change to the budget it asks for."""

    category: Category = MatterCategory.GENERAL.value
    budget_change: Decimal | None = Field(
        None, max_digits=18, decimal_places=2, description="The change to the budget it asks for."
    )
    budget_currency: str = Field("", max_length=3, description="ISO 4217, with budget_change.")


class AgendaItemIn(MatterIn):
    title: str = Field(min_length=1, max_length=200)
    objective: Objective = AgendaItem.Objective.DISCUSS.value
    owner_id: Id | None = None
    minutes_allotted: int = Field(15, ge=1, le=600)
    notes: str = Text
    concern_id: Id | None = None
    escalation_id: Id | None = None


class CategoryDisputeIn(InputSchema):
    category: Category
    reason: str = Field(min_length=1, max_length=500)


class AgendaItemOut(Schema):
    id: int
    position: int
    title: str
    objective: Objective
    owner: PersonOut | None
    minutes_allotted: int
    notes: str
    concern_id: int | None
    escalation_id: int | None
    category: Category
    budget_change: str | None
    budget_currency: str
    disputed_category: str
    category_disputed_by_id: int | None
    category_dispute_reason: str

    @staticmethod
    def resolve_budget_change(obj: AgendaItem) -> str | None:
        return None if obj.budget_change is None else f"{Decimal(obj.budget_change):.2f}"


class MeetingPatchIn(InputSchema):
    """Only the fields sent change; a meeting can be changed until it has been held."""

    starts_at: AwareDatetime | None = Field(
        None, description="With its UTC offset, e.g. 2026-03-03T14:00:00+00:00."
    )
    time_zone: str | None = Field(None, max_length=64, description="The meeting's own time zone.")
    duration_minutes: int | None = Field(None, ge=5, le=1440)
    title: str | None = Field(None, min_length=1, max_length=200)
    location: str | None = Field(None, max_length=200)
    video_link: str | None = Field(None, max_length=500)


class AttendanceIn(InputSchema):
    present_member_ids: list[Id] = Field(default_factory=list, max_length=200)


class PartyQuorumOut(Schema):
    party_id: int
    name: str
    present: int
    needed: int
    met: bool


class QuorumOut(Schema):
    met: bool
    parties: list[PartyQuorumOut]


class VoteOut(Schema):
    """One party's own vote: who cast it and when, and the vote it replaced if it changed."""

    party_id: int
    organisation: str
    vote: Vote
    cast_by: PersonOut
    cast_at: datetime.datetime
    replaced_vote: str

    @staticmethod
    def resolve_organisation(obj: DecisionVote) -> str:
        return obj.party.organisation.name


class DecisionOut(Schema):
    id: int
    reference: str
    committee_id: int
    meeting_id: int | None
    title: str
    text: str
    carve_out: str
    method: Method
    outcome: Outcome
    note: str
    created_at: datetime.datetime
    votes_close_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    category: Category
    budget_change: str | None
    budget_currency: str
    votes: list[VoteOut]
    signatures: list[SignatureOut] = Field(
        description="The signature manifest: every vote's electronic signature, changes included."
    )

    @staticmethod
    def resolve_votes(obj: Decision) -> list[DecisionVote]:
        return list(obj.votes.all())

    @staticmethod
    def resolve_signatures(obj: Decision, context: Any) -> list[Signature]:
        return signatures_shown(obj, context)

    @staticmethod
    def resolve_budget_change(obj: Decision) -> str | None:
        return None if obj.budget_change is None else f"{Decimal(obj.budget_change):.2f}"


class DecisionPageOut(PageOut):
    items: list[DecisionOut]


class PartyVoteIn(InputSchema):
    party_id: Id
    vote: Vote


class CommitteeDecisionIn(InputSchema):
    """A resolution put to the vote. Casting your own party's vote now (`votes`) signs it: send
    your password and the meaning that fits the vote (for: approve, against: reject, abstain:
    review)."""

    title: str = Field(min_length=1, max_length=200)
    text: str = Field("", max_length=10_000)
    carve_out: str = Field("", max_length=200)
    agenda_item_id: Id | None = None
    votes: list[PartyVoteIn] = Field(default_factory=list, max_length=20)
    password: str | None = Field(
        None,
        max_length=4096,
        description="With `votes`: your own password, re-entered.",
        json_schema_extra={"format": "password"},
    )
    meaning: SignatureMeaning | None = Field(None, description="With `votes`: what it means.")
    code: str | None = Field(
        None,
        max_length=64,
        description="With `votes`, once you have two-factor authentication: a current code "
        "from your authenticator app, or a recovery code.",
    )


class DeferralIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    note: str = Field("", max_length=5000, description="Why it was put off, and until when.")
    text: str = Field("", max_length=10_000)
    agenda_item_id: Id | None = None


class WrittenConsentIn(MatterIn):
    """A decision sought by written consent. Its category and budget change are set now, for
    every party to see; the charter's carve-out rules apply to them whatever `carve_out` says."""

    title: str = Field(min_length=1, max_length=200)
    text: str = Field(
        min_length=1, max_length=10_000, description="The resolution each party consents to."
    )
    carve_out: str = Field("", max_length=200)


class VoteIn(SignatureIn):
    """Your own party's vote, an electronic signature: your password, re-entered, and the
    meaning that fits the vote (for: approve, against: reject, abstain: review). Naming another
    party is refused; a second vote for your party needs `change` (it replaces the first,
    openly, and is signed again)."""

    vote: Vote
    party_id: Id | None = Field(None, description="Your own party, if you name it.")
    change: bool = False


class MinutesIn(InputSchema):
    body: str = Field(min_length=1, max_length=50_000)


class MinutesApproveIn(SignatureIn):
    """Your party's approval of circulated minutes, an electronic signature: your password,
    re-entered, and the meaning `approve`."""

    at_meeting_id: Id


class MinutesCommentIn(InputSchema):
    body: str = Field(min_length=1, max_length=5000)


class MinutesCommentOut(Schema):
    id: int
    minutes_id: int
    author: PersonOut
    body: str
    created_at: datetime.datetime


class MinutesCorrectionIn(InputSchema):
    body: str = Field(min_length=1, max_length=50_000)
    note: str = Field(min_length=1, max_length=300, description="What the correction is.")


class MinutesApprovalOut(Schema):
    """One party's own approval of the minutes."""

    party_id: int
    approved_by: PersonOut
    approved_at: datetime.datetime
    at_meeting_id: int


class MinutesOut(Schema):
    id: int
    version: int
    status: MinutesStatus
    body: str
    correction_note: str
    created_at: datetime.datetime
    circulated_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    approved_at_meeting_id: int | None
    approvals: list[MinutesApprovalOut]
    signatures: list[SignatureOut] = Field(
        description="The signature manifest: each party's signed approval of this version."
    )

    @staticmethod
    def resolve_approvals(obj: Minutes) -> list[MinutesApproval]:
        return list(obj.approvals.all())

    @staticmethod
    def resolve_signatures(obj: Minutes, context: Any) -> list[Signature]:
        return signatures_shown(obj, context)


class MeetingOut(Schema):
    id: int
    committee_id: int
    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    duration_minutes: int
    location: str
    video_link: str
    status: MeetingStatus
    quorum_met: bool | None


class MeetingDetailOut(MeetingOut):
    agenda: list[AgendaItemOut]
    present_member_ids: list[int]
    quorum: QuorumOut | None
    decisions: list[DecisionOut]
    minutes: list[MinutesOut]
    minutes_due: datetime.date
    minutes_turnaround: MinutesTurnaround | None = Field(
        description="The draft against the charter's turnaround, once the meeting is held: "
        "due, on_time, late or overdue."
    )


class ActionIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    owner_id: Id
    due_on: datetime.date
    detail: str = Text
    meeting_id: Id | None = None


class ActionPatchIn(InputSchema):
    """Only the fields sent change."""

    title: str | None = Field(None, min_length=1, max_length=200)
    detail: str | None = Field(None, max_length=5000)
    owner_id: Id | None = None
    due_on: datetime.date | None = None
    status: ActionStatus | None = None


class ActionOut(Schema):
    id: int
    alliance_id: int
    committee_id: int | None
    meeting_id: int | None
    title: str
    detail: str
    owner: PersonOut
    owner_party_id: int
    due_on: datetime.date
    status: ActionStatus
    overdue: bool

    @staticmethod
    def resolve_overdue(obj: ActionItem) -> bool:
        return obj.is_overdue


class ActionPageOut(PageOut):
    items: list[ActionOut]


class ActionListIn(PageIn):
    status: str = Field("open", pattern="^(open|overdue|done|cancelled|all)$")
    mine: bool = False


class ConcernIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    body: str = Field("", max_length=10_000)
    severity: SeverityName = Severity.MEDIUM.value
    visibility: Visibility = PRIVATE


class ConcernOut(Schema):
    id: int
    alliance_id: int
    title: str
    body: str
    severity: SeverityName
    visibility: Visibility
    status: ConcernStatus
    organisation_id: int | None
    raised_by: PersonOut | None
    source: str
    created_at: datetime.datetime
    resolution: str
    resolved_at: datetime.datetime | None


class ConcernPageOut(PageOut):
    items: list[ConcernOut]


class ConcernAgendaIn(InputSchema):
    meeting_id: Id = Field(description="A coming meeting of the concern's alliance.")
    objective: Objective = AgendaItem.Objective.DISCUSS.value


class EscalationIn(InputSchema):
    committee_id: Id
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=10_000)
    level: Level = Escalation.Level.TEAM.value
    concern_id: Id | None = None
    addressed_to: str = Field("", max_length=200)
    carve_out: str = Field("", max_length=200)


class EscalationOut(Schema):
    id: int
    alliance_id: int
    committee_id: int
    concern_id: int | None
    decision_id: int | None
    title: str
    description: str
    level: Level
    level_due_at: datetime.datetime | None
    status: EscalationStatus
    is_end_run: bool
    end_run_reason: str
    addressed_to: str
    carve_out: str
    raising_party_id: int | None
    resolution: str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None


class EscalationStepOut(Schema):
    level: Level
    entered_at: datetime.datetime
    due_at: datetime.datetime | None
    actor: PersonOut | None
    note: str


class ExecutiveActOut(Schema):
    """One party's executive agreeing, at the executives' rung, to move on or to a resolution."""

    party_id: int
    purpose: ExecutivePurpose
    resolution: str
    acted_by: PersonOut
    acted_at: datetime.datetime


class EscalationDetailOut(EscalationOut):
    """An escalation with its path up the ladder, oldest step first, and its executives' acts."""

    steps: list[EscalationStepOut]
    executive_acts: list[ExecutiveActOut]

    @staticmethod
    def resolve_steps(obj: Escalation) -> list[EscalationStep]:
        return list(obj.steps.all())

    @staticmethod
    def resolve_executive_acts(obj: Escalation) -> list[ExecutiveAct]:
        return list(obj.executive_acts.all())


class ExecutiveActIn(InputSchema):
    party_id: Id | None = Field(None, description="Your own party, if you name it.")


class EscalationPageOut(PageOut):
    items: list[EscalationOut]


class EscalationNoteIn(InputSchema):
    note: str = Field("", max_length=500)


class ResolutionIn(InputSchema):
    resolution: str = Field(min_length=1, max_length=5000)
    party_id: Id | None = Field(
        None, description="Your own party, if you name it (at the executives' rung)."
    )


class DecisionLogIn(PageIn):
    search: str = Field("", max_length=200)
    committee_id: Id | None = None
    outcome: Outcome | None = None
    method: Method | None = None
    carve_out: bool = False
    since: datetime.date | None = None
    until: datetime.date | None = None
