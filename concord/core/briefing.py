"""Sections other capabilities add to an alliance's briefing book, without the book's app
importing them.

`register_briefing_section(section, order)`: `section(user, alliance) -> (template, context) |
None`, read through `visible_to(user)` so each reader's book holds only what that reader may see,
in a fixed number of queries. The book renders the sections in `order` after the alliance's own
story; a section returning None is left out of that book.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

BriefingSection = Callable[[Any, Any], tuple[str, dict[str, Any]] | None]
_SECTIONS: list[tuple[int, BriefingSection]] = []


def register_briefing_section(section: BriefingSection, order: int = 50) -> None:
    """Add a section to every briefing book; registering the same one twice keeps one."""
    if all(known is not section for _, known in _SECTIONS):
        _SECTIONS.append((order, section))
        _SECTIONS.sort(key=lambda entry: entry[0])


def briefing_sections(user: Any, alliance: Any) -> list[tuple[str, dict[str, Any]]]:
    """The registered sections' templates and contexts for one reader's book of one alliance."""
    shown = (section(user, alliance) for _, section in _SECTIONS)
    return [entry for entry in shown if entry is not None]
