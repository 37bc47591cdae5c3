"""What deals adds to the quarterly portfolio review: the milestones achieved in the quarter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from concord.core.review import MILESTONE, ReviewEntry
from concord.deals.models import Milestone
from concord.deals.money import format_money

REVIEW_LIMIT = 500  # milestones listed per quarter


def review_source(
    user: Any, alliance_ids: list[int], start: datetime.date, end: datetime.date
) -> Iterable[ReviewEntry]:
    """Milestones whose achievement the parties confirmed, dated by the day it was achieved."""
    achieved = (
        Milestone.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, status=Milestone.Status.ACHIEVED)
        .filter(achieved_on__gte=start, achieved_on__lte=end)
        .order_by("achieved_on", "pk")[:REVIEW_LIMIT]
    )
    return [
        ReviewEntry(
            MILESTONE,
            m.alliance_id,
            m.achieved_on,
            m.title,
            f"{m.get_kind_display()} · {format_money(m.amount, m.currency)}",
        )
        for m in achieved
        if m.achieved_on is not None
    ]
