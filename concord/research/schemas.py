"""Schemas of the federated research API."""

from __future__ import annotations

import datetime
import json
from typing import Annotated, Any

from ninja import Field, Schema

from concord.core.api import Id, InputSchema, PageIn, PageOut, one_of
from concord.research.models import Study, StudyParty, StudyRun

StudyModel = Annotated[str, one_of("StudyModel", Study.Model)]
StudyStatus = Annotated[str, one_of("StudyStatus", Study.Status)]
Admission = Annotated[str, one_of("Admission", StudyParty.Admission)]
RunStatus = Annotated[str, one_of("RunStatus", StudyRun.Status)]
ColumnType = Annotated[
    str, one_of("ColumnType", {k.upper(): k for k in ("float", "int", "bool", "category")})
]
Name = Annotated[str, Field(min_length=1, max_length=100)]


class ColumnIn(InputSchema):
    name: Name
    type: ColumnType
    unit: str = Field("", max_length=50)
    allowed: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, max_length=50, description="The values a category allows."
    )


class ColumnOut(Schema):
    name: str
    type: str
    unit: str
    allowed: list[str]


class StudyIn(InputSchema):
    title: str = Field(min_length=1, max_length=200)
    question: str = Field(min_length=1, max_length=5000)
    committee_id: Id = Field(description="The committee asked to approve it (written consent).")
    party_ids: list[Id] = Field(min_length=2, max_length=20, description="Parties taking part.")
    model: StudyModel
    columns: list[ColumnIn] = Field(min_length=1, max_length=100)
    covariates: list[Name] = Field(min_length=1, max_length=100)
    time_column: str = Field("", max_length=100)
    event_column: str = Field("", max_length=100)
    outcome_column: str = Field("", max_length=100)
    rounds: int = Field(10, ge=1, le=100)
    secure_aggregation: bool = True
    dp_epsilon: float | None = Field(None, gt=0, le=100, description="Differential privacy ε.")


class StudyPartOut(Schema):
    organisation_id: int
    organisation: str
    admission: Admission
    admitted_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    withdrawal_reason: str
    node_public_key: str = Field(description="The node's public key (OpenSSH), as admitted.")
    node_key_fingerprint: str = Field(description="Its SHA-256 fingerprint, as ssh-keygen -l.")
    rows: int | None = Field(description="Rows the node last validated; never the rows themselves.")
    errors: dict[str, list[str]] = Field(description="Per column, what is wrong with the data.")

    @staticmethod
    def resolve_organisation(obj: StudyParty) -> str:
        return obj.organisation.name


class StudyOut(Schema):
    id: int
    alliance_id: int
    title: str
    question: str
    model: StudyModel
    status: StudyStatus
    metrics: list[str]
    rounds: int
    secure_aggregation: bool
    dp_epsilon: float | None
    committee: str
    decision_reference: str
    pinned_bundle_hash: str
    pinned_spec_digest: str
    created_at: datetime.datetime
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_committee(obj: Study) -> str:
        return obj.committee_name

    @staticmethod
    def resolve_rounds(obj: Study) -> int:
        return int(_spec(obj)["rounds"])

    @staticmethod
    def resolve_secure_aggregation(obj: Study) -> bool:
        return bool(_spec(obj)["secure_aggregation"])

    @staticmethod
    def resolve_dp_epsilon(obj: Study) -> float | None:
        return _spec(obj).get("dp_epsilon")


def _spec(study: Study) -> dict[str, Any]:
    return json.loads(study.spec_json)  # type: ignore[no-any-return]


class StudyDetailOut(StudyOut):
    columns: list[ColumnOut]
    covariates: list[str]
    parties: list[StudyPartOut]

    @staticmethod
    def resolve_columns(obj: Study) -> list[dict[str, Any]]:
        return _spec(obj)["columns"]  # type: ignore[no-any-return]

    @staticmethod
    def resolve_covariates(obj: Study) -> list[str]:
        return _spec(obj)["covariates"]  # type: ignore[no-any-return]

    @staticmethod
    def resolve_parties(obj: Study) -> list[StudyParty]:
        return obj.parts_shown  # type: ignore[attr-defined, no-any-return]  # set by the API


class StudyPageOut(PageOut):
    items: list[StudyOut]


class StudyListIn(PageIn):
    q: str = Field("", max_length=200, description="Words in the title or question.")
    status: StudyStatus | None = None
    model: StudyModel | None = None


class ApprovalOut(Schema):
    study_id: int
    status: StudyStatus
    committee: str
    decision_id: int | None
    decision_reference: str
    decision_outcome: str = Field(description="The committee's decision as it stands.")
    decision_url: str
    pinned_bundle_hash: str
    pinned_spec_digest: str


class AdmitIn(InputSchema):
    public_key: str = Field(
        min_length=1,
        max_length=4000,
        description="The node's P-384 public key: an OpenSSH `ecdsa-sha2-nistp384` line or PEM.",
    )


class WithdrawIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


class StudyRoundOut(Schema):
    number: int
    metrics: dict[str, float]
    recorded_at: datetime.datetime


class RunOut(Schema):
    id: int
    study_id: int
    number: int
    status: RunStatus
    engine: str
    bundle_hash: str
    spec_digest: str
    queued_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    seconds: float | None
    final: dict[str, float]
    model_hash: str
    error: str


class RunResultOut(RunOut):
    rounds: list[StudyRoundOut]
    per_party: dict[str, dict[str, float]] = Field(
        description="Each party's held-out figures for the federated model."
    )
    local_only: dict[str, float] | None = Field(
        description="Your own organisation's local-only model on its held-out data, if any."
    )

    @staticmethod
    def resolve_rounds(obj: StudyRun) -> list[Any]:
        return obj.rounds_shown  # type: ignore[attr-defined, no-any-return]  # set by the API

    @staticmethod
    def resolve_local_only(obj: StudyRun) -> dict[str, float] | None:
        comparison = obj.comparison_shown  # type: ignore[attr-defined]  # set by the API
        return comparison.local_only if comparison else None


class StewardIn(InputSchema):
    user_id: Id


class StewardOut(Schema):
    id: int
    user_id: int
    name: str
    appointed_at: datetime.datetime

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.user)
