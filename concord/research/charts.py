"""A study's per-round metrics, drawn with core's chart kit: one line per metric."""

from __future__ import annotations

from django.utils.safestring import SafeString

from concord.core import charts
from concord.research.engine import METRIC_NAMES

LEFT, TOP, BOTTOM, RIGHT = 56, 16, 196, charts.WIDTH - 16
COLOURS = (charts.BRAND, charts.ACCENT, charts.WARN, charts.PRIVATE, charts.SIGNAL)


def rounds_svg(rounds: list[tuple[int, dict[str, float]]], metrics: list[str]) -> SafeString:
    """Each metric's value after each round, on one shared axis."""
    shown = [m for m in metrics if any(m in values for _, values in rounds)]
    values = [v[m] for _, v in rounds for m in shown if m in v]
    scale = charts.scale_for(values) if values else charts.Scale(0.0, 1.0, [0.0, 0.5, 1.0])
    if values and 0 <= min(values) and max(values) <= 1:
        scale = charts.Scale(0.0, 1.0, [0.0, 0.25, 0.5, 0.75, 1.0])
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
