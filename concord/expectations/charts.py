"""The scorecard's quarterly trend and a learning objective's measures, drawn with core's chart
kit: one line per party (or per measure) over the same labels, with a legend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from concord.core.charts import (
    ACCENT,
    BRAND,
    PRIVATE,
    SIGNAL,
    WIDTH,
    Scale,
    fmt,
    gridlines,
    line_series,
    scale_for,
    svg,
    text,
)

# One colour per party, in the order the parties joined; a dash pattern too, so the lines read
# apart without colour.
SERIES_STYLES = [(BRAND, ""), (SIGNAL, "6 4"), (ACCENT, "2 3"), (PRIVATE, "10 3 2 3")]


@dataclass(frozen=True)
class Series:
    """One line: a name (a party) and a value or None (no data) per label."""

    name: str
    values: Sequence[float | None]


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


def _legend(series: Sequence[Series], y: float) -> list[str]:
    parts, x = [], 52.0
    for i, line in enumerate(series):
        colour, dash = SERIES_STYLES[i % len(SERIES_STYLES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x:.1f}" x2="{x + 24:.1f}" y1="{y - 4:.1f}" y2="{y - 4:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dashes} />'
        )
        parts.append(text(x + 30, y, line.name, anchor="start"))
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
    """Lines over the same labels (quarters, review dates), one per series, with a legend; a
    label without a value leaves a break in its line."""
    height, top, bottom, left = 280, 16, 200, 48
    known = [v for line in series for v in line.values if v is not None]
    scale = fixed_scale or scale_for(known)
    body = gridlines(scale, top, bottom, left, unit)
    slot = (WIDTH - 8 - left) / max(1, len(labels))
    every = max(1, -(-len(labels) // 8))  # at most eight labels along the axis
    for i, label in enumerate(labels):
        if i % every == 0:
            body.append(text(left + (i + 0.5) * slot, bottom + 18, label))
    for index, line in enumerate(series):
        colour, dash = SERIES_STYLES[index % len(SERIES_STYLES)]
        points = [
            (left + (i + 0.5) * slot, value, f"{line.name}, {label}: {fmt(value or 0, unit)}")
            for i, (label, value) in enumerate(zip(labels, line.values, strict=True))
        ]
        body += line_series(
            points,
            lambda value: bottom - scale.fraction(value) * (bottom - top),
            colour,
            cls="chart__series",
            dash=dash,
        )
    body += _legend(series, height - 20)
    return svg(chart_id, title, _describe(labels, series, unit), height, body)
