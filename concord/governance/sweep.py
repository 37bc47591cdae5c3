"""The governance part of `concord sweep`: idempotent periodic work."""

from concord.governance.services import action_reminders_send, escalation_reminders_send


def sweep() -> str:
    """Escalation levels near or past their time limit, and overdue actions; say what was done."""
    reminded, moved = escalation_reminders_send()
    actions = action_reminders_send()
    return (
        f"governance: {reminded} escalation reminder(s), {moved} escalation(s) past their time "
        f"limit moved up, {actions} overdue action reminder(s)"
    )
