"""Server-rendered SVG for the scorecard's quarterly trend and a learning objective's measures.

Hand-written like concord/portal/charts.py, whose scale and text helpers it shares: one accessible
<svg> per chart (role="img", a <title>, and a <desc> stating the figures in words), with the same
numbers in a table beside it on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from concord.portal.charts import INK_SOFT, LINE, WIDTH, Scale, fmt, scale_for

# One colour per party, in the order the parties joined; a dash pattern too, so the lines read
# apart without colour.
SERIES_STYLES = [("#1d4e89", ""), ("#c2410c", "6 4"), ("#2a9d8f", "2 3"), ("#7c3aed", "10 3 2 3")]


@dataclass(frozen=True)
class Series:
    """One line: a name (a party) and a value or None (no data) per label."""

    name: str
    values: Sequence[float | None]


def _text(x: float, y: float, label: str, *, anchor: str = "middle") -> str:
    return (
        f'<text class="chart__label" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'font-size="13" fill="{INK_SOFT}">{escape(label)}</text>'
    )


def _describe(labels: Sequence[str], series: Sequence[Series], unit: str) -> str:
    parts = []
    for line in series:
        known = [
            f"{label}: {fmt(v, unit)}"
            for label, v in zip(labels, line.values, strict=True)
            if v is not None
        ]
        parts.append(f"{line.name}: " + ("; ".join(known) if known else "no data") + ".")
    return " ".join(parts) or "No data yet."


def _grid(scale: Scale, top: float, bottom: float, left: float, unit: str) -> list[str]:
    parts = []
    for tick in scale.ticks:
        y = bottom - scale.fraction(tick) * (bottom - top)
        parts.append(
            f'<line class="chart__grid" x1="{left}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{LINE}" />'
        )
        parts.append(_text(left - 6, y + 4, fmt(tick, unit), anchor="end"))
    return parts


def _line(points: list[str], colour: str, dash: str) -> str:
    if len(points) < 2:
        return ""
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline class="chart__series" points="{" ".join(points)}" fill="none" '
        f'stroke="{colour}" stroke-width="2.5"{dashes} />'
    )


def _legend(series: Sequence[Series], y: float) -> list[str]:
    parts, x = [], 52.0
    for i, line in enumerate(series):
        colour, dash = SERIES_STYLES[i % len(SERIES_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" x2="{x + 24:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dashes} />'
        )
        parts.append(_text(x + 30, y, line.name, anchor="start"))
        x += 44 + 8 * len(line.name)
    return parts


def trend_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    fixed_scale: Scale | None = None,
) -> SafeString:
    """Lines over the same labels (quarters, review dates), one per series, with a legend.

    A label without a value leaves a break rather than joining its neighbours, so a quarter with
    nothing due does not look like a steady record.
    """
    height, top, bottom, left = 280, 16, 200, 48
    known = [v for line in series for v in line.values if v is not None]
    scale = fixed_scale or scale_for(known)
    body = _grid(scale, top, bottom, left, unit)
    slot = (WIDTH - 8 - left) / max(1, len(labels))
    every = max(1, -(-len(labels) // 8))  # at most eight labels along the axis
    for i, label in enumerate(labels):
        if i % every == 0:
            body.append(_text(left + (i + 0.5) * slot, bottom + 18, label))
    for index, line in enumerate(series):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        segment: list[str] = []
        for i, (label, value) in enumerate(zip(labels, line.values, strict=True)):
            if value is None:
                body.append(_line(segment, colour, dash))
                segment = []
                continue
            x = left + (i + 0.5) * slot
            y = bottom - scale.fraction(value) * (bottom - top)
            segment.append(f"{x:.1f},{y:.1f}")
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"><title>'
                f"{escape(line.name)}, {escape(label)}: {escape(fmt(value, unit))}</title></circle>"
            )
        body.append(_line(segment, colour, dash))
    body += _legend(series, height - 20)
    return _svg(chart_id, title, _describe(labels, series, unit), height, body)


def _svg(chart_id: str, title: str, desc: str, height: int, body: list[str]) -> SafeString:
    cid = escape(chart_id)
    head = (
        f'<svg class="chart" id="{cid}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet"><title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
    )
    # Every piece of text in `body` was escaped where it was built.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308


PERCENT = Scale(0.0, 100.0, [0.0, 25.0, 50.0, 75.0, 100.0])
