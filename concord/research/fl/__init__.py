"""Concord's federated-learning engine: studies trained on Flower, data never leaves a node.

No Django here: this package is imported by the app (concord.research) and by each partner's node,
which runs it next to its data without Concord installed. Everything public is re-exported here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .coordinator import RunRefused
from .data import validate
from .demo import demo_datasets, demo_spec
from .node import bundle_hash
from .simulation import run_simulation
from .spec import (
    ColumnSpec,
    RoundMetrics,
    RunResult,
    StudySpec,
    ValidationReport,
)
from .standing import AlreadyRegistered, register_node, run_on_coordinator

__all__ = [
    "AlreadyRegistered",
    "ColumnSpec",
    "RoundMetrics",
    "RunRefused",
    "RunResult",
    "StudySpec",
    "ValidationReport",
    "bundle_hash",
    "demo_datasets",
    "demo_spec",
    "node_key_files",
    "register_node",
    "run_deployment",
    "run_on_coordinator",
    "run_simulation",
    "validate",
]


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
    public_keys: dict[str, str] | None = None,
) -> RunResult:
    """Run the study on a real Flower SuperLink and one SuperNode per party (loopback processes)."""
    from .deployment import run_deployment as run

    return run(
        spec,
        data_dirs,
        approved_bundle_hash,
        approved_spec_digest,
        on_round,
        base_port=base_port,
        work_dir=work_dir,
        timeout=timeout,
        public_keys=public_keys,
    )


def node_key_files(directory: Path) -> str:
    """Make a node's key pair in its directory, as `ssh-keygen -t ecdsa -b 384 -f node_key` would
    (`node_key`, `node_key.pub`); returns the public key's OpenSSH line for its steward to upload."""
    from .deployment import node_key_pair

    directory.mkdir(parents=True, exist_ok=True)
    _, public = node_key_pair(directory, "node")
    return public.read_text(encoding="utf-8").strip()
