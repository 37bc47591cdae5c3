"""Emails about organisations and their people: one function per message."""

from __future__ import annotations

from django.urls import reverse

from concord.core.emails import send_email_on_commit
from concord.orgs.models import Invitation


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
