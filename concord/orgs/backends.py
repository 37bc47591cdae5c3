"""Signing in: Django's model backend, reading a person's membership and organisation with them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from concord.orgs.models import User


class MemberBackend(ModelBackend):
    """Every page asks who the person is and which organisation they act for: one query for
    the three rows instead of three (see settings.AUTHENTICATION_BACKENDS)."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("membership__organisation").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
