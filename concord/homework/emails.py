"""The homework's one message: a private alert to the organisation's alliance managers."""

from __future__ import annotations

from django.urls import reverse

from concord.core.emails import send_email_on_commit
from concord.homework.models import Alert
from concord.orgs.models import Membership


def managers_of(organisation_id: int) -> list[str]:
    """The active alliance managers and admins of one organisation: never the partner's."""
    people = Membership.objects.unscoped().filter(
        organisation_id=organisation_id, is_active=True, user__is_active=True
    )
    return [m.user.email for m in people.select_related("user") if m.can_manage_alliances]


def send_alert(alert: Alert) -> None:
    """Tell the organisation's managers of a drift or continuity alert."""
    send_email_on_commit(
        "homework-alert",
        managers_of(alert.organisation_id),
        {
            "alert": alert,
            "alliance": alert.alliance,
            "path": reverse("homework:alliance-homework", args=[alert.alliance_id]),
        },
    )
