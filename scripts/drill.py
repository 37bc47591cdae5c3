"""`make drill`: a write storm through gunicorn while its processes are killed and mail fails.

    .venv/bin/python scripts/drill.py [--seconds 45] [--clients 8] [--workers 2] [--short]
        [--database postgres://postgres@127.0.0.1:5432/concord_drill]

On loopback only, against a database of its own that it drops and creates again (PostgreSQL by
default; a sqlite:/// URL works too), it serves Concord as `make run` does (scripts/supervise.py:
gunicorn with N sync workers, a task worker, the sweep every few seconds) and:

1. storms it with writes: API clients write notes with a Bearer token, anonymous visitors send
   the public portal form, each write with a unique title, each answer recorded;
2. meanwhile kills with SIGKILL a gunicorn worker, the gunicorn master and the task worker (the
   supervisor starts them again), while an SMTP sink on loopback is down, then up, then hangs
   (accepts and never answers: EMAIL_TIMEOUT must free the worker), then up again;
3. waits for the outbox to drain, stops the server, and counts: writes acknowledged / present /
   lost / duplicated, 5xx answers, mails expected / delivered / duplicated / lost, and the result
   of `concord audit verify`.

Exits 1 if an acknowledged write was lost, a write was stored twice, any answer was a 5xx, a mail
was lost or delivered twice, or the audit chain does not verify. It takes about two minutes; the
outbox's minute is shortened to a second (CONCORD_EMAIL_MINUTE_SECONDS) and the task lease to a
few seconds so that recovery fits in it.

`--short` is the test suite's version (tests/test_drill.py), about 11 s of CPU: one gunicorn
worker with threads, a storm of a few seconds, a minute of 0.2 s and a lease of 2 s. It kills the
gunicorn worker and the task worker, the latter while it talks to the mail server (which holds
the connection without a word until then), and keeps the mail server down, then up; the master
kill and the mail server that hangs for longer than EMAIL_TIMEOUT are left to the full drill.
The sweep runs in the drill's own process every second rather than as a process started
by the supervisor every few seconds (each start costs a second of CPU); it is the same
`concord sweep`, against the same database and task queue.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import email
import email.policy
import http.client
import json
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SLUG = "borealis"
NOTE_PREFIX, ASSET_PREFIX = "Drill note", "DR"


# --- An SMTP sink that is down, up or hanging ---------------------------------------------------


class SmtpSink:
    """A mail server on loopback whose mood the drill sets: "down", "up" or "hang"."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind((HOST, 0))
            self.port = probe.getsockname()[1]
        self.mode = "down"
        self.received: list[tuple[str, list[str]]] = []  # (Message-ID, recipients)
        self.lock = threading.Lock()
        self.listener: socket.socket | None = None
        self.held: list[socket.socket] = []
        self.hung = self.hung_before_kill = 0  # connections accepted while hanging
        self.caught = threading.Event()  # set when a sender is held on a hanging connection

    def set(self, mode: str) -> None:
        self.mode = mode
        if mode == "down":
            self._close()
        elif self.listener is None:
            listener = socket.socket()
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((HOST, self.port))
            listener.listen(64)
            self.listener = listener
            threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        if mode != "hang":
            for held in self.held:
                held.close()
            self.held.clear()

    def _close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed: the server is down
            if self.mode == "hang":
                self.held.append(conn)  # accepted, and never a word
                self.hung += 1
                self.caught.set()
            else:
                threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn, conn.makefile("rb") as reader:
            conn.sendall(b"220 drill sink\r\n")
            recipients: list[str] = []
            while line := reader.readline():
                verb = line[:4].upper()
                if verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                if verb == b"RCPT":
                    recipients.append(line.decode().split(":", 1)[1].strip(" <>\r\n"))
                if verb == b"DATA":
                    conn.sendall(b"354 go on\r\n")
                    self._message(reader, recipients)
                    recipients = []
                conn.sendall(b"250 ok\r\n")

    def _message(self, reader: object, recipients: list[str]) -> None:
        lines = []
        while (line := reader.readline()) not in (b".\r\n", b""):  # type: ignore[attr-defined]
            lines.append(line)
        message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
        with self.lock:
            self.received.append((str(message["Message-ID"]), recipients))


# --- The server, as make run serves it ----------------------------------------------------------


@dataclass
class Server:
    """scripts/supervise.py with its children, and where to find them."""

    process: subprocess.Popen
    state: Path
    port: int
    log: Path

    def group(self, name: str) -> int:
        groups = json.loads(self.state.read_text())["groups"]
        return next(pid for label, (pid, _) in groups.items() if label.startswith(name))

    def answers(self) -> bool:
        try:
            return _request(self.port, "GET", "/accounts/login/")[0] == 200
        except OSError:
            return False

    def wait_until_serving(self, seconds: float = 60) -> float:
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            if self.process.poll() is not None:
                raise SystemExit(f"the supervisor stopped; see {self.log}")
            if self.answers():
                return time.monotonic() - started
            time.sleep(0.1)
        raise SystemExit(f"the server did not answer in {seconds:.0f} s; see {self.log}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def serve(env: dict[str, str], args: argparse.Namespace, folder: Path) -> Server:
    """Start the supervisor (which starts the server); it answers after `wait_until_serving`."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port = probe.getsockname()[1]
    state, log = folder / "serve.json", folder / "serve.log"
    # The full drill: N sync workers and the supervisor's sweep every 3 s. The short one: one
    # worker with threads (a killed worker is replaced by a fork of the preloaded master), the
    # task worker polling five times a second, and the sweep in the drill's own process.
    threads, sweep_every, interval = (4, 0, 0.2) if args.short else (1, 3, 1)
    command = [
        *(sys.executable, "scripts/supervise.py", "--bind", f"{HOST}:{port}"),
        *("--workers", str(args.workers), "--threads", str(threads), "--quiet"),
        *("--sweep-every", str(sweep_every), "--worker-interval", str(interval)),
        *("--state", str(state)),
    ]
    process = subprocess.Popen(  # noqa: S603  (our own script)
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    return Server(process, state, port, log)


# --- The storm --------------------------------------------------------------------------------


def _request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@dataclass
class Tally:
    """What the clients saw, by kind of write."""

    acknowledged: dict[str, set[str]] = field(default_factory=lambda: collections.defaultdict(set))
    sent: collections.Counter = field(default_factory=collections.Counter)
    unanswered: collections.Counter = field(default_factory=collections.Counter)
    statuses: collections.Counter = field(default_factory=collections.Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, key: str, status: int | None, ok: bool) -> None:
        with self.lock:
            self.sent[kind] += 1
            if status is None:
                self.unanswered[kind] += 1
                return
            self.statuses[f"{kind} {status}"] += 1
            if ok:
                self.acknowledged[kind].add(key)

    def done(self) -> int:
        """How many writes have been acknowledged so far."""
        with self.lock:
            return sum(len(keys) for keys in self.acknowledged.values())


class Client(threading.Thread):
    """One client: alternately a note through the API and a submission through the form."""

    def __init__(self, number: int, port: int, token: str, alliance: int, stop, tally):
        super().__init__(daemon=True)
        self.number, self.port, self.token, self.alliance = number, port, token, alliance
        self.stop, self.tally = stop, tally
        self.csrf: tuple[str, str] | None = None
        self.sent = 0

    def run(self) -> None:
        n = 0
        while not self.stop.is_set():
            note = n % 2 == self.number % 2
            key = f"{self.number}-{n}"
            try:
                status, ok = self.note(key) if note else self.submission(key)
            except ConnectionRefusedError:  # nothing listening (a master restarting): not sent
                self.tally.record("refused", key, None, False)
                time.sleep(0.2)
                continue
            except (OSError, http.client.HTTPException):  # cut after sending: no answer
                status, ok = None, False
            self.tally.record("note" if note else "submission", key, status, ok)
            n += 1

    def note(self, key: str) -> tuple[int, bool]:
        body = {
            "title": f"{NOTE_PREFIX} {key}",
            "body": "Written in the drill.",
            "visibility": "shared",
        }
        status, _, _ = _request(
            self.port,
            "POST",
            f"/api/v1/alliances/{self.alliance}/notes",
            json.dumps(body).encode(),
            {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        return status, status == 201

    def submission(self, key: str) -> tuple[int, bool]:
        if self.csrf is None:
            status, headers, page = _request(self.port, "GET", f"/partnering/{SLUG}/submit/")
            cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            if status != 200 or not cookie or not token:
                return status, False
            self.csrf = (cookie.group(1), token.group(1).decode())
        form = submission_form(key) | {"csrfmiddlewaretoken": self.csrf[1]}
        self.sent += 1
        status, headers, _ = _request(
            self.port,
            "POST",
            f"/partnering/{SLUG}/submit/",
            urllib.parse.urlencode(form).encode(),
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={self.csrf[0]}",
                # A visitor of its own each time: the form limits submissions per address.
                "X-Real-IP": f"10.{self.number}.{self.sent // 250 % 250}.{self.sent % 250}",
            },
        )
        return status, status == 302 and "/submissions/status/" in headers.get("Location", "")


def submission_form(key: str) -> dict[str, str]:
    from write_storm import ASSET  # beside this script

    return {
        **ASSET,
        "contact_name": "Drill Submitter",
        "contact_email": f"drill-{key}@example.test",
        "submitter_organisation_name": "Drill Bio",
        "asset_name": f"{ASSET_PREFIX}-{key}",
        "attested_non_confidential": "on",
    }


# --- The faults ---------------------------------------------------------------------------------


def faults(server: Server, sink: SmtpSink, seconds: float, events: list[str]) -> float:
    """The mail server's moods and the three kills, spread over `seconds`; how long it hung.

    Each step waits for its share of the storm, and at least a tenth of it after the step
    before, so on a slow machine a restart that takes long shortens no phase to nothing.
    """
    started = time.monotonic()
    last = started - seconds

    def at(share: float, text: str) -> None:
        nonlocal last
        time.sleep(
            max(
                0.0,
                started + share * seconds - time.monotonic(),
                last + seconds / 10 - time.monotonic(),
            )
        )
        last = time.monotonic()
        events.append(f"{last - started:5.1f} s  {time.strftime('%H:%M:%S')}  {text}")

    at(0, "mail server down")
    worker = _children(server.group("web"))[0]
    at(0.15, f"kill -9 gunicorn worker {worker}")
    os.kill(worker, signal.SIGKILL)
    at(0.25, "mail server up")
    sink.set("up")
    master = server.group("web")
    at(0.35, f"kill -9 gunicorn master {master}")
    os.kill(master, signal.SIGKILL)
    took = server.wait_until_serving()
    events.append(f"{' ' * 19}serving again {took:.1f} s later (master {server.group('web')})")
    at(0.55, "mail server hangs (accepts, never answers)")
    sink.set("hang")
    hang = last
    task_worker = server.group("task")
    at(0.75, f"kill -9 task worker {task_worker}")
    sink.hung_before_kill = sink.hung
    os.kill(task_worker, signal.SIGKILL)
    at(0.85, "mail server up")
    sink.set("up")
    hung = last - hang
    at(1.0, "the storm ends")
    return hung


def faults_short(
    server: Server, sink: SmtpSink, seconds: float, events: list[str], tally: Tally
) -> bool:
    """The suite's faults, in `seconds`: whether the task worker was killed in the middle of a send.

    Each step also waits (a while) for a few more acknowledged writes, so that on a slow machine
    every fault still falls in the middle of the storm rather than before it has begun.
    """
    started = time.monotonic()
    progress = tally.done()

    def at(share: float, text: str, writes: int = 3) -> None:
        nonlocal progress
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (
            time.monotonic() < started + share * seconds or tally.done() < progress + writes
        ):
            time.sleep(0.02)
        say(text)

    def say(text: str) -> None:
        nonlocal progress
        progress = tally.done()
        now = time.monotonic()
        events.append(f"{now - started:5.1f} s  {time.strftime('%H:%M:%S')}  {text}")

    at(0, "mail server down", writes=0)
    worker = _children(server.group("web"))[0]
    at(0.2, f"kill -9 gunicorn worker {worker}")
    os.kill(worker, signal.SIGKILL)
    at(0.4, "mail server up")
    sink.set("up")
    at(0.6, "mail server holds the next connection without a word")
    sink.set("hang")
    caught = sink.caught.wait(timeout=20)  # the task worker is in the middle of a send
    task_worker = server.group("task")
    sink.hung_before_kill = sink.hung
    os.kill(task_worker, signal.SIGKILL)
    sink.set("up")
    what = "while it waits on the mail server" if caught else "(no send was under way)"
    say(f"kill -9 task worker {task_worker} {what}; mail server up")
    at(1.0, "the storm ends")  # a few writes more, whose mail waits for the new worker
    return caught


class Sweeper(threading.Thread):
    """`concord sweep` every second, in this process (the short drill's supervisor starts none)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.runs = 0
        self.failures: list[str] = []

    def run(self) -> None:
        import io

        from django.core.management import CommandError, call_command
        from django.db import connections

        while not self.stop.wait(1):
            try:
                call_command("sweep", stdout=io.StringIO())
            except CommandError as error:  # a job failed (the others still ran)
                self.failures.append(str(error))
            except Exception as error:  # the database itself: counted as a failure, not hidden
                self.failures.append(f"{type(error).__name__}: {error}")
            self.runs += 1
        connections.close_all()


# --- Setting up and counting ----------------------------------------------------------------------


def fresh_database(url: str) -> None:
    """Drop and create the drill's own database (or delete its SQLite file)."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres", scheme="postgresql").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def environment(url: str, folder: Path, sink: SmtpSink, short: bool) -> dict[str, str]:
    """The server's settings: production's, on loopback, with the recovery clocks shortened."""
    # The full drill: retries after 2, 4, 8, 16… seconds, claims 5 s, a lease of 8 s (longer
    # than a claim, as 600 s is longer than 300 s). The short one: all of it five times faster.
    minute, lease = ("0.2", "2") if short else ("1", "8")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "concord.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "concord-drill-only",
        "ALLOWED_HOSTS": HOST,
        "SECURE_COOKIES": "0",
        "CONCORD_VAR_DIR": str(folder),
        "CONCORD_CLIENT_IP_HEADER": "X-Real-IP",
        "CONCORD_AUDIT_ANCHOR_FILE": str(folder / "anchors.log"),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(sink.port),
        "EMAIL_TIMEOUT": "2",
        "CONCORD_EMAIL_MINUTE_SECONDS": minute,
        "CONCORD_TASK_LEASE_SECONDS": lease,
        "LOG_LEVEL": "WARNING",
    }


def tables(env: dict[str, str]) -> None:
    """Django in this process, on the drill's database, and its tables from the models."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    # The tables as the test suite makes them (from the models; makemigrations --check keeps
    # the migrations equal), in seconds rather than the half-minute the migrations take.
    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    connections.close_all()


def set_up() -> dict:
    """Borealis with its open portal, an alliance of its own, an API token for its admin, Bob.

    Written through the services (as the test suite's cast is) while the server starts; no
    invitation, whose mail would load the URL map into this process (seconds of CPU).
    """
    from django.db import connections
    from django.test import override_settings

    from concord.alliances.services import alliance_create
    from concord.core.audit import audit_seal
    from concord.orgs.services import api_token_create
    from concord.portal.services import area_save, portal_save
    from conftest import signup

    with override_settings(
        CONCORD_EMAIL_OFF=True,  # the set-up's own mail is no part of the drill
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        # Nobody signs in during the drill: the passwords need no costly hashing.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        bob = signup("Borealis Pharma", "pharma", "bob@borealis.test", "Bob", "Brennan").user
        alliance = alliance_create(
            actor=bob,
            name="Borealis oncology alliance",
            purpose="Joint discovery and development.",
            effective_date=datetime.date(2025, 1, 15),
        )
        portal_save(actor=bob, slug=SLUG, head_of_bd=bob)
        area_save(
            actor=bob,
            title="Oncology antibodies",
            therapeutic_areas=["oncology"],
            modalities=["antibody"],
            reviewers=[bob],
        )
        token = api_token_create(actor=bob, name="drill").key
        audit_seal()
    connections.close_all()
    return {"token": token, "alliance": alliance.pk}


def drain(seconds: float) -> float:
    """Wait until no message is left to send and no task left running (or time is up).

    A task stays "running" after its worker was killed until its lease expires and the sweep
    puts it back in the queue: the drill waits for that too. Returns how long it waited.
    """
    from django.db import connections
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from concord.core.models import OutboxEmail

    started = time.monotonic()
    while time.monotonic() - started < seconds:
        pending = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING).exists()
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
        connections.close_all()
        if not pending and not running:
            break
        time.sleep(0.2)
    return time.monotonic() - started


def tasks_run_again() -> int:
    """Tasks that more than one worker claimed: picked up again after their worker died."""
    from django_tasks_db.models import DBTaskResult

    claims = DBTaskResult.objects.values_list("worker_ids", flat=True)
    return sum(1 for workers in claims if len(workers) > 1)


def count(tally: Tally, sink: SmtpSink) -> tuple[list[str], bool]:
    """The report's lines, and whether everything held."""
    from concord.alliances.models import Note
    from concord.core.models import OutboxEmail
    from concord.portal.models import Submission

    lines, ok = [], True
    stored = {
        "note": collections.Counter(
            t.removeprefix(f"{NOTE_PREFIX} ")
            for t in Note.objects.unscoped()
            .filter(title__startswith=NOTE_PREFIX)
            .values_list("title", flat=True)
        ),
        "submission": collections.Counter(
            a.removeprefix(f"{ASSET_PREFIX}-")
            for a in Submission.objects.unscoped()
            .filter(asset_name__startswith=f"{ASSET_PREFIX}-")
            .values_list("asset_name", flat=True)
        ),
    }
    for kind, present in stored.items():
        present.pop("", None)
        acknowledged = tally.acknowledged[kind]
        lost = acknowledged - set(present)
        duplicated = [key for key, times in present.items() if times > 1]
        ok = ok and not lost and not duplicated
        lines.append(
            f"{kind}s: {tally.sent[kind]} sent, {len(acknowledged)} acknowledged, "
            f"{len(present)} present, {len(lost)} lost, {len(duplicated)} duplicated, "
            f"{tally.unanswered[kind]} unanswered (connection cut by a kill)"
        )
    lines.append(f"connections refused while the master restarted: {tally.sent['refused']}")
    errors = sum(n for status, n in tally.statuses.items() if status.split()[1].startswith("5"))
    others = {s: n for s, n in tally.statuses.items() if s not in ("note 201", "submission 302")}
    ok = ok and not errors
    lines.append(f"5xx answers: {errors}; answers other than acknowledgements: {others or 'none'}")
    expected = {
        message_id: to
        for message_id, to in (
            (e.message_id, e.to) for e in OutboxEmail.objects.all().only("pk", "to")
        )
    }
    delivered = collections.Counter(message_id for message_id, _ in sink.received)
    lost_mail = set(expected) - set(delivered)
    twice = [m for m, times in delivered.items() if times > 1]
    receipts = {to for _, recipients in sink.received for to in recipients}
    unreceipted = [
        key
        for key in tally.acknowledged["submission"]
        if f"drill-{key}@example.test" not in receipts
    ]
    ok = ok and not lost_mail and not twice and not unreceipted
    lines.append(
        f"mails: {len(expected)} expected, {len(set(delivered) & set(expected))} delivered, "
        f"{len(twice)} duplicated, {len(lost_mail)} lost; "
        f"acknowledged submissions without their receipt: {len(unreceipted)}"
    )
    return lines, ok


def audit_verified() -> tuple[str, bool]:
    """`concord audit seal`, then `concord audit verify`: its result, and whether it passed."""
    import io

    from django.core.management import CommandError, call_command

    call_command("audit", "seal", stdout=io.StringIO())
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=out, no_color=True)
    except CommandError as error:
        return f"concord audit verify: {error}", False
    return f"concord audit verify: {out.getvalue().strip()}", "0 not yet sealed" in out.getvalue()


# The full drill's figures, and the short one's (--short).
FULL = {"seconds": 45, "clients": 8, "workers": 2, "drain": 45}
SHORT = {"seconds": 3, "clients": 4, "workers": 1, "drain": 30}


def main(argv: list[str] | None = None) -> int:
    began = time.monotonic()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="the test suite's version")
    parser.add_argument("--seconds", type=float, help="how long the storm lasts (45; short 3)")
    parser.add_argument("--clients", type=int, help="clients writing at once (8; short 4)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (2; short 1)")
    parser.add_argument("--drain", type=float, help="seconds to wait for the mail (45; short 30)")
    parser.add_argument("--database", default=f"postgres://postgres@{HOST}:5432/concord_drill")
    args = parser.parse_args(argv)
    for name, value in (SHORT if args.short else FULL).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    folder = Path(tempfile.mkdtemp(prefix="concord-drill-"))
    (folder / "static").mkdir()  # no collected files: the drill serves none
    sink = SmtpSink()
    env = environment(args.database, folder, sink, args.short)
    fresh_database(args.database)
    tables(env)
    server = serve(env, args, folder)
    try:  # the cast is written while the server starts
        world = set_up()
        server.wait_until_serving()
    except BaseException:  # leave nothing running behind a drill that could not start
        server.stop()
        raise
    tally, events = Tally(), []
    stop = threading.Event()
    clients = [
        Client(i, server.port, world["token"], world["alliance"], stop, tally)
        for i in range(args.clients)
    ]
    print(
        f"drill{' (short)' if args.short else ''}: {args.clients} clients, "
        f"{args.workers} gunicorn worker(s), {args.seconds:.0f} s of storm; "
        f"serving after {time.monotonic() - began:.1f} s",
        flush=True,
    )
    sweeper = Sweeper() if args.short else None
    for thread in [*clients, *([sweeper] if sweeper else [])]:
        thread.start()
    try:
        if args.short:
            caught = faults_short(server, sink, args.seconds, events, tally)
        else:
            hung = faults(server, sink, args.seconds, events)
        stop.set()
        for client in clients:
            client.join()
        sink.set("up")
        drained = drain(args.drain)
    finally:
        if sweeper is not None:
            sweeper.stop.set()
            sweeper.join()
        stopping = time.monotonic()
        server.stop()
        events.append(f"{' ' * 19}the server stopped in {time.monotonic() - stopping:.1f} s")
    for event in events:
        print(f"  {event}")
    lines, ok = count(tally, sink)
    again = tasks_run_again()
    if args.short:
        # The killed worker was in the middle of a send: that task must have been run again.
        held = caught and again > 0 and not sweeper.failures
        lines.append(
            f"task worker killed in the middle of a send: {'yes' if caught else 'no'}; "
            f"tasks run again after their worker died: {again}; "
            f"sweeps: {sweeper.runs}, failed: {len(sweeper.failures)}"
            + ("" if held else f" (not recovered as it should be: {sweeper.failures})")
        )
    else:
        # One task worker: a second connection to the hanging server means EMAIL_TIMEOUT freed it.
        held = sink.hung_before_kill >= 2 or hung < 3 * int(env["EMAIL_TIMEOUT"])
        lines.append(
            f"connections to the hanging mail server before the task worker was killed: "
            f"{sink.hung_before_kill} in {hung:.0f} s; tasks run again after their worker "
            f"died: {again}"
            + ("" if held else " (the worker stayed stuck: EMAIL_TIMEOUT did not free it)")
        )
    verify, verified = audit_verified()
    for line in [*lines, f"outbox drained in {drained:.1f} s after the storm", verify]:
        print(line)
    ok = ok and verified and held
    mine, theirs = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    print(
        f"drill took {time.monotonic() - began:.1f} s; CPU time: "
        f"{mine.ru_utime + mine.ru_stime:.1f} s in the drill's process, "
        f"{theirs.ru_utime + theirs.ru_stime:.1f} s in the server's"
    )
    print("drill: PASSED" if ok else f"drill: FAILED (the server's log: {server.log})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
