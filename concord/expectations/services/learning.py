"""The learning plan: objectives and their reviews."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import invalid
from concord.expectations.models import (
    LearningObjective,
    Lesson,
    ProgressReview,
)
from concord.expectations.services._common import (
    OBJECTIVE_FIELDS,
    _clean,
    _manager,
    _own_party,
    _writer,
    local_today,
)
from concord.orgs.models import User


def _owner_party(alliance: Alliance, owner: User | None) -> Party:
    """The joined party the objective's owner works for."""
    membership = getattr(owner, "membership", None)
    party = None
    if membership is not None and membership.is_active:
        party = (
            Party.objects.unscoped()
            .filter(
                alliance=alliance,
                organisation_id=membership.organisation_id,
                status=Party.Status.ACCEPTED,
            )
            .first()
        )
    if party is None:
        raise invalid("owner", "Choose an active member of a party to this alliance.")
    return party


@transaction.atomic
def objective_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    rationale: str,
    measure: str,
    owner: User,
    target_date: datetime.date,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> LearningObjective:
    """Add a learning objective to the alliance's plan: what, why, measured how, by whom, by when."""
    membership = _manager(actor)
    _own_party(actor, alliance)
    objective = LearningObjective(
        alliance=alliance,
        title=title.strip(),
        rationale=rationale.strip(),
        measure=measure.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        owner=owner,
        owner_party=_owner_party(alliance, owner),
        target_date=target_date,
        created_by=actor,
    )
    _clean(objective)
    objective.save()
    audit_record(
        actor=actor,
        action="learning.objective_created",
        obj=objective,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} added the learning objective “{objective.title}”",
        after=snapshot(objective, OBJECTIVE_FIELDS),
    )
    return objective


@transaction.atomic
def objective_update(
    *, actor: User, objective: LearningObjective, **changes: Any
) -> LearningObjective:
    """Revise a learning objective, or mark it achieved or dropped."""
    membership = _manager(actor)
    _own_party(actor, objective.alliance)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    before = snapshot(objective, OBJECTIVE_FIELDS)
    for field, value in changes.items():
        setattr(objective, field, value.strip() if isinstance(value, str) else value)
    after = snapshot(objective, OBJECTIVE_FIELDS)
    changed = [f for f in OBJECTIVE_FIELDS if before[f] != after[f]]
    if not changed:
        return objective
    if "owner" in changed:
        objective.owner_party = _owner_party(objective.alliance, objective.owner)
    _clean(objective)
    objective.save()
    audit_record(
        actor=actor,
        action="learning.objective_updated",
        obj=objective,
        organisation=membership.organisation,
        alliance=objective.alliance,
        summary=f"{actor} changed {', '.join(changed)} of the learning objective “{objective.title}”",
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return objective


@transaction.atomic
def review_record(
    *,
    actor: User,
    objective: LearningObjective,
    value: Decimal,
    comment: str = "",
    reviewed_on: datetime.date | None = None,
) -> ProgressReview:
    """Review progress on an objective, recording the measure's value each time."""
    membership = _writer(actor)
    _own_party(actor, objective.alliance)
    if not objective.is_active:
        raise invalid("objective", f"This objective is {objective.get_status_display().lower()}.")
    today = local_today(membership.organisation.time_zone)
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise invalid("reviewed_on", "A review cannot be dated in the future.")
    review = ProgressReview(
        objective=objective,
        reviewed_on=reviewed_on,
        value=value,
        comment=comment.strip(),
        reviewed_by=actor,
    )
    _clean(review)
    review.save()
    unit = f" {objective.unit}" if objective.unit else ""
    audit_record(
        actor=actor,
        action="learning.reviewed",
        obj=review,
        organisation=membership.organisation,
        alliance=objective.alliance,
        summary=f"{actor} reviewed “{objective.title}”: {objective.measure} at {value}{unit}",
        after={"value": str(value), "reviewed_on": reviewed_on.isoformat()},
    )
    return review


@transaction.atomic
def lesson_keep(*, actor: User, alliance: Alliance, source: Any, text: str) -> Lesson:
    """Keep what was learned (a wind-down's lessons) on the alliance's learning plan, revised in
    place when its source records them again; the audit trail keeps the earlier text."""
    _own_party(actor, alliance)
    if not text.strip():
        raise invalid("lessons", "Write what was learned.")
    key = f"{source._meta.label_lower}:{source.pk}"[:60]
    lesson = Lesson.objects.unscoped().filter(alliance=alliance, source_key=key).first()
    before = {"text": lesson.text} if lesson else None
    if lesson is None:
        lesson = Lesson(alliance=alliance, source_key=key)
    lesson.source, lesson.text = str(source)[:200], text.strip()
    lesson.recorded_by, lesson.recorded_at = actor, clock.now()
    _clean(lesson)
    lesson.save()
    audit_record(
        actor=actor,
        action="learning.lessons_kept",
        obj=lesson,
        organisation=actor.membership.organisation,
        alliance=alliance,
        summary=f"The learning plan keeps the lessons learned from {lesson.source}",
        before=before,
        after={"text": lesson.text},
    )
    return lesson
