"""Signing with a passkey: the second factor of a signature, for people whose second factor is a
passkey (WebAuthn), without spending a recovery code each time.

The signing page asks `challenge_view` for a challenge (allauth's `begin_authentication`, for the
signer's own passkeys); the browser has the passkey answer it (`concord/passkey.js`, with
`navigator.credentials.get`) and posts the assertion with the signature in the form's hidden
`passkey` field. `SignatureForm.signature()` hands it to the service as the signature's `code`,
so every signing service takes it unchanged, and `signature_check` verifies it where it verifies
an authenticator app's code: `assertion_ok` checks it against the challenge kept in the signer's
session (allauth's `complete_authentication`). The challenge is the signer's session's own, kept
apart from allauth's sign-in ceremony, and is used once: it is taken out of the session before
the assertion is checked, so an assertion, right or wrong, cannot be replayed. The API has no
session to keep a challenge in, and keeps taking a code from an authenticator app.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal import auth as webauthn
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

logger = logging.getLogger("concord.signatures")

# Where the signing challenge waits in the signer's session, beside (not in) allauth's own key.
CHALLENGE_KEY = "concord.signature.passkey-challenge"
# An assertion is a small JSON object; anything much larger is not one.
ASSERTION_MAX_LENGTH = 8192


def is_assertion(code: str) -> bool:
    """Whether a signature's `code` is a passkey's assertion rather than a typed code."""
    return code.startswith("{")


def has_passkey(user: Any) -> bool:
    """Whether the person has a passkey: read with them on every request (orgs.backends), or
    asked here for a user loaded some other way."""
    if not getattr(user, "is_authenticated", False):
        return False
    known = getattr(user, "has_passkey", None)
    if known is not None:
        return bool(known)
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.WEBAUTHN).exists()


def _request(request: HttpRequest | None = None) -> HttpRequest | None:
    return request if request is not None else context.request


def begin(request: HttpRequest) -> dict[str, Any]:
    """A fresh challenge for the signed-in person's passkeys, kept in their session (replacing
    any earlier one); allauth's own ceremony state, if a sign-in is under way, is left as it was."""
    session = request.session
    pending = session.get(webauthn.STATE_SESSION_KEY)
    with context.request_context(request):
        options = webauthn.begin_authentication(request.user)
    session[CHALLENGE_KEY] = session.pop(webauthn.STATE_SESSION_KEY)
    if pending is not None:
        session[webauthn.STATE_SESSION_KEY] = pending
    return options


def assertion_ok(actor: Any, assertion: str, request: HttpRequest | None = None) -> bool:
    """Whether `assertion` answers the challenge in the signer's session with one of the
    signer's own passkeys. The challenge is used up by the check, whatever its outcome."""
    request = _request(request)
    if request is None or not hasattr(request, "session"):
        return False  # no session (the API): no challenge to answer
    if getattr(request.user, "pk", None) != actor.pk:
        return False  # the challenge is the session's person's, not the signer's
    state = request.session.pop(CHALLENGE_KEY, None)
    if not state or len(assertion) > ASSERTION_MAX_LENGTH:
        return False
    try:
        response = json.loads(assertion)
        with context.request_context(request):
            pending = request.session.get(webauthn.STATE_SESSION_KEY)
            webauthn.set_state(state)
            try:
                webauthn.parse_authentication_response(response)
                authenticator = webauthn.complete_authentication(actor, response)
            finally:
                webauthn.clear_state()
                if pending is not None:
                    webauthn.set_state(pending)
    except (ValueError, TypeError, KeyError, AttributeError, ValidationError):
        return False
    authenticator.record_usage()
    return True


@require_POST
def challenge_view(request: HttpRequest) -> JsonResponse:
    """A challenge for signing with a passkey: JSON for `navigator.credentials.get`."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "Sign in to sign."}, status=401)
    if not has_passkey(request.user):
        return JsonResponse(
            {"detail": "You have no passkey; sign with your password or a code."}, status=404
        )
    return JsonResponse({"request_options": begin(request)})


class PasskeyField(forms.CharField):
    """The hidden field that carries a passkey's assertion with the signature."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.HiddenInput(attrs={"data-passkey-assertion": ""}))
        super().__init__(required=False, max_length=ASSERTION_MAX_LENGTH, strip=True, **kwargs)


def passkey_button(request: HttpRequest | None, field: Any) -> dict[str, Any]:
    """What the signing form's passkey button needs: whether the signer has a passkey (read
    with them, no query of its own), where to fetch the challenge, and the hidden field."""
    return {
        "field": field,
        "offered": has_passkey(getattr(request, "user", None)),
        "challenge_url": reverse("core:signature-passkey-challenge"),
    }
