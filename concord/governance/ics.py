"""The per-person iCalendar feed (RFC 5545): every registered calendar source's entries.

Times are written in UTC, so no VTIMEZONE is needed; due dates are all-day DATE values. The feed
is built with the `icalendar` library, which folds lines and escapes text as the RFC asks.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import icalendar
from django.conf import settings
from django.urls import reverse

from concord.core import clock
from concord.core.calendar import CalendarEntry, calendar_entries
from concord.governance import selectors

PRODID = "-//Concord//Alliance governance//EN"
OVERDUE = "OVERDUE · "


def governance_entries(user: Any) -> Iterable[CalendarEntry]:
    """This capability's source: the person's committee meetings and their actions' due dates."""
    for meeting in selectors.calendar_meetings(user=user):
        where = meeting.location or meeting.video_link
        yield CalendarEntry(
            uid=f"meeting-{meeting.pk}@concord",
            summary=f"{meeting.title} ({meeting.alliance.name})",
            start=meeting.starts_at,
            end=meeting.ends_at,
            description=_meeting_description(meeting),
            location=where,
            url=reverse("governance:meeting-detail", args=[meeting.pk]),
        )
    for action in selectors.calendar_actions(user=user):
        yield CalendarEntry(
            uid=f"action-{action.pk}@concord",
            summary=f"Due: {action.title}",
            start=action.due_on,
            end=action.due_on + datetime.timedelta(days=1),
            description=f"Action in {action.alliance.name}. {action.detail}".strip(),
            url=reverse("governance:action-list", args=[action.alliance_id])
            + f"?mine=1#action-{action.pk}",
            overdue=action.is_overdue,
        )


def _meeting_description(meeting: Any) -> str:
    lines = [f"{meeting.committee.name}, {meeting.alliance.name}."]
    if meeting.video_link and meeting.location:
        lines.append(f"Join: {meeting.video_link}")
    if meeting.status == "held":
        lines.append("Held." + (" Quorate." if meeting.quorum_met else " Not quorate."))
    return "\n".join(lines)


def _moment(value: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC)
    return value


def _event(entry: CalendarEntry, stamp: datetime.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    # Calendar apps show little more than the title, so that is where "overdue" has to be.
    event.add("summary", f"{OVERDUE}{entry.summary}" if entry.overdue else entry.summary)
    if entry.overdue:
        event.add("categories", ["Overdue"])
    event.add("dtstart", _moment(entry.start))
    if entry.end is not None:
        event.add("dtend", _moment(entry.end))
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add(
            "url", f"{settings.SITE_URL}{entry.url}" if entry.url.startswith("/") else entry.url
        )
    return event


def calendar_for(user: Any) -> bytes:
    """The person's whole calendar: every source, one VCALENDAR."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"Concord: {user}")
    stamp = clock.now().astimezone(datetime.UTC).replace(microsecond=0)
    for entry in calendar_entries(user):
        calendar.add_component(_event(entry, stamp))
    return calendar.to_ical()
