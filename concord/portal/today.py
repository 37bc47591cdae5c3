"""What the partnering portal adds to Today: submissions whose service level runs out soon.

A submission is on a person's Today when it is assigned to them for review (or, while nobody is
assigned, on an alliance manager's or admin's), its clock is running, and its next deadline, the
first response or the decision (time spent waiting on the submitter added), falls within the
horizon. One query, through an index, for any number of submissions.
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
    reviewers = Submission.reviewers.through.objects
    # Exists rather than a join on the reviewers: no DISTINCT over the organisation's submissions.
    mine = Q(Exists(reviewers.filter(submission=OuterRef("pk"), user=user)))
    if membership.can_manage_alliances:
        mine |= ~Q(Exists(reviewers.filter(submission=OuterRef("pk"))))
    reach = clock.now() + datetime.timedelta(days=today.HORIZON_DAYS)
    # The kept queue key is the open deadline in seconds, pauses over added (NULL while waiting
    # on the submitter, above every deadline once decided): the (organisation, queue_key) index
    # finds the few due within the horizon among any number of submissions.
    running = (
        received_submissions(user=user)
        .filter(queue_key__lte=int(reach.timestamp()))
        .exclude(status__in=Submission.DECIDED)
        .filter(paused_since__isnull=True)
        .filter(mine)
        .order_by("queue_key")
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
