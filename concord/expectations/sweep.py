"""The expectations part of `concord sweep`: idempotent periodic work."""

from concord.expectations.services import commitment_reminders_send


def sweep() -> str:
    """Remind owners of commitments falling due, and both sides of overdue ones, once each."""
    due_soon, overdue = commitment_reminders_send()
    return f"expectations: {due_soon} due-soon and {overdue} overdue reminders sent"
