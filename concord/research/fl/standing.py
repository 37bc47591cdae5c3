"""A standing coordinator: one Flower SuperLink beside Concord that each party's own node joins.

The deployment engine (deployment.py) starts a SuperLink and every party's SuperNode for one run,
on loopback. In production the SuperLink keeps running beside Concord and each party runs its
SuperNode inside its own network, connecting out (README: "A partner's node"). A SuperNode whose
key the SuperLink does not know is turned away and exits, so a node's public key is registered when
its steward admits it; the SuperLink gives it a node id, which Concord keeps. Each run then names
its study's node ids and the ServerApp addresses those nodes only: a node of another study, or of
another alliance, connected to the same coordinator never hears of the run.

The ServerApp writes its rounds and result to a file Concord reads (as on loopback), so the
coordinator runs on Concord's machine.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from .deployment import Deployment, _toml_str
from .spec import RoundMetrics, RunResult, StudySpec


class AlreadyRegistered(RuntimeError):
    """The coordinator knows this key already (the node id was given when it was registered)."""


class Link(Deployment):
    """The Flower CLI pointed at a standing SuperLink: it starts and stops no process."""

    def __init__(self, address: str, root_ca: Path, work_dir: Path | None = None) -> None:
        work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="concord-fl-link-"))
        work.mkdir(parents=True, exist_ok=True)
        super().__init__({}, work, 0)
        self.address, self.root_ca = address, Path(root_ca)

    def __enter__(self) -> Link:
        cli_home = self.work / "cli"
        cli_home.mkdir(parents=True, exist_ok=True)
        (cli_home / "config.toml").write_text(
            '[superlink]\ndefault = "loop"\n\n[superlink.loop]\n'
            f"address = {_toml_str(self.address)}\n"
            f"root-certificates = {_toml_str(str(self.root_ca))}\n",
            encoding="utf-8",
        )
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def register_node(public_key: str, *, address: str, root_ca: Path) -> int:
    """Register a node's public key (its OpenSSH line) with the coordinator; its node id.

    Raises AlreadyRegistered for a key the coordinator knows, RuntimeError if it cannot be reached.
    """
    with Link(address, root_ca) as link:
        key_file = link.work / "node_key.pub"
        key_file.write_text(public_key.strip() + "\n", encoding="utf-8")
        done = link.cli("supernode", "register", str(key_file), "loop", "--format", "json")
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        answer = {}
    if answer.get("success") and answer.get("node-id"):
        return int(answer["node-id"])
    problem = str(answer.get("error-message") or done.stderr or done.stdout)[-300:]
    if "already in use" in problem:
        raise AlreadyRegistered(problem)
    raise RuntimeError(f"the coordinator did not register the node: {problem}")


def run_on_coordinator(
    spec: StudySpec,
    node_ids: Mapping[str, int],
    approved_bundle_hash: str,
    approved_spec_digest: str,
    on_round: Callable[[RoundMetrics], None] | None = None,
    *,
    address: str,
    root_ca: Path,
    timeout: float = 300.0,
) -> RunResult:
    """Run the approved app on the standing coordinator, on the named parties' nodes only."""
    with Link(address, root_ca) as link:
        return link.run(
            spec, approved_bundle_hash, approved_spec_digest, on_round, timeout, node_ids=node_ids
        )
