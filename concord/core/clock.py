"""One injectable clock: production code asks `clock.now()`, so the demo (or a test) can move "now"
for a block through `clock.moved_to()` instead of patching Django."""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

# A contextvar rather than a module global, so a moved clock stays inside its own thread or task.
_moment: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "concord_clock_moment", default=None
)


def now() -> datetime.datetime:
    """The current moment: the real one unless a block has moved the clock."""
    moment = _moment.get()
    return timezone.now() if moment is None else moment


def today() -> datetime.date:
    """Today's date in the current time zone, on the same clock as now()."""
    return timezone.localdate(now())


def localtime() -> datetime.datetime:
    """now() in the current time zone."""
    return timezone.localtime(now())


@contextmanager
def moved_to(moment: datetime.datetime) -> Iterator[None]:
    """Make now() answer `moment` inside the block (set() moves it further while there)."""
    if timezone.is_naive(moment):
        raise ValueError("The clock is moved to aware datetimes only.")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)


def set(moment: datetime.datetime) -> None:
    """Move a clock already moved by moved_to() to another moment."""
    if _moment.get() is None:
        raise RuntimeError("clock.set() only moves a clock inside clock.moved_to().")
    _moment.set(moment)
