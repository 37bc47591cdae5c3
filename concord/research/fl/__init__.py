"""Concord's federated-learning engine: studies trained on Flower, data never leaves a node.

No Django here: this package is imported by the app (concord.research) and by each partner's node,
which runs it next to its data without Concord installed. Everything public is re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from concord.research.fl.spec import (
    ColumnSpec,
    RoundMetrics,
    RunResult,
    StudySpec,
    ValidationReport,
)

__all__ = [
    "ColumnSpec",
    "RoundMetrics",
    "RunResult",
    "StudySpec",
    "ValidationReport",
    "bundle_hash",
    "demo_datasets",
    "run_deployment",
    "run_simulation",
    "validate",
]


def validate(spec: StudySpec, path: Path) -> ValidationReport:
    """Check a party's CSV against the study's schema: row count and per-column errors only."""
    raise NotImplementedError


def bundle_hash() -> str:
    """sha256 of the Flower app bundle (the files the ServerApp and ClientApp run)."""
    raise NotImplementedError


def run_simulation(
    spec: StudySpec,
    data_dirs: dict[str, Path],
    approved_bundle_hash: str,
    approved_spec_digest: str,
    on_round: Callable[[RoundMetrics], None] | None = None,
) -> RunResult:
    """Run the study in-process, one simulated node per party (tests and the benchmark)."""
    raise NotImplementedError


def run_deployment(
    spec: StudySpec,
    data_dirs: dict[str, Path],
    approved_bundle_hash: str,
    approved_spec_digest: str,
    on_round: Callable[[RoundMetrics], None] | None = None,
    *,
    base_port: int = 19100,
    work_dir: Path | None = None,
    timeout: float = 300.0,
) -> RunResult:
    """Run the study on a real Flower SuperLink and one SuperNode per party (loopback processes)."""
    raise NotImplementedError


def demo_datasets(target_dir: Path, parties: list[str], seed: int) -> dict[str, Path]:
    """Write each party's train.csv and heldout.csv from lifelines' clinical data; party → dir."""
    raise NotImplementedError
