"""What the wind-down adds to Today: the checklist items the person's organisation owns that are
due within the horizon or overdue, for the alliance managers who see them through."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from concord.core import clock, today
from concord.core.today import TodayItem, count_days
from concord.winddown.models import ChecklistItem, WindDown


def today_items(user: Any) -> Iterable[TodayItem]:
    """Open items of an active wind-down owned by the person's organisation, due soon: one query."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.can_manage_alliances:
        return []
    items = (
        ChecklistItem.objects.visible_to(user)
        .filter(
            owner__organisation=membership.organisation,
            done_at=None,
            due_on__lte=today.horizon(),
            wind_down__status=WindDown.Status.ACTIVE,
        )
        .select_related("wind_down__alliance")
    )
    return [_item(item) for item in items]


def _item(item: ChecklistItem) -> TodayItem:
    assert item.due_on is not None  # filtered on
    late = (clock.today() - item.due_on).days
    when = f"{count_days(late)} overdue" if late > 0 else f"due {item.due_on:%-d %b}"
    alliance = item.wind_down.alliance
    return TodayItem(
        kind="winddown",
        title=item.title,
        why=f"Your organisation owns this wind-down item; {when}.",
        url=reverse("winddown:overview", args=[alliance.pk]),
        action="Complete",
        alliance_id=alliance.pk,
        alliance_name=alliance.name,
        due=item.due_on,
        overdue=late > 0,
    )
