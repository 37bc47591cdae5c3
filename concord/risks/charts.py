"""The risk register's heat map: likelihood × impact, drawn with core's chart kit."""

from __future__ import annotations

from django.utils.safestring import SafeString

from concord.core.charts import DANGER, LINE, SIGNAL, WARN, svg, text
from concord.risks.models import IMPACT, LIKELIHOOD
from concord.risks.selectors import Cell

FILL = {"low": "#e3f2ec", "medium": "#fdf1d6", "high": "#fde2cc", "critical": "#fbd5d2"}
STROKE = {"low": LINE, "medium": WARN, "high": SIGNAL, "critical": DANGER}
LEFT, TOP, CELL_W, CELL_H = 120, 16, 118, 56


def heat_map_svg(grid: list[list[Cell]], chart_id: str = "risk-heat-map") -> SafeString:
    """A 4 × 4 grid, each cell coloured by its band and holding how many open risks sit there."""
    body: list[str] = []
    figures: list[str] = []
    for row, cells in enumerate(grid):
        y = TOP + row * CELL_H
        body.append(
            text(
                LEFT - 8, y + CELL_H / 2 + 4, LIKELIHOOD[cells[0].likelihood], anchor="end", size=12
            )
        )
        for column, cell in enumerate(cells):
            x = LEFT + column * CELL_W
            body.append(
                f'<rect class="heat heat--{cell.level}" x="{x}" y="{y}" width="{CELL_W - 4}" '
                f'height="{CELL_H - 4}" rx="4" fill="{FILL[cell.level]}" '
                f'stroke="{STROKE[cell.level]}"/>'
            )
            if cell.count:
                body.append(
                    text(
                        x + CELL_W / 2 - 2, y + CELL_H / 2 + 6, str(cell.count), size=18, bold=True
                    )
                )
                figures.append(
                    f"{cell.count} {LIKELIHOOD[cell.likelihood].lower()} and "
                    f"{IMPACT[cell.impact].lower()}"
                )
    bottom = TOP + len(grid) * CELL_H
    for column in range(4):
        middle = LEFT + column * CELL_W + CELL_W / 2 - 2
        body.append(text(middle, bottom + 16, IMPACT[column + 1], size=12))
    body.append(text(LEFT + 2 * CELL_W, bottom + 36, "Impact →", size=12))
    desc = "Open risks by likelihood and impact: " + ("; ".join(figures) or "none") + "."
    return svg(chart_id, "Risk heat map", desc, bottom + 44, body, width=LEFT + 4 * CELL_W + 8)
