"""Server-rendered SVG for health results: the gap chart, trends over rounds, and sparklines.

Like the portal's charts: no JavaScript and no plotting library; each chart is one accessible
<svg> (role="img", a <title>, a <desc> stating the figures in words), and the page puts the same
numbers in a table beside it. Scores sit on the fixed 1–5 agreement scale. Only figures the
selectors already passed through the anonymity threshold ever reach these functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from concord.core.charts import (
    ACCENT,
    BRAND,
    DANGER,
    INK,
    INK_SOFT,
    LINE,
    PRIVATE,
    WARN,
    WIDTH,
    LinePoint,
    line_series,
    month_parts,
    svg,
    text,
)
from concord.health.models import GAP_FLAG, LOW_WARNING, Kind
from concord.health.selectors import DimensionRow, Sparkline, Trend

LOW, HIGH = 1, 5
COLOURS = (BRAND, ACCENT, WARN, PRIVATE)
SPARK_TITLES: dict[str, str] = {
    Kind.PULSE: "Pulse over the last twelve months",
    Kind.HEALTH_CHECK: "Health checks over the last two years",
}
# The visible key under a sparkline: which line is whose, and how far back it reaches.
SPARK_SPANS: dict[str, str] = {Kind.PULSE: "12 months", Kind.HEALTH_CHECK: "2 years"}


def _text(
    x: float,
    y: float,
    label: str,
    *,
    anchor: str = "middle",
    fill: str = INK_SOFT,
    size: int = 13,
) -> str:
    # app.css colours .chart__label; a label in its own colour (a flagged gap) opts out.
    cls = "chart__label" if fill == INK_SOFT else "health-label"
    return text(x, y, label, anchor=anchor, cls=cls, fill=fill, size=size)


def _legend(names: Sequence[str], y: float, left: float) -> list[str]:
    parts, x = [], left
    for i, name in enumerate(names):
        colour = COLOURS[i % len(COLOURS)]
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" rx="2" fill="{colour}" />'
        )
        parts.append(_text(x + 18, y, name, anchor="start"))
        x += 30 + 7.5 * len(name)
    return parts


def gap_chart(
    rows: Sequence[DimensionRow], names: Sequence[str], *, chart_id: str, title: str
) -> SafeString:
    """Each dimension with the parties' scores side by side; a flagged gap is named in red."""
    label_width, right, top = 270, WIDTH - 50, 34
    bar, group_gap = 14, 16
    group = bar * max(1, len(names)) + group_gap
    height = top + group * max(1, len(rows)) + 24

    def x_of(value: Decimal | float) -> float:
        return label_width + (float(value) - LOW) / (HIGH - LOW) * (right - label_width)

    body = _legend(names, 16, label_width)
    for tick in range(LOW, HIGH + 1):
        x = x_of(tick)
        body.append(
            f'<line class="chart__grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 20}" stroke="{LINE}" />'
        )
        body.append(_text(x, height - 6, str(tick)))
    for i, row in enumerate(rows):
        y = top + i * group
        flag = row.flagged
        body.append(
            _text(
                label_width - 10,
                y + group / 2 - 2,
                row.name,
                anchor="end",
                fill=DANGER if flag else INK,
            )
        )
        if row.gap is not None:
            note = f"gap {row.gap}" + (" — flagged" if flag else "")
            body.append(
                _text(
                    label_width - 10,
                    y + group / 2 + 13,
                    note,
                    anchor="end",
                    fill=DANGER if flag else INK_SOFT,
                    size=11,
                )
            )
        for j, score in enumerate(row.scores):
            if score is None:
                continue
            by = y + j * bar
            width = max(x_of(score) - x_of(LOW), 1)
            colour = COLOURS[j % len(COLOURS)]
            body.append(
                f'<rect class="health-bar health-bar--{j}" x="{x_of(LOW):.1f}" y="{by:.1f}" width="{width:.1f}" '
                f'height="{bar - 3}" fill="{colour}"><title>{escape(names[j])}, {escape(row.name)}: {score}</title></rect>'
            )
            body.append(_text(x_of(score) + 5, by + bar - 5, str(score), anchor="start", size=11))
    return svg(chart_id, title, _describe_gaps(rows, names), height, body)


def _describe_gaps(rows: Sequence[DimensionRow], names: Sequence[str]) -> str:
    if not rows:
        return "No results to show."
    parts = []
    for row in rows:
        scores = ", ".join(
            f"{names[j]} {score}" for j, score in enumerate(row.scores) if score is not None
        )
        gap = f"; gap {row.gap}{' (flagged)' if row.flagged else ''}" if row.gap is not None else ""
        parts.append(f"{row.name}: {scores or 'not enough responses'}{gap}")
    return f"Scores from 1 to 5; a gap of {GAP_FLAG} or more is flagged. " + "; ".join(parts) + "."


def trend_chart(trend: Trend, *, chart_id: str, title: str) -> SafeString:
    """One line per party over the rounds; a break where a party had too few answers, a dashed
    marker where the wording changed, and the 3.0 early-warning line."""
    height, top, bottom, left = 270, 30, 220, 40
    points = trend.points
    slot = (WIDTH - 8 - left) / max(1, len(points))

    def y_of(value: Decimal | float) -> float:
        return bottom - (float(value) - LOW) / (HIGH - LOW) * (bottom - top)

    body = _legend([name for _, name, _ in trend.parties], 16, left)
    for tick in range(LOW, HIGH + 1):
        body.append(
            f'<line class="chart__grid" x1="{left}" x2="{WIDTH - 8}" y1="{y_of(tick):.1f}" y2="{y_of(tick):.1f}" stroke="{LINE}" />'
        )
        body.append(_text(left - 8, y_of(tick) + 4, str(tick), anchor="end"))
    low = y_of(LOW_WARNING)
    body.append(
        f'<line class="health-threshold" x1="{left}" x2="{WIDTH - 8}" y1="{low:.1f}" y2="{low:.1f}" stroke="{DANGER}" stroke-dasharray="4 4" />'
    )
    for index in trend.version_breaks:
        x = left + index * slot
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{bottom}" stroke="{INK_SOFT}" stroke-dasharray="2 3" />'
        )
        body.append(_text(x + 4, top + 10, "new wording", anchor="start", size=11))
    every = max(1, len(points) // 12)
    for i, point in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            body.append(_text(left + (i + 0.5) * slot, bottom + 18, _month(point.label, i, points)))
    for j, (party_id, name, _) in enumerate(trend.parties):
        scores = [p.scores.get(party_id) for p in points]
        line: list[LinePoint] = [
            (left + (i + 0.5) * slot, _float(score), f"{name}, {p.label}: {score}")
            for i, (p, score) in enumerate(zip(points, scores, strict=True))
        ]
        body += line_series(line, y_of, COLOURS[j % len(COLOURS)], cls="health-line")
    return svg(chart_id, title, _describe_trend(trend), height, body)


def _float(score: Decimal | float | None) -> float | None:
    return None if score is None else float(score)


def _month(label: str, index: int, points: Sequence[object]) -> str:
    parts = month_parts(label)
    if parts is None:
        return label
    month, year = parts
    return f"{month} {year[2:]}" if index == 0 or month == "Jan" else month


def _describe_trend(trend: Trend) -> str:
    if not trend.points:
        return "No closed rounds yet."
    lines = []
    for party_id, name, _ in trend.parties:
        values = [
            f"{p.label} {p.scores.get(party_id) if p.scores.get(party_id) is not None else 'not enough responses'}"
            for p in trend.points
        ]
        lines.append(f"{name}: " + ", ".join(values))
    return f"Scores from 1 to 5 over {len(trend.points)} rounds. " + "; ".join(lines) + "."


def sparkline(trend: Sparkline | None, *, label: str) -> SafeString:
    """A small inline trend for a table cell, own side and partner: the last twelve months of
    pulses, or the last two years of health checks."""
    if trend is None or not (trend.own or trend.partner):
        return mark_safe('<span class="muted small">No pulses yet</span>')
    width, height = 120, 30
    own, partner = trend.own, trend.partner
    count = max(len(own), len(partner))
    slot = width / max(1, count)

    def y_of(value: Decimal | float) -> float:
        return height - 3 - (float(value) - LOW) / (HIGH - LOW) * (height - 6)

    body = []
    for values, colour in ((own, COLOURS[0]), (partner, COLOURS[1])):
        line = [((i + 0.5) * slot, _float(value), "") for i, value in enumerate(values)]
        body += line_series(line, y_of, colour, cls="health-line", width=1.5, dot=0)
    desc = (
        "Own side: "
        + ", ".join(str(v) if v is not None else "–" for v in own)
        + ". Partner: "
        + ", ".join(str(v) if v is not None else "–" for v in partner)
        + "."
    )
    title = SPARK_TITLES.get(trend.kind, SPARK_TITLES[Kind.PULSE])
    return svg(f"spark-{label}", title, desc, height, body, width=width) + _spark_key(trend.kind)


def _spark_key(kind: str) -> SafeString:
    """The sparkline's labels, visible: the colour of each side's line and the span shown."""
    return format_html(
        '<span class="spark-key small" aria-hidden="true">'
        '<span class="spark-key__side" style="--key: {}">You</span>'
        '<span class="spark-key__side" style="--key: {}">Partner</span>'
        '<span class="muted">{}</span></span>',
        COLOURS[0],
        COLOURS[1],
        SPARK_SPANS.get(kind, SPARK_SPANS[Kind.PULSE]),
    )
