"""A KPI's trend: its measurements over time against the straight line from baseline to target,
drawn with core's chart kit as one accessible SVG."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.safestring import SafeString

from concord.core import charts
from concord.goals.models import Kpi, Measurement

HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 240, 56, charts.WIDTH - 16, 16, 200


def kpi_trend_chart(kpi: Kpi, measurements: Sequence[Measurement]) -> SafeString:
    """Measured values as a solid line, the trajectory to target as a dashed one."""
    first = min([kpi.baseline_date, *(m.measured_on for m in measurements)])
    last = max([kpi.target_date, *(m.measured_on for m in measurements)])
    days = max(1, (last - first).days)

    def x_of(day: datetime.date) -> float:
        return LEFT + (day - first).days / days * (RIGHT - LEFT)

    values = [float(kpi.baseline), float(kpi.target), *(float(m.value) for m in measurements)]
    scale = charts.scale_for(values)

    def y_of(value: float) -> float:
        return BOTTOM - scale.fraction(value) * (BOTTOM - TOP)

    unit = kpi.unit if kpi.unit in ("%",) else ""
    trajectory: list[charts.LinePoint] = [
        (x_of(kpi.baseline_date), float(kpi.baseline), f"Baseline {kpi.baseline.normalize()}"),
        (x_of(kpi.target_date), float(kpi.target), f"Target {kpi.target.normalize()}"),
    ]
    measured: list[charts.LinePoint] = [
        (x_of(m.measured_on), float(m.value), f"{m.measured_on:%-d %b %Y}: {m.value.normalize()}")
        for m in measurements
    ]
    body = [
        *charts.gridlines(scale, TOP, BOTTOM, LEFT, unit, right=RIGHT),
        *charts.line_series(
            trajectory, y_of, charts.INK_SOFT, cls="chart__target", dash="6 4", dot=0
        ),
        *charts.line_series(measured, y_of, charts.BRAND),
        charts.text(LEFT, BOTTOM + 22, f"{first:%b %Y}", anchor="start"),
        charts.text(RIGHT, BOTTOM + 22, f"{last:%b %Y}", anchor="end"),
    ]
    latest = measurements[-1] if measurements else None
    desc = (
        f"From a baseline of {kpi.baseline.normalize()} {kpi.unit} on {kpi.baseline_date:%-d %b %Y} "
        f"to a target of {kpi.target.normalize()} {kpi.unit} by {kpi.target_date:%-d %b %Y}; "
        + (
            f"{len(measurements)} measurements, the latest {latest.value.normalize()} {kpi.unit} "
            f"on {latest.measured_on:%-d %b %Y}."
            if latest
            else "not measured yet."
        )
    )
    return charts.svg(f"kpi-{kpi.pk}", f"{kpi.name}: trend against target", desc, HEIGHT, body)
