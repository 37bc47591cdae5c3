"""Core's own sweep jobs: keep the audit trail sealed and anchored, and lose no task or email."""

from __future__ import annotations

from concord.core.audit import audit_anchor, audit_seal
from concord.core.emails import outbox_send_overdue
from concord.core.sweep import register_sweep_job, sweep_summary
from concord.core.tasks import tasks_requeue_abandoned


def tasks_job() -> str:
    """Requeue tasks whose worker died, and queue again the sends whose task was lost."""
    return sweep_summary(
        (tasks_requeue_abandoned(), "abandoned task(s) requeued"),
        (outbox_send_overdue(), "email(s) queued again"),
    )


def audit_job() -> str:
    """Seal what was written since the last run; once a day, anchor the head outside."""
    return sweep_summary(
        (audit_seal(), "audit event(s) sealed"),
        (1 if audit_anchor() else 0, "head anchored for today"),
    )


def register_upkeep_jobs() -> None:
    """Registered by core's app config after every app's extensions: these run last."""
    register_sweep_job("tasks", tasks_job)
    register_sweep_job("audit", audit_job)
