"""The health part of `concord sweep`: idempotent periodic work.

Close what is due first (so a round closing today makes room for the next), then open what the
cadences call for, then remind. Running it twice, or twice at once, changes nothing more.
"""

from concord.health import services


def sweep() -> str:
    """Close due rounds (raising early warnings), open due rounds (a health check after each
    gate, then the cadences'), remind non-respondents."""
    closed, warnings = services.rounds_close_due()
    opened = services.gate_rounds_open_due() + services.rounds_open_due()
    reminded = services.reminders_send()
    return (
        f"health: closed {closed} round(s) with {warnings} early warning(s), "
        f"opened {opened} round(s), reminded {reminded} round(s)"
    )
