"""Concerns and escalations."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from concord.alliances.models import Alliance
from concord.governance.models import (
    Concern,
    Escalation,
    EscalationStep,
    ExecutiveAct,
)


def concern_list(*, user: Any, alliance: Alliance, status: str = "open") -> QuerySet[Concern]:
    """Shared concerns and the user's own organisation's private ones."""
    concerns = Concern.objects.visible_to(user).filter(alliance=alliance)
    if status == "open":
        concerns = concerns.exclude(status=Concern.Status.RESOLVED)
    elif status in Concern.Status.values:
        concerns = concerns.filter(status=status)
    return concerns.select_related("raised_by", "organisation").order_by("-created_at", "-pk")


def concern_get(*, user: Any, pk: int) -> Concern:
    return (
        Concern.objects.visible_to(user)
        .select_related("alliance", "raised_by", "organisation")
        .get(pk=pk)
    )


def escalation_list(
    *, user: Any, alliance: Alliance, status: str = "open", end_runs: bool = False
) -> QuerySet[Escalation]:
    """The alliance's escalations, end-runs included and flagged."""
    escalations = Escalation.objects.visible_to(user).filter(alliance=alliance)
    if status in Escalation.Status.values:
        escalations = escalations.filter(status=status)
    if end_runs:
        escalations = escalations.filter(is_end_run=True)
    return escalations.select_related(
        "committee", "raised_by", "raising_party__organisation", "decision"
    ).order_by("-created_at", "-pk")


def escalation_get(*, user: Any, pk: int) -> Escalation:
    steps = EscalationStep.objects.visible_to(user).select_related("actor")
    return (
        Escalation.objects.visible_to(user)
        .select_related(
            "alliance",
            "committee",
            "concern",
            "decision",
            "raised_by",
            "resolved_by",
            "raising_party__organisation",
        )
        .prefetch_related(
            Prefetch("steps", queryset=steps),
            Prefetch(
                "executive_acts",
                queryset=ExecutiveAct.objects.visible_to(user).select_related(
                    "acted_by", "party__organisation"
                ),
            ),
        )
        .get(pk=pk)
    )
