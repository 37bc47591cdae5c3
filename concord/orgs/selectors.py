"""Reads of organisations, people, invitations and tokens."""

from __future__ import annotations

import json
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from concord.core.models import OutboxEmail
from concord.core.tokens import hash_secret
from concord.orgs.models import (
    ApiToken,
    IdentityProvider,
    Invitation,
    Membership,
    Organisation,
    SignInDomain,
    User,
)

API_TOKEN_PREFIX = "concord_"  # noqa: S105 - a public marker, not a secret


def organisation_list(*, user: Any, search: str = "") -> QuerySet[Organisation]:
    """The directory: every organisation on Concord, by name (names are not confidential)."""
    organisations = Organisation.objects.all()
    if search:
        organisations = organisations.filter(name__icontains=search)
    return organisations if user.is_authenticated else organisations.none()


def member_list(*, user: Any) -> QuerySet[Membership]:
    """The people of the user's own organisation."""
    return Membership.objects.visible_to(user).select_related("user")


def invitation_list(*, user: Any) -> QuerySet[Invitation]:
    """Invitations the user's organisation has sent."""
    return Invitation.objects.visible_to(user).select_related("invited_by")


def undelivered_email_list(*, user: Any) -> QuerySet[OutboxEmail]:
    """For an admin: messages to the organisation's people that failed or wait for a retry."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active or not membership.is_admin:
        raise PermissionDenied("Only your organisation's admins see its undelivered email.")
    return (
        OutboxEmail.objects.filter(organisations=membership.organisation, attempts__gt=0)
        .exclude(status=OutboxEmail.Status.SENT)
        .order_by("status", "-id")  # failed before pending
        .defer("text", "html")
    )


def notification_list(*, user: Any) -> QuerySet[OutboxEmail]:
    """The messages Concord sent or tries to send to the user's own address, newest first.

    Scoped like the admins' page, by the user's organisation, and then to the messages whose
    recipients include the user's address in any letter case.
    """
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active or not user.email:
        return OutboxEmail.objects.none()
    # `to` is a JSON list of addresses, which SQLite cannot search by element: match the
    # address as one quoted JSON string in the list's text. SQLite keeps the text as Django
    # wrote it (non-ASCII escaped), PostgreSQL prints jsonb unescaped, hence both spellings.
    listed = Cast("to", output_field=TextField())
    address = user.email.lower()
    return (
        OutboxEmail.objects.filter(organisations=membership.organisation)
        .annotate(to_text=listed)
        .filter(
            Q(to_text__icontains=json.dumps(address))
            | Q(to_text__icontains=json.dumps(address, ensure_ascii=False))
        )
        .order_by("-created_at", "-id")
        .defer("text", "html")
    )


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The user's own API tokens."""
    return ApiToken.objects.visible_to(user)


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation a link token stands for; the token itself is the credential."""
    invitation = (
        Invitation.objects.unscoped()
        .select_related("organisation", "invited_by")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None


def api_token_for_key(key: str) -> ApiToken | None:
    """The live token a bearer key stands for, with its active owner, or None. The key is the
    credential: a revoked or expired token, or a deactivated owner, gets nothing."""
    if not key.startswith(API_TOKEN_PREFIX) or len(key) > 200:
        return None
    try:  # the hash is unique: a plain get, with no ordering for the database to apply
        token = (
            ApiToken.objects.unscoped()
            .select_related("user__membership__organisation")
            .get(key_hash=hash_secret(key), revoked_at=None)
        )
    except ApiToken.DoesNotExist:
        return None
    if token.is_expired or not token.user.is_active:
        return None
    membership = getattr(token.user, "membership", None)
    return token if membership is not None and membership.is_active else None


def user_for_api_key(key: str) -> User | None:
    """The active member a bearer key belongs to, or None."""
    token = api_token_for_key(key)
    return token.user if token is not None else None


def identity_provider_for_email(email: str) -> IdentityProvider | None:
    """The enabled identity provider that signs in this address's domain, if any.

    Read before anyone is signed in: the domain is the key, and it tells only that a domain
    signs in elsewhere, as every single-sign-on login page does.
    """
    domain = email.rpartition("@")[2].strip().lower()
    if not domain:
        return None
    found = (
        SignInDomain.objects.unscoped()
        .select_related("provider__organisation")
        .filter(domain=domain, provider__is_enabled=True)
        .first()
    )
    return found.provider if found is not None else None


def identity_provider_by_id(provider_id: str) -> IdentityProvider | None:
    """The enabled provider allauth names `org<organisation id>` (from a sign-in URL)."""
    if not provider_id.startswith("org") or not provider_id[3:].isdigit():
        return None
    return (
        IdentityProvider.objects.unscoped()
        .select_related("organisation")
        .prefetch_related("domains")
        .filter(organisation_id=int(provider_id[3:]), is_enabled=True)
        .first()
    )


def identity_provider_of(*, user: Any) -> IdentityProvider | None:
    """The user's own organisation's identity provider, for its admins' settings page."""
    return IdentityProvider.objects.visible_to(user).prefetch_related("domains").first()


def requires_sso(user: User) -> bool:
    """Whether the person's organisation has turned passwords off for its people."""
    membership = getattr(user, "membership", None)
    if membership is None:
        return False
    return (
        IdentityProvider.objects.unscoped()
        .filter(organisation_id=membership.organisation_id, is_enabled=True, require_sso=True)
        .exists()
    )


def session_list(*, user: Any) -> list[Any]:
    """The person's own signed-in sessions (allauth's records), ended ones dropped first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return sorted(
        UserSession.objects.purge_and_list(user), key=lambda s: s.last_seen_at, reverse=True
    )


def mfa_methods(*, user: Any) -> list[str]:
    """The kinds of second factor the person has set up, as they would name them."""
    names = {
        Authenticator.Type.TOTP: "Authenticator app",
        Authenticator.Type.WEBAUTHN: "Passkey or security key",
        Authenticator.Type.RECOVERY_CODES: "Recovery codes",
    }
    kinds = Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True)
    return sorted({names.get(kind, kind) for kind in kinds})
