"""What governance adds to the quarterly portfolio review: the decisions the committees took."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from concord.core.review import DECISION, ReviewEntry, local_day, moments
from concord.governance.models import Decision

REVIEW_LIMIT = 500  # decisions listed per quarter; a pack is read by people, not machines


def review_source(
    user: Any, alliance_ids: list[int], start: datetime.date, end: datetime.date
) -> Iterable[ReviewEntry]:
    """Decisions reached (agreed, rejected, deadlocked, deferred or lapsed) in the quarter."""
    first, after = moments(start, end)
    decided = (
        Decision.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, decided_at__gte=first, decided_at__lt=after)
        .exclude(outcome=Decision.Outcome.PENDING)
        .select_related("committee")
        .order_by("decided_at", "pk")[:REVIEW_LIMIT]
    )
    return [
        ReviewEntry(
            DECISION,
            d.alliance_id,
            local_day(d.decided_at),
            f"{d.reference}: {d.title}",
            f"{d.get_outcome_display()} · {d.committee}",
        )
        for d in decided
        if d.decided_at is not None
    ]
