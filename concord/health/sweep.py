"""The health part of `concord sweep` (registered in extensions.py): idempotent periodic work.

Close what is due first (so a round closing today makes room for the next), then open what the
cadences call for, then remind. Running it twice, or twice at once, changes nothing more.
"""

from concord.core.sweep import sweep_summary
from concord.health import services


def sweep() -> str:
    """Close due rounds (raising early warnings), open due rounds (a health check after each
    gate, then the cadences'), remind non-respondents."""
    closed, warnings = services.rounds_close_due()
    opened = services.gate_rounds_open_due() + services.rounds_open_due()
    return sweep_summary(
        (closed, "round(s) closed"),
        (warnings, "early warning(s) raised"),
        (opened, "round(s) opened"),
        (services.reminders_send(), "round(s) reminded"),
    )
