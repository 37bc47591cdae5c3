"""What federated research adds to Today: studies awaiting the data steward's admission."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from concord.core.today import TodayItem
from concord.research import selectors
from concord.research.models import StudyParty


def today_items(user: Any) -> Iterable[TodayItem]:
    """A data steward's studies whose node awaits admission: two queries."""
    if not selectors.is_steward(user=user):
        return []
    return [_item(part) for part in selectors.awaiting_admission(user=user)]


def _item(part: StudyParty) -> TodayItem:
    study = part.study
    approval = "approved" if study.is_approved else "awaiting the committee"
    return TodayItem(
        kind="study",
        title=study.title,
        why=f"Your organisation's node is not yet admitted to this federated study ({approval}).",
        url=reverse("research:study-detail", args=[study.pk]),
        action="Admit",
        alliance_id=study.alliance_id,
        alliance_name=study.alliance.name,
    )
