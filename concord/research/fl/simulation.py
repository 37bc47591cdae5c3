"""The simulation engine: the coordinator and one node per party in this process.

Flower 1.42's simulation engine needs Ray (a large extra); instead the same coordinator and node
code the ServerApp and ClientApp run is called in-process, each message packed and unpacked as it
would travel, so tests can inspect exactly what each node sends.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .coordinator import Coordinator
from .node import Node
from .spec import RoundMetrics, RunResult, StudySpec
from .wire import pack, unpack

Tap = Callable[[str, dict], None]


class InProcessTransport:
    engine = "simulation"

    def __init__(self, nodes: list[Node], tap: Tap | None = None) -> None:
        self.nodes = nodes
        self.states: dict[str, dict] = {node.party: {} for node in nodes}
        self.tap = tap

    def broadcast(self, message: dict) -> dict[str, dict]:
        wire_message = pack(message)
        replies = {}
        for node in self.nodes:
            sent = pack(node.handle(unpack(wire_message), self.states[node.party]))
            if self.tap:
                self.tap(node.party, sent)
            replies[node.party] = unpack(sent)
        return replies


def run_simulation(
    spec: StudySpec,
    data_dirs: dict[str, Path],
    approved_bundle_hash: str,
    approved_spec_digest: str,
    on_round: Callable[[RoundMetrics], None] | None = None,
    *,
    tap: Tap | None = None,
) -> RunResult:
    """Run the study in-process; `tap(party, wire_payload)` sees every reply a node sends."""
    nodes = [Node(party, Path(d)) for party, d in sorted(data_dirs.items())]
    transport = InProcessTransport(nodes, tap)
    return Coordinator(spec, transport, approved_bundle_hash, approved_spec_digest, on_round).run()
