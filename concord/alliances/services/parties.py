"""Parties: inviting a partner, its invitation and its answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from concord.alliances import emails
from concord.alliances.models import (
    Alliance,
    PartnerInvitation,
    Party,
    Phase,
    TeamMember,
)
from concord.alliances.selectors import partner_invitation_for_token
from concord.alliances.services._common import _clean, _own_party, _require_manager
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import PRIVATE, organisation_of
from concord.core.tokens import new_secret
from concord.orgs.models import Membership, Organisation, User


@dataclass
class PartnerInvite:
    """The result of inviting a partner: a party (organisation on Concord) or an emailed link."""

    party: Party | None = None
    invitation: PartnerInvitation | None = None
    token: str = ""


@transaction.atomic
def party_invite(
    *,
    actor: User,
    alliance: Alliance,
    organisation: Organisation | None = None,
    email: str = "",
) -> PartnerInvite:
    """Invite a partner organisation: picked from Concord, or by its admin's email address."""
    membership = _require_manager(actor)
    _own_party(actor, alliance)
    if alliance.phase == Phase.TERMINATED:
        raise invalid("alliance", "A terminated alliance takes no new parties.")
    email = email.strip().lower()
    if organisation is None and email:
        organisation = _organisation_answered_for_by(email)
    if organisation is not None:
        party = _party_add(
            actor,
            membership.organisation,
            alliance,
            organisation,
            summary=f"{actor} invited {organisation} to the alliance",
        )
        return PartnerInvite(party=party)
    if not email:
        raise invalid("email", "Pick an organisation or give the email of its admin.")
    return _partner_invitation_create(actor, membership, alliance, email)


def _organisation_answered_for_by(email: str) -> Organisation | None:
    """The organisation whose active admin or alliance manager uses this address, if any."""
    people = Membership.objects.unscoped().filter(
        user__email__iexact=email, is_active=True, user__is_active=True
    )
    manager = people.filter(Q(is_admin=True) | Q(role=Membership.Role.ALLIANCE_MANAGER)).first()
    if manager is not None:
        return manager.organisation
    if people.exists():
        raise invalid(
            "email",
            "That person cannot answer for their organisation: give their admin's email "
            "or pick the organisation from the directory.",
        )
    return None


def _party_add(
    actor: User,
    acting_organisation: Organisation,
    alliance: Alliance,
    organisation: Organisation,
    *,
    summary: str,
    invited_by: User | None = None,
    notify: bool = True,
) -> Party:
    existing = Party.objects.unscoped().filter(alliance=alliance, organisation=organisation).first()
    if existing is not None and existing.status in Party.VISIBLE_STATUSES:
        raise invalid("organisation", f"{organisation} is already a party to this alliance.")
    party = existing or Party(alliance=alliance, organisation=organisation)
    party.status, party.invited_at = Party.Status.INVITED, clock.now()
    party.invited_by = invited_by or actor
    party.responded_at, party.decline_reason = None, ""
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError as error:  # a simultaneous invitation of the same organisation
        raise invalid(
            "organisation", f"{organisation} is already a party to this alliance."
        ) from error
    audit_record(
        actor=actor,
        action="alliance.party_invited",
        obj=party,
        organisation=acting_organisation,
        alliance=alliance,
        summary=summary,
        after={"organisation": organisation.name},
    )
    _set_status(actor, alliance)
    if notify:
        emails.send_party_invitation(party)
    return party


def _partner_invitation_create(
    actor: User, membership: Membership, alliance: Alliance, email: str
) -> PartnerInvite:
    token, token_hash = new_secret()
    invitation = PartnerInvitation(
        alliance=alliance,
        organisation=membership.organisation,
        email=email,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=clock.now() + timedelta(days=settings.CONCORD_INVITATION_DAYS),
    )
    _clean(invitation)
    invitation.save()
    audit_record(
        actor=actor,
        action="alliance.partner_emailed",
        obj=invitation,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} invited {email} to bring their organisation into the alliance",
        after={"email": email},
        visibility=PRIVATE,
    )
    emails.send_partner_signup_invitation(invitation, token)
    return PartnerInvite(invitation=invitation, token=token)


@transaction.atomic
def partner_invitation_redeem(*, actor: User, token: str) -> Party:
    """The newly signed-up organisation takes up its invitation: it becomes an invited party."""
    invitation = partner_invitation_for_token(token)
    if invitation is None:
        raise invalid("token", "This invitation link has expired or was already used.")
    membership = _require_manager(actor)
    if invitation.alliance.phase == Phase.TERMINATED:
        raise invalid("token", "The alliance this link invited you to has ended.")
    invitation.accepted_at = clock.now()
    invitation.save(update_fields=["accepted_at"])
    return _party_add(
        actor,
        membership.organisation,
        invitation.alliance,
        membership.organisation,
        summary=f"{membership.organisation} took up {invitation.invited_by}'s emailed invitation",
        invited_by=invitation.invited_by,
        notify=False,  # they are reading the invitation already
    )


@transaction.atomic
def party_invitation_withdraw(*, actor: User, party: Party) -> Party:
    """Any party that has joined withdraws a pending invitation, e.g. one it was not asked about."""
    membership = _require_manager(actor)
    _own_party(actor, party.alliance)
    party = (
        Party.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=party.pk)
    )
    if party.status != Party.Status.INVITED:
        raise invalid("party", "Only an invitation that has not been answered can be withdrawn.")
    party.status, party.responded_at = Party.Status.WITHDRAWN, clock.now()
    party.save(update_fields=["status", "responded_at"])
    audit_record(
        actor=actor,
        action="alliance.party_invitation_withdrawn",
        obj=party,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=f"{actor} withdrew the invitation of {party.organisation}",
        before={"status": Party.Status.INVITED},
        after={"status": party.status},
    )
    _set_status(actor, party.alliance)
    return party


def _set_status(actor: User, alliance: Alliance) -> None:
    """Proposed until every invited party has answered and two have accepted; then active for good.

    A party invited later joins an alliance already under way: it does not hold up gates.
    """
    alliance.updated_at = clock.now()
    alliance.save(update_fields=["updated_at"])
    if not alliance.is_proposed:
        return
    statuses = list(
        Party.objects.unscoped().filter(alliance=alliance).values_list("status", flat=True)
    )
    if statuses.count(Party.Status.ACCEPTED) < 2 or Party.Status.INVITED in statuses:
        return
    alliance.status = Alliance.Status.ACTIVE
    alliance.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="alliance.activated",
        obj=alliance,
        organisation=organisation_of(actor),
        alliance=alliance,
        summary="Every invited party has answered: the alliance is active",
        before={"status": Alliance.Status.PROPOSED},
        after={"status": Alliance.Status.ACTIVE},
    )


@transaction.atomic
def party_respond(*, actor: User, party: Party, accept: bool, reason: str = "") -> Party:
    """An invited organisation accepts the alliance, or declines it with a reason."""
    membership = _require_manager(actor)
    if party.organisation_id != membership.organisation_id:
        raise forbidden("Only the invited organisation can answer its invitation.")
    party = Party.objects.unscoped().select_for_update(of=("self",)).get(pk=party.pk)
    if party.status != Party.Status.INVITED:
        raise invalid("party", "This invitation has already been answered.")
    if not accept and not reason.strip():
        raise invalid("reason", "Say why your organisation declines.")
    party.status = Party.Status.ACCEPTED if accept else Party.Status.DECLINED
    party.responded_at = clock.now()
    party.decline_reason = "" if accept else reason.strip()
    _clean(party)
    party.save()
    if accept:
        TeamMember.objects.unscoped().get_or_create(
            party=party, user=actor, defaults={"role": TeamMember.Role.LEAD}
        )
    alliance = party.alliance
    verb = "accepted" if accept else "declined"
    audit_record(
        actor=actor,
        action=f"alliance.party_{verb}",
        obj=party,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{party.organisation} {verb} the alliance" + ("" if accept else f": {reason}"),
        after={"status": party.status},
    )
    _set_status(actor, alliance)
    emails.send_party_answer(party)
    return party
