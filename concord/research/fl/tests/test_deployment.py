"""End to end on the deployment engine: a Flower SuperLink and three authenticated SuperNodes as
real processes on loopback, each node reading only its own directory. Kept short: two Newton
rounds (each exchange costs the SuperNodes' polling and a ClientApp process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from concord.research.fl import demo_spec, run_deployment, run_simulation
from concord.research.fl.deployment import BIN, Deployment, flower_env, node_key_pair

pytestmark = [
    pytest.mark.deployment,
    # Mostly waiting on the SuperNodes' polling: started first, beside the CPU-bound tests.
    pytest.mark.xdist_group("deployment"),
    # The engine touches no database: the PostgreSQL pass of the suite would run the same again.
    pytest.mark.one_pass,
]
PORT = 19120  # this helper's range; the SuperNodes take the next three


def test_a_study_runs_on_superlink_and_three_supernodes(tmp_path, party_dirs, approved_hash):
    spec = demo_spec("cox", rounds=2)
    seen = []
    result = run_deployment(
        spec,
        party_dirs,
        approved_hash,
        spec.digest(),
        seen.append,
        base_port=PORT,
        work_dir=tmp_path / "run",
        timeout=240,
    )
    assert result.engine == "deployment"
    assert [r.round for r in seen] == [1, 2] == [r.round for r in result.rounds]
    assert set(result.per_party) == set(party_dirs)
    # The same messages as in simulation, so the very same model, byte for byte.
    expected = run_simulation(spec, party_dirs, approved_hash, spec.digest())
    assert result.model_hash == expected.model_hash
    assert result.final["c_index"] == pytest.approx(expected.final["c_index"])
    # Each SuperNode authenticated with its own key pair, and every process has stopped.
    logs = {p.name: p.read_text() for p in (tmp_path / "run").glob("*.log")}
    assert sorted(logs) == [
        "superlink.log",
        "supernode-alpha.log",
        "supernode-beta.log",
        "supernode-gamma.log",
    ]
    for party in party_dirs:
        assert (
            (tmp_path / "run" / f"{party}_key.pub").read_text().startswith("ecdsa-sha2-nistp384 ")
        )


def test_an_unregistered_supernode_is_not_admitted(tmp_path, party_dirs):
    """Node authentication: a SuperNode whose key the SuperLink does not know is turned away."""
    with Deployment({}, tmp_path, PORT + 10) as deployment:
        stray_private, _ = node_key_pair(tmp_path, "stray")
        home = tmp_path / "stray-home"
        home.mkdir()
        log = tmp_path / "stray.log"
        with log.open("wb") as out:
            stray = subprocess.Popen(
                [
                    str(BIN / "flower-supernode"),
                    f"--root-certificates={tmp_path / 'ca.pem'}",
                    f"--superlink=127.0.0.1:{PORT + 10}",
                    "--host=127.0.0.1",
                    f"--port={PORT + 11}",
                    f"--auth-supernode-private-key={stray_private}",
                    f'--node-config=party="stray" data-dir="{party_dirs["alpha"]}"',
                ],
                env=flower_env(home),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                for _ in range(120):
                    if "Failed to activate SuperNode" in log.read_text(errors="replace"):
                        break
                    time.sleep(0.5)
                listed = json.loads(
                    deployment.cli("supernode", "ls", "loop", "--format", "json").stdout
                )
            finally:
                os.killpg(stray.pid, signal.SIGKILL)
                stray.wait()
        assert "Failed to activate SuperNode" in log.read_text(errors="replace")
        assert listed["nodes"] == []
