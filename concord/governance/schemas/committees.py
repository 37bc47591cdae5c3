"""Governance API schemas: committees, their charters and their members."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Field, Schema

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
)
from concord.governance.models import (
    Charter,
    Committee,
    CommitteeMember,
)
from concord.governance.schemas._common import (
    AbstentionRule,
    Category,
    CharterStatus,
    CommitteeKind,
    SeatRole,
)
from concord.orgs.models import User


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
