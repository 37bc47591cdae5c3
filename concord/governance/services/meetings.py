"""Meetings: scheduling, the agenda, attendance and quorum, and the minutes with their versions."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from concord.alliances.models import Party
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.core.signatures import Meaning, sign
from concord.governance import emails, rules
from concord.governance.models import (
    AgendaItem,
    Attendance,
    Charter,
    Committee,
    CommitteeMember,
    Concern,
    Escalation,
    MatterCategory,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesComment,
)
from concord.governance.services._base import (
    accepted_parties,
    charter_in_force,
    check_matter,
    clean,
    committee_writer,
    party_of,
    people_of,
)
from concord.orgs.models import User

# Older meetings are left to the meeting page's overdue badge rather than mailed about.
MINUTES_REMINDER_WINDOW = datetime.timedelta(days=90)

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


# --- Minutes -------------------------------------------------------------------------------------


def _latest_minutes(meeting: Meeting) -> Minutes | None:
    return (
        Minutes.objects.unscoped()
        .select_for_update(of=("self",))
        .filter(meeting=meeting)
        .order_by("-version")
        .first()
    )


@transaction.atomic
def minutes_save(*, actor: User, meeting: Meeting, body: str) -> Minutes:
    """Draft the minutes of a held meeting, or revise a draft not yet approved."""
    party = committee_writer(actor, meeting.committee)
    if not meeting.is_held:
        raise invalid("meeting", "Minutes are written once attendance has been recorded.")
    if not body.strip():
        raise invalid("body", "Write the minutes.")
    minutes = _latest_minutes(meeting)
    if minutes is not None and minutes.is_locked:
        raise invalid("body", "Approved minutes are locked; propose a correction instead.")
    created = minutes is None
    minutes = minutes or Minutes(meeting=meeting, version=1, drafted_by=actor, body="")
    before = minutes.body
    minutes.body, minutes.updated_at = body.strip(), clock.now()
    clean(minutes)
    minutes.save()
    audit_record(
        actor=actor,
        action="minutes.drafted" if created else "minutes.revised",
        obj=minutes,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} {'drafted' if created else 'revised'} the minutes of {meeting.title}",
        before=None if created else {"body": before},
        after={"body": minutes.body, "version": minutes.version},
    )
    return minutes


@transaction.atomic
def minutes_circulate(*, actor: User, minutes: Minutes) -> Minutes:
    """Send the draft to the committee for comment; the turnaround clock stops on first circulation."""
    meeting = minutes.meeting
    party = committee_writer(actor, meeting.committee)
    minutes = Minutes.objects.unscoped().select_for_update(of=("self",)).get(pk=minutes.pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise invalid("minutes", "Only a draft can be circulated.")
    minutes.status = Minutes.Status.CIRCULATED
    minutes.circulated_at = minutes.circulated_at or clock.now()
    minutes.save(update_fields=["status", "circulated_at"])
    audit_record(
        actor=actor,
        action="minutes.circulated",
        obj=minutes,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} circulated the minutes of {meeting.title} (v{minutes.version})",
    )
    emails.send_minutes_circulated(minutes)
    return minutes


@transaction.atomic
def minutes_comment(*, actor: User, minutes: Minutes, body: str) -> MinutesComment:
    """Comment on circulated minutes, before they are approved."""
    meeting = minutes.meeting
    party = party_of(actor, meeting.alliance)
    minutes = Minutes.objects.unscoped().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise invalid("minutes", "Comments are taken while minutes are circulated.")
    comment = MinutesComment(minutes=minutes, author=actor, body=body.strip())
    clean(comment)
    comment.save()
    audit_record(
        actor=actor,
        action="minutes.commented",
        obj=minutes,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} commented on the minutes of {meeting.title}",
        after={"comment": comment.body},
    )
    return comment


@transaction.atomic
def minutes_approve(
    *,
    actor: User,
    minutes: Minutes,
    at_meeting: Meeting,
    password: str = "",
    meaning: str = "",
    code: str = "",
) -> Minutes:
    """A party approves circulated minutes at the committee's next quorate meeting: a joint act,
    so the minutes lock only when every party has approved them through its own people. Each
    approval is an electronic signature: the approver's password, re-entered, and the meaning
    `approve`."""
    meeting = minutes.meeting
    party = committee_writer(actor, meeting.committee)
    minutes = Minutes.objects.unscoped().select_for_update(of=("self",)).get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise invalid("minutes", "Circulate the minutes for comment before approving them.")
    if at_meeting.committee_id != meeting.committee_id or at_meeting.starts_at <= meeting.starts_at:
        raise invalid(
            "at_meeting", "Minutes are approved at a later meeting of the same committee."
        )
    if not (at_meeting.is_held and at_meeting.quorum_met):
        raise invalid("at_meeting", "Only a quorate meeting can approve minutes.")
    act_admitted(
        minutes_joint_act(minutes),
        party.pk,
        field="minutes",
        already="Your party has already approved this version of the minutes.",
    )
    sign(
        actor=actor,
        subject=minutes,
        alliance=meeting.alliance,
        statement=f"Approved the minutes of {meeting.title} (v{minutes.version}) for "
        f"{party.organisation}",
        content=minutes_content(minutes),
        meanings=(Meaning.APPROVE,),
        password=password,
        meaning=meaning,
        code=code,
    )
    MinutesApproval.objects.create(
        minutes=minutes, party=party, approved_by=actor, at_meeting=at_meeting
    )
    audit_record(
        actor=actor,
        action="minutes.party_approved",
        obj=minutes,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} approved the minutes of {meeting.title} (v{minutes.version}) for "
        f"{party.organisation} at {at_meeting.title}",
        after={"version": minutes.version, "at_meeting": at_meeting.pk},
    )
    if minutes_joint_act(minutes).is_complete:
        _minutes_lock(actor, party, minutes, at_meeting)
    return minutes


def minutes_content(minutes: Minutes) -> dict[str, Any]:
    """What a party signs when it approves minutes: this version's text, of this meeting."""
    return {
        "minutes": minutes.pk,
        "meeting": minutes.meeting_id,
        "version": minutes.version,
        "body": minutes.body,
    }


def minutes_joint_act(minutes: Minutes) -> JointAct:
    """Approving a version of the minutes as a joint act of the alliance's accepted parties."""
    approvals = MinutesApproval.objects.unscoped().filter(minutes=minutes)
    return JointAct.of(
        [p.pk for p in accepted_parties(minutes.meeting.alliance)],
        (PartyAct(a.party_id, "approved", a.approved_by_id, a.approved_at) for a in approvals),
    )


def _minutes_lock(actor: User, party: Party, minutes: Minutes, at_meeting: Meeting) -> None:
    meeting = minutes.meeting
    minutes.status, minutes.approved_at = Minutes.Status.APPROVED, clock.now()
    minutes.approved_at_meeting = at_meeting
    minutes.save(update_fields=["status", "approved_at", "approved_at_meeting"])
    audit_record(
        actor=actor,
        action="minutes.approved",
        obj=minutes,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"The minutes of {meeting.title} (v{minutes.version}) were approved at {at_meeting.title}",
        after={"version": minutes.version, "at_meeting": at_meeting.pk},
    )


@transaction.atomic
def minutes_correct(*, actor: User, minutes: Minutes, body: str, note: str) -> Minutes:
    """Correct approved minutes: a new version, to be approved again; the old text stays."""
    meeting = minutes.meeting
    party = committee_writer(actor, meeting.committee)
    latest = _latest_minutes(meeting)
    if latest is None or latest.pk != minutes.pk or not latest.is_locked:
        raise invalid("minutes", "Only the latest approved version can be corrected.")
    if not note.strip():
        raise invalid("note", "Say what the correction is.")
    if body.strip() == latest.body:
        raise invalid("body", "The correction changes nothing.")
    correction = Minutes(
        meeting=meeting,
        version=latest.version + 1,
        body=body.strip(),
        correction_note=note.strip(),
        drafted_by=actor,
    )
    clean(correction)
    try:
        with transaction.atomic():
            correction.save()
    except IntegrityError as error:
        raise invalid("minutes", "Someone corrected these minutes at the same moment.") from error
    audit_record(
        actor=actor,
        action="minutes.corrected",
        obj=correction,
        organisation=party.organisation,
        alliance=meeting.alliance,
        summary=f"{actor} proposed a correction to the minutes of {meeting.title}: {correction.correction_note}",
        before={"version": minutes.version},
        after={"version": correction.version, "body": correction.body},
    )
    return correction


def minutes_reminders_send() -> int:
    """Tell the co-chairs, once per meeting, when a held meeting's draft minutes are past their
    turnaround and still not circulated."""
    circulated = Minutes.objects.unscoped().filter(
        meeting=OuterRef("pk"), circulated_at__isnull=False
    )
    held = (
        Meeting.objects.unscoped()
        .filter(
            status=Meeting.Status.HELD,
            minutes_reminded_at__isnull=True,
            starts_at__gte=clock.now() - MINUTES_REMINDER_WINDOW,
        )
        .exclude(Exists(circulated))
        .values_list("pk", flat=True)
    )
    return sum(_minutes_remind(pk) for pk in list(held))


@transaction.atomic
def _minutes_remind(pk: int) -> bool:
    meeting = (
        Meeting.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "created_by")
        .get(pk=pk)
    )
    charter = (
        Charter.objects.unscoped()
        .filter(committee=meeting.committee_id, status=Charter.Status.IN_FORCE)
        .first()
    )
    if meeting.minutes_reminded_at or charter is None:
        return False
    if Minutes.objects.unscoped().filter(meeting=meeting, circulated_at__isnull=False).exists():
        return False
    due = rules.minutes_due(charter, meeting.starts_at.date())
    if clock.today() <= due:
        return False
    meeting.minutes_reminded_at = clock.now()
    meeting.save(update_fields=["minutes_reminded_at"])
    emails.send_minutes_overdue(meeting, due)
    audit_record(
        actor=None,
        action="minutes.reminded",
        obj=meeting,
        alliance=meeting.alliance,
        summary=f"Reminded the co-chairs that the minutes of {meeting.title} were due "
        f"{due:%-d %b %Y}",
    )
    return True
