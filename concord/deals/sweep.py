"""The deals part of `concord sweep`: idempotent periodic work."""

from concord.deals import services


def sweep() -> str:
    """Nudge sums due but not invoiced, flag overdue ones, lapse options past their window."""
    nudged = services.payments_nudge_unbilled()
    overdue = services.payments_flag_overdue()
    lapsed = services.options_lapse()
    if not (nudged or overdue or lapsed):
        return ""
    return (
        f"{nudged} nudge(s) for payments due but not invoiced, {overdue} overdue payment(s) "
        f"flagged, {lapsed} option(s) lapsed"
    )
