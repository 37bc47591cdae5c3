"""The risk register's periodic work: reminders of reviews falling due."""

from __future__ import annotations

from concord.core.sweep import sweep_summary
from concord.risks import services


def sweep() -> str:
    """Remind owners (and their party's managers) of risks whose review date has come."""
    return sweep_summary((services.risk_review_reminders_send(), "risk review reminder(s) sent"))
