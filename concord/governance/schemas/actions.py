"""Governance API schemas: action items and concerns."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

from concord.alliances.api import PersonOut
from concord.core.api import (
    Id,
    InputSchema,
    PageIn,
    PageOut,
    Visibility,
)
from concord.core.tenancy import PRIVATE
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Severity,
)
from concord.governance.schemas._common import (
    ActionStatus,
    ConcernStatus,
    Objective,
    SeverityName,
    Text,
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
