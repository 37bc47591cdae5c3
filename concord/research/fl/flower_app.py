"""The Flower app: the ServerApp runs the coordinator, the ClientApp a party's node.

Run configuration (set by Concord when it starts an approved run): `spec-hex` (the study's JSON,
hex-encoded so it survives TOML), `approved-bundle-hash`, `approved-spec-digest`, `results-path`
(where the ServerApp writes each round and the result, beside Concord). Node configuration (set by
the party when it starts its SuperNode): `party`, `data-dir`, and optionally its steward's own
`approved-bundle-hash` and `approved-spec-digest`, which then override the run's.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from pathlib import Path

from flwr.app import ConfigRecord, Context, Message, MessageType, RecordDict
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp

from .coordinator import Coordinator, RunRefused
from .node import Node
from .spec import RoundMetrics, StudySpec
from .wire import pack, unpack

RECORD = "concord"
STATE = "concord-node"
REPLY_TIMEOUT = 120.0
REPLY_POLL_SECONDS = 0.2

server_app = ServerApp()
client_app = ClientApp()


class GridTransport:
    """Sends one message to every connected node through the SuperLink and collects the replies."""

    engine = "deployment"

    def __init__(self, grid: Grid, named: dict[int, str] | None = None) -> None:
        # On a coordinator shared by many studies, only the nodes of this run's parties (node id →
        # party): no other node ever hears of the study, and none answers in another's name.
        self.grid, self.named = grid, named
        self.node_ids = sorted(n for n in grid.get_node_ids() if named is None or n in named)

    def broadcast(self, message: dict) -> dict[str, dict]:
        content = RecordDict({RECORD: ConfigRecord(pack(message))})  # type: ignore[arg-type]
        outgoing = [
            Message(content=content, dst_node_id=node_id, message_type=MessageType.QUERY)
            for node_id in self.node_ids
        ]
        replies: dict[str, dict] = {}
        for reply in self._exchange(outgoing):
            if reply.has_error():
                raise RunRefused(f"a node failed: {reply.error.reason}")
            payload = unpack(dict(reply.content[RECORD]))
            if self.named and payload.get("party") != self.named.get(reply.metadata.src_node_id):
                raise RunRefused("a node answered in the name of a party it was not admitted for")
            replies[str(payload["party"])] = payload
        if len(replies) != len(self.node_ids):
            raise RunRefused(f"{len(self.node_ids) - len(replies)} node(s) did not reply in time")
        return replies

    def _exchange(self, outgoing: list[Message]) -> list[Message]:
        """Push the messages, then collect their replies as they arrive.

        Flower's own `send_and_receive` sleeps 3 s between pulls, so every exchange of a run cost
        at least 3 s of waiting for replies that were often there within a second."""
        waiting = set(self.grid.push_messages(outgoing))
        replies: list[Message] = []
        deadline = time.monotonic() + REPLY_TIMEOUT
        while waiting and time.monotonic() < deadline:
            pulled = list(self.grid.pull_messages(waiting))
            replies.extend(pulled)
            waiting -= {reply.metadata.reply_to_message_id for reply in pulled}
            if waiting:
                time.sleep(REPLY_POLL_SECONDS)
        return replies


def _write(path: Path, entry: dict) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


@server_app.main()
def coordinate(grid: Grid, context: Context) -> None:
    config = context.run_config
    spec = StudySpec.from_json(bytes.fromhex(str(config["spec-hex"])).decode())
    results = Path(str(config["results-path"]))
    expected = int(config.get("parties", 0))
    pairs = [pair.split("=", 1) for pair in str(config.get("node-ids", "")).split(",") if pair]
    named = {int(node): party for party, node in pairs} or None
    transport = GridTransport(_wait_for_nodes(grid, expected, named), named)

    def on_round(entry: RoundMetrics) -> None:
        _write(results, {"round": asdict(entry)})

    try:
        result = Coordinator(
            spec,
            transport,
            str(config["approved-bundle-hash"]),
            str(config["approved-spec-digest"]),
            on_round,
        ).run()
    except RunRefused as refused:
        _write(results, {"refused": str(refused), "validation": refused.validation})
        return
    done = asdict(result)
    done["model"] = result.model.hex()
    _write(results, {"result": done})


def _wait_for_nodes(
    grid: Grid, expected: int, named: dict[int, str] | None = None, timeout: float = 60.0
) -> Grid:
    def ready() -> bool:
        online = set(grid.get_node_ids())
        return set(named) <= online if named else len(online) >= expected

    deadline = time.monotonic() + timeout
    while not ready() and time.monotonic() < deadline:
        time.sleep(0.5)
    return grid


@client_app.query()
def answer(message: Message, context: Context) -> Message:
    config = context.node_config
    node = Node(
        party=str(config["party"]),
        data_dir=Path(str(config["data-dir"])),
        approved_bundle_hash=str(config.get("approved-bundle-hash", "")) or None,
        approved_spec_digest=str(config.get("approved-spec-digest", "")) or None,
    )
    if STATE not in context.state:
        context.state[STATE] = ConfigRecord()
    state: ConfigRecord = context.state[STATE]  # type: ignore[assignment]
    kept: dict = dict(state)
    reply = node.handle(unpack(dict(message.content[RECORD])), kept)
    for key, value in kept.items():
        state[key] = value
    return Message(RecordDict({RECORD: ConfigRecord(pack(reply))}), reply_to=message)  # type: ignore[arg-type]
