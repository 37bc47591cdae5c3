"""The figures expectations lends to other capabilities (core/metrics.py): each alliance's share
of first deliveries made on time, the same figure both parties read on the scorecard."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q

from concord.core.metrics import AllianceMetric, percent
from concord.expectations.models import Delivery


def commitments_on_time(alliance_ids: list[int]) -> dict[int, Decimal]:
    """Per alliance, the percentage of commitments whose first delivery came by its due date."""
    rows = (
        Delivery.objects.unscoped()
        .filter(commitment__alliance_id__in=alliance_ids, sequence=1)
        .order_by()
        .values("commitment__alliance_id")
        .annotate(total=Count("pk"), came_on_time=Count("pk", filter=Q(days_late=0)))
    )
    figures = {r["commitment__alliance_id"]: percent(r["came_on_time"], r["total"]) for r in rows}
    return {pk: value for pk, value in figures.items() if value is not None}


COMMITMENTS_ON_TIME = AllianceMetric(
    "commitments_on_time", "Commitments delivered on time", "%", commitments_on_time, "activity"
)
