"""The expectations part of `concord sweep` (registered in extensions.py): idempotent periodic work."""

from concord.core.sweep import sweep_summary
from concord.expectations.services import commitment_reminders_send


def sweep() -> str:
    """Remind owners of commitments falling due, and both sides of overdue ones, once each."""
    due_soon, overdue = commitment_reminders_send()
    return sweep_summary(
        (due_soon, "due-soon reminder(s) sent"), (overdue, "overdue reminder(s) sent")
    )
