"""Deliveries and their verdicts, and waiving a commitment."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.signals import achievement
from concord.expectations import emails
from concord.expectations.models import (
    Commitment,
    Delivery,
)
from concord.expectations.services._common import (
    _clean,
    _locked,
    _manager,
    _not_disputed,
    _own_party,
    _receiver,
    _writer,
    local_today,
)
from concord.orgs.models import Membership, User


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
    delivery = Delivery.objects.unscoped().select_for_update(of=("self",)).get(pk=delivery.pk)
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
