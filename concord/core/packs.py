"""Sections other capabilities add to governance's meeting pack and meeting page, without
governance importing them.

`register_pack_section(section, order)`: `section(user, meeting) -> (template, context) | None`,
read through `visible_to(user)` so each reader's pack holds only what that reader may see, in a
fixed number of queries. Governance renders the sections after its own, in `order`; a section
returning None is left out of that pack.

`register_meeting_section(section, order)`: the same shape, for the meeting's page, beside its
agenda — what another capability brings before the committee (inventions awaiting the patent
committee's filing decision). A section costs queries only for the meetings it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PackSection = Callable[[Any, Any], tuple[str, dict[str, Any]] | None]
_SECTIONS: list[tuple[int, PackSection]] = []


def register_pack_section(section: PackSection, order: int = 50) -> None:
    """Add a section to every meeting pack; registering the same one twice keeps one."""
    if all(known is not section for _, known in _SECTIONS):
        _SECTIONS.append((order, section))
        _SECTIONS.sort(key=lambda entry: entry[0])


def pack_sections(user: Any, meeting: Any) -> list[tuple[str, dict[str, Any]]]:
    """The registered sections' templates and contexts for one reader's pack of one meeting."""
    shown = (section(user, meeting) for _, section in _SECTIONS)
    return [entry for entry in shown if entry is not None]


_PAGE_SECTIONS: list[tuple[int, PackSection]] = []


def register_meeting_section(section: PackSection, order: int = 50) -> None:
    """Add a section to every meeting's page; registering the same one twice keeps one."""
    if all(known is not section for _, known in _PAGE_SECTIONS):
        _PAGE_SECTIONS.append((order, section))
        _PAGE_SECTIONS.sort(key=lambda entry: entry[0])


def meeting_sections(user: Any, meeting: Any) -> list[tuple[str, dict[str, Any]]]:
    """The registered sections' templates and contexts for one reader's page of one meeting."""
    shown = (section(user, meeting) for _, section in _PAGE_SECTIONS)
    return [entry for entry in shown if entry is not None]
