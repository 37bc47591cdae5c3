"""`concord doctor` (`make doctor`): is this machine ready to run Concord, and what to do if not.

Each check prints one line, "ok", "warn" or "FAIL", and for anything not ok what to do about it.
It exits non-zero only for a failure that stops Concord from working; warnings name features that
are missing (the page concerned says so in words) or processes that are not running.
"""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from concord.governance import diagram

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


def diagram_program() -> Finding:
    program = diagram.renderer()
    if program is not None:
        return Finding("ok", f"diagram layout program: {program}")
    return Finding(
        "warn",
        "no diagram layout program (graphviz-pure or dot): the operating model is not drawn",
        "Run `make install` again: it installs graphviz-pure from its wheel.",
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
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.filter(
            status="READY", run_after__lt=timezone.now() - WORKER_LAG
        ).count()
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


CHECKS: tuple[Callable[[], Finding], ...] = (
    python_version,
    diagram_program,
    pdf_library,
    database,
    worker,
)


class Command(BaseCommand):
    help = "Check this machine for what Concord needs, and say what to do about each problem."

    def handle(self, *args: Any, **options: Any) -> None:
        findings = [check() for check in CHECKS]
        for finding in findings:
            self.stdout.write(f"{finding.level:<4}  {finding.what}")
            if finding.todo:
                self.stdout.write(f"      → {finding.todo}")
        failed = sum(f.level == "FAIL" for f in findings)
        if failed:
            raise CommandError(f"{failed} problem(s) stop Concord from working.")
        warned = sum(f.level == "warn" for f in findings)
        self.stdout.write("All is well." if not warned else f"{warned} warning(s); Concord runs.")
