"""The one place the app meets the federated-learning engine (concord.research.fl): the study's
spec as the engine reads it, where each party's node keeps its data, and which engine runs.

The data directories are the nodes' own. In a deployment each party's node runs inside its own
network and Concord never reads them; on one machine (tests, the demo) they sit under
`CONCORD_RESEARCH_NODES_DIR`, one directory per party, and only the engine's node code opens them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings

from concord.research import fl

# simulation: in-process; deployment: a SuperLink and every party's SuperNode started for the run
# on loopback; coordinator: the standing SuperLink beside Concord, which the parties' own nodes
# join from their networks (fl/standing.py).
SIMULATION, DEPLOYMENT, COORDINATOR = "simulation", "deployment", "coordinator"
DEMO_PORT = 19100  # run_deployment's coordinator port on loopback
TRAIN_FILE = "train.csv"  # what a node reports its training rows of

# The metrics each model reports at the end, by code, and how people name them; the rounds
# report the training's own figures (the log-likelihood climbing to its maximum).
METRICS = {
    "cox": {"c_index": "C-index"},
    "logistic": {
        "auc": "AUC",
        "calibration_ece": "Calibration error (ECE)",
        "brier": "Brier score",
    },
}
ROUND_METRICS = {"log_likelihood": "Log-likelihood", "gradient_norm": "Gradient norm"}
METRIC_NAMES = {
    **{code: name for names in METRICS.values() for code, name in names.items()},
    **ROUND_METRICS,
    "calibration_in_the_large": "Calibration in the large",
    "pairs": "Comparable pairs",
}


def engine_name() -> str:
    """Simulation (the default, in-process) or deployment (a real coordinator and nodes)."""
    name = getattr(settings, "CONCORD_RESEARCH_ENGINE", SIMULATION)
    return name if name in (SIMULATION, DEPLOYMENT, COORDINATOR) else SIMULATION


def nodes_dir() -> Path:
    return Path(getattr(settings, "CONCORD_RESEARCH_NODES_DIR", "var/research/nodes"))


def node_key(party_id: int) -> str:
    """How a party's node is named to the engine (no organisation name crosses to the nodes)."""
    return f"party-{party_id}"


def node_dir(party_id: int) -> Path:
    return nodes_dir() / node_key(party_id)


def coordinator_address() -> str:
    """Where partners' nodes connect (out) to: the coordinator (Flower SuperLink) beside Concord."""
    default = f"127.0.0.1:{DEMO_PORT}"
    return str(getattr(settings, "CONCORD_RESEARCH_COORDINATOR", "") or default)


def register_node(public_key: str) -> str:
    """Register a node's key with the standing coordinator; the node id it gives (as text).

    Raises fl.AlreadyRegistered for a key it knows, RuntimeError if it cannot be reached."""
    ca = coordinator_ca()
    if ca is None:
        raise RuntimeError("CONCORD_RESEARCH_COORDINATOR_CA names no certificate file")
    return str(fl.register_node(public_key, address=coordinator_address(), root_ca=ca))


def coordinator_ca() -> Path | None:
    """The CA certificate the nodes verify the coordinator with, if the operator names a file."""
    named = getattr(settings, "CONCORD_RESEARCH_COORDINATOR_CA", "")
    path = Path(named) if named else None
    return path if path is not None and path.is_file() else None


def node_command(*, party_id: int, bundle_hash: str, spec_digest: str) -> str:
    """The one command a party's steward runs next to its data (as the README has it)."""
    config = (
        f'party="{node_key(party_id)}" data-dir="/data/{node_key(party_id)}" '
        f'approved-bundle-hash="{bundle_hash}" approved-spec-digest="{spec_digest}"'
    )
    return (
        "FLWR_TELEMETRY_ENABLED=0 FLWR_DISABLE_UPDATE_CHECK=1 flower/bin/flower-supernode \\\n"
        f"  --superlink {coordinator_address()} --root-certificates concord-ca.pem \\\n"
        "  --auth-supernode-private-key node_key --host 127.0.0.1 \\\n"
        f"  --node-config '{config}'"
    )


def spec_of(study: Any) -> fl.StudySpec:
    return fl.StudySpec.from_json(study.spec_json)


def run(
    spec: fl.StudySpec,
    party_ids: list[int],
    *,
    bundle_hash: str,
    spec_digest: str,
    on_round: Callable[[fl.RoundMetrics], None],
    public_keys: dict[int, str] | None = None,
    node_ids: dict[int, str] | None = None,
) -> fl.RunResult:
    """Run the study on the configured engine with the approved code and parameters; on the
    deployment engine each node authenticates with the public key its steward registered, on
    the standing coordinator the run addresses the nodes registered for its parties only."""
    if engine_name() == COORDINATOR:
        named = {node_key(pk): int(node) for pk, node in (node_ids or {}).items()}
        ca = coordinator_ca()
        if ca is None or set(named) != {node_key(pk) for pk in party_ids}:
            raise RuntimeError("every party's node must be registered with the coordinator")
        return fl.run_on_coordinator(
            spec,
            named,
            bundle_hash,
            spec_digest,
            on_round,
            address=coordinator_address(),
            root_ca=ca,
        )
    dirs = {node_key(pk): node_dir(pk) for pk in party_ids}
    if engine_name() != DEPLOYMENT:
        return fl.run_simulation(spec, dirs, bundle_hash, spec_digest, on_round)
    keys = {node_key(pk): key for pk, key in (public_keys or {}).items() if key}
    return fl.run_deployment(
        spec, dirs, bundle_hash, spec_digest, on_round, base_port=DEMO_PORT, public_keys=keys
    )
