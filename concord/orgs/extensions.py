"""What orgs plugs into core: forgetting old failed sign-ins, and recording sessions.

Every sign-in (a password through allauth's stages, a provider, signing up or accepting an
invitation) records its session in allauth's `UserSession`, so a person can see and end their
sessions and deactivation ends them all.
"""

from typing import Any

from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_in

from concord.core import extensions
from concord.orgs import signin_limits


def session_record(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """Keep the new session's address and browser beside the person (see selectors.session_list)."""
    # The test client's force_login signs in without a real request or address.
    if request is None or not request.META.get("REMOTE_ADDR") or not hasattr(request, "session"):
        return
    UserSession.objects.create_from_request(request, user=user, session=request.session)


user_logged_in.connect(session_record, dispatch_uid="orgs.session_record")
extensions.register_sweep_job("signin-failures", signin_limits.signin_failures_forget)
