"""A KPI's status: its latest value against the straight line from baseline to target.

On track: at or ahead of where the line stands on the day it was measured. At risk: behind by
no more than a tenth of the whole way from baseline to target. Off track: further behind.
Judging a value on its own day keeps a status stable until the next measurement.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from concord.goals.models import Kpi, KpiStatus

AT_RISK_SHARE = Decimal(
    "0.10"
)  # how far behind the line, as a share of the whole way, is "at risk"


def kpi_status(kpi: Kpi, value: Decimal | None = None, on: datetime.date | None = None) -> str:
    """The status of `value` measured `on` (by default the KPI's latest measurement)."""
    if value is None:
        value, on = kpi.latest_value, kpi.latest_on
    if value is None or on is None:
        return KpiStatus.NO_DATA
    better = 1 if kpi.direction == Kpi.Direction.INCREASE else -1
    ahead = (value - kpi.expected_on(on)) * better
    if ahead >= 0:
        return KpiStatus.ON_TRACK
    tolerance = abs(kpi.target - kpi.baseline) * AT_RISK_SHARE
    return KpiStatus.AT_RISK if -ahead <= tolerance else KpiStatus.OFF_TRACK


def status_label(code: str) -> str:
    return str(KpiStatus(code).label)
