"""The chart kit: small server-rendered SVG charts, with no JavaScript and no plotting library.

Every chart is one accessible <svg> (role="img", a <title>, and a <desc> that states the figures
in words), so the same figure serves a page, a PDF pack and an email; pages put the same numbers
in a table beside it. Colours come from app.css classes, with presentation attributes as a
fallback so a chart copied out of the page still reads. Each app draws its own charts from these
pieces: the scale, the labels, the grid and the lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
BRAND = "#1d4e89"
ACCENT = "#2a9d8f"
WARN = "#9a5b00"
PRIVATE = "#6b3fa0"
SIGNAL = "#c2410c"
DANGER = "#b42318"
INK = "#1f2933"
INK_SOFT = "#52606d"
LINE = "#d9e2ec"
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

# A point of a line: where it stands across, its value (None: no data, a break in the line), and
# what hovering over its dot says.
LinePoint = tuple[float, float | None, str]


@dataclass(frozen=True)
class Scale:
    """A value axis from `low` to `high` with round tick marks."""

    low: float
    high: float
    ticks: list[float]

    def fraction(self, value: float) -> float:
        span = self.high - self.low
        return (value - self.low) / span if span else 0.0


PERCENT = Scale(0.0, 100.0, [0.0, 25.0, 50.0, 75.0, 100.0])


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
    """A figure as a chart labels it: whole numbers without decimals, others to two places."""
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")
    return f"{text}{unit}"


def svg(
    chart_id: str, title: str, desc: str, height: int, body: list[str], width: int = WIDTH
) -> SafeString:
    """The accessible <svg> around a chart's body: its title and its figures in words."""
    cid = escape(chart_id)
    head = (
        f'<svg class="chart" id="{cid}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg" '
        'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(desc)}</desc>'
    )
    # Every piece of text in `body` was escaped where it was built.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308


def text(
    x: float,
    y: float,
    label: str,
    *,
    anchor: str = "middle",
    cls: str = "chart__label",
    fill: str = INK_SOFT,
    size: int = 13,
    bold: bool = False,
) -> str:
    """A label; app.css colours `.chart__label`, so a label in a colour of its own sets `cls`."""
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'font-size="{size}" fill="{fill}"{weight}>{escape(label)}</text>'
    )


def gridlines(
    scale: Scale, top: float, bottom: float, left: float, unit: str = "", right: float = WIDTH - 8
) -> list[str]:
    """Horizontal lines at each tick of a vertical value axis, labelled on the left."""
    parts = []
    for tick in scale.ticks:
        y = bottom - scale.fraction(tick) * (bottom - top)
        cls = "chart__zero" if tick == 0 else "chart__grid"
        parts.append(
            f'<line class="{cls}" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{LINE}" />'
        )
        parts.append(text(left - 6, y + 4, fmt(tick, unit), anchor="end"))
    return parts


def polyline(
    segment: list[str], colour: str, *, cls: str, width: float = 2.5, dash: str = ""
) -> str:
    """A run of joined points, or nothing for fewer than two."""
    if len(segment) < 2:
        return ""
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline class="{cls}" points="{" ".join(segment)}" fill="none" '
        f'stroke="{colour}" stroke-width="{width}"{dashes} />'
    )


def line_series(
    points: Sequence[LinePoint],
    y_of: Callable[[float], float],
    colour: str,
    *,
    cls: str = "chart__line",
    width: float = 2.5,
    dash: str = "",
    dot: float = 3.5,
    dot_cls: str = "",
) -> list[str]:
    """One line with a dot per value (none when `dot` is 0) naming it on hover.

    A point without a value leaves a break rather than joining its neighbours, so a quiet month
    or a quarter with nothing due does not look like a steady trend.
    """
    parts: list[str] = []
    segment: list[str] = []
    dot_class = f'class="{dot_cls}" ' if dot_cls else ""
    for x, value, hover in points:
        if value is None:
            parts.append(polyline(segment, colour, cls=cls, width=width, dash=dash))
            segment = []
            continue
        y = y_of(value)
        segment.append(f"{x:.1f},{y:.1f}")
        if dot:
            parts.append(
                f'<circle {dot_class}cx="{x:.1f}" cy="{y:.1f}" r="{dot:g}" fill="{colour}">'
                f"<title>{escape(hover)}</title></circle>"
            )
    parts.append(polyline(segment, colour, cls=cls, width=width, dash=dash))
    return parts


def month_parts(label: str) -> tuple[str, str] | None:
    """'2025-03' → ('Mar', '2025'); None for a label that is not a month."""
    year, _, month = label.partition("-")
    if not (year.isdigit() and month.isdigit() and 1 <= int(month) <= 12):
        return None
    return MONTHS[int(month) - 1], year
