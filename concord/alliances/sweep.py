"""The alliances part of `concord sweep` (registered in extensions.py): idempotent periodic work."""

from concord.alliances.services import gate_reminders_send
from concord.core.sweep import sweep_summary


def sweep() -> str:
    """Remind the parties of gates still waiting for their signature, once a week."""
    return sweep_summary((gate_reminders_send(), "gate reminder(s) sent"))
