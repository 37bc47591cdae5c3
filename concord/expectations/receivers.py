"""Expectations' answers to other capabilities' signals; each calls a service."""

from __future__ import annotations

from typing import Any

from concord.expectations import services


def keep_lessons(
    sender: Any, *, alliance: Any, actor: Any, lessons: str, source: Any, **kwargs: Any
) -> None:
    """A wind-down's lessons learned join the alliance's learning plan."""
    services.lesson_keep(actor=actor, alliance=alliance, source=source, text=lessons)
