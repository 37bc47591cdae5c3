"""The deals part of `concord sweep` (registered in extensions.py): idempotent periodic work."""

from concord.core.sweep import sweep_summary
from concord.deals import services


def sweep() -> str:
    """Nudge sums due but not invoiced, flag overdue ones, lapse options past their window."""
    return sweep_summary(
        (services.payments_nudge_unbilled(), "nudge(s) for payments due but not invoiced"),
        (services.payments_flag_overdue(), "overdue payment(s) flagged"),
        (services.options_lapse(), "option(s) lapsed"),
    )
