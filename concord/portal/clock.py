"""Service-level clocks: deadlines count whole days in the receiving organisation's time zone and
stand still while the team waits on the submitter."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from concord.core import clock
from concord.portal.models import Portal, Submission


def _end_of_local_day(moment: datetime.datetime, days: int, tz_name: str) -> datetime.datetime:
    """The end of the day `days` after `moment`, as that organisation's calendar counts it."""
    tz = zoneinfo.ZoneInfo(tz_name)
    local_day = moment.astimezone(tz).date() + datetime.timedelta(days=days)
    end = datetime.datetime.combine(local_day, datetime.time(23, 59, 59), tzinfo=tz)
    return end.astimezone(datetime.UTC)


def paused_for(submission: Submission, now: datetime.datetime | None = None) -> datetime.timedelta:
    """How long the clocks have stood still, including a pause still running."""
    seconds = submission.paused_seconds
    if submission.paused_since is not None:
        seconds += int(((now or clock.now()) - submission.paused_since).total_seconds())
    return datetime.timedelta(seconds=seconds)


def first_response_due(submission: Submission, portal: Portal) -> datetime.datetime:
    """When the submitter must have heard from a person, pauses added."""
    tz = submission.organisation.time_zone
    due = _end_of_local_day(submission.submitted_at, portal.first_response_days, tz)
    return due + paused_for(submission)


def decision_due(submission: Submission, portal: Portal) -> datetime.datetime:
    """When the submitter must have a decision, pauses added."""
    tz = submission.organisation.time_zone
    due = _end_of_local_day(submission.submitted_at, portal.decision_days, tz)
    return due + paused_for(submission)


def next_deadline(submission: Submission, portal: Portal) -> datetime.datetime | None:
    """The deadline the team works against now: first response, then decision; none once decided."""
    if submission.is_decided:
        return None
    if submission.first_response_at is None:
        return first_response_due(submission, portal)
    return decision_due(submission, portal)


def deadlines_set(submissions: Iterable[Submission], portal: Portal) -> list[Submission]:
    """Work out the kept deadlines (before pauses) of submissions in memory; returns them."""
    tz = portal.organisation.time_zone
    changed = []
    for submission in submissions:
        submission.first_response_due = _end_of_local_day(
            submission.submitted_at, portal.first_response_days, tz
        )
        submission.decision_due = _end_of_local_day(
            submission.submitted_at, portal.decision_days, tz
        )
        changed.append(submission)
    return changed


def deadlines_refresh(portal: Portal) -> int:
    """Keep every deadline of a portal's submissions in step with its service levels."""
    received = Submission.objects.unscoped().filter(organisation=portal.organisation_id)
    fields = ["first_response_due", "decision_due"]
    count = 0
    for start in range(0, received.count(), 2000):
        batch = list(received.order_by("pk").only("pk", "submitted_at")[start : start + 2000])
        Submission.objects.unscoped().bulk_update(deadlines_set(batch, portal), fields)
        count += len(batch)
    # Every deadline moved, so every day's answers in time may have: the kept statistics are
    # worked out again. Imported here: the services build on this module.
    from concord.portal.services.statistics import portal_statistics_rebuild

    portal_statistics_rebuild(portal.organisation_id)
    return count
