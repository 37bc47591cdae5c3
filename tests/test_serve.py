"""scripts/supervise.py, which `make run` serves through: a kill -9 anywhere leaves a working server.

The test plays what issue 11 saw go wrong: a gunicorn left running by a supervisor that died (its
workers on the port), then a kill -9 of the master, whose workers would live on as orphans. What
is at stake is the supervisor's handling of processes, not the application, so gunicorn serves a
WSGI application of three lines (`--app`): each start takes a fraction of a second rather than
the seconds Concord's preload takes. Concord itself is served through the supervisor, with a
worker killed under it, by the drill (test_drill.py) and by the smoke test (`make run`).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HELLO = """
import os

def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"hello from {os.getpid()}".encode()]
"""

# One group apart from the smoke test: both start servers, neither waits on the other.
pytestmark = [pytest.mark.smoke, pytest.mark.xdist_group("serving")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serves(port: int, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
                if r.status == 200 and r.read().startswith(b"hello from "):
                    return True
        except (urllib.error.URLError, OSError):  # refused, reset, or slow on a busy machine
            time.sleep(0.2)
    return False


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    # A killed process waits as a zombie until it is reaped; it holds no port any more.
    states = [
        stat.read_text().rsplit(")", 1)[1].split()[0]
        for stat in Path("/proc").glob("[0-9]*/stat")
        if stat.exists() and _pgid(stat) == pgid
    ]
    return any(state != "Z" for state in states)


def _pgid(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[2])
    except (OSError, IndexError, ValueError):
        return -1


def gone(pgid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not group_alive(pgid)


@pytest.fixture
def groups():
    """Process groups the test starts: killed at the end, whatever happened, so none leaks."""
    started: list[int] = []
    yield started
    for pgid in started:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)


def start(command: list[str], env: dict, log, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, **kwargs
    )


def web_group(state: Path) -> int:
    return json.loads(state.read_text())["groups"]["web server (gunicorn)"][0]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process groups from /proc")
def test_a_leftover_server_and_a_killed_master_leave_a_working_server(tmp_path, groups):
    port = free_port()
    (tmp_path / "hello.py").write_text(HELLO)
    env = {**os.environ, "CONCORD_VAR_DIR": str(tmp_path), "PYTHONPATH": str(tmp_path)}
    log = (tmp_path / "serve.log").open("w")
    # A gunicorn that a supervisor killed with kill -9 left on the port, named in its state file.
    leftover = start(
        [
            *(sys.executable, "-m", "gunicorn", "hello", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--no-control-socket"),
        ],
        env,
        log,
        start_new_session=True,
    )
    groups.append(leftover.pid)
    state = tmp_path / "serve.json"
    assert serves(port)
    started_at = Path(f"/proc/{leftover.pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    state.write_text(
        json.dumps({"supervisor": [0, ""], "groups": {"web": [leftover.pid, started_at]}})
    )
    supervisor = start(
        [
            *(sys.executable, "scripts/supervise.py", "--bind", f"127.0.0.1:{port}"),
            *("--workers", "2", "--threads", "1", "--no-worker", "--sweep-every", "0", "--quiet"),
            *("--app", "hello"),
        ],
        env,
        log,
        start_new_session=True,
    )
    groups.append(supervisor.pid)
    try:
        assert gone(leftover.pid), "the leftover gunicorn was not stopped"
        leftover.wait(timeout=10)
        assert serves(port)
        master = web_group(state)
        groups.append(master)
        assert master != leftover.pid

        os.kill(master, signal.SIGKILL)
        assert gone(master), "the dead master's workers live on"
        assert serves(port), (tmp_path / "serve.log").read_text()
        again = web_group(state)
        groups.append(again)
        assert again != master
    finally:
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=30) == 0
        log.close()
    assert gone(again), "SIGTERM to the supervisor left gunicorn running"
    assert not state.exists()
    text = (tmp_path / "serve.log").read_text()
    assert "stopping the web a previous run left behind" in text
    assert "web server (gunicorn) stopped (killed by SIGKILL); starting it again" in text
