"""Governance API schemas: escalations up the ladder and the executives' acts."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
    PageOut,
)
from concord.governance.models import (
    Escalation,
    EscalationStep,
    ExecutiveAct,
)
from concord.governance.schemas._common import (
    EscalationStatus,
    ExecutivePurpose,
    Level,
)


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
