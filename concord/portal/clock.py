"""Service-level clocks: deadlines count whole days in the receiving organisation's time zone and
stand still while the team waits on the submitter."""

from __future__ import annotations

import datetime
import zoneinfo

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
