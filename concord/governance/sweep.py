"""The governance part of `concord sweep` (registered in extensions.py): idempotent periodic work."""

from concord.core.sweep import sweep_summary
from concord.governance.services import (
    action_reminders_send,
    decision_votes_lapse,
    escalation_reminders_send,
    minutes_reminders_send,
)


def sweep() -> str:
    """Escalation levels near or past their time limit, overdue actions and overdue minutes,
    decisions whose voting window closed; say what was done."""
    reminded, moved = escalation_reminders_send()
    return sweep_summary(
        (reminded, "escalation reminder(s)"),
        (moved, "escalation(s) past their time limit moved up"),
        (action_reminders_send(), "overdue action reminder(s)"),
        (minutes_reminders_send(), "overdue minutes reminder(s)"),
        (decision_votes_lapse(), "decision(s) lapsed unvoted"),
    )
