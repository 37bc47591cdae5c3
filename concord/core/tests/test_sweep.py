"""`concord sweep` runs every registered job, each timed and on its own, and speaks only when one
did something."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concord.core import sweep


@pytest.fixture
def jobs(monkeypatch):
    """An empty registry for the test, so the apps' real jobs stay out of the story."""
    registry: dict = {}
    monkeypatch.setattr(sweep, "_JOBS", registry)
    return registry


def run_sweep() -> str:
    out = io.StringIO()
    call_command("sweep", stdout=out)
    return out.getvalue()


def test_every_app_with_periodic_work_registers_its_job():
    assert list(sweep.sweep_jobs()) == [
        "signin-failures",  # orgs: failed sign-ins older than the window are forgotten
        "alliances",
        "portal",
        "governance",
        "expectations",
        "deals",
        "health",
        "risks",  # risks due for review are emailed to their owners, once per review date
        "goals",
        "homework",  # continuity alerts: sponsors who left, contacts gone stale
        # Core's own, registered after every app's so the sealer takes what they wrote.
        "tasks",
        "audit",
    ]


def test_only_jobs_that_did_something_are_reported_each_with_its_time(jobs):
    ran = []
    sweep.register_sweep_job("quiet", lambda: ran.append("quiet") or 0)
    sweep.register_sweep_job("silent", lambda: ran.append("silent") or "")
    sweep.register_sweep_job("counting", lambda: ran.append("counting") or 3)
    sweep.register_sweep_job("talking", lambda: ran.append("talking") or "2 reminder(s) sent")

    lines = run_sweep().splitlines()

    assert ran == ["quiet", "silent", "counting", "talking"]
    assert len(lines) == 2
    assert lines[0].startswith("sweep: counting: 3 (") and lines[0].endswith(" s)")
    assert lines[1].startswith("sweep: talking: 2 reminder(s) sent (")


def test_a_quiet_sweep_prints_nothing_unless_asked_to_be_verbose(jobs):
    sweep.register_sweep_job("quiet", lambda: 0)
    assert run_sweep() == ""
    out = io.StringIO()
    call_command("sweep", stdout=out, verbosity=2)
    assert out.getvalue().startswith("sweep: quiet: nothing to do (")


def test_a_failing_job_is_logged_with_its_traceback_and_the_others_still_run(jobs, caplog):
    def broken() -> int:
        raise RuntimeError("the mail server is down")

    sweep.register_sweep_job("broken", broken)
    sweep.register_sweep_job("after", lambda: "1 thing done")
    out = io.StringIO()

    with caplog.at_level(logging.ERROR, logger="concord.sweep"):
        with pytest.raises(CommandError, match="1 job\\(s\\) failed: broken"):
            call_command("sweep", stdout=out)

    assert out.getvalue().startswith("sweep: after: 1 thing done (")
    [record] = caplog.records
    assert record.getMessage() == "sweep: broken failed"
    assert "the mail server is down" in caplog.text and "Traceback" in caplog.text


def test_a_job_must_say_what_it_did_as_a_count_or_a_summary(jobs):
    sweep.register_sweep_job("vague", lambda: None)  # type: ignore[arg-type, return-value]
    [outcome] = sweep.sweep_run()
    assert outcome.failed and "count or a summary" in outcome.error


def test_two_jobs_cannot_share_a_name(jobs):
    def job() -> int:
        return 0

    sweep.register_sweep_job("reminders", job)
    sweep.register_sweep_job("reminders", job)  # the same job again is harmless
    with pytest.raises(ValueError, match="reminders"):
        sweep.register_sweep_job("reminders", lambda: 0)


def test_a_summary_names_only_what_happened():
    assert sweep.sweep_summary((0, "reminder(s)"), (0, "escalation(s)")) == ""
    assert sweep.sweep_summary((2, "reminder(s)"), (0, "escalation(s)"), (1, "nudge(s)")) == (
        "2 reminder(s), 1 nudge(s)"
    )
