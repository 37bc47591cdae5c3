"""Emails of the health capability: one function per message.

Invitations and reminders are personal (each carries its own one-click link), so each goes to one
person. None of them says who has or has not answered, and none carries anyone's answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from concord.alliances.selectors import alliance_contacts
from concord.core.emails import send_email_on_commit

if TYPE_CHECKING:
    from concord.health.models import Celebration, EarlyWarning, Respondent, Round


def _answer_path(token: str) -> str:
    return reverse("health:answer", args=[token])


def send_round_invitation(
    respondent: Respondent, token: str, celebrations: list[Celebration]
) -> None:
    """Ask one team member to answer a round, with their personal link and recent celebrations."""
    round_ = respondent.round
    send_email_on_commit(
        "health-invitation",
        [respondent.user.email],
        {
            "round": round_,
            "alliance": round_.alliance,
            "person": respondent.user,
            "path": _answer_path(token),
            "celebrations": celebrations,
            "minutes": 2 if round_.kind == "pulse" else 10,
        },
    )


def send_round_reminder(respondent: Respondent, token: str) -> None:
    """Remind, once, a team member who has not answered yet; with a fresh personal link."""
    round_ = respondent.round
    send_email_on_commit(
        "health-reminder",
        [respondent.user.email],
        {
            "round": round_,
            "alliance": round_.alliance,
            "person": respondent.user,
            "path": _answer_path(token),
        },
    )


def send_early_warnings(round_: Round, warnings: list[EarlyWarning]) -> None:
    """Tell both parties' alliance managers what fell in a round, in aggregate only."""
    send_email_on_commit(
        "health-early-warning",
        alliance_contacts(alliance_id=round_.alliance_id),
        {
            "round": round_,
            "alliance": round_.alliance,
            "warnings": warnings,
            "path": reverse("health:round-detail", args=[round_.pk]),
        },
    )
