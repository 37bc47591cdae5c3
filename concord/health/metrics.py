"""The figures health lends to other capabilities (core/metrics.py): health checks completed,
and the latest pulse's overall score where enough people answered to publish it."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum

from concord.core.metrics import AllianceMetric
from concord.health.models import Kind, Round, RoundParty, mean


def health_checks_completed(alliance_ids: list[int]) -> dict[int, Decimal]:
    """Per alliance, how many health checks have closed."""
    rows = (
        Round.objects.unscoped()
        .filter(alliance_id__in=alliance_ids, kind=Kind.HEALTH_CHECK, status=Round.Status.CLOSED)
        .order_by()
        .values("alliance_id")
        .annotate(n=Count("pk"))
    )
    return {r["alliance_id"]: Decimal(r["n"]) for r in rows}


def pulse_score(alliance_ids: list[int]) -> dict[int, Decimal]:
    """Per alliance, the overall score (1–5) of its latest closed pulse, both parties together,
    only where at least the round's minimum of people answered (the anonymity promise)."""
    rows = (
        RoundParty.objects.unscoped()
        .filter(
            round__alliance_id__in=alliance_ids,
            round__kind=Kind.PULSE,
            round__status=Round.Status.CLOSED,
        )
        .order_by("round__alliance_id", "-round__opens_at", "round_id")
        .values("round__alliance_id", "round_id", "round__min_respondents")
        .annotate(responded=Sum("responded"), answers=Sum("answers"), total=Sum("score_sum"))
    )
    figures: dict[int, Decimal] = {}
    for row in rows:  # newest round of each alliance first
        alliance_id = row["round__alliance_id"]
        if alliance_id in figures or row["responded"] < row["round__min_respondents"]:
            continue
        score = mean(row["total"], row["answers"])
        if score is not None:
            figures[alliance_id] = score
    return figures


HEALTH_CHECKS_COMPLETED = AllianceMetric(
    "health_checks_completed",
    "Health checks completed",
    "count",
    health_checks_completed,
    "alignment",
)
PULSE_SCORE = AllianceMetric("pulse_score", "Latest pulse score", "score", pulse_score, "alignment")
