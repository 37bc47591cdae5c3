"""Calendar entries from every capability, for the per-person iCalendar feed.

An app registers a source in its extensions.py: a function taking the person and returning
the `CalendarEntry`s they should see (reading through `visible_to`). The feed that the
governance pages serve asks every registered source, so meetings, action due dates and payment
due dates all land in one calendar.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CalendarEntry:
    """One event: a timed meeting (datetimes) or an all-day due date (dates)."""

    uid: str  # stable and globally unique, e.g. "meeting-12@concord"
    summary: str
    start: datetime.datetime | datetime.date
    end: datetime.datetime | datetime.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""  # a path on this site; the feed makes it absolute
    overdue: bool = False  # past its date and still open: the feed says so in the title


CalendarSource = Callable[[Any], Iterable[CalendarEntry]]
_SOURCES: list[CalendarSource] = []


def register_calendar_source(source: CalendarSource) -> None:
    """Add a source of entries; registering the same function twice is harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def calendar_entries(user: Any) -> list[CalendarEntry]:
    """Every registered source's entries for this person."""
    return [entry for source in _SOURCES for entry in source(user)]
