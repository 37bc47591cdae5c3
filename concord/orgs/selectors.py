"""Reads of organisations, people, invitations and tokens."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast

from concord.core.models import OutboxEmail
from concord.core.tokens import hash_secret
from concord.orgs.models import ApiToken, Invitation, Membership, Organisation, User

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


def user_for_api_key(key: str) -> User | None:
    """The active member a bearer key belongs to, or None. The key is the credential."""
    if not key.startswith(API_TOKEN_PREFIX) or len(key) > 200:
        return None
    token = (
        ApiToken.objects.unscoped()
        .select_related("user__membership__organisation")
        .filter(key_hash=hash_secret(key), revoked_at=None)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    membership = getattr(token.user, "membership", None)
    return token.user if membership is not None and membership.is_active else None
