"""An organisation that requires a second factor sends its people without one to set it up."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Setting up the factor, signing out, assets and the API (tokens are their own factor) stay open.
OPEN_PREFIXES = ("/accounts/", "/static/", "/api/", "/admin/", "/media/")


class SecondFactorRequiredMiddleware:
    """Before any page: a member of an organisation requiring two factors has one, or is sent to
    set one up. Someone signed in through their identity provider is left to its own rules."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(OPEN_PREFIXES) and self._must_enrol(request):
            messages.warning(
                request,
                "Your organisation requires two-factor authentication. Set up an authenticator "
                "app or a passkey to continue.",
            )
            return redirect("mfa_index")
        return self.get_response(request)

    def _must_enrol(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        membership = getattr(user, "membership", None)
        if membership is None or not membership.organisation.require_mfa:
            return False
        records = get_authentication_records(request, user)
        if any(record.get("method") == "socialaccount" for record in records):
            return False
        return not is_mfa_enabled(user)
