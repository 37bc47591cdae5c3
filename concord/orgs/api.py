"""API for signing in with a token, the signed-in member, and the directory of organisations."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.errors import AuthenticationError, HttpError

from concord.core.api import PageIn, actor, paginate, responses
from concord.core.middleware import client_ip
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.orgs import signin_limits
from concord.orgs.schemas import (
    MeOut,
    NotificationPageOut,
    OrganisationOut,
    OrganisationPageOut,
    OrganisationSearchIn,
    TokenIn,
    TokenOut,
)
from concord.orgs.selectors import (
    api_token_list,
    notification_list,
    organisation_list,
    requires_sso,
)
from concord.orgs.services import api_token_create, api_token_revoke

router = Router()

# What other modules import from here: the router, and a schema other apps still name by this path.
__all__ = ["OrganisationOut", "router"]


@router.post("/auth/token", auth=None, response=responses({200: TokenOut}), tags=["auth"])
def token_create(request: HttpRequest, credentials: TokenIn) -> dict[str, object]:
    """Exchange an email address and password for an API token (read-write for 30 days unless
    asked otherwise). Failed attempts are limited per account and per address."""
    email, address = credentials.username.strip().lower(), client_ip(request)
    refusal = signin_limits.signin_refusal(email=email, address=address)
    if refusal is not None:
        raise HttpError(429, refusal.message)
    user = authenticate(request, username=email, password=credentials.password)
    # A deactivated member keeps a valid password but must not get a token.
    if user is None or organisation_of(user) is None:
        signin_limits.signin_failed(email=email, address=address)
        raise AuthenticationError(message="Unknown email address or wrong password.")
    if requires_sso(user):
        raise HttpError(
            403, "Your organisation requires single sign-on: create a token on your profile page."
        )
    signin_limits.signin_succeeded(email=email)
    issued = api_token_create(
        actor=user,
        name="API token",
        scope=credentials.scope,
        expires_in_days=credentials.expires_in_days,
    )
    return {"token": issued.key, "scope": issued.token.scope, "expires_at": issued.token.expires_at}


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
