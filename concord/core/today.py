"""Today items: the extension point the coming Today page (what needs me today) is built on.

An app will register a source in its `extensions.py` with `register_today_source(source)`: a
function taking the person and returning the items that are theirs to act on, read through
`visible_to`. No app registers one yet; the Today page defines the items' shape when it lands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

TodaySource = Callable[[Any], Iterable[Any]]
_SOURCES: list[TodaySource] = []


def register_today_source(source: TodaySource) -> None:
    """Add a source of Today items; registering the same function twice is harmless."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def today_items(user: Any) -> list[Any]:
    """Every registered source's items for this person."""
    return [item for source in _SOURCES for item in source(user)]
