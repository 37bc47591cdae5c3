"""Minutes: drafted by the secretary's party, circulated, commented, approved by every party
through its own people, corrected after approval only by a joint act, and reminded about."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from concord.alliances.models import Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.joint import JointAct, PartyAct, act_admitted
from concord.core.signatures import Meaning, sign
from concord.governance import emails, rules
from concord.governance.models import (
    Charter,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesComment,
)
from concord.governance.services._base import (
    accepted_parties,
    clean,
    committee_writer,
    party_of,
)
from concord.orgs.models import User

# Older meetings are left to the meeting page's overdue badge rather than mailed about.
MINUTES_REMINDER_WINDOW = datetime.timedelta(days=90)


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
