"""The API's authentication: a member's bearer token (see ApiToken), for concord/api.py."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from concord.core import clock
from concord.core.middleware import client_ip
from concord.orgs import signin_limits
from concord.orgs.models import ApiToken, User
from concord.orgs.selectors import api_token_for_key

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# A token's last use is written at most this often, so reads stay reads.
LAST_USE_PRECISION = timedelta(minutes=1)


class BearerToken(HttpBearer):
    """`Authorization: Bearer <key>`, resolved to the active member who owns the key.

    A wrong key counts against the caller's address (signin_limits), so keys cannot be guessed
    at speed; a read-only token may only read.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = api_token_for_key(token)
        if api_token is None:
            # Checked only on a wrong key, so a right one costs no extra query.
            address = client_ip(request)
            refusal = signin_limits.signin_refusal(address=address)
            if refusal is not None:
                raise HttpError(429, refusal.message)
            signin_limits.signin_failed(address=address)
            return None
        if (
            api_token.scope == ApiToken.Scope.READ
            and request.method not in SAFE_METHODS
            and not request.path.endswith("/auth/token")  # revoking itself is allowed
        ):
            raise HttpError(
                403, "This API token is read-only; create a read-write one to change data."
            )
        _note_use(api_token)
        # DELETE /auth/token revokes the very key the request came with.
        request.api_key = token  # type: ignore[attr-defined]
        return api_token.user


def _note_use(token: ApiToken) -> None:
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_PRECISION:
        # One conditional UPDATE on the token's own row; not an audited change of a record.
        ApiToken.objects.unscoped().filter(pk=token.pk).update(last_used_at=now)
