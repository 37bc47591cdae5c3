"""An alliance's records by id and in lists: programmes, gates, parties, teams, notes, partner
invitations, and the people a user may name."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)

from concord.alliances.models import (
    Alliance,
    Gate,
    GateSignoff,
    Note,
    PartnerInvitation,
    Party,
    Programme,
    TeamMember,
)
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.orgs.models import Membership, Organisation, User


def programme_get(*, user: Any, pk: int) -> Programme:
    """One programme of an alliance the user may see."""
    return Programme.objects.visible_to(user).select_related("alliance").get(pk=pk)


def team_member_get(*, user: Any, pk: int) -> TeamMember:
    """One team place in an alliance the user may see."""
    return (
        TeamMember.objects.visible_to(user)
        .select_related("party__alliance", "party__organisation", "user")
        .get(pk=pk)
    )


def party_invite_candidates(*, user: Any, alliance: Alliance) -> QuerySet[Organisation]:
    """Directory organisations that could be invited: not already an invited or accepted party."""
    taken = (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status__in=Party.VISIBLE_STATUSES)
        .values("organisation_id")
    )
    return Organisation.objects.exclude(pk__in=taken).order_by("name")


def team_candidates(*, user: Any, party: Party) -> QuerySet[Membership]:
    """Active colleagues of the user's organisation not yet on this party's team."""
    on_team = TeamMember.objects.visible_to(user).filter(party=party).values("user_id")
    return (
        Membership.objects.visible_to(user)
        .filter(is_active=True, organisation_id=party.organisation_id)
        .exclude(user_id__in=on_team)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def gate_list(*, user: Any) -> QuerySet[Gate]:
    """Gates the user may see, with proposer and every party's answer loaded."""
    signoffs = GateSignoff.objects.unscoped().select_related("party__organisation", "signed_by")
    return (
        Gate.objects.visible_to(user)
        .select_related("proposed_by", "proposing_party__organisation")
        .prefetch_related(Prefetch("signoffs", queryset=signoffs))
    )


def party_list(*, user: Any) -> QuerySet[Party]:
    """Invited and joined parties of the alliances the user may see, with their teams loaded."""
    # Teams follow their own rule: an organisation only invited so far sees no names.
    team = TeamMember.objects.visible_to(user).select_related("user").order_by("role")
    return (
        Party.objects.visible_to(user)
        .filter(status__in=Party.VISIBLE_STATUSES)
        .select_related("organisation")
        .prefetch_related(Prefetch("team", queryset=team))
    )


def programme_list(*, user: Any, alliance: Alliance) -> QuerySet[Programme]:
    """The programmes of one alliance the user may see."""
    return Programme.objects.visible_to(user).filter(alliance=alliance)


def note_list(*, user: Any, alliance: Alliance) -> QuerySet[Note]:
    """One alliance's notes: shared ones and the user's own organisation's private ones."""
    return (
        Note.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("author", "organisation")
    )


def gate_get(*, user: Any, pk: int) -> Gate:
    """One gate of an alliance the user may see."""
    return Gate.objects.visible_to(user).select_related("alliance").get(pk=pk)


def party_get(*, user: Any, pk: int) -> Party:
    """One party of an alliance the user may see."""
    return Party.objects.visible_to(user).select_related("alliance", "organisation").get(pk=pk)


def partner_invitation_for_token(token: str) -> PartnerInvitation | None:
    """The open partner invitation a link token stands for; the token is the credential."""
    invitation = (
        PartnerInvitation.objects.unscoped()
        .select_related("alliance", "invited_by__membership", "organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def team_list(*, user: Any, alliance: Alliance) -> QuerySet[TeamMember]:
    """Every party's team places on one alliance, as far as the user may see them."""
    return (
        TeamMember.objects.visible_to(user)
        .filter(party__alliance=alliance)
        .select_related("user", "party__organisation")
        .order_by("party__invited_at", "party_id", "role", "user__last_name", "pk")
    )


def people_directory(
    *, user: Any, alliance: Alliance | None = None, organisation: Organisation | None = None
) -> QuerySet[User]:
    """The people the user may name by id: their own organisation's, and partners' team members.

    A partner's people appear only once they are on the team of an alliance shared with the
    user's organisation; who else works at a partner (or its other partners) stays unseen.
    """
    if organisation_of(user) is None:
        return User.objects.none()
    places = TeamMember.objects.visible_to(user)
    colleagues = Membership.objects.visible_to(user).values("user_id")
    people = User.objects.filter(
        Q(pk__in=colleagues) | Q(pk__in=places.values("user_id")),
        is_active=True,
        membership__is_active=True,
    )
    if alliance is not None:
        parties = Party.objects.visible_to(user).filter(
            alliance=alliance, status=Party.Status.ACCEPTED
        )
        people = people.filter(membership__organisation__in=parties.values("organisation_id"))
    if organisation is not None:
        people = people.filter(membership__organisation=organisation)
    return (
        people.select_related("membership__organisation")
        .prefetch_related(
            Prefetch(
                "alliance_teams",
                queryset=places.select_related("party").order_by("party__alliance_id", "pk"),
                to_attr="visible_team_places",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
