"""The governance part of `concord sweep`: idempotent periodic work."""

from concord.governance.services import (
    action_reminders_send,
    decision_votes_lapse,
    escalation_reminders_send,
    minutes_reminders_send,
)


def sweep() -> str:
    """Escalation levels near or past their time limit, overdue actions and overdue minutes, decisions whose voting window closed; say
    what was done."""
    reminded, moved = escalation_reminders_send()
    actions = action_reminders_send()
    minutes = minutes_reminders_send()
    lapsed = decision_votes_lapse()
    return (
        f"governance: {reminded} escalation reminder(s), {moved} escalation(s) past their time "
        f"limit moved up, {actions} overdue action reminder(s), {minutes} overdue minutes "
        f"reminder(s), {lapsed} decision(s) lapsed unvoted"
    )
