"""Every write to expectations: commitments, deliveries and their verdicts, disputes, the learning plan.

The rules, in one place:

- Alliance managers of the owing or the receiving party record a commitment; the owner person
  belongs to the owing party.
- The owing party delivers (any of its members who is not read-only); the receiving party judges
  each delivery against the acceptance criteria, accepting it or rejecting it with a comment; a
  rejected commitment is delivered again. Deliveries are never edited, so the history stays.
- Only the party owed may give something up: waive a commitment, move its due date, or settle a
  dispute by accepting, waiving or rescheduling. Either party raises a dispute or records that the
  commitment stands.
"""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from concord.alliances.models import Alliance, Party, Phase
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.core.signals import achievement
from concord.core.tenancy import organisation_of
from concord.expectations import emails
from concord.expectations.models import (
    DUE_SOON_DAYS,
    Commitment,
    CommitmentDispute,
    Delivery,
    LearningObjective,
    ProgressReview,
    end_of_day,
)
from concord.orgs.models import Membership, User

COMMITMENT_FIELDS = ["title", "description", "kind", "acceptance_criteria", "owner", "due_date"]
OBJECTIVE_FIELDS = [
    "title",
    "rationale",
    "measure",
    "unit",
    "baseline",
    "target",
    "owner",
    "target_date",
    "status",
]


# --- Who may act -------------------------------------------------------------------------------


def _membership(actor: User) -> Membership:
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    return membership


def _writer(actor: User) -> Membership:
    membership = _membership(actor)
    if membership.is_read_only:
        raise forbidden("Viewers can read commitments but not change them.")
    return membership


def _manager(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return membership


def _own_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's side of an alliance it has joined: Alliance's editable_by() rule
    (a joined party, a role that is not read-only), read as the one row it needs."""
    org = organisation_of(actor)
    party = (
        Party.objects.unscoped()
        .select_related("organisation")
        .filter(alliance=alliance, organisation=org, status=Party.Status.ACCEPTED)
        .first()
        if org is not None
        else None
    )
    if party is None or actor.membership.is_read_only:
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return party


def _side(actor: User, commitment: Commitment) -> Party:
    """The actor's party, which must owe the commitment or be owed it."""
    party = _own_party(actor, commitment.alliance)
    if party.pk not in (commitment.owner_party_id, commitment.receiving_party_id):
        raise forbidden("Only the party that owes this commitment and the party owed it can act.")
    return party


def _receiver(actor: User, commitment: Commitment, what: str) -> Party:
    party = _own_party(actor, commitment.alliance)
    if party.pk != commitment.receiving_party_id:
        raise forbidden(
            f"Only {commitment.receiving_party.organisation}, the party owed, can {what}."
        )
    return party


def _locked(commitment: Commitment) -> Commitment:
    """Re-read under a lock: two people judging at once must not both win."""
    return (
        Commitment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related(
            "alliance", "owner_party__organisation", "receiving_party__organisation", "owner"
        )
        .get(pk=commitment.pk)
    )


def _clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)


def _not_disputed(commitment: Commitment) -> None:
    if commitment.in_dispute:
        raise invalid("commitment", "This commitment is in dispute: resolve the dispute first.")


EARLIEST_DUE, LATEST_DUE = datetime.date(1990, 1, 1), datetime.date(2999, 12, 31)


def _due_at(due_date: datetime.date, owner_party: Party) -> datetime.datetime:
    """The instant a commitment due that day turns overdue, in the owing party's time zone."""
    if not EARLIEST_DUE <= due_date <= LATEST_DUE:
        raise invalid("due_date", "Give a due date between 1990 and 2999.")
    return end_of_day(due_date, owner_party.organisation.time_zone)


def local_today(tz_name: str) -> datetime.date:
    """Today's date as an organisation's calendar has it."""
    return timezone.localdate(clock.now(), zoneinfo.ZoneInfo(tz_name))


# --- Commitments -------------------------------------------------------------------------------


def _accepted_party(alliance: Alliance, party: Party | None, field: str) -> Party:
    """The party as the database has it now, if it has joined this alliance."""
    if party is None:
        raise invalid(field, "Choose a party that has joined this alliance.")
    joined = (
        Party.objects.unscoped()
        .select_related("organisation")
        .filter(alliance=alliance, status=Party.Status.ACCEPTED, pk=party.pk)
        .first()
    )
    if joined is None:
        raise invalid(field, "Choose a party that has joined this alliance.")
    return joined


def _other_party(alliance: Alliance, owner_party: Party) -> Party:
    """The party owed when none is named: the only other party of a two-party alliance."""
    others = list(
        Party.objects.unscoped()
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .exclude(pk=owner_party.pk)
    )
    if len(others) != 1:
        raise invalid("receiving_party", "Say which party the commitment is owed to.")
    return others[0]


def _check_owner(owner: User | None, party: Party) -> User:
    membership = getattr(owner, "membership", None)
    if (
        owner is None
        or membership is None
        or not membership.is_active
        or membership.organisation_id != party.organisation_id
    ):
        raise invalid("owner", f"Choose an active member of {party.organisation}.")
    return owner


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    acceptance_criteria: str,
    owner_party: Party,
    owner: User,
    due_date: datetime.date,
    receiving_party: Party | None = None,
    description: str = "",
    kind: str = Commitment.Kind.DELIVERABLE,
) -> Commitment:
    """Record what one party owes the alliance, by when and judged how."""
    membership = _manager(actor)
    party = _own_party(actor, alliance)
    if alliance.phase == Phase.TERMINATED:
        raise invalid("alliance", "A terminated alliance takes no new commitments.")
    owner_party = _accepted_party(alliance, owner_party, "owner_party")
    if receiving_party is None:
        receiving_party = _other_party(alliance, owner_party)
    receiving_party = _accepted_party(alliance, receiving_party, "receiving_party")
    if receiving_party.pk == owner_party.pk:
        raise invalid("receiving_party", "A party cannot owe a commitment to itself.")
    if party.pk not in (owner_party.pk, receiving_party.pk):
        raise forbidden("Record commitments your organisation owes or is owed.")
    commitment = Commitment(
        alliance=alliance,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        acceptance_criteria=acceptance_criteria.strip(),
        owner_party=owner_party,
        owner=_check_owner(owner, owner_party),
        receiving_party=receiving_party,
        due_date=due_date,
        due_at=_due_at(due_date, owner_party),
        created_by=actor,
    )
    _clean(commitment)
    commitment.save()
    audit_record(
        actor=actor,
        action="commitment.created",
        obj=commitment,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} recorded that {owner_party.organisation} owes “{commitment.title}” "
        f"by {due_date:%d %b %Y}",
        after=snapshot(commitment, [*COMMITMENT_FIELDS, "owner_party", "receiving_party"]),
    )
    emails.send_commitment_assigned(commitment)
    return commitment


@transaction.atomic
def commitment_update(*, actor: User, commitment: Commitment, **changes: Any) -> Commitment:
    """Edit a commitment's terms; only the party owed moves its due date."""
    membership = _manager(actor)
    commitment = _locked(commitment)
    party = _side(actor, commitment)
    unknown = set(changes) - set(COMMITMENT_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    if commitment.is_closed:
        raise invalid("commitment", "An accepted or waived commitment can no longer change.")
    before = snapshot(commitment, COMMITMENT_FIELDS)
    for field, value in changes.items():
        setattr(commitment, field, value.strip() if isinstance(value, str) else value)
    after = snapshot(commitment, COMMITMENT_FIELDS)
    changed = [f for f in COMMITMENT_FIELDS if before[f] != after[f]]
    if not changed:
        return commitment
    _check_changes(commitment, party, changed)
    commitment.due_at = _due_at(commitment.due_date, commitment.owner_party)
    _clean(commitment)
    commitment.save()
    audit_record(
        actor=actor,
        action="commitment.updated",
        obj=commitment,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{actor} changed {', '.join(changed)} of “{commitment.title}”",
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return commitment


def _check_changes(commitment: Commitment, party: Party, changed: list[str]) -> None:
    if "due_date" in changed and party.pk != commitment.receiving_party_id:
        raise invalid(
            "due_date",
            f"Only {commitment.receiving_party.organisation}, the party owed, can move the due date.",
        )
    if "acceptance_criteria" in changed and commitment.deliveries.exists():
        raise invalid(
            "acceptance_criteria",
            "Something has been delivered against these criteria; they can no longer change.",
        )
    if "owner" in changed:
        _check_owner(commitment.owner, commitment.owner_party)


# --- Deliveries --------------------------------------------------------------------------------


@transaction.atomic
def commitment_deliver(
    *, actor: User, commitment: Commitment, note: str = "", reference: str = ""
) -> Delivery:
    """The owing party hands over what it owes; the party owed is asked to judge it."""
    membership = _writer(actor)
    commitment = _locked(commitment)
    party = _own_party(actor, commitment.alliance)
    if party.pk != commitment.owner_party_id:
        raise forbidden(f"Only {commitment.owner_party.organisation}, which owes it, can deliver.")
    _not_disputed(commitment)
    if not commitment.is_open:
        raise invalid("commitment", _why_not_open(commitment))
    now = clock.now()
    delivered_on = local_today(commitment.owner_party.organisation.time_zone)
    delivery = Delivery(
        commitment=commitment,
        sequence=commitment.deliveries.count() + 1,
        delivered_by=actor,
        delivered_at=now,
        delivered_on=delivered_on,
        days_late=max(0, (delivered_on - commitment.due_date).days),
        note=note.strip(),
        reference=reference.strip(),
    )
    _clean(delivery)
    try:
        with transaction.atomic():
            delivery.save()
    except IntegrityError as error:  # a simultaneous delivery took this number
        raise invalid("commitment", "It was delivered a moment ago; reload the page.") from error
    commitment.state = Commitment.State.DELIVERED
    commitment.save(update_fields=["state"])
    late = f", {delivery.days_late} days late" if delivery.days_late else ", on time"
    again = " again" if delivery.sequence > 1 else ""
    audit_record(
        actor=actor,
        action="commitment.delivered",
        obj=delivery,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{actor} delivered “{commitment.title}”{again}{late}",
        after={"sequence": delivery.sequence, "days_late": delivery.days_late},
    )
    emails.send_delivery_awaiting_acceptance(delivery)
    return delivery


def _why_not_open(commitment: Commitment) -> str:
    if commitment.state == Commitment.State.DELIVERED:
        return "The latest delivery is still awaiting acceptance."
    return f"This commitment is {commitment.get_state_display().lower()}; nothing is owed."


def _judgeable(actor: User, delivery: Delivery) -> tuple[Membership, Commitment, Delivery]:
    membership = _writer(actor)
    commitment = _locked(delivery.commitment)
    _receiver(actor, commitment, "accept or reject a delivery")
    delivery = Delivery.objects.unscoped().select_for_update().get(pk=delivery.pk)
    _not_disputed(commitment)
    if not delivery.is_pending:
        raise invalid("delivery", "This delivery has already been judged.")
    return membership, commitment, delivery


def _judge(delivery: Delivery, actor: User, outcome: str, comment: str) -> None:
    delivery.outcome, delivery.judged_by = outcome, actor
    delivery.judged_at, delivery.judgement_comment = clock.now(), comment.strip()
    delivery.save(update_fields=["outcome", "judged_by", "judged_at", "judgement_comment"])


@transaction.atomic
def delivery_accept(*, actor: User, delivery: Delivery, comment: str = "") -> Delivery:
    """The party owed finds the delivery meets the acceptance criteria: the commitment is met."""
    membership, commitment, delivery = _judgeable(actor, delivery)
    _judge(delivery, actor, Delivery.Outcome.ACCEPTED, comment)
    _close(commitment, Commitment.State.ACCEPTED)
    audit_record(
        actor=actor,
        action="delivery.accepted",
        obj=delivery,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{actor} accepted “{commitment.title}”"
        + (f": {delivery.judgement_comment}" if delivery.judgement_comment else ""),
        after={"outcome": delivery.outcome, "comment": delivery.judgement_comment},
    )
    _celebrate(commitment, delivery, actor)
    emails.send_delivery_judged(delivery)
    return delivery


def _close(commitment: Commitment, state: str) -> None:
    commitment.state, commitment.closed_at = state, clock.now()
    commitment.save(update_fields=["state", "closed_at"])


def _celebrate(commitment: Commitment, delivery: Delivery, actor: User) -> None:
    achievement.send(
        sender=Delivery,
        alliance=commitment.alliance,
        kind="delivery_accepted",
        title=f"Delivery accepted: {commitment.owner_party.organisation} delivered "
        f"“{commitment.title}”",
        actor=actor,
        source=delivery,
    )


@transaction.atomic
def delivery_reject(*, actor: User, delivery: Delivery, comment: str) -> Delivery:
    """The party owed finds the delivery short of the criteria and says why; it is owed again."""
    if not comment.strip():
        raise invalid("comment", "Say which acceptance criteria the delivery does not meet.")
    membership, commitment, delivery = _judgeable(actor, delivery)
    _judge(delivery, actor, Delivery.Outcome.REJECTED, comment)
    commitment.state = Commitment.State.REJECTED
    commitment.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="delivery.rejected",
        obj=delivery,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{actor} rejected “{commitment.title}”: {delivery.judgement_comment}",
        after={"outcome": delivery.outcome, "comment": delivery.judgement_comment},
    )
    emails.send_delivery_judged(delivery)
    return delivery


@transaction.atomic
def commitment_waive(*, actor: User, commitment: Commitment, reason: str) -> Commitment:
    """The party owed lets the commitment go, saying why; it leaves the scorecard."""
    membership = _manager(actor)
    commitment = _locked(commitment)
    _receiver(actor, commitment, "waive this commitment")
    if not reason.strip():
        raise invalid("reason", "Say why the commitment is waived.")
    _not_disputed(commitment)
    if commitment.is_closed:
        raise invalid("commitment", "This commitment is already closed.")
    if commitment.state == Commitment.State.DELIVERED:
        raise invalid("commitment", "A delivery awaits your verdict: accept or reject it first.")
    _waive(actor, membership, commitment, reason.strip())
    return commitment


def _waive(actor: User, membership: Membership, commitment: Commitment, reason: str) -> None:
    before = commitment.state
    commitment.waive_reason = reason
    commitment.save(update_fields=["waive_reason"])
    _close(commitment, Commitment.State.WAIVED)
    audit_record(
        actor=actor,
        action="commitment.waived",
        obj=commitment,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{actor} waived “{commitment.title}”: {reason}",
        before={"state": before},
        after={"state": commitment.state, "reason": reason},
    )
    emails.send_commitment_waived(commitment)


# --- Disputes ----------------------------------------------------------------------------------


@transaction.atomic
def commitment_dispute(*, actor: User, commitment: Commitment, reason: str) -> CommitmentDispute:
    """Either party challenges a commitment (a rejection, a delivery, its terms) with a reason."""
    membership = _manager(actor)
    commitment = _locked(commitment)
    party = _side(actor, commitment)
    if not reason.strip():
        raise invalid("reason", "Say what is in dispute.")
    if commitment.is_closed:
        raise invalid("commitment", "An accepted or waived commitment cannot be disputed.")
    _not_disputed(commitment)
    dispute = CommitmentDispute(
        commitment=commitment, raised_by=actor, raising_party=party, reason=reason.strip()
    )
    _clean(dispute)
    dispute.save()
    commitment.in_dispute = True
    commitment.save(update_fields=["in_dispute"])
    audit_record(
        actor=actor,
        action="commitment.disputed",
        obj=dispute,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{party.organisation} disputed “{commitment.title}”: {dispute.reason}",
        after={"reason": dispute.reason},
    )
    emails.send_commitment_disputed(dispute)
    return dispute


CONCESSIONS = (
    CommitmentDispute.Outcome.ACCEPTED,
    CommitmentDispute.Outcome.WAIVED,
    CommitmentDispute.Outcome.RESCHEDULED,
)


@transaction.atomic
def dispute_resolve(
    *,
    actor: User,
    dispute: CommitmentDispute,
    resolution: str,
    outcome: str = CommitmentDispute.Outcome.STANDS,
    due_date: datetime.date | None = None,
) -> CommitmentDispute:
    """Record how a dispute was settled; only the party owed can concede something in it."""
    membership = _manager(actor)
    commitment = _locked(dispute.commitment)
    party = _side(actor, commitment)
    dispute = CommitmentDispute.objects.unscoped().select_for_update().get(pk=dispute.pk)
    if not dispute.is_open:
        raise invalid("dispute", "This dispute is already resolved.")
    if not resolution.strip():
        raise invalid("resolution", "Say how the dispute was resolved.")
    if outcome not in CommitmentDispute.Outcome.values:
        raise invalid("outcome", "Choose how the dispute ends.")
    if outcome in CONCESSIONS and party.pk != commitment.receiving_party_id:
        raise forbidden(
            f"Only {commitment.receiving_party.organisation}, the party owed, can accept, waive "
            "or reschedule in settling a dispute."
        )
    dispute.resolution, dispute.outcome = resolution.strip(), outcome
    dispute.resolved_by, dispute.resolved_at = actor, clock.now()
    dispute.save(update_fields=["resolution", "outcome", "resolved_by", "resolved_at"])
    commitment.in_dispute = False
    commitment.save(update_fields=["in_dispute"])
    audit_record(
        actor=actor,
        action="commitment.dispute_resolved",
        obj=dispute,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"{actor} resolved the dispute on “{commitment.title}”: {dispute.resolution}",
        after={"outcome": outcome, "resolution": dispute.resolution},
    )
    _settle(actor, membership, commitment, dispute, due_date)
    emails.send_dispute_resolved(dispute)
    return dispute


def _settle(
    actor: User,
    membership: Membership,
    commitment: Commitment,
    dispute: CommitmentDispute,
    due_date: datetime.date | None,
) -> None:
    """Carry out what the resolution concedes."""
    outcome = dispute.outcome
    if outcome == CommitmentDispute.Outcome.ACCEPTED:
        latest = commitment.deliveries.order_by("-sequence").first()
        if latest is None:
            raise invalid("outcome", "Nothing has been delivered yet, so nothing can be accepted.")
        latest.outcome, latest.judged_by = Delivery.Outcome.ACCEPTED, actor
        latest.judged_at, latest.judgement_comment = clock.now(), dispute.resolution
        latest.save(update_fields=["outcome", "judged_by", "judged_at", "judgement_comment"])
        _close(commitment, Commitment.State.ACCEPTED)
        _celebrate(commitment, latest, actor)
    elif outcome == CommitmentDispute.Outcome.WAIVED:
        _waive(actor, membership, commitment, dispute.resolution)
    elif outcome == CommitmentDispute.Outcome.RESCHEDULED:
        _reschedule(actor, membership, commitment, due_date)


def _reschedule(
    actor: User, membership: Membership, commitment: Commitment, due_date: datetime.date | None
) -> None:
    if due_date is None:
        raise invalid("due_date", "Give the new due date agreed.")
    if not commitment.is_open:
        raise invalid("outcome", "Only a commitment still owed can get a new due date.")
    before = commitment.due_date.isoformat()
    commitment.due_date = due_date
    commitment.due_at = _due_at(due_date, commitment.owner_party)
    commitment.save(update_fields=["due_date", "due_at"])
    audit_record(
        actor=actor,
        action="commitment.updated",
        obj=commitment,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=f"“{commitment.title}” is now due {due_date:%d %b %Y}, as agreed in the dispute",
        before={"due_date": before},
        after={"due_date": due_date.isoformat()},
    )


# --- Reminders (the sweep) ---------------------------------------------------------------------


def commitment_reminders_send() -> tuple[int, int]:
    """Remind owners of commitments due soon, and both sides of overdue ones: once per due date."""
    now = clock.now()
    owed = Commitment.objects.unscoped().filter(state__in=Commitment.OPEN_STATES, in_dispute=False)
    soon = owed.filter(due_at__gt=now, due_at__lte=now + datetime.timedelta(days=DUE_SOON_DAYS))
    soon_ids = soon.exclude(due_soon_reminded_for=F("due_date")).values_list("pk", flat=True)
    late = owed.filter(due_at__lte=now)
    late_ids = late.exclude(overdue_reminded_for=F("due_date")).values_list("pk", flat=True)
    sent_soon = sum(_remind(pk, overdue=False) for pk in list(soon_ids))
    sent_late = sum(_remind(pk, overdue=True) for pk in list(late_ids))
    return sent_soon, sent_late


@transaction.atomic
def _remind(pk: int, *, overdue: bool) -> bool:
    # Re-read under a lock so two sweeps running at once send one reminder, not two.
    commitment = (
        Commitment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "owner_party__organisation", "receiving_party__organisation")
        .get(pk=pk)
    )
    field = "overdue_reminded_for" if overdue else "due_soon_reminded_for"
    if not commitment.is_open or getattr(commitment, field) == commitment.due_date:
        return False
    setattr(commitment, field, commitment.due_date)
    commitment.save(update_fields=[field])
    if overdue:
        emails.send_commitment_overdue(commitment)
    else:
        emails.send_commitment_due_soon(commitment)
    audit_record(
        actor=None,
        action="commitment.reminded",
        obj=commitment,
        alliance=commitment.alliance,
        summary=f"Reminded {commitment.owner_party.organisation} that “{commitment.title}” is "
        + ("overdue" if overdue else f"due on {commitment.due_date:%d %b %Y}"),
    )
    return True


# --- The learning plan -------------------------------------------------------------------------


def _owner_party(alliance: Alliance, owner: User | None) -> Party:
    """The joined party the objective's owner works for."""
    membership = getattr(owner, "membership", None)
    party = None
    if membership is not None and membership.is_active:
        party = (
            Party.objects.unscoped()
            .filter(
                alliance=alliance,
                organisation_id=membership.organisation_id,
                status=Party.Status.ACCEPTED,
            )
            .first()
        )
    if party is None:
        raise invalid("owner", "Choose an active member of a party to this alliance.")
    return party


@transaction.atomic
def objective_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    rationale: str,
    measure: str,
    owner: User,
    target_date: datetime.date,
    unit: str = "",
    baseline: Decimal | None = None,
    target: Decimal | None = None,
) -> LearningObjective:
    """Add a learning objective to the alliance's plan: what, why, measured how, by whom, by when."""
    membership = _manager(actor)
    _own_party(actor, alliance)
    objective = LearningObjective(
        alliance=alliance,
        title=title.strip(),
        rationale=rationale.strip(),
        measure=measure.strip(),
        unit=unit.strip(),
        baseline=baseline,
        target=target,
        owner=owner,
        owner_party=_owner_party(alliance, owner),
        target_date=target_date,
        created_by=actor,
    )
    _clean(objective)
    objective.save()
    audit_record(
        actor=actor,
        action="learning.objective_created",
        obj=objective,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} added the learning objective “{objective.title}”",
        after=snapshot(objective, OBJECTIVE_FIELDS),
    )
    return objective


@transaction.atomic
def objective_update(
    *, actor: User, objective: LearningObjective, **changes: Any
) -> LearningObjective:
    """Revise a learning objective, or mark it achieved or dropped."""
    membership = _manager(actor)
    _own_party(actor, objective.alliance)
    unknown = set(changes) - set(OBJECTIVE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    before = snapshot(objective, OBJECTIVE_FIELDS)
    for field, value in changes.items():
        setattr(objective, field, value.strip() if isinstance(value, str) else value)
    after = snapshot(objective, OBJECTIVE_FIELDS)
    changed = [f for f in OBJECTIVE_FIELDS if before[f] != after[f]]
    if not changed:
        return objective
    if "owner" in changed:
        objective.owner_party = _owner_party(objective.alliance, objective.owner)
    _clean(objective)
    objective.save()
    audit_record(
        actor=actor,
        action="learning.objective_updated",
        obj=objective,
        organisation=membership.organisation,
        alliance=objective.alliance,
        summary=f"{actor} changed {', '.join(changed)} of the learning objective “{objective.title}”",
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return objective


@transaction.atomic
def review_record(
    *,
    actor: User,
    objective: LearningObjective,
    value: Decimal,
    comment: str = "",
    reviewed_on: datetime.date | None = None,
) -> ProgressReview:
    """Review progress on an objective, recording the measure's value each time."""
    membership = _writer(actor)
    _own_party(actor, objective.alliance)
    if not objective.is_active:
        raise invalid("objective", f"This objective is {objective.get_status_display().lower()}.")
    today = local_today(membership.organisation.time_zone)
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise invalid("reviewed_on", "A review cannot be dated in the future.")
    review = ProgressReview(
        objective=objective,
        reviewed_on=reviewed_on,
        value=value,
        comment=comment.strip(),
        reviewed_by=actor,
    )
    _clean(review)
    review.save()
    unit = f" {objective.unit}" if objective.unit else ""
    audit_record(
        actor=actor,
        action="learning.reviewed",
        obj=review,
        organisation=membership.organisation,
        alliance=objective.alliance,
        summary=f"{actor} reviewed “{objective.title}”: {objective.measure} at {value}{unit}",
        after={"value": str(value), "reviewed_on": reviewed_on.isoformat()},
    )
    return review
