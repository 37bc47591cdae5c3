"""Core's background tasks, and the recovery of tasks whose worker died while running them."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from concord.core import clock
from concord.core.audit import audit_seal

logger = logging.getLogger("concord.tasks")

# A task claimed by a worker and still running after this long is taken to be abandoned (its
# worker died); tasks are short (a mail server gets EMAIL_TIMEOUT per attempt), so this is long.
TASK_LEASE = datetime.timedelta(seconds=int(getattr(settings, "CONCORD_TASK_LEASE_SECONDS", 600)))
# A task that was abandoned this many times is taken to be what kills its workers: it is failed.
MAX_CLAIMS = 5


@task()
def audit_seal_task() -> int:
    """Seal what has been written since the last run, soon after a commit."""
    return audit_seal()


def tasks_requeue_abandoned(now: datetime.datetime | None = None) -> int:
    """Put tasks whose worker's lease expired back in the queue; returns how many.

    django-tasks-db claims a row (status RUNNING, started_at, worker id) and never looks at it
    again, so a worker killed mid-task leaves it running for ever. Tasks are written to run twice
    safely (a message is sent once), so running one again is the right recovery.
    """
    expired = (now or clock.now()) - TASK_LEASE
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=expired)
    requeued = 0
    for result in abandoned.only("id", "worker_ids", "task_path"):
        # Conditional on still being the same abandoned run, so a late finish is not overwritten.
        still = DBTaskResult.objects.filter(
            pk=result.pk, status=TaskResultStatus.RUNNING, started_at__lt=expired
        )
        if len(result.worker_ids) >= MAX_CLAIMS:
            still.update(
                status=TaskResultStatus.FAILED,
                finished_at=clock.now(),
                exception_class_path="concord.core.tasks.AbandonedTooOften",
                traceback=f"abandoned by {len(result.worker_ids)} workers: {result.worker_ids}",
            )
            logger.error("task %s (%s) failed: abandoned too often", result.pk, result.task_path)
            continue
        requeued += still.update(status=TaskResultStatus.READY, started_at=None)
        logger.warning(
            "task %s (%s) requeued: its worker's lease expired", result.pk, result.task_path
        )
    return requeued
