"""Emails about organisations and their people: one function per message."""

from __future__ import annotations

from django.urls import reverse

from concord.core.emails import send_email_on_commit
from concord.orgs.models import Invitation, User


def send_colleague_invitation(invitation: Invitation, token: str) -> None:
    """Ask a colleague to join their organisation on Concord."""
    send_email_on_commit(
        "colleague-invitation",
        [invitation.email],
        {
            "invitation": invitation,
            "path": reverse("orgs:invitation-accept", args=[token]),
        },
        organisation=invitation.organisation,
    )


def send_signin_failures(user: User, *, count: int, address: str) -> None:
    """Tell a person that someone keeps failing to sign in as them."""
    organisation = getattr(getattr(user, "membership", None), "organisation", None)
    send_email_on_commit(
        "signin-failures",
        [user.email],
        {"user": user, "count": count, "address": address or "an unknown address"},
        organisation=organisation,
    )
