"""Concord's federated-learning engine: studies trained on Flower, data never leaves a node.

No Django here: this package is imported by the app (concord.research) and by each partner's node,
which runs it next to its data without Concord installed. Everything public is re-exported here.
"""

from __future__ import annotations

from pathlib import Path

from .coordinator import RunRefused
from .data import validate
from .demo import demo_datasets, demo_spec
from .deployment import node_key_pair, run_deployment
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


def node_key_files(directory: Path) -> str:
    """Make a node's key pair in its directory, as `ssh-keygen -t ecdsa -b 384 -f node_key` would
    (`node_key`, `node_key.pub`); returns the public key's OpenSSH line for its steward to upload."""
    directory.mkdir(parents=True, exist_ok=True)
    _, public = node_key_pair(directory, "node")
    return public.read_text(encoding="utf-8").strip()
