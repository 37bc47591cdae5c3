"""`make doctor`: one line per check, and what to do about each problem."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from concord.core import doctor as checks
from concord.core.emails import outbox_send_task


def doctor() -> str:
    out = StringIO()
    call_command("doctor", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_ready_machine_is_all_ok(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    report = doctor()
    assert report.splitlines()[0].startswith("ok    Python 3.")
    assert "ok    diagram layout program: " in report  # governance's check, registered
    assert "is reachable and migrated" in report and "ok    task worker" in report
    assert report.rstrip().endswith("All is well.")


@pytest.mark.django_db
def test_a_task_left_waiting_means_no_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Enqueued as the app does it: no delay, so the queue stores run_after at the end of time.
    outbox_send_task.enqueue(1)  # a kept message waiting for its sender
    assert doctor().count("ok    task worker") == 1  # just enqueued: not late yet
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
    report = doctor()
    assert "warn  1 task(s) waiting over 2 minutes: no worker running" in report
    assert "`manage.py db_worker`" in report


def test_an_old_python_fails_with_the_way_out(monkeypatch):
    monkeypatch.setattr(checks.sys, "version_info", (3, 10, 4, "final", 0))
    finding = checks.python_version()
    assert finding.level == "FAIL" and "3.10.4 is too old" in finding.what
    assert "PYTHON=python3.11" in finding.todo


@pytest.mark.django_db
def test_a_failed_check_fails_the_command(monkeypatch):
    monkeypatch.setattr(checks, "CHECKS", [lambda: checks.Finding("FAIL", "down", "Start it.")])
    with pytest.raises(CommandError, match="1 problem"):
        doctor()
