"""The story's calendar: dates are written as if the story ended on STORY_END and slide forward so
that it ends yesterday, whatever day the demo is seeded."""

from __future__ import annotations

import datetime
import zlib

from concord.demo.data import STORY_END


def shift() -> datetime.timedelta:
    """How far the story's dates move so that it ends yesterday."""
    # The real date, not clock.now(): steps call this while the story has moved the clock.
    today = datetime.datetime.now(datetime.UTC).date()
    return today - datetime.timedelta(days=1) - STORY_END


def day(text: str) -> datetime.date:
    """A day of the story, on its slid calendar."""
    return datetime.date.fromisoformat(text) + shift()


def moment(text: str, hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    """A moment of the story, on its slid calendar, in UTC."""
    d = day(text) + datetime.timedelta(days=days)
    return datetime.datetime(d.year, d.month, d.day, hour, minute, tzinfo=datetime.UTC)


def lag(*parts: str, low: int = 3, high: int = 11) -> int:
    """A stable number of days between low and high, so each answer takes its own time."""
    return low + zlib.crc32("|".join(parts).encode()) % (high - low + 1)
