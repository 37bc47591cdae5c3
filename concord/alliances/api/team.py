"""API for alliance teams and the directory of people a partner's systems may name by id.

Each party manages only its own side of a team: the services refuse the other party's people,
and a person is looked up in the caller's directory, so ids of people out of scope cannot be
probed (they are a 422 like any unknown id).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors, services
from concord.alliances.models import Alliance, Party, TeamMember
from concord.alliances.schemas import (
    DirectoryIn,
    DirectoryPageOut,
    TeamMemberIn,
    TeamMemberOut,
    TeamMemberPatchIn,
)
from concord.core.api import Id, actor, paginate, responses
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import organisation_of
from concord.orgs.models import Organisation, User

router = Router()


# ---------------------------------------------------------------------------------------------
# Helpers


def _own_party(user: User, alliance: Alliance) -> Party:
    """The caller's organisation's side of the alliance: the only team it may add people to."""
    party = (
        selectors.party_list(user=user)
        .filter(alliance=alliance, organisation=organisation_of(user))
        .first()
    )
    if party is None:
        raise forbidden("Your organisation is not a party to this alliance.")
    return party


def _as_api_fields(error: ValidationError, renamed: dict[str, str]) -> ValidationError:
    """A service's error in the request's own field names (`user` is `user_id` here)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {renamed.get(field, field): messages for field, messages in error.message_dict.items()}
    )


# ---------------------------------------------------------------------------------------------
# The alliance team


@router.get(
    "/alliances/{alliance_id}/team",
    response=responses({200: list[TeamMemberOut]}),
    tags=["team"],
)
def team_list(request: HttpRequest, alliance_id: Id) -> list[TeamMember]:
    """Every party's people on the alliance team, and their roles."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    return list(selectors.team_list(user=user, alliance=alliance))


@router.post(
    "/alliances/{alliance_id}/team", response=responses({201: TeamMemberOut}), tags=["team"]
)
def team_member_add(
    request: HttpRequest, alliance_id: Id, payload: TeamMemberIn
) -> Status[TeamMember]:
    """Name one of your own organisation's people to its side of the alliance team."""
    user = actor(request)
    alliance = selectors.alliance_get(user=user, pk=alliance_id)
    # The team page's rule, checked before the person so a read-only caller learns no more.
    if not selectors.alliance_permissions_for(user=user, alliance=alliance).manage_team:
        raise forbidden(
            "Only alliance managers and admins of a party that has joined manage its team."
        )
    party = _own_party(user, alliance)
    person = selectors.people_directory(user=user).filter(pk=payload.user_id).first()
    if person is None:
        raise invalid("user_id", "No one in your directory has this id.")
    try:
        member = services.team_member_add(actor=user, party=party, user=person, role=payload.role)
    except ValidationError as error:
        raise _as_api_fields(error, {"user": "user_id"}) from error
    return Status(201, member)


@router.patch("/team/{team_member_id}", response=responses({200: TeamMemberOut}), tags=["team"])
def team_member_role_change(
    request: HttpRequest, team_member_id: Id, payload: TeamMemberPatchIn
) -> TeamMember:
    """Change the role one of your own organisation's people has on the alliance team."""
    user = actor(request)
    member = selectors.team_member_get(user=user, pk=team_member_id)
    return services.team_member_role_change(actor=user, member=member, role=payload.role)


@router.delete("/team/{team_member_id}", response=responses({204: None}), tags=["team"])
def team_member_remove(request: HttpRequest, team_member_id: Id) -> Status[None]:
    """Take one of your own organisation's people off the alliance team."""
    user = actor(request)
    member = selectors.team_member_get(user=user, pk=team_member_id)
    services.team_member_remove(actor=user, member=member)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# The people directory


@router.get("/people", response=responses({200: DirectoryPageOut}), tags=["people"])
def people_directory(request: HttpRequest, params: Query[DirectoryIn]) -> dict[str, Any]:
    """Your organisation's people, and your partners' people on the teams of shared alliances."""
    user = actor(request)
    alliance = None
    if params.alliance_id is not None:
        try:
            alliance = selectors.alliance_get(user=user, pk=params.alliance_id)
        except Alliance.DoesNotExist:
            raise invalid("alliance_id", "No alliance you can see has this id.") from None
    organisation = None
    if params.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=params.organisation_id).first()
        if organisation is None:
            raise invalid("organisation_id", "No organisation on Concord has this id.")
    people = selectors.people_directory(user=user, alliance=alliance, organisation=organisation)
    return paginate(people, params)
