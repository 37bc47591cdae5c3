"""Each party's team: adding, removing and re-roling its members."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import (
    Party,
    TeamMember,
)
from concord.alliances.services._common import _clean, _require_manager
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.orgs.models import Membership, User


def _own_team(actor: User, party: Party) -> Membership:
    """The team-managing actor's membership, if `party` is their own organisation's side."""
    membership = _require_manager(actor)
    if party.organisation_id != membership.organisation_id:
        raise forbidden(
            f"Each party names its own team: only {party.organisation}'s people manage this one."
        )
    return membership


@transaction.atomic
def team_member_add(*, actor: User, party: Party, user: User, role: str) -> TeamMember:
    """A party names one of its own people to its alliance team."""
    membership = _own_team(actor, party)
    if not party.is_accepted:
        raise forbidden("Your organisation names its team once it has joined the alliance.")
    person = getattr(user, "membership", None)
    if person is not None and person.organisation_id != party.organisation_id:
        raise invalid(
            "user",
            f"{user} is one of {person.organisation}'s people: each party names its own team.",
        )
    if person is None or not person.is_active:
        raise invalid("user", "Choose an active colleague from your own organisation.")
    if TeamMember.objects.unscoped().filter(party=party, user=user).exists():
        raise invalid("user", f"{user} is already on the team.")
    member = TeamMember(party=party, user=user, role=role)
    _clean(member)
    member.save()
    audit_record(
        actor=actor,
        action="team.member_added",
        obj=member,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=f"{actor} added {user} to the {party.organisation} team as {member.get_role_display()}",
        after={"user": user.pk, "role": role},
    )
    return member


@transaction.atomic
def team_member_remove(*, actor: User, member: TeamMember) -> None:
    """A party takes one of its people off its alliance team."""
    party = member.party
    membership = _own_team(actor, party)
    audit_record(
        actor=actor,
        action="team.member_removed",
        obj=member,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=f"{actor} took {member.user} off the {party.organisation} team",
        before={"user": member.user_id, "role": member.role},
    )
    member.delete()


@transaction.atomic
def team_member_role_change(*, actor: User, member: TeamMember, role: str) -> TeamMember:
    """A party changes the role one of its own people has on its alliance team."""
    party = member.party
    membership = _own_team(actor, party)
    before = member.role
    member.role = role
    _clean(member)
    if role == before:
        return member
    member.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="team.member_role_changed",
        obj=member,
        organisation=membership.organisation,
        alliance=party.alliance,
        summary=(
            f"{actor} made {member.user} {member.get_role_display()} on the "
            f"{party.organisation} team"
        ),
        before={"role": before},
        after={"role": role},
    )
    return member
