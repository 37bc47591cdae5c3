"""Tasks are never lost: one claimed by a worker that died runs again once its lease expires."""

import datetime

from django.test import override_settings
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from concord.core.tasks import MAX_CLAIMS, TASK_LEASE, audit_seal_task, tasks_requeue_abandoned

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _claimed(worker_ids, started_ago):
    with override_settings(TASKS=DATABASE_QUEUE):
        result = audit_seal_task.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(worker_ids[-1])
    DBTaskResult.objects.filter(pk=row.pk).update(
        worker_ids=worker_ids, started_at=timezone.now() - started_ago
    )
    return row


def test_a_task_whose_worker_died_is_requeued_after_the_lease(db):
    dead = _claimed(["worker-1"], TASK_LEASE + datetime.timedelta(seconds=1))
    busy = _claimed(["worker-2"], datetime.timedelta(seconds=5))
    assert tasks_requeue_abandoned() == 1
    dead.refresh_from_db(), busy.refresh_from_db()
    assert (dead.status, dead.started_at) == (TaskResultStatus.READY, None)
    assert busy.status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.ready().filter(pk=dead.pk).exists()


def test_the_requeued_task_is_claimed_and_run_by_the_next_worker(db):
    dead = _claimed(["worker-1"], TASK_LEASE * 2)
    tasks_requeue_abandoned()
    with override_settings(TASKS=DATABASE_QUEUE):
        claimed = DBTaskResult.objects.ready().get_locked()
        assert claimed.pk == dead.pk
        claimed.claim("worker-3")
        claimed.set_successful(claimed.task.call())
    dead.refresh_from_db()
    assert dead.status == TaskResultStatus.SUCCESSFUL
    assert dead.worker_ids == ["worker-1", "worker-3"]


def test_a_task_that_kills_every_worker_is_failed_not_requeued_for_ever(db):
    poison = _claimed([f"worker-{n}" for n in range(MAX_CLAIMS)], TASK_LEASE * 2)
    assert tasks_requeue_abandoned() == 0
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert "abandoned by" in poison.traceback
