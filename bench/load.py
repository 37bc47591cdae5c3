"""The loopback load of `make bench`: 50 clients against gunicorn on PostgreSQL.

    .venv/bin/python -m bench.load [--clients 50] [--seconds 30]

In a PostgreSQL database of its own (CONCORD_BENCH_LOAD_DATABASE, dropped and created again) it
generates the 15-alliance portfolio, serves it as `make run` does (scripts/supervise.py:
gunicorn, 2 workers × 4 threads, the task worker and the sweep) with DEBUG off, then:

1. **static**: every client asks for one static file (WhiteNoise) for a few seconds: the
   server's cheapest answer, under the same load;
2. **mixed**: every client, in turn, asks for pages and API reads as the pharma's alliance
   manager, and one request in 20 writes a note through the API.

It prints requests/s, p50, p95, p99 and errors for each kind, and the ratios to the static
file's; writes bench/load.json; and checks the goals of issue 11: no error and no deadlock
(PostgreSQL's own count for the database), write p95 at most 5 × read p95. Exits 1 if one fails.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "load.json"
HOST = "127.0.0.1"
DATABASE = os.environ.get(
    "CONCORD_BENCH_LOAD_DATABASE", f"postgres://postgres@{HOST}:5432/concord_bench_load"
)
WRITE_EVERY = 20
STATIC_FILE = "admin/css/base.css"


@dataclass(frozen=True)
class Target:
    """One kind of request the clients make."""

    kind: str  # "static", "read" or "write"
    name: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes = b""


def prepare(folder: Path) -> dict[str, str]:
    """A fresh database with the portfolio, collected static files; the server's environment."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "concord.settings",
        "DATABASE_URL": DATABASE,
        "DEBUG": "false",
        "SECRET_KEY": "concord-bench-only",
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "CONCORD_VAR_DIR": str(folder),
        "CONCORD_AUDIT_ANCHOR_FILE": "",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }
    _fresh_database(DATABASE)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    # Tables from the models, as the suite and the drill make them: seconds, not half a minute.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return env


def _fresh_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    admin = parsed._replace(path="/postgres", scheme="postgresql").geturl()
    name = parsed.path.lstrip("/")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def targets() -> list[Target]:
    """The portfolio, a signed-in session and an API token for its alliance manager; the mix."""
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    from bench.generate import generate
    from concord.orgs.services import api_token_create

    portfolio = generate(alliances=15)
    manager = portfolio.pharma_manager
    browser = Client()
    browser.force_login(manager)
    cookie = (("Cookie", f"{settings.SESSION_COOKIE_NAME}={browser.cookies['sessionid'].value}"),)
    token = (("Authorization", f"Bearer {api_token_create(actor=manager, name='load').key}"),)
    connections.close_all()
    alliance = portfolio.focus_alliance_id
    note = json.dumps({"title": "Load note", "body": "Written under load.", "visibility": "shared"})
    return [
        Target("static", "static file", "GET", f"/static/{STATIC_FILE}", ()),
        Target("read", "alliance list", "GET", reverse("alliances:alliance-list"), cookie),
        Target(
            "read",
            "alliance page",
            "GET",
            reverse("alliances:alliance-detail", args=[alliance]),
            cookie,
        ),
        Target("read", "portal queue", "GET", reverse("portal:queue"), cookie),
        Target("read", "api alliances", "GET", "/api/v1/alliances", token),
        Target("read", "api portal", "GET", "/api/v1/portal/submissions", token),
        Target(
            "write",
            "api note",
            "POST",
            f"/api/v1/alliances/{alliance}/notes",
            (*token, ("Content-Type", "application/json")),
            note.encode(),
        ),
    ]


def _ask(port: int, target: Target) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(
            target.method, target.path, body=target.body or None, headers=dict(target.headers)
        )
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def storm(port: int, clients: int, seconds: float, mix: list[Target]) -> dict[str, dict]:
    """`clients` threads asking in turn for the mix's targets; each kind's figures."""
    timings: dict[str, list[float]] = collections.defaultdict(list)
    errors: collections.Counter = collections.Counter()
    lock = threading.Lock()
    reads = [t for t in mix if t.kind != "write"]
    writes = [t for t in mix if t.kind == "write"]
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        n = number  # the clients start at different points of the mix
        while time.monotonic() < stop:
            write = writes and n % WRITE_EVERY == WRITE_EVERY - 1
            target = writes[0] if write else reads[n % len(reads)]
            started = time.perf_counter()
            try:
                ok = _ask(port, target) < 400
            except (OSError, http.client.HTTPException):
                ok = False
            took = time.perf_counter() - started
            with lock:
                for key in (target.kind, f"{target.kind}: {target.name}"):
                    timings[key].append(took)
                    errors[key] += not ok
            n += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    results = {kind: figures(times, errors[kind], elapsed) for kind, times in timings.items()}
    kinds = [kind for kind in timings if ":" not in kind]
    if len(kinds) > 1:
        every = [t for kind in kinds for t in timings[kind]]
        results["all mixed"] = figures(every, sum(errors.values()), elapsed)
    return results


def figures(times: list[float], errors: int, elapsed: float) -> dict:
    times = sorted(times)

    def at(share: float) -> float:
        return round(times[min(len(times) - 1, int(len(times) * share))] * 1000, 1)

    return {
        "requests": len(times),
        "per_second": round(len(times) / elapsed, 1),
        "p50_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "errors": errors,
    }


def deadlocks() -> int:
    """PostgreSQL's count of deadlocks detected in the database since it was created."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
        return int(cursor.fetchone()[0])


def serve(env: dict[str, str], folder: Path) -> tuple[subprocess.Popen, int]:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    command = [
        *(sys.executable, "scripts/supervise.py", "--bind", f"{HOST}:{port}", "--quiet"),
        *("--workers", "2", "--threads", "4", "--state", str(folder / "serve.json")),
    ]
    log = (folder / "serve.log").open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    static = Target("static", "static file", "GET", f"/static/{STATIC_FILE}", ())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if _ask(port, static) == 200:
                return server, port
        except OSError:
            time.sleep(0.2)
    server.send_signal(signal.SIGTERM)
    raise SystemExit(f"the server did not answer; see {folder / 'serve.log'}")


def report(results: dict[str, dict], clients: int, deadlocked: int) -> list[tuple[bool, str]]:
    """The table, and the goals with whether each holds."""
    static = results["static"]
    print(f"\nloopback load: {clients} clients, gunicorn 2 workers × 4 threads, PostgreSQL")
    print(
        f"{'kind':<16}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}   ratio to static: req/s, p50, p95"
    )
    order = ["static", "read", "write", "all mixed"]
    rows = sorted(results, key=lambda k: (order.index(k.split(":")[0]), k))
    for kind in rows:
        r = results[kind]
        if kind == "static: static file":
            continue
        ratios = (
            f"{r['per_second'] / static['per_second']:.2f}, "
            f"{r['p50_ms'] / static['p50_ms']:.1f}, {r['p95_ms'] / static['p95_ms']:.1f}"
        )
        label = f"  {kind.split(': ')[1]}" if ":" in kind else kind
        print(
            f"{label:<16}{r['requests']:>9}{r['per_second']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}"
            f"{r['p99_ms']:>9}{r['errors']:>8}   {ratios}"
        )
    read, write = results["read"], results["write"]
    errors = sum(r["errors"] for kind, r in results.items() if kind in ("static", "read", "write"))
    return [
        (errors == 0, f"load: {errors} errors (goal 0)"),
        (deadlocked == 0, f"load: {deadlocked} deadlocks (goal 0)"),
        (
            write["p95_ms"] <= 5 * read["p95_ms"],
            f"load: write p95 {write['p95_ms']} ms (goal ≤ 5 × read p95 {read['p95_ms']} ms)",
        ),
    ]


def in_own_process() -> list[tuple[bool, str]]:
    """For bench/run.py, whose process has Django set up on SQLite: the load, and its verdict."""
    try:
        import psycopg

        psycopg.connect(urllib.parse.urlparse(DATABASE)._replace(path="/postgres").geturl()).close()
    except Exception as error:  # no server: the page budgets still count
        return [(True, f"loopback load skipped: no PostgreSQL at {DATABASE} ({error})")]
    done = subprocess.run([sys.executable, "-m", "bench.load"], cwd=ROOT, check=False)
    verdict = "goals met" if done.returncode == 0 else "a goal failed (see its table)"
    return [(done.returncode == 0, f"loopback load (bench/load.py): {verdict}")]


def main(argv: list[str] | None = None) -> int:
    """Prepare, serve, load, report; non-zero if a goal fails."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30, help="the mixed load's length")
    parser.add_argument("--static-seconds", type=float, default=8)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="concord-load-"))
    env = prepare(folder)
    mix = targets()
    before = deadlocks()
    server, port = serve(env, folder)
    try:
        results = storm(port, args.clients, args.static_seconds, mix[:1])
        results |= storm(port, args.clients, args.seconds, mix[1:])
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    deadlocked = deadlocks() - before
    checks = report(results, args.clients, deadlocked)
    record = {"clients": args.clients, "deadlocks": deadlocked, "kinds": results}
    args.output.write_text(json.dumps(record, indent=2) + "\n")
    for ok, text in checks:
        print(f"  {'ok  ' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
