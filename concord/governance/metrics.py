"""The figures governance lends to other capabilities (core/metrics.py): how many escalations
that reached the executives were resolved within the executives' period."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q

from concord.core import clock
from concord.core.metrics import AllianceMetric, percent
from concord.governance.models import Escalation


def escalations_resolved(alliance_ids: list[int]) -> dict[int, Decimal]:
    """Per alliance, the percentage of escalations at the executives' rung resolved in their
    period, counting those resolved and those whose period has run out."""
    executives = Escalation.Level.EXECUTIVES
    resolved = Escalation.Status.RESOLVED
    in_time = Q(status=resolved) & (
        Q(level_due_at__isnull=True) | Q(resolved_at__lte=F("level_due_at"))
    )
    rows = (
        Escalation.objects.unscoped()
        .filter(alliance_id__in=alliance_ids, level=executives)
        .filter(Q(status=resolved) | Q(level_due_at__lt=clock.now()))
        .order_by()
        .values("alliance_id")
        .annotate(total=Count("pk"), in_time=Count("pk", filter=in_time))
    )
    figures = {r["alliance_id"]: percent(r["in_time"], r["total"]) for r in rows}
    return {pk: value for pk, value in figures.items() if value is not None}


ESCALATIONS_RESOLVED = AllianceMetric(
    "escalations_resolved",
    "Escalations resolved in the executives' period",
    "%",
    escalations_resolved,
    "activity",
)
