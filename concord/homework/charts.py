"""The drift chart (fit over time) and the stakeholder map (levels × functions), drawn with
core's chart kit as accessible SVG: the same figures serve the page and the briefing book."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString

from concord.core import charts
from concord.homework.models import FitAssessment, Stakeholder

HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 240, 48, charts.WIDTH - 16, 16, 200


def drift_chart(history: Sequence[FitAssessment]) -> SafeString:
    """Overall fit (0–100) at each assessment, with the sponsor strength scaled alongside."""
    if not history:
        return charts.svg("drift-chart", "Fit over time", "No fit assessed yet.", 40, [])
    first, last = history[0].assessed_on, history[-1].assessed_on
    days = max(1, (last - first).days)

    def x_of(day: datetime.date) -> float:
        return LEFT + (day - first).days / days * (RIGHT - LEFT) if len(history) > 1 else LEFT

    def y_of(value: float) -> float:
        return BOTTOM - charts.PERCENT.fraction(value) * (BOTTOM - TOP)

    overall: list[charts.LinePoint] = [
        (x_of(a.assessed_on), float(a.overall), f"{a.assessed_on:%-d %b %Y}: fit {a.overall}")
        for a in history
    ]
    sponsor: list[charts.LinePoint] = [
        (
            x_of(a.assessed_on),
            a.sponsor_strength * 20.0,
            f"{a.assessed_on:%-d %b %Y}: sponsor strength {a.sponsor_strength} of 5",
        )
        for a in history
    ]
    body = [
        *charts.gridlines(charts.PERCENT, TOP, BOTTOM, LEFT, right=RIGHT),
        *charts.line_series(sponsor, y_of, charts.ACCENT, cls="chart__sponsor", dash="5 4"),
        *charts.line_series(overall, y_of, charts.BRAND),
        charts.text(LEFT, BOTTOM + 22, f"{first:%b %Y}", anchor="start"),
        charts.text(RIGHT, BOTTOM + 22, f"{last:%b %Y}", anchor="end"),
    ]
    change = history[-1].overall - history[0].overall
    desc = (
        f"{len(history)} assessments from {first:%-d %b %Y} to {last:%-d %b %Y}; fit went from "
        f"{history[0].overall} to {history[-1].overall} ({change:+}), sponsor strength from "
        f"{history[0].sponsor_strength} to {history[-1].sponsor_strength} of 5."
    )
    return charts.svg("drift-chart", "Strategic fit over time", desc, HEIGHT, body)


MAP_LEFT, MAP_TOP, CELL_W, CELL_H = 110, 28, 88, 78
STANCE_FILL = {
    "champion": "#2a9d8f",
    "supportive": "#8fd3c8",
    "neutral": "#d9e2ec",
    "sceptical": "#f4b183",
}


def stakeholder_map(people: Sequence[Stakeholder]) -> SafeString:
    """One dot per person in the cell of their level and function, coloured by stance; a ring
    marks sponsors, a cross those who left."""
    levels, functions = Stakeholder.Level.choices, Stakeholder.Function.choices
    body: list[str] = []
    for column, (_, label) in enumerate(functions):
        x = MAP_LEFT + column * CELL_W + CELL_W / 2
        body.append(charts.text(x, MAP_TOP - 10, label.split(" ")[0], size=11))
    cells: dict[tuple[str, str], list[Stakeholder]] = {}
    for person in people:
        cells.setdefault((person.level, person.function), []).append(person)
    for row, (level, label) in enumerate(levels):
        y = MAP_TOP + row * CELL_H
        body.append(charts.text(MAP_LEFT - 8, y + CELL_H / 2, label, anchor="end", size=12))
        for column, (function, _) in enumerate(functions):
            x = MAP_LEFT + column * CELL_W
            body.append(
                f'<rect x="{x}" y="{y}" width="{CELL_W - 4}" height="{CELL_H - 4}" rx="4" '
                f'fill="#f7f9fb" stroke="{charts.LINE}"/>'
            )
            for i, person in enumerate(cells.get((level, function), [])[:6]):
                body.append(_dot(person, x + 16 + (i % 3) * 26, y + 22 + (i // 3) * 30))
    height = MAP_TOP + len(levels) * CELL_H + 8
    desc = "; ".join(
        f"{p.name}: {p.get_level_display()}, {p.get_function_display()}, {p.get_role_display()}, "
        f"{p.get_stance_display()}{', left' if p.left_on else ''}"
        for p in people
    )
    width = MAP_LEFT + len(functions) * CELL_W + 8
    return charts.svg(
        "stakeholder-map", "Stakeholder map", desc or "Nobody on the map yet.", height, body, width
    )


def _dot(person: Stakeholder, x: float, y: float) -> str:
    ring = (
        f' stroke="{charts.BRAND}" stroke-width="3"'
        if person.role == Stakeholder.Role.SPONSOR
        else ""
    )
    fill = "#ffffff" if person.left_on else STANCE_FILL[person.stance]
    initials = "".join(part[0] for part in person.name.split()[:2]).upper()
    hover = f"{person.name}, {person.get_role_display()} ({person.get_stance_display()})"
    parts = [
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="11" fill="{fill}"{ring}>'
        f"<title>{escape(hover)}</title></circle>",
        charts.text(x, y + 4, initials, size=10, fill=charts.INK),
    ]
    if person.left_on:
        parts.append(
            f'<line x1="{x - 9:.1f}" y1="{y - 9:.1f}" x2="{x + 9:.1f}" y2="{y + 9:.1f}" '
            f'stroke="{charts.DANGER}" stroke-width="2"/>'
        )
    return "".join(parts)
