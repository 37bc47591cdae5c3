"""Serve Concord on one machine: gunicorn, a task worker and `concord sweep`, kept running.

    python scripts/supervise.py --bind 127.0.0.1:8000 [--workers 2] [--threads 4]
        [--sweep-every 60] [--worker-interval 1] [--no-worker] [--app concord.wsgi]

`make run` starts it through scripts/serve.sh. It starts three children and restarts whichever
dies, so a `kill -9` of any of them (the gunicorn master included) leaves a working server:

- **web**: gunicorn in a process group of its own. When its master dies, its workers would live
  on as orphans holding the port, and the next master could not bind it; the supervisor kills the
  whole group, then starts a new master.
- **worker**: `manage.py db_worker`, which sends email and seals the audit trail.
- **sweep**: `manage.py sweep`, started every `--sweep-every` seconds (60).

The children's process groups are written to a state file (`var/serve.json`). If the supervisor
itself is killed with `kill -9`, its children are told to stop (on Linux, by the kernel), and the
next start kills whatever the state file names that is still running, so a restart always binds.
SIGTERM, SIGINT (Ctrl-C) or SIGHUP stop everything. Standard library only: it imports no Django.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUICK = 10.0  # a child that dies sooner than this after starting has "died at once"
GIVE_UP_AFTER = 5  # deaths at once in a row: something is wrong that restarting won't fix


@dataclass
class Child:
    """One supervised process: its command, and the process running it (if any)."""

    name: str
    command: list[str]
    process: subprocess.Popen | None = None
    started: float = 0.0
    quick_deaths: int = 0
    next_start: float = 0.0
    env: dict[str, str] = field(default_factory=dict)


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] serve: {text}", file=sys.stderr, flush=True)


def _die_with_parent() -> None:  # pragma: no cover  (runs in the child, between fork and exec)
    # Linux: a child told by the kernel to stop when the supervisor dies, even of a kill -9.
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or someone else's group now
        return False
    if not Path("/proc").is_dir():
        return True
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _started_at(pid: int) -> str:
    """When a process started, in clock ticks since boot (Linux); "" where that can't be told."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _same(pid: int, started_at: str) -> bool:
    """Whether `pid` is still the process recorded (not a new one that reused its number)."""
    return _alive(pid) and _started_at(pid) == started_at


def kill_group(pgid: int, wait: float = 5.0) -> None:
    """SIGKILL a process group and wait (a while) until none of it is left."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + wait
    while _group_alive(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)


class Supervisor:
    """Starts the children, restarts the dead, stops them all on a signal."""

    def __init__(self, children: list[Child], state: Path, sweep: Child | None, every: float):
        self.children = children
        self.state = state
        self.sweep = sweep
        self.sweep_every = every
        self.next_sweep = 0.0
        self.stopping = False

    def run(self) -> int:
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._stop)
        self._clear_previous()
        for child in self.children:
            self._start(child)
        code = 0
        while not self.stopping:
            for child in self.children:
                if not self._keep(child):
                    code, self.stopping = 1, True
            self._sweep()
            time.sleep(0.2)
        self._stop_all()
        return code

    def _stop(self, signum: int, frame: object) -> None:
        self.stopping = True

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(  # noqa: S603  (our own commands)
            child.command,
            cwd=ROOT,
            env={**os.environ, **child.env},
            process_group=0,  # its own group: a dead master's workers are killed with it
            preexec_fn=_die_with_parent,  # safe: the supervisor runs one thread
        )
        child.started = time.monotonic()
        self._write_state()

    def _keep(self, child: Child) -> bool:
        """Restart a dead child (after its group is gone); False when it keeps dying at once."""
        process = child.process
        if process is None:
            if time.monotonic() >= child.next_start:
                self._start(child)
            return True
        code = process.poll()
        if code is None:
            return True
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        kill_group(process.pid)  # orphaned gunicorn workers would hold the port
        child.process = None
        quick = time.monotonic() - child.started < QUICK
        child.quick_deaths = child.quick_deaths + 1 if quick else 0
        if child.quick_deaths >= GIVE_UP_AFTER:
            say(f"{child.name} stopped {GIVE_UP_AFTER} times just after starting; giving up")
            return False
        delay = min(2 ** (child.quick_deaths - 1), 10) if quick else 0
        child.next_start = time.monotonic() + delay
        say(
            f"{child.name} stopped ({how}); starting it again" + (f" in {delay} s" if delay else "")
        )
        return True

    def _sweep(self) -> None:
        sweep = self.sweep
        if sweep is None:
            return
        if sweep.process is not None and sweep.process.poll() is None:
            return  # the last sweep is still running: never two at once
        if time.monotonic() >= self.next_sweep:
            self.next_sweep = time.monotonic() + self.sweep_every
            self._start(sweep)

    def _stop_all(self) -> None:
        running = [c.process for c in [*self.children, self.sweep] if c and c.process]
        for process in running:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            kill_group(process.pid, wait=2)
        self.state.unlink(missing_ok=True)

    def _write_state(self) -> None:
        running = [c for c in [*self.children, self.sweep] if c and c.process]
        groups = {c.name: [c.process.pid, _started_at(c.process.pid)] for c in running}
        self.state.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state.with_suffix(".tmp")
        me = [os.getpid(), _started_at(os.getpid())]
        temporary.write_text(json.dumps({"supervisor": me, "groups": groups}))
        temporary.replace(self.state)

    def _clear_previous(self) -> None:
        """Kill what a supervisor that died without stopping its children left running."""
        try:
            previous = json.loads(self.state.read_text())
        except (OSError, ValueError):
            return
        old, old_start = previous.get("supervisor", [0, ""])
        if old and old != os.getpid() and _same(old, old_start):
            say(f"already serving (supervisor pid {old}, {self.state}); stop it first")
            raise SystemExit(1)
        for name, (pgid, started_at) in previous.get("groups", {}).items():
            # The group's leader may be dead (a killed master) while its workers live on.
            if _group_alive(pgid) and (_same(pgid, started_at) or not _alive(pgid)):
                say(f"stopping the {name} a previous run left behind (process group {pgid})")
                kill_group(pgid)


def children(args: argparse.Namespace) -> tuple[list[Child], Child | None]:
    """The web server and the task worker, and the sweep (started on its own clock)."""
    python = sys.executable
    web = [
        *(python, "-m", "gunicorn", args.app, "--bind", args.bind),
        *("--workers", str(args.workers), "--threads", str(args.threads)),
        # Django is imported once, in the master: a killed worker is replaced by a fork at once.
        "--preload",
        # Quiet: requests (unless --quiet) and errors; no start-up chatter.
        *("--log-level", "warning", "--graceful-timeout", "10", "--no-control-socket"),
    ]
    if not args.quiet:
        web += ["--access-logfile", "-", "--access-logformat", '%(t)s "%(r)s" %(s)s %(b)s']
    quiet = {"LOG_CONSOLE_LEVEL": os.environ.get("LOG_CONSOLE_LEVEL", "WARNING")}
    # The worker and the sweep skip Django's system checks: serve.sh runs them once before the
    # supervisor starts, and in every process they cost two seconds of CPU (they load the URL
    # map, which neither needs), at every restart of the worker and every sweep.
    worker = [python, "manage.py", "db_worker", "--queue-name", "default", "--no-reload"]
    worker += ["--skip-checks"]
    # One worker, polling every --worker-interval seconds; no random delay before the first poll
    # (it spreads many workers that start at once, and only slows a restarted one).
    worker += ["--interval", str(args.worker_interval), "--no-startup-delay"]
    result = [Child("web server (gunicorn)", web, env=quiet)]
    if not args.no_worker:
        result.append(Child("task worker", worker, env=quiet))
    sweep_command = [python, "manage.py", "sweep", "--skip-checks"]
    sweep = None if args.sweep_every <= 0 else Child("sweep", sweep_command)
    if sweep is not None:
        sweep.env = quiet
    return result, sweep


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (1: sync)")
    parser.add_argument("--sweep-every", type=float, default=60, help="seconds; 0: no sweep")
    parser.add_argument("--no-worker", action="store_true", help="serve without a task worker")
    parser.add_argument(
        "--worker-interval", type=float, default=1.0, help="seconds between the worker's polls"
    )
    parser.add_argument(
        "--app", default="concord.wsgi", help="the WSGI application gunicorn serves (module)"
    )
    parser.add_argument("--quiet", action="store_true", help="no request lines")
    var = Path(os.environ.get("CONCORD_VAR_DIR", ROOT / "var"))
    parser.add_argument("--state", type=Path, default=var / "serve.json")
    args = parser.parse_args(argv)
    started, sweep = children(args)
    return Supervisor(started, args.state, sweep, args.sweep_every).run()


if __name__ == "__main__":
    sys.exit(main())
