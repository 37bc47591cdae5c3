"""The study's parameters, a node's validation report and a run's results (plain dataclasses)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Literal

ColumnType = Literal["float", "int", "bool", "category"]
ModelKind = Literal["cox", "logistic"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column each party must provide: its name, type, unit and (for categories) values."""

    name: str
    type: ColumnType
    unit: str = ""
    allowed: tuple = ()


@dataclass(frozen=True)
class StudySpec:
    """What the committee approves: the model, the schema, rounds and privacy settings."""

    model: ModelKind
    columns: tuple[ColumnSpec, ...]
    covariates: tuple[str, ...]
    time_column: str | None = None
    event_column: str | None = None
    outcome_column: str | None = None
    rounds: int = 10
    secure_aggregation: bool = True
    dp_epsilon: float | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["columns"] = [{**c, "allowed": list(c["allowed"])} for c in data["columns"]]
        data["covariates"] = list(self.covariates)
        return data

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, no spaces): the same spec always gives the same text."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> StudySpec:
        data = json.loads(text)
        columns = tuple(
            ColumnSpec(
                name=c["name"],
                type=c["type"],
                unit=c.get("unit", ""),
                allowed=tuple(c.get("allowed", ())),
            )
            for c in data["columns"]
        )
        return cls(
            model=data["model"],
            columns=columns,
            covariates=tuple(data["covariates"]),
            time_column=data.get("time_column"),
            event_column=data.get("event_column"),
            outcome_column=data.get("outcome_column"),
            rounds=int(data.get("rounds", 10)),
            secure_aggregation=bool(data.get("secure_aggregation", True)),
            dp_epsilon=data.get("dp_epsilon"),
        )

    def digest(self) -> str:
        """sha256 of the canonical JSON: the parameters the approval pins."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()


@dataclass(frozen=True)
class ValidationReport:
    """A node's verdict on its file: how many rows, and per column what is wrong (never values)."""

    rows: int
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(self.errors.values())


@dataclass(frozen=True)
class RoundMetrics:
    """One round's aggregate figures (loss, gradient norm, held-out metrics…)."""

    round: int
    metrics: dict[str, float]


@dataclass(frozen=True)
class RunResult:
    """A finished run: per-round and final metrics, each party's figures, and the model."""

    rounds: list[RoundMetrics]
    final: dict[str, float]
    per_party: dict[str, dict[str, float]]
    local_only: dict[str, dict[str, float]]
    model: bytes
    model_hash: str
    seconds: float
    engine: Literal["simulation", "deployment"]
