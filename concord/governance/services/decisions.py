"""Decisions as joint acts, each party casting its own vote (at a meeting or by written consent, within
the charter's window), and action items."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import invalid
from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party
from concord.core.signals import decision_settled
from concord.core.signatures import Meaning, sign
from concord.governance import emails, rules
from concord.governance.models import (
    Abstention,
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    Decision,
    DecisionVote,
    MatterCategory,
    Meeting,
)
from concord.governance.services._base import (
    accepted_parties,
    agenda_item_carve_out,
    charter_in_force,
    check_matter,
    clean,
    committee_writer,
    party_of,
    people_of,
    seat_of,
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


VOTER_RULE = "Your party votes through its voting committee members or alliance managers."


def _votes_on(actor: User, committee: Committee) -> bool:
    """Alliance managers and the voting members of the committee cast their party's vote."""
    if actor.membership.can_manage_alliances:
        return True
    seat = seat_of(actor, committee)
    return seat is not None and seat.votes


def decision_joint_act(decision: Decision, parties: list[Party]) -> JointAct:
    """A decision as a joint act: the accepted parties and the vote each has cast."""
    votes = DecisionVote.objects.unscoped().filter(decision=decision)
    return JointAct.of(
        [p.pk for p in parties],
        (PartyAct(v.party_id, v.vote, v.cast_by_id, v.cast_at) for v in votes),
    )


# A vote is an electronic signature whose meaning is the vote's: for is an approval, against a
# rejection, and an abstention a review (the party read the matter and takes no side).
VOTE_MEANINGS = {
    DecisionVote.Vote.FOR: (Meaning.APPROVE,),
    DecisionVote.Vote.AGAINST: (Meaning.REJECT,),
    DecisionVote.Vote.ABSTAIN: (Meaning.REVIEW,),
}

VOTE_WORDS = {"for": "Voted for", "against": "Voted against", "abstain": "Abstained on"}


def decision_content(decision: Decision, party: Party, vote: str) -> dict[str, Any]:
    """What a party signs when it votes: the resolution as worded, and its vote."""
    return {
        "decision": decision.pk,
        "reference": decision.reference,
        "committee": decision.committee_id,
        "title": decision.title,
        "text": decision.text,
        "carve_out": decision.carve_out,
        "party": party.pk,
        "vote": vote,
    }


def _cast(
    actor: User,
    decision: Decision,
    vote: str,
    *,
    party_id: int | None,
    change: bool,
    field: str,
    signature: dict[str, str],
) -> Party:
    """Cast (or explicitly change) the actor's own party's vote on a pending decision, signed
    with the voter's password and the meaning that fits the vote."""
    party_of(actor, decision.alliance)
    parties = accepted_parties(decision.alliance)
    committee = decision.committee
    party = acting_party(
        actor,
        parties,
        may_act=lambda person, _party: _votes_on(person, committee),
        role_rule=VOTER_RULE,
        named_party_id=party_id,
        field=field,
    )
    if decision.outcome != Decision.Outcome.PENDING:
        raise invalid("decision", "This decision is already settled.")
    if decision.votes_close_at is not None and clock.now() > decision.votes_close_at:
        raise invalid("decision", "The charter's window for voting on this decision has closed.")
    charter = charter_in_force(committee)
    if vote not in DecisionVote.Vote.values:
        raise invalid("vote", "Vote for, against or abstain.")
    if vote == DecisionVote.Vote.ABSTAIN and charter.abstention == Abstention.NOT_ALLOWED:
        raise invalid("vote", "This committee's charter does not allow abstaining.")
    previous = act_admitted(
        decision_joint_act(decision, parties), party.pk, change=change, field="vote"
    )
    if previous is not None and previous.answer == vote:
        raise invalid("vote", f"Your party's vote is already {vote}.")
    sign(
        actor=actor,
        subject=decision,
        alliance=decision.alliance,
        statement=f"{VOTE_WORDS[vote]} {decision.reference} “{decision.title}” for "
        f"{party.organisation}",
        content=decision_content(decision, party, vote),
        meanings=VOTE_MEANINGS[DecisionVote.Vote(vote)],
        **signature,
    )
    DecisionVote.objects.unscoped().update_or_create(
        decision=decision,
        party=party,
        defaults={
            "vote": vote,
            "cast_by": actor,
            "cast_at": clock.now(),
            "replaced_vote": previous.answer if previous else "",
        },
    )
    changed = f", changing its vote from {previous.answer}" if previous else ""
    audit_record(
        actor=actor,
        action="decision.vote_changed" if previous else "decision.voted",
        obj=decision,
        organisation=party.organisation,
        alliance=decision.alliance,
        summary=f"{actor} voted {vote} for {party.organisation} on {decision.reference} "
        f"“{decision.title}”{changed}",
        before={"vote": previous.answer} if previous else None,
        after={"vote": vote},
    )
    return party


def _settle(actor: User, party: Party, decision: Decision) -> Decision:
    """Once every party has voted, the charter's rule gives the outcome; a deadlock (and only a
    deadlock: a unanimous "no" is a rejection) starts the escalation ladder."""
    parties = accepted_parties(decision.alliance)
    joint = decision_joint_act(decision, parties)
    charter = charter_in_force(decision.committee)
    result = rules.outcome(joint.answers, joint.required, charter.unanimous, charter.abstention)
    if result == Decision.Outcome.PENDING:
        return decision
    decision.outcome, decision.decided_at = result, clock.now()
    decision.save(update_fields=["outcome", "decided_at"])
    _audit_outcome(actor, party, decision, joint.answers, parties)
    _announce(decision, actor)
    if result == Decision.Outcome.DEADLOCKED:
        escalation_from_deadlock(actor=actor, decision=decision)
    return decision


def _announce(decision: Decision, actor: User | None) -> None:
    """Tell a capability that asked for this decision (core/decisions.py) how it ended."""
    decision_settled.send(
        sender=Decision,
        alliance=decision.alliance,
        decision_id=decision.pk,
        outcome=decision.outcome,
        reference=decision.reference,
        actor=actor,
    )


def _votes_close(charter: Charter, after: datetime.datetime) -> datetime.datetime:
    return max(after, clock.now()) + datetime.timedelta(days=charter.vote_window_days)


@transaction.atomic
def decision_record(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    votes: dict[Any, str] | None = None,
    text: str = "",
    carve_out: str = "",
    agenda_item: AgendaItem | None = None,
    password: str = "",
    meaning: str = "",
    code: str = "",
) -> Decision:
    """Put a resolution to the vote at a quorate meeting. Each party casts its own vote, there
    or within the charter's window after the meeting; the recorder may cast their own party's
    vote at once (`votes` names only that party: another party's vote is refused), signed with
    their password and its meaning."""
    committee = meeting.committee
    committee_writer(actor, committee)
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
    tagged = _check_carve_out(charter, carve_out)
    decision = _new_decision(
        actor,
        committee,
        title,
        text,
        (agenda_item and agenda_item_carve_out(charter, agenda_item)) or tagged,
        meeting=meeting,
        agenda_item=agenda_item,
        votes_close_at=_votes_close(charter, meeting.ends_at),
    )
    audit_record(
        actor=actor,
        action="decision.put_to_vote",
        obj=decision,
        organisation=party_of(actor, committee.alliance).organisation,
        alliance=decision.alliance,
        summary=f"{actor} put {decision.reference} “{decision.title}” to the vote at {meeting}",
        after={"title": decision.title, "votes_close_at": str(decision.votes_close_at)},
    )
    for key, vote in (votes or {}).items():
        party = _cast(
            actor,
            decision,
            vote,
            party_id=getattr(key, "pk", key),
            change=False,
            field="votes",
            signature={"password": password, "meaning": meaning, "code": code},
        )
        _settle(actor, party, decision)
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
    *,
    actor: User,
    committee: Committee,
    title: str,
    text: str,
    carve_out: str = "",
    category: str = MatterCategory.GENERAL,
    budget_change: Decimal | None = None,
    budget_currency: str = "",
) -> Decision:
    """Seek a decision by written consent between meetings, where the charter allows it. Its
    matter category and any budget change are set now, for every party to see, and the
    charter's carve-out rules apply to them whatever topic anyone tags."""
    party = committee_writer(actor, committee)
    charter = charter_in_force(committee)
    if not charter.written_consent:
        raise invalid("committee", "This committee's charter does not allow written consent.")
    if not text.strip():
        raise invalid("text", "Word the resolution the parties are asked to consent to.")
    check_matter(category, budget_change, budget_currency)
    tagged = _check_carve_out(charter, carve_out)
    currency = budget_currency.strip().upper() if budget_change is not None else ""
    ruled = rules.carve_out(
        charter, category=category, budget_change=budget_change, currency=currency
    )
    decision = _new_decision(
        actor,
        committee,
        title,
        text,
        ruled or tagged,
        method=Decision.Method.WRITTEN,
        votes_close_at=_votes_close(charter, clock.now()),
        category=category,
        budget_change=budget_change,
        budget_currency=currency,
    )
    audit_record(
        actor=actor,
        action="decision.proposed",
        obj=decision,
        organisation=party.organisation,
        alliance=decision.alliance,
        summary=f"{actor} sought written consent to {decision.reference} “{decision.title}”",
        after={
            "title": decision.title,
            "text": decision.text,
            "category": decision.category,
            "budget_change": None if budget_change is None else f"{budget_change} {currency}",
            "carve_out": decision.carve_out,
        },
    )
    emails.send_written_consent_sought(decision)
    return decision


@transaction.atomic
def decision_vote(
    *,
    actor: User,
    decision: Decision,
    vote: str,
    party_id: int | None = None,
    change: bool = False,
    password: str = "",
    meaning: str = "",
    code: str = "",
) -> Decision:
    """A party casts its own vote on a pending decision (put to the vote at a meeting, or sought
    by written consent), through a voting member or an alliance manager, within the charter's
    window. The vote is an electronic signature: the voter's password, re-entered, and its
    meaning (for: approve, against: reject, abstain: review). A party's second vote is refused
    unless it explicitly changes its vote. The last vote settles the decision."""
    decision = Decision.objects.unscoped().select_for_update(of=("self",)).get(pk=decision.pk)
    signature = {"password": password, "meaning": meaning, "code": code}
    party = _cast(
        actor,
        decision,
        vote,
        party_id=party_id,
        change=change,
        field="party_id",
        signature=signature,
    )
    return _settle(actor, party, decision)


def decision_votes_lapse() -> int:
    """Pending decisions whose voting window closed before every party voted lapse: nothing
    was decided, and nobody's silence is read as a vote. Idempotent."""
    due = Decision.objects.unscoped().filter(
        outcome=Decision.Outcome.PENDING, votes_close_at__lt=clock.now()
    )
    return sum(_lapse(pk) for pk in list(due.values_list("pk", flat=True)))


@transaction.atomic
def _lapse(pk: int) -> bool:
    decision = Decision.objects.unscoped().select_for_update(of=("self",)).get(pk=pk)
    if decision.outcome != Decision.Outcome.PENDING:
        return False
    decision.outcome, decision.decided_at = Decision.Outcome.LAPSED, clock.now()
    decision.save(update_fields=["outcome", "decided_at"])
    audit_record(
        actor=None,
        action="decision.lapsed",
        obj=decision,
        alliance=decision.alliance,
        summary=f"{decision.reference} “{decision.title}” lapsed: the voting window closed "
        "before every party had voted",
        after={"outcome": decision.outcome},
    )
    _announce(decision, None)
    return True


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
