"""The portal part of `concord sweep` (registered in extensions.py): idempotent periodic work."""

from concord.core.sweep import sweep_summary
from concord.portal.services import submission_reminders_send


def sweep() -> str:
    """Remind reviewers of submissions nearing their service level; escalate those past it."""
    sent = submission_reminders_send()
    return sweep_summary(
        (sent["reminded"], "submission reminder(s)"), (sent["escalated"], "escalation(s)")
    )
