"""Meetings: scheduling, the agenda, attendance and quorum (their minutes are in `minutes`)."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import invalid
from concord.governance import emails, rules
from concord.governance.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Concern,
    Escalation,
    MatterCategory,
    Meeting,
)
from concord.governance.services._base import (
    accepted_parties,
    charter_in_force,
    check_matter,
    clean,
    committee_writer,
    people_of,
)
from concord.orgs.models import User

MEETING_FIELDS = ["title", "starts_at", "duration_minutes", "time_zone", "location", "video_link"]


def _check_time_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise invalid("time_zone", "Choose a time zone such as Europe/London.") from error


def _default_title(committee: Committee, starts_at: datetime.datetime, tz: str) -> str:
    local = starts_at.astimezone(zoneinfo.ZoneInfo(tz))
    return f"{committee.short_name} meeting, {local:%-d %B %Y}"


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    committee: Committee,
    starts_at: datetime.datetime,
    time_zone: str = "UTC",
    duration_minutes: int = 90,
    location: str = "",
    video_link: str = "",
    title: str = "",
) -> Meeting:
    """Put a committee meeting in everyone's diary; its members are told by email."""
    party = committee_writer(actor, committee)
    if timezone.is_naive(starts_at):
        raise invalid("starts_at", "Give the meeting's time with its time zone.")
    _check_time_zone(time_zone)
    meeting = Meeting(
        alliance=committee.alliance,
        committee=committee,
        title=title.strip() or _default_title(committee, starts_at, time_zone),
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location.strip(),
        video_link=video_link.strip(),
        created_by=actor,
    )
    clean(meeting)
    meeting.save()
    audit_record(
        actor=actor,
        action="meeting.scheduled",
        obj=meeting,
        organisation=party.organisation,
        alliance=committee.alliance,
        summary=f"{actor} scheduled {meeting.title}",
        after=snapshot(meeting, MEETING_FIELDS),
    )
    emails.send_meeting_scheduled(meeting)
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, **changes: object) -> Meeting:
    """Move a meeting or change where it happens, until it has been held."""
    party = committee_writer(actor, meeting.committee)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise invalid("meeting", "Only a meeting still to be held can be changed.")
    unknown = set(changes) - set(MEETING_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    if "time_zone" in changes:
        _check_time_zone(str(changes["time_zone"]))
    before = snapshot(meeting, MEETING_FIELDS)
    for name, value in changes.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    clean(meeting)
    after = snapshot(meeting, MEETING_FIELDS)
    changed = [f for f in MEETING_FIELDS if before[f] != after[f]]
    if not changed:
        return meeting
    meeting.save()
    audit_record(
        actor=actor,
        action="meeting.updated",
        obj=meeting,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} changed {', '.join(changed)} of {meeting.title}",
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting) -> Meeting:
    """Call off a meeting that has not been held; its open agenda items stay on record."""
    party = committee_writer(actor, meeting.committee)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise invalid("meeting", "Only a meeting still to be held can be cancelled.")
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="meeting.cancelled",
        obj=meeting,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} cancelled {meeting.title}",
    )
    return meeting


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    objective: str = AgendaItem.Objective.DISCUSS,
    owner: User | None = None,
    minutes_allotted: int = 15,
    notes: str = "",
    concern: Concern | None = None,
    escalation: Escalation | None = None,
    category: str = MatterCategory.GENERAL,
    budget_change: Decimal | None = None,
    budget_currency: str = "",
) -> AgendaItem:
    """Add an item to the agenda of a meeting still to come: what, why (inform, discuss, decide),
    whose, how long, the concern or escalation it is about, and its matter category (and any
    budget change it asks for), which decide whether the charter makes it a carve-out."""
    party = committee_writer(actor, meeting.committee)
    check_matter(category, budget_change, budget_currency)
    if meeting.status == Meeting.Status.CANCELLED:
        raise invalid("meeting", "This meeting was cancelled.")
    if owner is not None and not _in_alliance(owner, meeting):
        raise invalid("owner", "Choose a person of one of the alliance's parties.")
    for field, record in (("concern", concern), ("escalation", escalation)):
        if record is not None and record.alliance_id != meeting.alliance_id:
            raise invalid(field, "Choose one of this alliance's records.")
    if concern is not None and not concern.is_shared:
        raise invalid("concern", "Share the concern with the partner before it goes on an agenda.")
    for field, record in (("concern", concern), ("escalation", escalation)):
        if (
            record is not None
            and AgendaItem.objects.unscoped().filter(meeting=meeting, **{field: record}).exists()
        ):
            raise invalid("meeting", "It is already on that meeting's agenda.")
    last = AgendaItem.objects.unscoped().filter(meeting=meeting).order_by("-position").first()
    item = AgendaItem(
        meeting=meeting,
        position=(last.position + 1) if last else 1,
        title=title.strip(),
        objective=objective,
        owner=owner,
        minutes_allotted=minutes_allotted,
        notes=notes.strip(),
        concern=concern,
        escalation=escalation,
        category=category,
        budget_change=budget_change,
        budget_currency=budget_currency.strip().upper(),
    )
    clean(item)
    item.save()
    audit_record(
        actor=actor,
        action="agenda.item_added",
        obj=item,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} put “{item.title}” on the agenda of {meeting.title}",
        after={
            "title": item.title,
            "objective": objective,
            "meeting": meeting.pk,
            "category": category,
            "budget_change": None if budget_change is None else str(budget_change),
            "budget_currency": item.budget_currency,
        },
    )
    return item


@transaction.atomic
def agenda_item_category_dispute(
    *, actor: User, item: AgendaItem, category: str, reason: str
) -> AgendaItem:
    """A party disputes an agenda item's category with its own reading. The dispute is shown to
    every party, and while it stands a reading that makes the matter a carve-out applies."""
    party = committee_writer(actor, item.meeting.committee)
    item = AgendaItem.objects.unscoped().select_for_update(of=("self",)).get(pk=item.pk)
    if category not in MatterCategory.values:
        raise invalid("category", "Choose one of the matter categories.")
    if category == item.category:
        raise invalid("category", "That is the category it already has: dispute it with another.")
    if not reason.strip():
        raise invalid("reason", "Say why the category is wrong.")
    if item.category_disputed_by_id not in (None, party.pk):
        raise invalid("item", "The other party already disputes this category.")
    before = {"disputed_category": item.disputed_category}
    item.disputed_category, item.category_disputed_by = category, party
    item.category_dispute_reason = reason.strip()[:500]
    item.save(
        update_fields=["disputed_category", "category_disputed_by", "category_dispute_reason"]
    )
    audit_record(
        actor=actor,
        action="agenda.category_disputed",
        obj=item,
        organisation=party.organisation,
        alliance=item.meeting.alliance,
        summary=f"{party.organisation} disputes that “{item.title}” is "
        f"{item.get_category_display().lower()}: it reads it as "
        f"{MatterCategory(category).label.lower()}",
        before=before,
        after={"disputed_category": category, "reason": item.category_dispute_reason},
    )
    return item


def _in_alliance(person: User, meeting: Meeting) -> bool:
    parties = accepted_parties(meeting.alliance)
    return User.objects.filter(people_of(parties), pk=person.pk).exists()


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    """Take an item off the agenda before the meeting decides anything on it."""
    meeting = item.meeting
    party = committee_writer(actor, meeting.committee)
    if item.decisions.exists():
        raise invalid("item", "The meeting has decided on this item; it stays on the agenda.")
    audit_record(
        actor=actor,
        action="agenda.item_removed",
        obj=item,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} took “{item.title}” off the agenda of {meeting.title}",
        before={"title": item.title},
    )
    item.delete()


@transaction.atomic
def attendance_record(
    *, actor: User, meeting: Meeting, present: list[CommitteeMember]
) -> rules.Quorum:
    """Record who attended; Concord says whether the meeting was quorate under the charter.

    Once the meeting has decided something, its attendance is fixed: the decisions rest on it.
    """
    party = committee_writer(actor, meeting.committee)
    locked = Meeting.objects.unscoped().select_for_update(of=("self",)).get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise invalid("meeting", "This meeting was cancelled.")
    if locked.starts_at > clock.now() + datetime.timedelta(minutes=30):
        raise invalid("meeting", "Attendance is recorded once the meeting has started.")
    if locked.decisions.exists():
        raise invalid("meeting", "The meeting has taken decisions on this attendance.")
    members = list(
        CommitteeMember.objects.unscoped()
        .filter(committee=meeting.committee_id)
        .select_related("user")
    )
    present_ids = {m.pk for m in present}
    if present_ids - {m.pk for m in members}:
        raise invalid("present", "Only the committee's members can be marked present.")
    Attendance.objects.unscoped().filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member=m, present=m.pk in present_ids) for m in members
    )
    quorum = meeting_quorum(meeting, members, present_ids)
    for record in (locked, meeting):  # the caller's copy sees the change too
        record.status, record.quorum_met = Meeting.Status.HELD, quorum.met
    locked.save(update_fields=["status", "quorum_met"])
    audit_record(
        actor=actor,
        action="meeting.attendance_recorded",
        obj=meeting,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} recorded attendance at {meeting.title}: "
        + ("quorate" if quorum.met else f"no quorum ({', '.join(quorum.missing)} short)"),
        after={"present": sorted(present_ids), "quorum_met": quorum.met},
    )
    return quorum


def meeting_quorum(
    meeting: Meeting, members: list[CommitteeMember], present_ids: set[int]
) -> rules.Quorum:
    """The quorum of a meeting, for the charter in force."""
    charter = charter_in_force(meeting.committee)
    parties = [(p.pk, p.organisation.name) for p in accepted_parties(meeting.alliance)]
    return rules.quorum(charter, parties, members, present_ids)
