"""Disputes over a commitment and how the party owed settles them."""

from __future__ import annotations

import datetime

from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.expectations import emails
from concord.expectations.models import (
    Commitment,
    CommitmentDispute,
    Delivery,
)
from concord.expectations.services._common import (
    _clean,
    _due_at,
    _locked,
    _manager,
    _not_disputed,
    _side,
    _updated,
)
from concord.expectations.services.deliveries import _celebrate, _close, _waive
from concord.orgs.models import Membership, User


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
    dispute = (
        CommitmentDispute.objects.unscoped().select_for_update(of=("self",)).get(pk=dispute.pk)
    )
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
    _updated(
        actor,
        membership,
        commitment,
        f"“{commitment.title}” is now due {due_date:%d %b %Y}, as agreed in the dispute",
        before={"due_date": before},
        after={"due_date": due_date.isoformat()},
    )
