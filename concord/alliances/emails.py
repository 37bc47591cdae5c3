"""Emails about alliances, parties and gates: one function per message."""

from __future__ import annotations

from django.urls import reverse

from concord.alliances.models import Gate, PartnerInvitation, Party, TeamMember
from concord.alliances.selectors import party_contacts
from concord.core.emails import send_email_on_commit
from concord.orgs.models import Membership


def _signers_of(organisation_id: int) -> list[str]:
    return list(
        Membership.objects.unscoped()
        .filter(
            organisation_id=organisation_id,
            is_active=True,
            user__is_active=True,
            role__in=[Membership.Role.ALLIANCE_MANAGER, Membership.Role.EXECUTIVE_SPONSOR],
        )
        .values_list("user__email", flat=True)
    )


def _alliance_url(party_or_gate: Party | Gate) -> str:
    return reverse("alliances:alliance-detail", args=[party_or_gate.alliance_id])


def send_party_invitation(party: Party) -> None:
    """Tell an organisation on Concord that it is invited to an alliance."""
    send_email_on_commit(
        "party-invitation",
        party_contacts(party),
        {"party": party, "alliance": party.alliance, "path": _alliance_url(party)},
    )


def send_partner_signup_invitation(invitation: PartnerInvitation, token: str) -> None:
    """Invite someone whose organisation is not on Concord yet to sign it up and join."""
    send_email_on_commit(
        "partner-signup-invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "alliance": invitation.alliance,
            "path": reverse("alliances:partner-signup", args=[token]),
        },
    )


def send_party_answer(party: Party) -> None:
    """Tell the inviting organisation that the partner accepted or declined."""
    inviter = party.invited_by.membership.organisation_id if party.invited_by else None
    inviting = (
        Party.objects.unscoped().filter(alliance=party.alliance_id, organisation=inviter).first()
    )
    if inviter is None or inviting is None:
        return
    send_email_on_commit(
        "party-answer",
        party_contacts(inviting),
        {"party": party, "alliance": party.alliance, "path": _alliance_url(party)},
    )


def send_gate_proposed(gate: Gate) -> None:
    """Ask every other party's signers to sign off or decline a proposed gate."""
    others = Party.objects.unscoped().filter(alliance=gate.alliance, status=Party.Status.ACCEPTED)
    recipients = [
        email
        for party in others.exclude(pk=gate.proposing_party_id)
        for email in _signers_of(party.organisation_id)
    ]
    send_email_on_commit(
        "gate-proposed",
        recipients,
        {"gate": gate, "alliance": gate.alliance, "path": _alliance_url(gate)},
    )


def send_gate_closed(gate: Gate) -> None:
    """Tell every party's team that a gate passed (the phase changed) or was declined."""
    team = TeamMember.objects.unscoped().filter(
        party__alliance=gate.alliance,
        party__status=Party.Status.ACCEPTED,
        user__is_active=True,
        user__membership__is_active=True,
    )
    proposer = gate.proposed_by
    send_email_on_commit(
        "gate-closed",
        [*team.values_list("user__email", flat=True), proposer.email if proposer.is_active else ""],
        {"gate": gate, "alliance": gate.alliance, "path": _alliance_url(gate)},
    )


def send_gate_reminder(gate: Gate) -> list[str]:
    """Remind the signers of every party that has not answered; returns those parties' names."""
    answered = gate.signoffs.values("party_id")
    waiting = (
        Party.objects.unscoped()
        .filter(alliance=gate.alliance, status=Party.Status.ACCEPTED)
        .exclude(pk__in=answered)
        .select_related("organisation")
    )
    recipients = [email for party in waiting for email in _signers_of(party.organisation_id)]
    send_email_on_commit(
        "gate-reminder",
        recipients,
        {"gate": gate, "alliance": gate.alliance, "path": _alliance_url(gate)},
    )
    return [party.organisation.name for party in waiting]
