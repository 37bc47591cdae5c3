"""The governance router and what its endpoints share: shaping committees, charter rules and
meetings for the response, and the agenda items and people a request names, in the caller's scope."""

from __future__ import annotations

from typing import Any

from ninja import Router

from concord.core.errors import invalid
from concord.core.signatures import signatures_attach
from concord.governance import selectors
from concord.governance.models import (
    AgendaItem,
    Committee,
    Meeting,
)
from concord.governance.schemas.committees import (
    CharterRulesIn,
)
from concord.governance.schemas.meetings import (
    MeetingOut,
)
from concord.orgs.models import User

router = Router(tags=["governance"])


def _committee(user: User, committee: Committee) -> dict[str, Any]:
    statuses = selectors.committee_statuses(user=user, alliance=committee.alliance)
    status = next(s for s in statuses if s.committee.pk == committee.pk)
    return _committee_out(status)


def _committee_out(status: selectors.CommitteeStatus) -> dict[str, Any]:
    c = status.committee
    return {
        "id": c.pk,
        "alliance_id": c.alliance_id,
        "kind": c.kind,
        "name": c.name,
        "reports_to_id": c.reports_to_id,
        "charter": status.charter,
        "members": status.members,
        "next_meeting_due": status.next_due,
        "meeting_overdue": status.overdue,
        "parity_broken": status.parity_broken,
    }


def _rules(
    user: User, committee_alliance: Any, payload: CharterRulesIn, exclude: set[str]
) -> dict[str, Any]:
    """The rules sent, with ids turned into records of this alliance."""
    data = payload.model_dump(exclude_unset=True, exclude=exclude)
    data = {k: v for k, v in data.items() if v is not None}
    if "final_say_party_id" in data:
        wanted = data.pop("final_say_party_id")
        parties = selectors.parties_of(user=user, alliance=committee_alliance)
        party = next((p for p in parties if p.pk == wanted), None)
        if party is None:
            raise invalid("final_say_party_id", "Choose a party that has joined the alliance.")
        data["final_say_party"] = party
    if "executive_ids" in data:
        ids = data.pop("executive_ids")
        people = list(
            selectors.alliance_people(user=user, alliance=committee_alliance).filter(pk__in=ids)
        )
        if len(people) != len(set(ids)):
            raise invalid("executive_ids", "Choose active people of the alliance's parties.")
        data["executives"] = people
    return data


def _meeting(user: User, meeting: Meeting) -> dict[str, Any]:
    record = selectors.meeting_record(user=user, meeting=meeting)
    # The manifests of the meeting's decisions and of its minutes, a query for each.
    signatures_attach(user=user, subjects=record.decisions)
    signatures_attach(user=user, subjects=record.minutes)
    quorum = None
    if record.quorum is not None:
        quorum = {
            "met": record.quorum.met,
            "parties": [
                {
                    "party_id": p.party_id,
                    "name": p.name,
                    "present": p.present,
                    "needed": p.needed,
                    "met": p.met,
                }
                for p in record.quorum.parties
            ],
        }
    return {
        **{name: getattr(meeting, name) for name in MeetingOut.model_fields},
        "agenda": record.agenda,
        "present_member_ids": sorted(record.present),
        "quorum": quorum,
        "decisions": record.decisions,
        "minutes": record.minutes,
        "minutes_due": record.minutes_due,
        "minutes_turnaround": record.turnaround if meeting.is_held else None,
    }


def _agenda_item(user: User, meeting: Meeting, pk: int | None) -> AgendaItem | None:
    """An item of the meeting's own agenda, or a 422 naming the field."""
    if pk is None:
        return None
    item = selectors.agenda_item_list(user=user, meeting=meeting).filter(pk=pk).first()
    if item is None:
        raise invalid("agenda_item_id", "Choose an item of this meeting's agenda.")
    return item


def _person(user: User, alliance: Any, pk: int | None, field: str) -> User | None:
    if pk is None:
        return None
    person = selectors.alliance_people(user=user, alliance=alliance).filter(pk=pk).first()
    if person is None:
        raise invalid(field, "Choose an active person of one of the alliance's parties.")
    return person
