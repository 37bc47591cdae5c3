"""Emails about commitments, deliveries and disputes: one function per message."""

from __future__ import annotations

from django.urls import reverse

from concord.alliances.selectors import party_contacts
from concord.core.emails import send_email_on_commit
from concord.expectations.models import Commitment, CommitmentDispute, Delivery
from concord.orgs.models import User


def _email(user: User | None) -> str:
    return user.email if user is not None and user.is_active else ""


def _context(commitment: Commitment, **extra: object) -> dict[str, object]:
    path = reverse("expectations:commitment-detail", args=[commitment.pk])
    return {"commitment": commitment, "alliance": commitment.alliance, "path": path, **extra}


def send_commitment_assigned(commitment: Commitment) -> None:
    """Tell the owner what they now owe, by when and judged how."""
    send_email_on_commit("commitment-assigned", [_email(commitment.owner)], _context(commitment))


def send_delivery_awaiting_acceptance(delivery: Delivery) -> None:
    """Ask the party owed to accept or reject a delivery against the acceptance criteria."""
    commitment = delivery.commitment
    send_email_on_commit(
        "delivery-awaiting-acceptance",
        party_contacts(commitment.receiving_party),
        _context(commitment, delivery=delivery),
    )


def send_delivery_judged(delivery: Delivery) -> None:
    """Tell the owner, and whoever delivered, whether the delivery was accepted or rejected."""
    commitment = delivery.commitment
    name = (
        "delivery-accepted"
        if delivery.outcome == Delivery.Outcome.ACCEPTED
        else "delivery-rejected"
    )
    send_email_on_commit(
        name,
        [_email(commitment.owner), _email(delivery.delivered_by)],
        _context(commitment, delivery=delivery),
    )


def send_commitment_due_soon(commitment: Commitment) -> None:
    """Remind the owner that a commitment falls due within the week."""
    send_email_on_commit("commitment-due-soon", [_email(commitment.owner)], _context(commitment))


def send_commitment_overdue(commitment: Commitment) -> None:
    """Tell the owner and their party's alliance managers that a commitment is overdue."""
    send_email_on_commit(
        "commitment-overdue",
        [_email(commitment.owner), *party_contacts(commitment.owner_party)],
        _context(commitment),
    )


def send_commitment_waived(commitment: Commitment) -> None:
    """Tell the owner that the party owed has waived the commitment."""
    send_email_on_commit("commitment-waived", [_email(commitment.owner)], _context(commitment))


def _both_sides(commitment: Commitment) -> list[str]:
    return [
        *party_contacts(commitment.owner_party),
        *party_contacts(commitment.receiving_party),
    ]


def send_commitment_disputed(dispute: CommitmentDispute) -> None:
    """Tell both parties' alliance managers that a commitment is in dispute, and why."""
    commitment = dispute.commitment
    recipients = [e for e in _both_sides(commitment) if e != dispute.raised_by.email]
    send_email_on_commit("commitment-disputed", recipients, _context(commitment, dispute=dispute))


def send_dispute_resolved(dispute: CommitmentDispute) -> None:
    """Tell both parties' alliance managers and the owner how a dispute was resolved."""
    commitment = dispute.commitment
    send_email_on_commit(
        "commitment-dispute-resolved",
        [*_both_sides(commitment), _email(commitment.owner)],
        _context(commitment, dispute=dispute),
    )
