"""What the IP register adds to other pages: filing deadlines in the calendar feed and on Today
for the party that prosecutes the invention, and the inventions before a joint patent
committee, in its meeting pack and on its meeting page."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.portfolio import alliances_in_role
from concord.core import clock, today
from concord.core.calendar import CalendarEntry
from concord.core.tenancy import organisation_of
from concord.core.today import TodayItem, count_days
from concord.ip import selectors
from concord.ip.models import PATENT_COMMITTEE
from concord.ip.rules import Deadline


def _prosecuted(user: Any, **narrow: Any) -> list[Deadline]:
    org = organisation_of(user)
    return selectors.deadlines_of(
        user=user,
        organisation_filter={
            "prosecuting_party__organisation": org,
            "prosecuting_party__status": Party.Status.ACCEPTED,
            **narrow,
        },
    )


def filing_calendar(user: Any) -> Iterable[CalendarEntry]:
    """Filing deadlines of the inventions the person's organisation prosecutes."""
    if organisation_of(user) is None:
        return []
    now = clock.today()
    return [
        CalendarEntry(
            uid=f"ip-{d.disclosure.pk}-{d.what.split()[0].lower()}@concord",
            summary=f"IP deadline: {d.what} for {d.disclosure.title} ({d.disclosure.alliance.name})",
            start=d.due,
            description=f"{d.what} for the invention “{d.disclosure.title}”.",
            url=reverse("ip:disclosure-detail", args=[d.disclosure.pk]),
            overdue=d.due < now,
        )
        for d in _prosecuted(user)
    ]


def today_items(user: Any) -> Iterable[TodayItem]:
    """Filing deadlines within the horizon (or missed) of inventions the person's party
    prosecutes, on alliances they manage."""
    membership = getattr(user, "membership", None)
    if organisation_of(user) is None or membership is None or membership.is_read_only:
        return []
    deadlines = _prosecuted(user, alliance_id__in=alliances_in_role(user=user))
    now, horizon = clock.today(), today.horizon()
    return [_deadline_item(d, now) for d in deadlines if d.due <= horizon]


def _deadline_item(deadline: Deadline, now: Any) -> TodayItem:
    late = (now - deadline.due).days
    when = f"{count_days(late)} past" if late > 0 else f"due {deadline.due:%-d %b %Y}"
    disclosure = deadline.disclosure
    return TodayItem(
        kind="ip",
        title=f"{deadline.what}: {disclosure.title}",
        why=f"Your organisation prosecutes this invention; {when}.",
        url=reverse("ip:disclosure-detail", args=[disclosure.pk]),
        action="File",
        alliance_id=disclosure.alliance_id,
        alliance_name=disclosure.alliance.name,
        due=deadline.due,
        overdue=late > 0,
    )


def pack_section(user: Any, meeting: Any) -> tuple[str, dict[str, Any]] | None:
    """The inventions for a joint patent committee's meeting pack: each disclosure with its owners
    and next filing deadline, read in the reader's scope; other committees' packs leave it out."""
    if meeting.committee.kind != PATENT_COMMITTEE:
        return None
    found = selectors.register(user=user, alliance=meeting.alliance)
    return "ip/_pack_disclosures.html", {"disclosures": found.disclosures}


def meeting_section(user: Any, meeting: Any) -> tuple[str, dict[str, Any]] | None:
    """On a joint patent committee's meeting page, beside its agenda: the inventions awaiting
    its decision whether and where to file (no filing yet), read in the reader's scope."""
    if meeting.committee.kind != PATENT_COMMITTEE:
        return None
    rows = selectors.awaiting_decision(user=user, alliance=meeting.alliance)
    return "ip/_meeting_inventions.html", {"rows": rows, "alliance": meeting.alliance}
