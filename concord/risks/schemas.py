"""Schemas of the risk register's API."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema

from concord.alliances.schemas import PersonOut
from concord.core.api import Id, InputSchema, PageIn, PageOut, Visibility, one_of
from concord.risks.models import Risk, RiskReview

RiskCategory = Annotated[str, one_of("RiskCategory", Risk.Category)]
RiskStatus = Annotated[str, one_of("RiskStatus", Risk.Status)]
RiskLevel = Annotated[
    str, one_of("RiskLevel", {k.upper(): k for k in ("low", "medium", "high", "critical")})
]
Score = Annotated[int, Field(ge=1, le=4)]


class RiskReviewOut(Schema):
    id: int
    likelihood: int
    impact: int
    note: str
    next_review_on: datetime.date
    reviewed_by: PersonOut
    reviewed_at: datetime.datetime


class RiskOut(Schema):
    id: int
    alliance_id: int
    organisation_id: int = Field(description="The organisation that holds the risk.")
    visibility: Visibility
    title: str
    description: str
    category: RiskCategory
    owner: PersonOut
    likelihood: int
    impact: int
    score: int = Field(description="Likelihood × impact, 1 to 16.")
    level: RiskLevel
    trigger: str
    mitigation: str
    mitigation_starts: datetime.date | None
    mitigation_due: datetime.date | None
    escalation_plan: str
    review_on: datetime.date
    status: RiskStatus
    materialised_at: datetime.datetime | None
    closed_reason: str


class RiskDetailOut(RiskOut):
    reviews: list[RiskReviewOut]

    @staticmethod
    def resolve_reviews(obj: Risk) -> list[RiskReview]:
        return obj.reviews_shown  # type: ignore[attr-defined, no-any-return]  # set by the API


class RiskPageOut(PageOut):
    items: list[RiskOut]


class RiskListIn(PageIn):
    status: RiskStatus | None = None


class RiskIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    category: RiskCategory
    owner_id: Id
    likelihood: Score
    impact: Score
    review_on: datetime.date
    visibility: Visibility = "shared"
    description: str = Field("", max_length=5000)
    trigger: str = Field("", max_length=2000)
    mitigation: str = Field("", max_length=5000)
    mitigation_starts: datetime.date | None = None
    mitigation_due: datetime.date | None = None
    escalation_plan: str = Field("", max_length=5000)


class RiskPatchIn(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    category: RiskCategory | None = None
    owner_id: Id | None = None
    likelihood: Score | None = None
    impact: Score | None = None
    review_on: datetime.date | None = None
    visibility: Visibility | None = None
    description: str | None = Field(None, max_length=5000)
    trigger: str | None = Field(None, max_length=2000)
    mitigation: str | None = Field(None, max_length=5000)
    mitigation_starts: datetime.date | None = None
    mitigation_due: datetime.date | None = None
    escalation_plan: str | None = Field(None, max_length=5000)


class RiskReviewIn(InputSchema):
    likelihood: Score
    impact: Score
    next_review_on: datetime.date
    note: str = Field("", max_length=2000)


class RiskMaterialiseIn(InputSchema):
    note: str = Field("", max_length=2000, description="What happened.")


class RiskCloseIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)
