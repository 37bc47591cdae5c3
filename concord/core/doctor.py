"""`concord doctor` (`make doctor`): is this machine ready to run Concord, and what to do if not.

Core checks Python, the PDF library, the database and the worker; an app adds a check of what it
needs (governance: the diagram's layout program) with `register_doctor_check` in its
extensions.py. Each finding is "ok", "warn" or "FAIL", with what to do when it is not ok.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q

from concord.core import clock

MINIMUM_PYTHON = (3, 11)
WORKER_LAG = datetime.timedelta(minutes=2)  # a task waiting longer: nobody is working the queue


@dataclass(frozen=True)
class Finding:
    """One check's outcome: its level, what was found, and what to do when it is not ok."""

    level: str  # "ok", "warn" or "FAIL"
    what: str
    todo: str = ""


def python_version() -> Finding:
    found = ".".join(map(str, sys.version_info[:3]))
    if sys.version_info[:2] >= MINIMUM_PYTHON:
        return Finding("ok", f"Python {found}")
    return Finding(
        "FAIL",
        f"Python {found} is too old",
        "Install Python 3.11 or newer, then `make clean install PYTHON=python3.11`.",
    )


def pdf_library() -> Finding:
    try:
        import weasyprint  # noqa: F401  (imported for its side effect: loading Pango)
    except (ImportError, OSError) as error:
        return Finding(
            "warn",
            f"WeasyPrint cannot load ({error.__class__.__name__}): no meeting-pack PDFs",
            "Install Pango: `apt-get install libpango-1.0-0 libpangoft2-1.0-0` on Debian or "
            "Ubuntu, `brew install pango` on a Mac.",
        )
    return Finding("ok", "WeasyPrint and Pango load (meeting-pack PDFs)")


def database() -> Finding:
    name = f"{connection.vendor} database {connection.settings_dict['NAME']}"
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Finding(
            "FAIL",
            f"{name} is not reachable: {error}".strip(),
            "Start the database server or correct DATABASE_URL.",
        )
    if pending:
        return Finding(
            "FAIL",
            f"{name}: {len(pending)} migration(s) not applied",
            "Run `make demo` (or `manage.py migrate`).",
        )
    return Finding("ok", f"{name} is reachable and migrated")


def worker() -> Finding:
    """Judged from the queue, the one thing every kind of deployment shares: a task left
    waiting past its time means no worker is taking tasks."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return Finding("ok", f"tasks run by {backend}: no worker needed")
    from django_tasks_db.models import DBTaskResult, get_date_max

    since = clock.now() - WORKER_LAG
    # A task enqueued without a delay is stored with run_after at the end of time, so for those
    # the wait is counted from when it was enqueued.
    late = Q(run_after__lt=since) | Q(run_after=get_date_max(), enqueued_at__lt=since)
    try:
        waiting = DBTaskResult.objects.filter(late, status="READY").count()
    except DatabaseError:
        return Finding("warn", "the task queue cannot be read", "Fix the database first.")
    if waiting:
        return Finding(
            "warn",
            f"{waiting} task(s) waiting over {WORKER_LAG.seconds // 60} minutes: no worker running",
            "Start one: `make run` does, or `manage.py db_worker` beside the web server. "
            "Until then no email is sent.",
        )
    return Finding("ok", "task worker: no task is left waiting")


DoctorCheck = Callable[[], Finding]
CHECKS: list[DoctorCheck] = [python_version, pdf_library, database, worker]


def register_doctor_check(check: DoctorCheck) -> None:
    """Add an app's check of what it needs from the machine (a program, a library)."""
    if check not in CHECKS:
        CHECKS.append(check)


def examine() -> list[Finding]:
    """Every check's finding, core's first."""
    return [check() for check in CHECKS]
