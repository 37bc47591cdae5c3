"""Core's background tasks: thin interfaces that call the functions doing the work."""

from django_tasks import task

from concord.core.audit import audit_seal


@task()
def audit_seal_task() -> int:
    """Seal what has been written since the last run, soon after a commit."""
    return audit_seal()
