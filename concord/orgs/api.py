"""API for signing in with a token, the signed-in member, and the directory of organisations."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import AuthenticationError

from concord.core.api import PageIn, actor, paginate, responses
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.orgs.schemas import (
    MeOut,
    NotificationPageOut,
    OrganisationOut,
    OrganisationPageOut,
    OrganisationSearchIn,
    TokenIn,
    TokenOut,
)
from concord.orgs.selectors import api_token_list, notification_list, organisation_list
from concord.orgs.services import api_token_create, api_token_revoke

router = Router()

# What other modules import from here: the router, and a schema other apps still name by this path.
__all__ = ["OrganisationOut", "router"]


@router.post("/auth/token", auth=None, response=responses({200: TokenOut}), tags=["auth"])
def token_create(request: HttpRequest, credentials: TokenIn) -> dict[str, str]:
    """Exchange an email address and password for an API token."""
    user = authenticate(request, username=credentials.username, password=credentials.password)
    # A deactivated member keeps a valid password but must not get a token.
    if user is None or organisation_of(user) is None:
        raise AuthenticationError(message="Unknown email address or wrong password.")
    return {"token": api_token_create(actor=user, name="API token").key}


@router.delete("/auth/token", response=responses({204: None}), tags=["auth"])
def token_revoke(request: HttpRequest) -> Status[None]:
    """Revoke the token this request was sent with."""
    user = actor(request)
    key_hash = hash_secret(request.api_key)  # type: ignore[attr-defined]
    api_token_revoke(actor=user, token=api_token_list(user=user).get(key_hash=key_hash))
    return Status(204, None)


@router.get("/me", response=responses({200: MeOut}), tags=["auth"])
def me(request: HttpRequest) -> dict[str, object]:
    """The signed-in member: who they are, their organisation and role."""
    user = actor(request)
    membership = user.membership
    return {
        "id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "organisation": membership.organisation,
        "role": membership.role,
        "is_admin": membership.is_admin,
    }


@router.get("/me/notifications", response=responses({200: NotificationPageOut}), tags=["auth"])
def my_notifications(request: HttpRequest, page: Query[PageIn]) -> dict[str, object]:
    """The signed-in member's own mail from Concord, newest first: queued, sent or failed."""
    return paginate(notification_list(user=actor(request)), page)


@router.get(
    "/organizations", response=responses({200: OrganisationPageOut}), tags=["organisations"]
)
def organisation_directory(
    request: HttpRequest, params: Query[OrganisationSearchIn]
) -> dict[str, object]:
    """The directory of organisations on Concord, by name."""
    organisations = organisation_list(user=actor(request), search=params.search.strip())
    return paginate(organisations, params)
