"""The goals sweep: today's automatic KPI measurements."""

from concord.core.sweep import sweep_summary
from concord.goals import services


def sweep() -> str:
    return sweep_summary((services.measurements_automatic(), "automatic KPI measurement(s)"))
