"""Escalations up the alliance's ladder: raising one, moving it up a level, withdrawing it or
putting it on an agenda."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.governance import emails, rules
from concord.governance.models import (
    AgendaItem,
    Charter,
    Committee,
    Concern,
    Decision,
    Escalation,
    EscalationStep,
    Meeting,
)
from concord.governance.services._base import (
    agenda_item_carve_out,
    charter_in_force,
    clean,
    party_of,
)
from concord.governance.services.concerns import _team_party
from concord.orgs.models import User

Level = Escalation.Level


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
    return agenda_item_carve_out(charter, item)


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
