"""What the partnering portal adds to Today: submissions whose service level runs out soon.

A submission is on a person's Today when it is assigned to them for review (or, while nobody is
assigned, on an alliance manager's or admin's), its clock is running, and its next deadline, the
first response or the decision, falls within the horizon. One query for any number.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from concord.core import clock, today
from concord.core.today import TodayItem
from concord.portal.models import Submission
from concord.portal.selectors import received_submissions


def today_items(user: Any) -> Iterable[TodayItem]:
    """Undecided submissions the person answers for whose next deadline is in the horizon."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return []
    assigned = Submission.reviewers.through.objects.filter(submission=OuterRef("pk"))
    mine: Any = Q(reviewers=user)  # a Q, or a Q or-ed with an expression
    if membership.can_manage_alliances:
        mine |= ~Exists(assigned)
    reach = clock.now() + datetime.timedelta(days=today.HORIZON_DAYS)
    running = (
        received_submissions(user=user)
        .filter(mine)
        .exclude(status__in=Submission.DECIDED)
        .filter(paused_since__isnull=True)
        .filter(
            Q(first_response_at__isnull=True, first_response_due__lte=reach)
            | Q(first_response_at__isnull=False, decision_due__lte=reach)
        )
        .distinct()
    )
    return [_item(s) for s in running]


def _item(submission: Submission) -> TodayItem:
    first = submission.first_response_at is None
    base = submission.first_response_due if first else submission.decision_due
    assert base is not None  # filtered on above
    # Time spent waiting on the submitter does not count against the service level.
    due = base + datetime.timedelta(seconds=submission.paused_seconds)
    what = "first response" if first else "decision"
    late = due < clock.now()
    when = "ran out" if late else "runs out"
    return TodayItem(
        kind="submission",
        title=f"{submission.reference} {submission.asset_name}",
        why=f"The {what} service level {when} on {due:%-d %b} "
        f"({submission.submitter_organisation_name}).",
        url=reverse("portal:submission-detail", args=[submission.pk]),
        action="Respond" if first else "Decide",
        due=due.date(),
        overdue=late,
    )
