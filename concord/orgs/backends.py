"""Signing in: Django's model backend, reading a person's membership and organisation with them."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from concord.orgs.models import User


class MemberBackend(ModelBackend):
    """Every page asks who the person is and which organisation they act for: one query for
    the three rows instead of three (see settings.AUTHENTICATION_BACKENDS). The same query says
    whether they have a passkey, which every signing form asks (core.signatures_passkey)."""

    def get_user(self, user_id: Any) -> User | None:
        passkeys = Authenticator.objects.filter(
            user_id=OuterRef("pk"), type=Authenticator.Type.WEBAUTHN
        )
        try:
            user = (
                User._default_manager.select_related("membership__organisation")
                .annotate(has_passkey=Exists(passkeys))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
