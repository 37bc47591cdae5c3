"""Small server-rendered SVG charts for the statistics page: no JavaScript, no plotting library.

Each function returns one accessible <svg> (role="img", a <title> and a <desc> that states the
figures in words); the page puts the same numbers in a table beside it for screen readers and
for anyone who wants to read them exactly. Colours come from app.css classes, with presentation
attributes as a fallback so a chart copied out of the page still reads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Points = Sequence[tuple[str, float]]

WIDTH = 640
BRAND = "#1d4e89"
DANGER = "#b42318"
ACCENT = "#2a9d8f"
LINE = "#d9e2ec"
INK_SOFT = "#52606d"


@dataclass(frozen=True)
class Scale:
    """A value axis from `low` to `high` with round tick marks."""

    low: float
    high: float
    ticks: list[float]

    def fraction(self, value: float) -> float:
        span = self.high - self.low
        return (value - self.low) / span if span else 0.0


def nice_step(span: float, count: int = 4) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about `count` ticks."""
    if span <= 0:
        return 1.0
    raw = span / count
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def scale_for(values: Sequence[float], *, whole: bool = False) -> Scale:
    """An axis that includes zero and every value, ending on round ticks."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if low == high:
        high = 1.0
    step = nice_step(high - low)
    if whole:
        step = max(1.0, math.ceil(step))
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    return Scale(low, high, ticks)


def fmt(value: float, unit: str = "") -> str:
    """A figure as the chart labels it: whole numbers without decimals, others to two places."""
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
    return f"{text}{unit}"


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    head = (
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    # Every piece of text in `body` was escaped where it was built.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308


def _describe(points: Points, unit: str) -> str:
    if not points:
        return "No data yet."
    listed = "; ".join(f"{label}: {fmt(value, unit)}" for label, value in points)
    return f"{len(points)} values. {listed}."


def _text(x: float, y: float, label: str, *, anchor: str = "middle", cls: str = "") -> str:
    return (
        f'<text class="chart__label {cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'font-size="13" fill="{INK_SOFT}">{escape(label)}</text>'
    )


def _gridlines(scale: Scale, top: float, bottom: float, left: float, unit: str) -> list[str]:
    """Horizontal lines at each tick of a vertical value axis, labelled on the left."""
    parts = []
    for tick in scale.ticks:
        y = bottom - scale.fraction(tick) * (bottom - top)
        cls = "chart__zero" if tick == 0 else "chart__grid"
        parts.append(
            f'<line class="{cls}" x1="{left}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{LINE}" />'
        )
        parts.append(_text(left - 6, y + 4, fmt(tick, unit), anchor="end"))
    return parts


def _month_label(label: str, index: int) -> tuple[str, str]:
    """'2025-03' → ('Mar', '2025') with the year only on the first column and on January."""
    try:
        year, month = label.split("-")
        name = "JanFebMarAprMayJunJulAugSepOctNovDec"[(int(month) - 1) * 3 :][:3]
    except ValueError:
        return label, ""
    return name, year if index == 0 or month == "01" else ""


def column_chart(points: Points, *, chart_id: str, title: str, unit: str = "") -> SafeString:
    """Vertical bars over time (submissions per month): labels are 'YYYY-MM' months."""
    height, top, bottom, left = 250, 16, 200, 44
    scale = scale_for([v for _, v in points], whole=True)
    body = _gridlines(scale, top, bottom, left, unit)
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
        month, year = _month_label(label, i)
        body.append(_text(x + slot * 0.35, bottom + 18, month))
        if year:
            body.append(_text(x + slot * 0.35, bottom + 34, year))
    return _svg(chart_id, title, _describe(points, unit), height, body)


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
        body.append(_text(label_width - 8, y + row / 2 + 4, label, anchor="end"))
        end = x0 - 4 if negative else x1 + 4
        body.append(
            _text(end, y + row / 2 + 4, fmt(value, unit), anchor="end" if negative else "start")
        )
    for tick in scale.ticks:
        body.append(_text(x_of(tick), height - 6, fmt(tick, unit)))
    return _svg(chart_id, title, _describe(points, unit), height, body)


def line_chart(
    points: Sequence[tuple[str, float | None]], *, chart_id: str, title: str, unit: str = ""
) -> SafeString:
    """A line over time (the BD–R&D gap by month), with a zero line and a dot per month.

    A month without a value (None) leaves a break in the line rather than joining its
    neighbours, so a quiet month does not look like a steady trend.
    """
    height, top, bottom, left = 250, 16, 200, 44
    known = [(label, value) for label, value in points if value is not None]
    scale = scale_for([v for _, v in known])
    body = _gridlines(scale, top, bottom, left, unit)
    slot = (WIDTH - 8 - left) / max(1, len(points))
    segment: list[str] = []
    for i, (label, value) in enumerate(points):
        x = left + (i + 0.5) * slot
        month, year = _month_label(label, i)
        body.append(_text(x, bottom + 18, month))
        if year:
            body.append(_text(x, bottom + 34, year))
        if value is None:
            body.append(_polyline(segment))
            segment = []
            continue
        y = bottom - scale.fraction(value) * (bottom - top)
        segment.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle class="chart__dot" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{ACCENT}">'
            f"<title>{escape(label)}: {escape(fmt(value, unit))}</title></circle>"
        )
    body.append(_polyline(segment))
    return _svg(chart_id, title, _describe(known, unit), height, body)


def _polyline(segment: list[str]) -> str:
    if len(segment) < 2:
        return ""
    return (
        f'<polyline class="chart__line" points="{" ".join(segment)}" fill="none" '
        f'stroke="{ACCENT}" stroke-width="2.5" />'
    )
