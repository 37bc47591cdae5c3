"""Sweep jobs: the periodic work each app registers, run one after another by `concord sweep`.

An app registers a job in its `extensions.py` with `register_sweep_job(name, job)`. A job is
idempotent (running it twice, or twice at once, changes nothing more) and returns what it did:
a count, or a one-line summary; 0 or "" when there was nothing to do, so a quiet minute stays
quiet. Each job is timed and runs on its own: one that raises is reported with its traceback and
the others still run.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger("concord.sweep")

SweepJob = Callable[[], int | str]
_JOBS: dict[str, SweepJob] = {}


@dataclass(frozen=True)
class SweepOutcome:
    """What one job did: its summary ("" for nothing), its duration, and its traceback if it failed."""

    name: str
    summary: str
    seconds: float
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def register_sweep_job(name: str, job: SweepJob) -> None:
    """Add a job under a unique name; registering the same job again is harmless."""
    if _JOBS.get(name, job) is not job:
        raise ValueError(f"Another sweep job is registered as {name!r}.")
    _JOBS[name] = job


def sweep_jobs() -> dict[str, SweepJob]:
    """Every registered job by name, in the order they were registered."""
    return dict(_JOBS)


def sweep_summary(*counts: tuple[int, str]) -> str:
    """A job's summary from (count, what) pairs, naming only what happened: "" for nothing."""
    return ", ".join(f"{count} {what}" for count, what in counts if count)


def _summary(result: int | str) -> str:
    if isinstance(result, bool) or not isinstance(result, int | str):
        raise TypeError(f"A sweep job returns a count or a summary, not {result!r}.")
    return (str(result) if result else "") if isinstance(result, int) else result


def sweep_job_run(name: str, job: SweepJob) -> SweepOutcome:
    """Run one job, timed; a failure is logged with its traceback and returned, never raised."""
    started = time.monotonic()
    try:
        summary = _summary(job())
    except Exception:
        logger.exception("sweep: %s failed", name)
        return SweepOutcome(name, "", time.monotonic() - started, traceback.format_exc())
    return SweepOutcome(name, summary, time.monotonic() - started)


def sweep_run() -> list[SweepOutcome]:
    """Run every registered job, each isolated from the others' failures."""
    return [sweep_job_run(name, job) for name, job in sweep_jobs().items()]
