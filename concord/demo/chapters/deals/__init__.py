"""The demo's deals story, a chapter of the demo story (see concord/demo/story.py).

Castlegate pays its partners on realistic terms, played through the services at dated moments:
upfronts from CHF 8M to USD 250M; milestone ladders whose achievements one side notifies and
the other confirms (Quillon's Phase 1 arrives with its IND milestone skipped, so both fall due
together); royalties on two marketed products, reported quarter by quarter across their tiers;
a Build-to-Buy deal with Fenwick half-way through its tranches, its option window still ahead;
a 60/40 cost share on the TL1A co-development with quarterly true-ups; payments invoiced and
paid over the years, one paid in part and disputed, one overdue, one due but not invoiced;
an audit request and each side's private finance notes.

The chapter's modules, by area: `steps` (what every deal shares), `milestones`, `royalties`,
`cost_share` and `build_to_buy` (the deals told through each).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from concord.demo.chapters.deals.build_to_buy import _fenwick_option
from concord.demo.chapters.deals.cost_share import _fenwick_codev
from concord.demo.chapters.deals.milestones import (
    _ardent,
    _brightwater,
    _irisvale,
    _lumen,
    _quillon,
)
from concord.demo.chapters.deals.royalties import _sorrel, _tidewell

if TYPE_CHECKING:
    from concord.demo.story import Story

TITLE = "Deals and money"


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    from concord.deals.models import Payment

    return {"ledger payments": Payment.objects.unscoped().count()}


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    from concord.demo.dates import day as _day
    from concord.demo.dates import moment as _moment

    def at(day: str, hour: int, action: Callable[[], Any]) -> None:
        story.at(_moment(day, hour, minute=len(story.steps) % 50), action)

    for plan in (
        _lumen,
        _brightwater,
        _tidewell,
        _fenwick_codev,
        _fenwick_option,
        _quillon,
        _sorrel,
        _ardent,
        _irisvale,
    ):
        plan(story, at, _day)
    _sweeps(story, at)


def _sweeps(story: Story, at: Any) -> None:
    """The weekly sweep of the story's last weeks: nudges, overdue flags, option lapses."""
    from concord.deals.sweep import sweep
    from concord.demo.data import STORY_END

    for weeks in range(6):
        at((STORY_END - datetime.timedelta(weeks=weeks)).isoformat(), 6, sweep)
