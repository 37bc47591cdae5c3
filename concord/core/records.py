"""Behaviour that records of several apps share, as mixins that add no fields (so no migration)."""

from __future__ import annotations

from typing import Any


class OpenUntilClosed:
    """A record shown by its title and open while its status is its own `Status.OPEN`: an action
    item, an escalation, a health round. Put it before the model's base class."""

    title: Any
    status: Any
    Status: Any

    def __str__(self) -> str:
        return str(self.title)

    @property
    def is_open(self) -> bool:
        return bool(self.status == self.Status.OPEN)
