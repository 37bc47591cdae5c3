"""The statistics page's charts, drawn with core's chart kit: submissions per month, decline
reasons, and the BD–R&D scoring gap by month and by area."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString

from concord.core.charts import (
    ACCENT,
    BRAND,
    DANGER,
    INK_SOFT,
    WIDTH,
    fmt,
    gridlines,
    line_series,
    month_parts,
    scale_for,
    svg,
    text,
)

Points = Sequence[tuple[str, float]]


def _describe(points: Points, unit: str) -> str:
    if not points:
        return "No data yet."
    listed = "; ".join(f"{label}: {fmt(value, unit)}" for label, value in points)
    return f"{len(points)} values. {listed}."


def _month_label(label: str, index: int) -> tuple[str, str]:
    """'2025-03' → ('Mar', '2025') with the year only on the first column and on January."""
    parts = month_parts(label)
    if parts is None:
        return label, ""
    month, year = parts
    return month, year if index == 0 or month == "Jan" else ""


def _month_axis(body: list[str], x: float, y: float, label: str, index: int) -> None:
    month, year = _month_label(label, index)
    body.append(text(x, y, month))
    if year:
        body.append(text(x, y + 16, year))


def column_chart(points: Points, *, chart_id: str, title: str, unit: str = "") -> SafeString:
    """Vertical bars over time (submissions per month): labels are 'YYYY-MM' months."""
    height, top, bottom, left = 250, 16, 200, 44
    scale = scale_for([v for _, v in points], whole=True)
    body = gridlines(scale, top, bottom, left, unit)
    slot = (WIDTH - 8 - left) / max(1, len(points))
    for i, (label, value) in enumerate(points):
        x = left + i * slot + slot * 0.15
        y0 = bottom - scale.fraction(0) * (bottom - top)
        y1 = bottom - scale.fraction(value) * (bottom - top)
        body.append(
            f'<rect class="chart__bar" x="{x:.1f}" y="{min(y0, y1):.1f}" width="{slot * 0.7:.1f}" '
            f'height="{abs(y0 - y1):.1f}" fill="{BRAND}"><title>{escape(label)}: '
            f"{escape(fmt(value, unit))}</title></rect>"
        )
        _month_axis(body, x + slot * 0.35, bottom + 18, label, i)
    return svg(chart_id, title, _describe(points, unit), height, body)


def bar_chart(points: Points, *, chart_id: str, title: str, unit: str = "") -> SafeString:
    """Horizontal bars with their labels on the left (decline reasons, gap by area).

    Values may be negative (R&D scoring above BD): those bars run left of zero, in red.
    """
    row, top, label_width = 32, 8, 250
    height = top + row * max(1, len(points)) + 24
    scale = scale_for([v for _, v in points])
    right = WIDTH - 48
    span = right - label_width

    def x_of(value: float) -> float:
        return label_width + scale.fraction(value) * span

    body = [
        f'<line class="chart__zero" x1="{x_of(0):.1f}" x2="{x_of(0):.1f}" y1="{top}" '
        f'y2="{height - 20}" stroke="{INK_SOFT}" />'
    ]
    for i, (label, value) in enumerate(points):
        y = top + i * row
        x0, x1 = sorted((x_of(0), x_of(value)))
        negative = value < 0
        body.append(
            f'<rect class="chart__bar{" chart__bar--negative" if negative else ""}" '
            f'x="{x0:.1f}" y="{y + 5}" width="{max(x1 - x0, 1):.1f}" height="{row - 10}" '
            f'fill="{DANGER if negative else BRAND}"><title>{escape(label)}: '
            f"{escape(fmt(value, unit))}</title></rect>"
        )
        body.append(text(label_width - 8, y + row / 2 + 4, label, anchor="end"))
        end = x0 - 4 if negative else x1 + 4
        body.append(
            text(end, y + row / 2 + 4, fmt(value, unit), anchor="end" if negative else "start")
        )
    for tick in scale.ticks:
        body.append(text(x_of(tick), height - 6, fmt(tick, unit)))
    return svg(chart_id, title, _describe(points, unit), height, body)


def line_chart(
    points: Sequence[tuple[str, float | None]], *, chart_id: str, title: str, unit: str = ""
) -> SafeString:
    """A line over time (the BD–R&D gap by month), with a zero line and a dot per month; a month
    without a value (None) leaves a break in the line."""
    height, top, bottom, left = 250, 16, 200, 44
    known = [(label, value) for label, value in points if value is not None]
    scale = scale_for([v for _, v in known])
    body = gridlines(scale, top, bottom, left, unit)
    slot = (WIDTH - 8 - left) / max(1, len(points))
    for i, (label, _) in enumerate(points):
        _month_axis(body, left + (i + 0.5) * slot, bottom + 18, label, i)
    line = [
        (
            left + (i + 0.5) * slot,
            value,
            f"{label}: {fmt(value, unit) if value is not None else ''}",
        )
        for i, (label, value) in enumerate(points)
    ]
    body += line_series(
        line,
        lambda value: bottom - scale.fraction(value) * (bottom - top),
        ACCENT,
        dot=4,
        dot_cls="chart__dot",
    )
    return svg(chart_id, title, _describe(known, unit), height, body)
