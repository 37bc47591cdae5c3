"""The demo's chapters, one per capability, in the order the story schedules them.

Each chapter module has a TITLE, schedule(story), which adds its dated steps to the story, and
counts(), the headline numbers it leaves in the database. The order matters only for steps dated
to the same moment: an earlier chapter's step runs first (organisations before their alliances).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from concord.demo.chapters import (
    alliances,
    deals,
    documents,
    expectations,
    goals,
    governance,
    health,
    homework,
    ip,
    orgs,
    portal,
    research,
    winddown,
)

if TYPE_CHECKING:
    from concord.demo.story import Story


class Chapter(Protocol):
    """What the story needs of a chapter."""

    TITLE: str

    def schedule(self, story: Story) -> None: ...

    def counts(self) -> dict[str, int]: ...


CHAPTERS: tuple[Chapter, ...] = (
    orgs,
    alliances,
    portal,
    governance,
    expectations,
    deals,
    health,
    documents,
    goals,
    ip,
    winddown,
    homework,
    research,
)
