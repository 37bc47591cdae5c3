"""The API's authentication: a member's bearer token (see ApiToken), for concord/api.py."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from concord.orgs.models import User
from concord.orgs.selectors import user_for_api_key


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>`, resolved to the active member who owns the key."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_api_key(token)
        if user is not None:
            # DELETE /auth/token revokes the very key the request came with.
            request.api_key = token  # type: ignore[attr-defined]
        return user
