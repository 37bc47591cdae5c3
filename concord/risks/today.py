"""What the risk register adds to Today: risks due for review that the person owns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from concord.core import clock, today
from concord.core.today import TodayItem, count_days
from concord.risks import selectors
from concord.risks.models import Risk


def today_items(user: Any) -> Iterable[TodayItem]:
    """Open risks the person owns whose review falls within the horizon or is overdue: one query."""
    membership = getattr(user, "membership", None)
    if membership is None or membership.is_read_only:
        return []
    risks = selectors.due_for_review(user=user, until=today.horizon()).filter(owner=user)
    return [_item(risk) for risk in risks]


def _item(risk: Risk) -> TodayItem:
    late = (clock.today() - risk.review_on).days
    when = (
        f"review {count_days(late)} overdue" if late > 0 else f"review due {risk.review_on:%-d %b}"
    )
    return TodayItem(
        kind="risk",
        title=risk.title,
        why=f"You own this {risk.level} risk ({risk.likelihood}×{risk.impact}); {when}.",
        url=reverse("risks:risk-detail", args=[risk.pk]),
        action="Review",
        alliance_id=risk.alliance_id,
        alliance_name=risk.alliance.name,
        due=risk.review_on,
        overdue=late > 0,
    )
