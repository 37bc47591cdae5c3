"""Today items: what is the signed-in person's to act on, across all their alliances.

Each app registers a source in its `extensions.py` with `register_today_source(source)`: a
function taking the person and returning `TodayItem`s, read through `visible_to` in a number of
queries that does not grow with the person's alliances. Core only runs the sources and orders
what they return; it never knows what a commitment or a meeting is.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from concord.core import clock

HORIZON_DAYS = 14  # "due soon" and "coming" reach this far ahead

# The page's three parts, in order: what to act on, what is coming, what to watch.
ACT, COMING, FLAG = "act", "coming", "flag"
SECTIONS = (
    (ACT, "To act on"),
    (COMING, "Coming up"),
    (FLAG, "Flags"),
)


@dataclass(frozen=True)
class TodayItem:
    """One thing on a person's Today: what, why it is there, and the one click that acts on it."""

    kind: str  # a short code naming the sort of item: "commitment", "action", "meeting", …
    title: str
    why: str  # the reason it is on this person's list, in a sentence
    url: str  # where the one click goes (a path on this site)
    action: str = "Open"  # the link's label: "Deliver", "Sign", "Answer"…
    section: str = ACT
    alliance_id: int | None = None
    alliance_name: str = ""
    due: datetime.date | None = None
    overdue: bool = False

    @property
    def days_overdue(self) -> int:
        return max(0, (clock.today() - self.due).days) if self.due else 0


TodaySource = Callable[[Any], Iterable[TodayItem]]
_SOURCES: list[TodaySource] = []


def register_today_source(source: TodaySource) -> None:
    """Add a source of Today items; registering the same function twice is harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def count_days(n: int) -> str:
    """ "1 day", "5 days": as people say it."""
    return f"{n} day" if n == 1 else f"{n} days"


def horizon() -> datetime.date:
    """The last day that counts as "due soon" or "coming" today."""
    return clock.today() + datetime.timedelta(days=HORIZON_DAYS)


def _order(item: TodayItem) -> tuple[Any, ...]:
    section = [code for code, _ in SECTIONS].index(item.section)
    due = item.due or datetime.date.max
    return (section, not item.overdue, due, item.alliance_name, item.title)


def today_items(user: Any, *, kind: str = "", alliance_id: int | None = None) -> list[TodayItem]:
    """Every registered source's items for this person: overdue first, then by due date."""
    items = [item for source in _SOURCES for item in source(user)]
    if kind:
        items = [i for i in items if i.kind == kind]
    if alliance_id is not None:
        items = [i for i in items if i.alliance_id == alliance_id]
    return sorted(items, key=_order)


def today_kinds(items: Iterable[TodayItem]) -> list[str]:
    """The kinds present, for a filter."""
    return sorted({i.kind for i in items})
