"""The demo's governance story, a chapter of the demo story (see concord/demo/story.py).

Three of Castlegate's strategic alliances run their committees on Concord for two years: the
Lumen and Tidewell joint steering committees with a development or commercialisation committee
below them, and the Fenwick JSC. Meetings are held with agendas, attendance, decisions (two
deadlocks: one resolved by the executives, one decided by the party with final say), actions
(the latest still open, some overdue), minutes approved at the next meeting,
charter changes, concerns, and escalations, including one end-run by Lumen's CEO.

The chapter's modules: `plot` (the story as data), `run` (playing it: committees, meetings,
decisions, minutes, workstreams) and `episodes` (Lumen's disputes, Fenwick's charter change,
Tidewell's story).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from concord.demo.chapters.governance.episodes import (
    _fenwick_charter,
    _lumen_disputes,
    _tidewell_story,
)
from concord.demo.chapters.governance.plot import FENWICK, LUMEN, PLOT, TIDEWELL
from concord.demo.chapters.governance.run import schedule_governance
from concord.demo.data import STORY_END
from concord.demo.dates import moment as at
from concord.governance.models import Committee, Meeting

if TYPE_CHECKING:
    from concord.demo.story import Story

__all__ = ["FENWICK", "LUMEN", "PLOT", "TIDEWELL", "TITLE", "counts", "schedule", "sweep_step"]

TITLE = "Governance"


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    return {
        "committees": Committee.objects.unscoped().count(),
        "committee meetings": Meeting.objects.unscoped().count(),
    }


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    runs = {plan.alliance: schedule_governance(story, plan) for plan in PLOT}
    lumen, fenwick, tidewell = (runs[p.alliance] for p in PLOT)
    _lumen_disputes(story, lumen)
    _fenwick_charter(story, fenwick)
    _tidewell_story(story, tidewell)
    for weeks in range(9):
        day = (STORY_END - datetime.timedelta(weeks=weeks)).isoformat()
        story.at(at(day, 6, 5), sweep_step)
    for day in ("2025-09-15", "2025-09-17", "2026-03-16", "2026-03-17", "2026-04-14"):
        story.at(at(day, 6, 10), sweep_step)


def sweep_step() -> None:
    from concord.governance.sweep import sweep

    sweep()
