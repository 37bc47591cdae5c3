"""Reads of the learning plan: objectives, their reviews and the plan's summary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)

from concord.alliances.models import Alliance
from concord.core import clock
from concord.expectations.models import (
    LearningObjective,
    Lesson,
    ProgressReview,
)

# --- The learning plan -------------------------------------------------------------------------


def objective_list(*, user: Any, alliance: Alliance) -> QuerySet[LearningObjective]:
    """An alliance's learning objectives with their latest measure and number of reviews."""
    latest = (
        ProgressReview.objects.visible_to(user)
        .filter(objective=OuterRef("pk"))
        .order_by("-reviewed_on", "-pk")
    )
    return (
        LearningObjective.objects.visible_to(user)
        .filter(alliance=alliance)
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("reviewed_on")[:1]),
            review_count=Count("reviews", distinct=True),
        )
        .select_related("owner", "owner_party__organisation")
        .order_by(
            Case(When(status=LearningObjective.Status.ACTIVE, then=Value(0)), default=Value(1)),
            "target_date",
            "pk",
        )
    )


def objective_get(*, user: Any, pk: int) -> LearningObjective:
    """One learning objective the user may see, with its reviews oldest first."""
    reviews = (
        ProgressReview.objects.visible_to(user)
        .select_related("reviewed_by")
        .order_by("reviewed_on", "pk")
    )
    return (
        LearningObjective.objects.visible_to(user)
        .select_related("alliance", "owner", "owner_party__organisation")
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .get(pk=pk)
    )


def _latest_on(objective: LearningObjective) -> Any:
    """The date of the latest review, as objective_list() annotates it."""
    return getattr(objective, "latest_on", None)


STALE_AFTER = datetime.timedelta(days=90)  # an objective nobody has measured for a quarter


@dataclass
class LearningSummary:
    """The learning plan at a glance, as a gate shows it."""

    objectives: list[LearningObjective]
    active: int
    achieved: int
    dropped: int
    unreviewed: list[LearningObjective]  # active, and not measured in the last quarter

    @property
    def total(self) -> int:
        return len(self.objectives)


def learning_summary(*, user: Any, alliance: Alliance) -> LearningSummary:
    """Counts by status, each objective's latest measure, and which ones nobody has measured lately."""
    objectives = list(objective_list(user=user, alliance=alliance))
    cutoff = clock.today() - STALE_AFTER
    active = [o for o in objectives if o.is_active]
    return LearningSummary(
        objectives=objectives,
        active=len(active),
        achieved=sum(o.status == LearningObjective.Status.ACHIEVED for o in objectives),
        dropped=sum(o.status == LearningObjective.Status.DROPPED for o in objectives),
        unreviewed=[o for o in active if _latest_on(o) is None or _latest_on(o) < cutoff],
    )


def lesson_list(*, user: Any, alliance: Alliance) -> list[Lesson]:
    """The lessons the alliance has learned (a wind-down's), latest first."""
    return list(
        Lesson.objects.visible_to(user).filter(alliance=alliance).select_related("recorded_by")
    )
