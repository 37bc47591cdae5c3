"""The quarterly portfolio review's record of the quarter, from every capability.

Core keeps the registry; each app registers, in its `extensions.py`, a source of what happened
on a set of alliances within a quarter (a decision taken, a milestone achieved, a celebration):

    register_review_source(source)

`source(user, alliance_ids, start, end) -> Iterable[ReviewEntry]` reads through `visible_to`, in
a number of queries that does not grow with the alliances, the entries dated from `start` to
`end` (both days included, in the organisation's calendar).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

# The review pack's sections, in the order it shows them: a source names one of these.
DECISION, MILESTONE, CELEBRATION = "decision", "milestone", "celebration"
KINDS = {DECISION: "Decisions", MILESTONE: "Milestones", CELEBRATION: "Celebrations"}


@dataclass(frozen=True)
class ReviewEntry:
    """One thing of the quarter on one alliance, in a line: "D-004: Move to Phase 2"."""

    kind: str
    alliance_id: int
    on: datetime.date
    title: str
    detail: str = ""


ReviewSource = Callable[[Any, list[int], datetime.date, datetime.date], Iterable[ReviewEntry]]
_SOURCES: list[ReviewSource] = []


def register_review_source(source: ReviewSource) -> None:
    """Add a source of the quarter's entries; idempotent."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def review_entries(
    user: Any, alliance_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[str, list[ReviewEntry]]:
    """Every source's entries for these alliances and days, by kind, each kind in date order."""
    wanted = set(alliance_ids)
    found: dict[str, list[ReviewEntry]] = {kind: [] for kind in KINDS}
    for source in _SOURCES:
        for entry in source(user, alliance_ids, start, end):
            # A source never adds an alliance, a kind or a day the caller did not ask about.
            if entry.alliance_id in wanted and entry.kind in found and start <= entry.on <= end:
                found[entry.kind].append(entry)
    for entries in found.values():
        entries.sort(key=lambda e: (e.on, e.alliance_id, e.title))
    return found


def moments(
    start: datetime.date, end: datetime.date
) -> tuple[datetime.datetime, datetime.datetime]:
    """The quarter's days as moments: from the first day's midnight up to (not including) the
    midnight after the last, in the current time zone, for filtering timestamps."""
    zone = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=zone)
    after = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return first, after


def local_day(moment: datetime.datetime) -> datetime.date:
    """The day of a stored moment in the current time zone."""
    return timezone.localtime(moment).date()
