"""Governance API schemas: meetings, their agenda, quorum and minutes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
    SignatureIn,
    SignatureOut,
)
from concord.core.models import Signature
from concord.core.signatures import signatures_shown
from concord.governance.models import (
    AgendaItem,
    Minutes,
    MinutesApproval,
)
from concord.governance.schemas._common import (
    Category,
    MeetingStatus,
    MinutesStatus,
    MinutesTurnaround,
    Objective,
    Text,
)
from concord.governance.schemas.decisions import DecisionOut, MatterIn


class MeetingIn(InputSchema):
    starts_at: datetime.datetime = Field(
        description="With its UTC offset, e.g. 2026-03-03T14:00:00+00:00."
    )
    time_zone: str = Field("UTC", max_length=64, description="The meeting's own time zone.")
    duration_minutes: int = Field(90, ge=5, le=1440)
    title: str = Field("", max_length=200)
    location: str = Field("", max_length=200)
    video_link: str = Field("", max_length=500)


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
