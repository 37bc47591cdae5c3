"""Decisions with each party's vote (at a meeting or by written consent), and action items."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.governance import emails, rules
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    CommitteeMember,
    Decision,
    DecisionVote,
    Meeting,
)
from concord.governance.services._base import (
    accepted_parties,
    charter_in_force,
    clean,
    committee_writer,
    party_of,
    people_of,
)
from concord.governance.services.committees import next_decision_number
from concord.governance.services.escalations import escalation_from_deadlock
from concord.orgs.models import User


def _check_carve_out(charter: Charter, carve_out: str) -> str:
    carve_out = carve_out.strip()
    if carve_out and carve_out not in charter.carve_out_topics:
        raise invalid("carve_out", "Choose one of the charter's carve-out topics, or none.")
    return carve_out


def _new_decision(
    actor: User, committee: Committee, title: str, text: str, carve_out: str, **fields: Any
) -> Decision:
    decision = Decision(
        alliance=committee.alliance,
        committee=committee,
        number=next_decision_number(committee.alliance),
        title=title.strip(),
        text=text.strip(),
        carve_out=carve_out,
        recorded_by=actor,
        **fields,
    )
    clean(decision)
    decision.save()
    return decision


def _votes_by_party(votes: dict[Any, str], parties: list[Party]) -> dict[int, str]:
    """Votes keyed by party id; every party votes, once, for or against."""
    by_id = {getattr(key, "pk", key): value for key, value in votes.items()}
    if set(by_id) - {p.pk for p in parties}:
        raise invalid("votes", "Only the alliance's parties vote.")
    for party in parties:
        if by_id.get(party.pk) not in DecisionVote.Vote.values:
            raise invalid("votes", f"Record {party.organisation}'s vote: for or against.")
    return by_id


@transaction.atomic
def decision_record(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    votes: dict[Any, str],
    text: str = "",
    carve_out: str = "",
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """Record a decision taken at a meeting with each party's one vote. It needs quorum; under
    the charter's voting rule it is agreed or deadlocked, and a deadlock starts the escalation."""
    committee = meeting.committee
    party = committee_writer(actor, committee)
    # Read afresh under a lock: attendance may have changed since the caller loaded the meeting.
    meeting = Meeting.objects.unscoped().select_for_update(of=("self",)).get(pk=meeting.pk)
    if not meeting.is_held:
        raise invalid("meeting", "Record the attendance first: a decision needs quorum.")
    if not meeting.quorum_met:
        raise invalid(
            "meeting", "The meeting was not quorate, so it cannot decide. Defer the item instead."
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise invalid("agenda_item", "Choose an item of this meeting's agenda.")
    charter = charter_in_force(committee)
    parties = accepted_parties(committee.alliance)
    by_party = _votes_by_party(votes, parties)
    decision = _new_decision(
        actor,
        committee,
        title,
        text,
        _check_carve_out(charter, carve_out),
        meeting=meeting,
        agenda_item=agenda_item,
        outcome=rules.outcome(by_party, [p.pk for p in parties], charter.unanimous),
        decided_at=clock.now(),
    )
    DecisionVote.objects.bulk_create(
        DecisionVote(decision=decision, party_id=pk, vote=vote, cast_by=actor)
        for pk, vote in by_party.items()
    )
    _audit_outcome(actor, party, decision, by_party, parties)
    if decision.outcome == Decision.Outcome.DEADLOCKED:
        escalation_from_deadlock(actor=actor, decision=decision)
    return decision


def _audit_outcome(
    actor: User, party: Party, decision: Decision, votes: dict[int, str], parties: list[Party]
) -> None:
    names = {p.pk: p.organisation.name for p in parties}
    tally = ", ".join(f"{names[pk]} {vote}" for pk, vote in votes.items())
    audit_record(
        actor=actor,
        action=f"decision.{decision.outcome}",
        obj=decision,
        organisation=party.organisation,
        alliance=decision.alliance,
        summary=f"{decision.reference} “{decision.title}”: {decision.get_outcome_display().lower()} ({tally})",
        after={"outcome": decision.outcome, "votes": {names[k]: v for k, v in votes.items()}},
    )


@transaction.atomic
def decision_defer(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    note: str = "",
    text: str = "",
    agenda_item: AgendaItem | None = None,
) -> Decision:
    """Put off a decision to a later meeting; deferring needs no quorum (it decides nothing)."""
    committee = meeting.committee
    party = committee_writer(actor, committee)
    if meeting.status == Meeting.Status.CANCELLED:
        raise invalid("meeting", "This meeting was cancelled.")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise invalid("agenda_item", "Choose an item of this meeting's agenda.")
    decision = _new_decision(
        actor,
        committee,
        title,
        text,
        "",
        meeting=meeting,
        agenda_item=agenda_item,
        outcome=Decision.Outcome.DEFERRED,
        note=note.strip(),
        decided_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action="decision.deferred",
        obj=decision,
        organisation=party.organisation,
        alliance=decision.alliance,
        summary=f"{decision.reference} “{decision.title}” deferred"
        + (f": {decision.note}" if decision.note else ""),
        after={"outcome": decision.outcome},
    )
    return decision


@transaction.atomic
def decision_propose(
    *, actor: User, committee: Committee, title: str, text: str, carve_out: str = ""
) -> Decision:
    """Seek a decision by written consent between meetings, where the charter allows it."""
    party = committee_writer(actor, committee)
    charter = charter_in_force(committee)
    if not charter.written_consent:
        raise invalid("committee", "This committee's charter does not allow written consent.")
    if not text.strip():
        raise invalid("text", "Word the resolution the parties are asked to consent to.")
    decision = _new_decision(
        actor,
        committee,
        title,
        text,
        _check_carve_out(charter, carve_out),
        method=Decision.Method.WRITTEN,
    )
    audit_record(
        actor=actor,
        action="decision.proposed",
        obj=decision,
        organisation=party.organisation,
        alliance=decision.alliance,
        summary=f"{actor} sought written consent to {decision.reference} “{decision.title}”",
        after={"title": decision.title, "text": decision.text},
    )
    emails.send_written_consent_sought(decision)
    return decision


@transaction.atomic
def decision_vote(*, actor: User, decision: Decision, vote: str) -> Decision:
    """A party casts its one vote on a written-consent decision, through a voting member or an
    alliance manager; the last vote settles it, and a deadlock starts the escalation."""
    decision = Decision.objects.unscoped().select_for_update(of=("self",)).get(pk=decision.pk)
    party = party_of(actor, decision.alliance)
    seat = CommitteeMember.objects.unscoped().filter(committee=decision.committee_id, user=actor)
    voter = actor.membership.can_manage_alliances or seat.exclude(role="alternate").exists()
    if not voter:
        raise forbidden(
            "Your party votes through its voting committee members or alliance managers."
        )
    if decision.outcome != Decision.Outcome.PENDING:
        raise invalid("decision", "This decision is already settled.")
    if vote not in DecisionVote.Vote.values:
        raise invalid("vote", "Vote for or against.")
    if DecisionVote.objects.unscoped().filter(decision=decision, party=party).exists():
        raise invalid("decision", "Your party has already voted.")
    DecisionVote.objects.create(decision=decision, party=party, vote=vote, cast_by=actor)
    audit_record(
        actor=actor,
        action="decision.voted",
        obj=decision,
        organisation=party.organisation,
        alliance=decision.alliance,
        summary=f"{party.organisation} voted {vote} {decision.reference} “{decision.title}”",
        after={"vote": vote},
    )
    parties = accepted_parties(decision.alliance)
    votes = dict(
        DecisionVote.objects.unscoped().filter(decision=decision).values_list("party_id", "vote")
    )
    charter = charter_in_force(decision.committee)
    result = rules.outcome(votes, [p.pk for p in parties], charter.unanimous)
    if result != Decision.Outcome.PENDING:
        decision.outcome, decision.decided_at = result, clock.now()
        decision.save(update_fields=["outcome", "decided_at"])
        _audit_outcome(actor, party, decision, votes, parties)
        if result == Decision.Outcome.DEADLOCKED:
            escalation_from_deadlock(actor=actor, decision=decision)
    return decision


# --- Action items --------------------------------------------------------------------------------

ACTION_FIELDS = ["title", "detail", "owner", "due_on", "status"]


def _owner_party(alliance: Alliance, owner: User) -> Party:
    parties = accepted_parties(alliance)
    if not User.objects.filter(people_of(parties), pk=owner.pk).exists():
        raise invalid("owner", "Choose an active person of one of the alliance's parties.")
    return next(p for p in parties if p.organisation_id == owner.membership.organisation_id)


@transaction.atomic
def action_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    owner: User,
    due_on: datetime.date,
    detail: str = "",
    committee: Committee | None = None,
    meeting: Meeting | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    """Give a person of either party something to do by a date; they are told by email."""
    party = party_of(actor, alliance)
    for field, record in (("committee", committee), ("meeting", meeting), ("decision", decision)):
        if record is not None and record.alliance_id != alliance.pk:
            raise invalid(field, "Choose one of this alliance's records.")
    if meeting is not None:
        committee = meeting.committee
    action = ActionItem(
        alliance=alliance,
        committee=committee or (decision.committee if decision else None),
        meeting=meeting or (decision.meeting if decision else None),
        decision=decision,
        title=title.strip(),
        detail=detail.strip(),
        owner=owner,
        owner_party=_owner_party(alliance, owner),
        due_on=due_on,
        created_by=actor,
    )
    clean(action)
    action.save()
    audit_record(
        actor=actor,
        action="action.created",
        obj=action,
        organisation=party.organisation,
        alliance=alliance,
        summary=f"{actor} gave {owner} the action “{action.title}”, due {due_on:%-d %b %Y}",
        after=snapshot(action, ACTION_FIELDS),
    )
    if owner.pk != actor.pk:
        emails.send_action_assigned(action)
    return action


@transaction.atomic
def action_update(*, actor: User, action: ActionItem, **changes: Any) -> ActionItem:
    """Change an action: done, cancelled or reopened, a new due date or owner."""
    party = party_of(actor, action.alliance)
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    if changes.get("status", action.status) not in ActionItem.Status.values:
        raise invalid("status", "Choose open, done or cancelled.")
    before = snapshot(action, ACTION_FIELDS)
    for name, value in changes.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    if "owner" in changes:
        action.owner_party = _owner_party(action.alliance, action.owner)
    clean(action)
    after = snapshot(action, ACTION_FIELDS)
    changed = [f for f in ACTION_FIELDS if before[f] != after[f]]
    if not changed:
        return action
    if "status" in changed:
        action.closed_at = None if action.is_open else clock.now()
    if "due_on" in changed or "owner" in changed:
        action.reminded_at = None  # a new promise gets its own reminders
    action.save()
    audit_record(
        actor=actor,
        action="action.updated",
        obj=action,
        organisation=party.organisation,
        alliance=action.alliance,
        summary=f"{actor} changed {', '.join(changed)} of the action “{action.title}”",
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return action
