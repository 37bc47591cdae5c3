"""Emails about risks: one function per message. A private risk's mail goes only to people of
its own organisation (its owner is always one; the managers are its own party's)."""

from __future__ import annotations

from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.selectors import party_contacts
from concord.core.emails import send_email_on_commit
from concord.orgs.models import User
from concord.risks.models import Risk


def _owner(risk: Risk) -> list[str]:
    return [risk.owner.email] if risk.owner.is_active else []


def _context(risk: Risk) -> dict[str, object]:
    path = reverse("risks:risk-detail", args=[risk.pk])
    return {"risk": risk, "alliance": risk.alliance, "path": path}


def send_risk_assigned(risk: Risk, *, by: User) -> None:
    """Tell a person they now own a risk (never the one who gave it to themselves): its score,
    trigger and when it is to be reviewed."""
    if risk.owner_id != by.pk:
        send_email_on_commit("risk-assigned", _owner(risk), {**_context(risk), "by": by})


def send_risk_review_due(risk: Risk) -> None:
    """Remind the owner, and their party's alliance managers, that a risk's review is due."""
    party = Party.objects.unscoped().get(alliance=risk.alliance, organisation=risk.organisation)
    send_email_on_commit("risk-review-due", [*_owner(risk), *party_contacts(party)], _context(risk))
