"""A study's per-round figures, drawn with core's chart kit: one line per metric."""

from __future__ import annotations

import math

from django.utils.safestring import SafeString

from concord.core import charts
from concord.research.engine import METRIC_NAMES

LEFT, TOP, BOTTOM, RIGHT = 56, 16, 196, charts.WIDTH - 16
COLOURS = (charts.BRAND, charts.ACCENT, charts.WARN, charts.PRIVATE, charts.SIGNAL)


def _scale(values: list[float]) -> charts.Scale:
    """A 0–1 axis for scores; otherwise one fitted to the values (a log-likelihood is far from
    zero, and an axis from zero would flatten its climb)."""
    if not values or (0 <= min(values) and max(values) <= 1):
        return charts.Scale(0.0, 1.0, [0.0, 0.25, 0.5, 0.75, 1.0])
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    step = charts.nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    return charts.Scale(low, high, ticks)


def rounds_svg(rounds: list[tuple[int, dict[str, float]]], metrics: list[str]) -> SafeString:
    """Each metric's value after each round, on one shared axis."""
    shown = [m for m in metrics if any(m in values for _, values in rounds)]
    values = [v[m] for _, v in rounds for m in shown if m in v]
    scale = _scale(values)
    count = max(len(rounds), 1)
    step = (RIGHT - LEFT) / max(count - 1, 1)

    def x_of(index: int) -> float:
        return LEFT + index * step if count > 1 else (LEFT + RIGHT) / 2

    def y_of(value: float) -> float:
        return BOTTOM - scale.fraction(value) * (BOTTOM - TOP)

    body = charts.gridlines(scale, TOP, BOTTOM, LEFT, right=RIGHT)
    words = []
    for position, metric in enumerate(shown):
        colour = COLOURS[position % len(COLOURS)]
        name = METRIC_NAMES.get(metric, metric)
        points = [
            (x_of(i), v.get(metric), f"Round {n}: {name} {v[metric]:.3f}" if metric in v else "")
            for i, (n, v) in enumerate(rounds)
        ]
        body += charts.line_series(points, y_of, colour)
        body.append(
            charts.text(
                LEFT + 8 + position * 150, BOTTOM + 40, f"— {name}", anchor="start", fill=colour
            )
        )
        last = next((v[metric] for _, v in reversed(rounds) if metric in v), None)
        if last is not None:
            words.append(f"{name} {last:.3f} after round {rounds[-1][0]}")
    for i, (number, _) in enumerate(rounds):
        body.append(charts.text(x_of(i), BOTTOM + 18, str(number), size=12))
    desc = "Metrics by round: " + ("; ".join(words) or "no rounds yet") + "."
    return charts.svg("study-rounds", "Metrics by round", desc, BOTTOM + 52, body)
