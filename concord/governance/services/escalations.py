"""Concerns raised early, and escalations up the alliance's ladder: raised, moved up (by hand or
when a level's time runs out), resolved; end-runs recorded as such."""

from __future__ import annotations

import datetime

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party
from concord.core.tenancy import PRIVATE, SHARED
from concord.governance import emails, rules
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    Concern,
    Decision,
    Escalation,
    EscalationStep,
    ExecutiveAct,
    Meeting,
    Severity,
)
from concord.governance.services._base import (
    accepted_parties,
    charter_in_force,
    clean,
    membership_of,
    on_team,
    party_of,
)
from concord.orgs.models import User

Level = Escalation.Level
REMIND_BEFORE = datetime.timedelta(days=3)
ACTION_REMINDER_INTERVAL = datetime.timedelta(days=7)


# --- Concerns ------------------------------------------------------------------------------------


def _team_party(actor: User, alliance: Alliance) -> Party:
    """Anyone on the alliance team (or an alliance manager) raises concerns and escalations."""
    party = party_of(actor, alliance)
    if not (actor.membership.can_manage_alliances or on_team(actor, party)):
        raise forbidden("Only people on the alliance team can do this.")
    return party


def _concern_audit(actor: User | None, concern: Concern, action: str, summary: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=concern,
        organisation=concern.organisation,
        alliance=concern.alliance,
        summary=summary,
        after={"status": concern.status, "visibility": concern.visibility},
        visibility=concern.visibility,
    )


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    body: str = "",
    severity: str = Severity.MEDIUM,
    visibility: str = PRIVATE,
) -> Concern:
    """Raise a concern early: kept within the organisation to think it through, or shared."""
    party = _team_party(actor, alliance)
    if visibility not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    concern = Concern(
        alliance=alliance,
        organisation=party.organisation,
        raised_by=actor,
        title=title.strip(),
        body=body.strip(),
        severity=severity,
        visibility=visibility,
    )
    clean(concern)
    concern.save()
    _concern_audit(
        actor, concern, "concern.raised", f"{actor} raised a {severity} concern: {concern.title}"
    )
    return concern


def _own_concern(actor: User, concern: Concern) -> Party:
    party = _team_party(actor, concern.alliance)
    if not concern.is_shared and concern.organisation_id != party.organisation_id:
        raise forbidden("Only its own organisation acts on a private concern.")
    return party


@transaction.atomic
def concern_share(*, actor: User, concern: Concern) -> Concern:
    """Share a private concern with every party, so it can be discussed together."""
    _own_concern(actor, concern)
    if concern.is_shared:
        raise invalid("concern", "This concern is already shared.")
    concern.visibility = SHARED
    concern.save(update_fields=["visibility"])
    _concern_audit(actor, concern, "concern.shared", f"{actor} shared the concern: {concern.title}")
    return concern


@transaction.atomic
def concern_to_agenda(
    *, actor: User, concern: Concern, meeting: Meeting, objective: str = "discuss"
) -> AgendaItem:
    """Put a shared concern on a coming meeting's agenda."""
    from concord.governance.services.meetings import agenda_item_add

    _own_concern(actor, concern)
    if not concern.is_open:
        raise invalid("concern", "This concern is resolved.")
    if meeting.alliance_id != concern.alliance_id or meeting.status != Meeting.Status.SCHEDULED:
        raise invalid("meeting", "Choose a coming meeting of this alliance.")
    item = agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=f"Concern: {concern.title}",
        objective=objective,
        owner=concern.raised_by,
        notes=concern.body,
        concern=concern,
    )
    concern.status = Concern.Status.ON_AGENDA
    concern.save(update_fields=["status"])
    return item


@transaction.atomic
def concern_resolve(*, actor: User, concern: Concern, resolution: str) -> Concern:
    """Close a concern, saying how it was resolved."""
    _own_concern(actor, concern)
    if not concern.is_open:
        raise invalid("concern", "This concern is already resolved.")
    if not resolution.strip():
        raise invalid("resolution", "Say how the concern was resolved.")
    concern.status, concern.resolved_at = Concern.Status.RESOLVED, clock.now()
    concern.resolution = resolution.strip()
    concern.save(update_fields=["status", "resolved_at", "resolution"])
    _concern_audit(
        actor, concern, "concern.resolved", f"{actor} resolved the concern: {concern.title}"
    )
    return concern


@transaction.atomic
def concern_from_early_warning(
    *, alliance: Alliance, title: str, body: str, severity: str, source: str = "pulse"
) -> Concern:
    """A shared concern the system raises when the pulse gives an early warning; no person
    raised it, so the audit event has none. (The pulse itself tells the alliance managers.)"""
    concern = Concern(
        alliance=alliance,
        organisation=None,
        raised_by=None,
        title=title.strip()[:200],
        body=body.strip(),
        severity=severity if severity in Severity.values else Severity.MEDIUM,
        visibility=SHARED,
        source=source,
    )
    clean(concern)
    concern.save()
    _concern_audit(
        None, concern, "concern.raised", f"Early warning raised a concern: {concern.title}"
    )
    return concern


# --- Escalations ---------------------------------------------------------------------------------


def _discussed_by_committee(concern: Concern | None) -> bool:
    if concern is None:
        return False
    return AgendaItem.objects.unscoped().filter(concern=concern, meeting__status="held").exists()


@transaction.atomic
def escalation_raise(
    *,
    actor: User,
    alliance: Alliance,
    committee: Committee,
    title: str,
    description: str = "",
    level: str = Level.TEAM,
    concern: Concern | None = None,
    addressed_to: str = "",
    carve_out: str = "",
) -> Escalation:
    """Escalate a matter. The agreed path starts with the working team (or the committee, for a
    concern it has discussed); raising it higher, or outside the ladder, is an end-run: recorded
    as such and told to both parties' alliance managers."""
    party = _team_party(actor, alliance)
    if committee.alliance_id != alliance.pk:
        raise invalid("committee", "Choose a committee of this alliance.")
    if level not in Level.values:
        raise invalid("level", "Choose a level of the ladder.")
    if level == Level.OUTSIDE and not addressed_to.strip():
        raise invalid("addressed_to", "Say whom the matter was taken to.")
    if concern is not None:
        if concern.alliance_id != alliance.pk or not concern.is_shared:
            raise invalid("concern", "Only a shared concern of this alliance can be escalated.")
    charter = charter_in_force(committee)
    if carve_out.strip() and carve_out.strip() not in charter.carve_out_topics:
        raise invalid("carve_out", "Choose one of the charter's carve-out topics, or none.")
    expected = rules.expected_entry(
        deadlocked_decision=False, discussed_by_committee=_discussed_by_committee(concern)
    )
    reason = rules.end_run_reason(level, expected)
    now = clock.now()
    escalation = Escalation(
        alliance=alliance,
        committee=committee,
        concern=concern,
        title=title.strip(),
        description=description.strip(),
        carve_out=carve_out.strip(),
        raised_by=actor,
        raising_party=party,
        addressed_to=addressed_to.strip(),
        level=level,
        level_since=now,
        level_due_at=rules.due_at(charter, level, now),
        is_end_run=bool(reason),
        end_run_reason=reason,
    )
    clean(escalation)
    escalation.save()
    _raised(actor, escalation, party)
    if concern is not None and concern.is_open:
        concern.status = Concern.Status.ESCALATED
        concern.save(update_fields=["status"])
    return escalation


def _raised(actor: User | None, escalation: Escalation, party: Party | None) -> None:
    EscalationStep.objects.create(
        escalation=escalation,
        level=escalation.level,
        due_at=escalation.level_due_at,
        actor=actor,
        note=escalation.end_run_reason or "Raised",
    )
    flag = " — an end-run" if escalation.is_end_run else ""
    audit_record(
        actor=actor,
        action="escalation.end_run" if escalation.is_end_run else "escalation.raised",
        obj=escalation,
        organisation=party.organisation if party else None,
        alliance=escalation.alliance,
        summary=f"{actor} escalated “{escalation.title}” to {escalation.get_level_display().lower()}{flag}",
        after={
            "level": escalation.level,
            "end_run": escalation.is_end_run,
            "reason": escalation.end_run_reason,
            "addressed_to": escalation.addressed_to,
        },
    )
    if escalation.is_end_run:
        emails.send_end_run(escalation)
    else:
        emails.send_escalation_raised(escalation)


def escalation_from_deadlock(*, actor: User, decision: Decision) -> Escalation:
    """A deadlocked decision goes to the executives named in the charter: the agreed path."""
    committee = decision.committee
    charter = charter_in_force(committee)
    party = party_of(actor, decision.alliance)
    now = clock.now()
    escalation = Escalation(
        alliance=decision.alliance,
        committee=committee,
        decision=decision,
        title=f"Deadlock on {decision.reference}: {decision.title}"[:200],
        description=decision.text,
        carve_out=decision.carve_out,
        raised_by=actor,
        raising_party=party,
        level=Level.EXECUTIVES,
        level_since=now,
        level_due_at=rules.due_at(charter, Level.EXECUTIVES, now),
    )
    clean(escalation)
    escalation.save()
    _raised(actor, escalation, party)
    return escalation


def _move(escalation: Escalation, level: str, actor: User | None, note: str) -> None:
    charter = charter_in_force(escalation.committee)
    before = escalation.level
    now = clock.now()
    escalation.level, escalation.level_since = level, now
    escalation.level_due_at = rules.due_at(charter, level, now)
    escalation.reminded_before_at = escalation.reminded_expiry_at = None
    escalation.save()
    EscalationStep.objects.create(
        escalation=escalation, level=level, due_at=escalation.level_due_at, actor=actor, note=note
    )
    audit_record(
        actor=actor,
        action="escalation.moved_up",
        obj=escalation,
        organisation=getattr(getattr(actor, "membership", None), "organisation", None),
        alliance=escalation.alliance,
        summary=f"“{escalation.title}” moved up to {escalation.get_level_display().lower()}: {note}",
        before={"level": before},
        after={"level": level},
    )
    emails.send_escalation_raised(escalation)


def _next(escalation: Escalation) -> str | None:
    charter = charter_in_force(escalation.committee)
    return rules.next_level(
        escalation.level,
        carve_out=bool(escalation.carve_out or _carve_out_now(escalation, charter)),
        final_say=charter.final_say_party_id is not None,
    )


def _carve_out_now(escalation: Escalation, charter: Charter) -> str:
    """The carve-out rule the deadlocked matter falls under now: a category disputed after the
    decision still keeps it from one party's final say."""
    item = escalation.decision.agenda_item if escalation.decision else None
    if item is None:
        return ""
    return rules.carve_out(
        charter,
        category=item.category,
        disputed_category=item.disputed_category,
        budget_change=item.budget_change,
        currency=item.budget_currency,
    )


@transaction.atomic
def escalation_advance(*, actor: User, escalation: Escalation, note: str = "") -> Escalation:
    """Take an unresolved matter to the next rung of the ladder. The executives' period runs its
    full length: before it ends the matter moves on only when every party's executives agree
    (escalation_executive_move_on), so no party can hurry it to its own final say."""
    party_of(actor, escalation.alliance)
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=escalation.pk)
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is closed.")
    level = _next(escalation)
    if level is None:
        raise invalid("escalation", "This is the last rung: resolve the escalation here.")
    if _executives_period_running(escalation):
        raise invalid(
            "escalation",
            f"The executives' period runs until {escalation.level_due_at:%-d %b %Y %H:%M} UTC; "
            "it ends early only when every party's executives agree to move on.",
        )
    _move(escalation, level, actor, note.strip() or f"Moved up by {actor}")
    return escalation


def _executives_period_running(escalation: Escalation) -> bool:
    due = escalation.level_due_at
    return escalation.level == Level.EXECUTIVES and due is not None and clock.now() < due


EXECUTIVE_RULE = (
    "At the executives' rung a party acts through the executives its charter names (or, where "
    "the charter names none of that party's people, its executive sponsors and alliance managers)."
)


def _is_executive(actor: User, party: Party, charter: Charter) -> bool:
    """One of the party's executives for this charter."""
    named = set(
        charter.executives.filter(membership__organisation_id=party.organisation_id).values_list(
            "pk", flat=True
        )
    )
    if named:
        return actor.pk in named
    membership = actor.membership
    return membership.can_sign_gates or membership.can_manage_alliances


def _executive_party(actor: User, escalation: Escalation, party_id: int | None) -> Party:
    """The party an executive acts for at the executives' rung: their own, never another's."""
    party_of(actor, escalation.alliance)
    charter = charter_in_force(escalation.committee)
    if escalation.level != Level.EXECUTIVES:
        raise invalid("escalation", "Only at the executives' rung do the executives act on it.")
    return acting_party(
        actor,
        accepted_parties(escalation.alliance),
        may_act=lambda person, party: _is_executive(person, party, charter),
        role_rule=EXECUTIVE_RULE,
        named_party_id=party_id,
    )


def executive_joint_act(escalation: Escalation, purpose: str) -> JointAct:
    """The parties' executives' acts of one purpose (move on, resolve) as a joint act; a
    resolution act's answer is its wording, since the parties must agree the same words."""
    acts = ExecutiveAct.objects.unscoped().filter(escalation=escalation, purpose=purpose)
    return JointAct.of(
        [p.pk for p in accepted_parties(escalation.alliance)],
        (PartyAct(a.party_id, a.resolution, a.acted_by_id, a.acted_at) for a in acts),
    )


def _executive_audit(actor: User, party: Party, escalation: Escalation, summary: str) -> None:
    audit_record(
        actor=actor,
        action="escalation.executive_act",
        obj=escalation,
        organisation=party.organisation,
        alliance=escalation.alliance,
        summary=summary,
    )


@transaction.atomic
def escalation_executive_move_on(
    *, actor: User, escalation: Escalation, party_id: int | None = None
) -> Escalation:
    """A party's executive agrees to end the executives' period early. A joint act: the matter
    moves to the next rung only when every party's executives have agreed."""
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=escalation.pk)
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is closed.")
    party = _executive_party(actor, escalation, party_id)
    purpose = ExecutiveAct.Purpose.MOVE_ON
    act_admitted(executive_joint_act(escalation, purpose), party.pk, field="escalation")
    ExecutiveAct.objects.create(escalation=escalation, purpose=purpose, party=party, acted_by=actor)
    _executive_audit(
        actor,
        party,
        escalation,
        f"{actor} agreed for {party.organisation} to move “{escalation.title}” on from the "
        "executives before their period ends",
    )
    level = _next(escalation)
    if executive_joint_act(escalation, purpose).is_complete and level is not None:
        _move(escalation, level, actor, "Every party's executives agreed to move on early")
    return escalation


def _may_resolve(actor: User, escalation: Escalation, party: Party) -> None:
    membership = membership_of(actor)
    if not (membership.can_manage_alliances or membership.can_sign_gates):
        raise forbidden("Alliance managers and executive sponsors record resolutions.")
    if escalation.level == Level.FINAL_SAY:
        final_say = charter_in_force(escalation.committee).final_say_party_id
        if party.pk != final_say:
            raise forbidden("At this rung the party with final say decides.")


@transaction.atomic
def escalation_resolve(
    *, actor: User, escalation: Escalation, resolution: str, party_id: int | None = None
) -> Escalation:
    """Record how the matter was resolved. At the executives' rung a resolution is a joint act:
    each party's executive agrees to it as worded, and it is resolved only when every party has
    agreed the same words. At the final rung only the party with final say may resolve."""
    party = party_of(actor, escalation.alliance)
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=escalation.pk)
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is already closed.")
    if escalation.level == Level.EXECUTIVES:
        party = _executive_party(actor, escalation, party_id)
    else:
        _may_resolve(actor, escalation, party)
    if not resolution.strip():
        raise invalid("resolution", "Say how it was resolved.")
    if escalation.level == Level.EXECUTIVES:
        if not _executives_agree(actor, party, escalation, resolution.strip()):
            return escalation
    _resolve(actor, party, escalation, resolution.strip())
    return escalation


def _executives_agree(actor: User, party: Party, escalation: Escalation, wording: str) -> bool:
    """Record the party's executive agreeing to a resolution as worded (a new wording replaces
    the party's own earlier one, openly); whether every party now agrees the same words."""
    purpose = ExecutiveAct.Purpose.RESOLVE
    previous = executive_joint_act(escalation, purpose).act_of(party.pk)
    if previous is not None and previous.answer == wording:
        raise invalid("resolution", "Your party has already agreed to this wording.")
    ExecutiveAct.objects.unscoped().update_or_create(
        escalation=escalation,
        purpose=purpose,
        party=party,
        defaults={"resolution": wording, "acted_by": actor, "acted_at": clock.now()},
    )
    audit_record(
        actor=actor,
        action="escalation.executive_act",
        obj=escalation,
        organisation=party.organisation,
        alliance=escalation.alliance,
        summary=f"{actor} agreed for {party.organisation} to resolve “{escalation.title}”",
        before={"resolution": previous.answer} if previous else None,
        after={"resolution": wording},
    )
    joint = executive_joint_act(escalation, purpose)
    return joint.is_complete and set(joint.answers.values()) == {wording}


def _resolve(actor: User, party: Party, escalation: Escalation, resolution: str) -> None:
    escalation.status, escalation.resolved_at = Escalation.Status.RESOLVED, clock.now()
    escalation.resolution, escalation.resolved_by = resolution, actor
    escalation.save()
    audit_record(
        actor=actor,
        action="escalation.resolved",
        obj=escalation,
        organisation=party.organisation,
        alliance=escalation.alliance,
        summary=f"“{escalation.title}” resolved at {escalation.get_level_display().lower()}: {escalation.resolution}",
        after={"level": escalation.level, "resolution": escalation.resolution},
    )


@transaction.atomic
def escalation_withdraw(*, actor: User, escalation: Escalation, note: str = "") -> Escalation:
    """The raising party withdraws its escalation (settled between the people, say)."""
    party = party_of(actor, escalation.alliance)
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=escalation.pk)
    if escalation.raising_party_id != party.pk:
        raise forbidden("Only the party that raised it can withdraw an escalation.")
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is already closed.")
    escalation.status, escalation.resolved_at = Escalation.Status.WITHDRAWN, clock.now()
    escalation.resolution = note.strip()
    escalation.save()
    audit_record(
        actor=actor,
        action="escalation.withdrawn",
        obj=escalation,
        organisation=party.organisation,
        alliance=escalation.alliance,
        summary=f"{actor} withdrew the escalation “{escalation.title}”",
    )
    return escalation


@transaction.atomic
def escalation_to_agenda(*, actor: User, escalation: Escalation, meeting: Meeting) -> AgendaItem:
    """Put an open escalation on a coming meeting's agenda, for the committee to decide."""
    from concord.governance.services.meetings import agenda_item_add

    party_of(actor, escalation.alliance)
    if not escalation.is_open:
        raise invalid("escalation", "This escalation is closed.")
    if meeting.alliance_id != escalation.alliance_id or meeting.status != Meeting.Status.SCHEDULED:
        raise invalid("meeting", "Choose a coming meeting of this alliance.")
    return agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=f"Escalation: {escalation.title}",
        objective=AgendaItem.Objective.DECIDE,
        owner=escalation.raised_by,
        notes=escalation.description,
        escalation=escalation,
    )


# --- The sweep's part: reminders and expiry ------------------------------------------------------


def escalation_reminders_send() -> tuple[int, int]:
    """Expired levels move up (with a notice); levels about to expire get one reminder.
    Idempotent: each level is reminded once before and once at expiry."""
    now = clock.now()
    open_ones = Escalation.objects.unscoped().filter(
        status=Escalation.Status.OPEN, level_due_at__isnull=False
    )
    expired = list(
        open_ones.filter(level_due_at__lte=now, reminded_expiry_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    moved = sum(_expire(pk, now) for pk in expired)
    soon = list(
        open_ones.filter(
            level_due_at__gt=now,
            level_due_at__lte=now + REMIND_BEFORE,
            reminded_before_at__isnull=True,
        ).values_list("pk", flat=True)
    )
    return sum(_remind(pk, now) for pk in soon), moved


@transaction.atomic
def _remind(pk: int, now: datetime.datetime) -> bool:
    # Re-read under a lock so two sweeps running at once send one reminder, not two.
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=pk)
    if not escalation.is_open or escalation.reminded_before_at is not None:
        return False
    escalation.reminded_before_at = now
    escalation.save(update_fields=["reminded_before_at"])
    emails.send_escalation_reminder(escalation, expired=False)
    audit_record(
        actor=None,
        action="escalation.reminded",
        obj=escalation,
        alliance=escalation.alliance,
        summary=f"Reminded: the {escalation.get_level_display().lower()} level of “{escalation.title}” ends soon",
    )
    return True


@transaction.atomic
def _expire(pk: int, now: datetime.datetime) -> bool:
    escalation = Escalation.objects.unscoped().select_for_update(of=("self",)).get(pk=pk)
    if not escalation.is_open or escalation.reminded_expiry_at is not None:
        return False
    escalation.reminded_expiry_at = now
    escalation.save(update_fields=["reminded_expiry_at"])
    emails.send_escalation_reminder(escalation, expired=True)
    level = _next(escalation)
    if level is not None:
        label = escalation.get_level_display().lower()
        _move(escalation, level, None, f"The {label} level's time limit ran out")
    return True


def action_reminders_send() -> int:
    """Remind the owners of overdue actions, once per overdue week."""
    today = clock.today()
    cutoff = clock.now() - ACTION_REMINDER_INTERVAL
    due = (
        ActionItem.objects.unscoped()
        .filter(status=ActionItem.Status.OPEN, due_on__lt=today)
        .exclude(reminded_at__gt=cutoff)
        .values_list("pk", flat=True)
    )
    return sum(_action_remind(pk, cutoff) for pk in list(due))


@transaction.atomic
def _action_remind(pk: int, cutoff: datetime.datetime) -> bool:
    action = (
        ActionItem.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("owner")
        .get(pk=pk)
    )
    if not action.is_overdue or (action.reminded_at and action.reminded_at > cutoff):
        return False
    action.reminded_at = clock.now()
    action.save(update_fields=["reminded_at"])
    emails.send_action_overdue(action)
    audit_record(
        actor=None,
        action="action.reminded",
        obj=action,
        alliance=action.alliance,
        summary=f"Reminded {action.owner} that “{action.title}” was due {action.due_on:%-d %b %Y}",
    )
    return True
