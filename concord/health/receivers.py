"""The health capability's answers to other capabilities' signals; each calls a service."""

from __future__ import annotations

from typing import Any

from concord.health import services


def celebrate(
    sender: Any,
    *,
    alliance: Any,
    kind: str,
    title: str,
    actor: Any = None,
    source: Any = None,
    **kwargs: Any,
) -> None:
    """A gate passed, a milestone confirmed, a delivery accepted: both parties celebrate it."""
    services.achievement_celebrate(
        alliance=alliance, kind=kind, title=title, actor=actor, source=source
    )


def open_final_health_check(sender: Any, *, alliance: Any, actor: Any, **kwargs: Any) -> None:
    """An alliance starts to wind down: both parties answer a final health check."""
    services.final_round_open(actor=actor, alliance=alliance)
