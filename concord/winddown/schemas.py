"""Schemas of the wind-down's API."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema

from concord.alliances.schemas import PersonOut
from concord.core.api import Id, InputSchema, one_of
from concord.winddown.models import ChecklistItem, CloseAct, SurvivingObligation, WindDown

WindDownReason = Annotated[str, one_of("WindDownReason", WindDown.Reason)]
WindDownStatus = Annotated[str, one_of("WindDownStatus", WindDown.Status)]
ChecklistArea = Annotated[str, one_of("ChecklistArea", ChecklistItem.Area)]
ObligationKind = Annotated[str, one_of("SurvivingObligationKind", SurvivingObligation.Kind)]


class ChecklistItemOut(Schema):
    id: int
    area: ChecklistArea
    title: str
    section: str = Field(description="The agreement's section it was drawn from, if any.")
    owner_party_id: int = Field(description="The party that must do it.")
    due_on: datetime.date | None
    done_at: datetime.datetime | None
    done_by: PersonOut | None
    evidence: str

    @staticmethod
    def resolve_owner_party_id(obj: ChecklistItem) -> int:
        return obj.owner_id


class SurvivingObligationOut(Schema):
    id: int
    kind: ObligationKind
    description: str
    owed_by_party_id: int
    section: str
    ends_on: datetime.date
    is_running: bool

    @staticmethod
    def resolve_owed_by_party_id(obj: SurvivingObligation) -> int:
        return obj.owed_by_id


class CloseActOut(Schema):
    party_id: int
    by: PersonOut
    at: datetime.datetime
    note: str


class WindDownOut(Schema):
    id: int
    alliance_id: int
    reason: WindDownReason
    explanation: str
    section: str
    notice_given_on: datetime.date
    notice_days: int
    effective_on: datetime.date = Field(description="Notice given plus the notice period.")
    days_left: int
    status: WindDownStatus
    closed_at: datetime.datetime | None
    lessons: str
    items: list[ChecklistItemOut]
    obligations: list[SurvivingObligationOut]
    close_acts: list[CloseActOut]

    @staticmethod
    def resolve_items(obj: WindDown) -> list[ChecklistItem]:
        return obj.items_shown  # type: ignore[attr-defined, no-any-return]  # set by the API

    @staticmethod
    def resolve_obligations(obj: WindDown) -> list[SurvivingObligation]:
        return obj.obligations_shown  # type: ignore[attr-defined, no-any-return]

    @staticmethod
    def resolve_close_acts(obj: WindDown) -> list[CloseAct]:
        return obj.close_acts_shown  # type: ignore[attr-defined, no-any-return]


class WindDownIn(InputSchema):
    reason: WindDownReason
    notice_given_on: datetime.date
    notice_days: int = Field(0, ge=0, le=730)
    explanation: str = Field("", max_length=5000)
    section: str = Field("", max_length=40)


class ChecklistItemIn(InputSchema):
    area: ChecklistArea
    title: str = Field(min_length=1, max_length=300)
    owner_party_id: Id
    due_on: datetime.date | None = None


class EvidenceIn(InputSchema):
    evidence: str = Field(min_length=1, max_length=5000)


class SurvivingObligationIn(InputSchema):
    kind: ObligationKind
    description: str = Field(min_length=1, max_length=500)
    owed_by_party_id: Id
    ends_on: datetime.date
    section: str = Field("", max_length=40)


class LessonsIn(InputSchema):
    lessons: str = Field(min_length=1, max_length=10000)


class CloseIn(InputSchema):
    note: str = Field("", max_length=2000)
    party_id: Id | None = Field(None, description="Your own party; naming another is refused.")
