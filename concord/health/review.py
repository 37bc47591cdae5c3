"""What health adds to the quarterly portfolio review: the quarter's celebrations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.text import Truncator

from concord.core.review import CELEBRATION, ReviewEntry, local_day, moments
from concord.health.models import Celebration

REVIEW_LIMIT = 500  # celebrations listed per quarter
DETAIL_CHARS = 140  # of a kudos' message: one line in the pack


def review_source(
    user: Any, alliance_ids: list[int], start: datetime.date, end: datetime.date
) -> Iterable[ReviewEntry]:
    """Gates passed, milestones, deliveries accepted and kudos celebrated in the quarter."""
    first, after = moments(start, end)
    celebrated = (
        Celebration.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, created_at__gte=first, created_at__lt=after)
        .order_by("created_at", "pk")[:REVIEW_LIMIT]
    )
    return [
        ReviewEntry(
            CELEBRATION,
            c.alliance_id,
            local_day(c.created_at),
            c.title,
            Truncator(c.message).chars(DETAIL_CHARS) if c.message else c.get_kind_display(),
        )
        for c in celebrated
    ]
