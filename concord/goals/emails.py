"""Emails about goals: one function per message."""

from __future__ import annotations

from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.selectors import party_contacts
from concord.core.emails import send_email_on_commit
from concord.goals.models import GateGoalReview


def send_gate_goals_reviewed(review: GateGoalReview) -> None:
    """Tell the other parties that one party reviewed the goals at the pending gate: its
    confirmation, or the change it asks for, and whether theirs is still awaited."""
    others = Party.objects.unscoped().filter(
        alliance_id=review.gate.alliance_id, status=Party.Status.ACCEPTED
    )
    to = [email for party in others.exclude(pk=review.party_id) for email in party_contacts(party)]
    path = reverse("alliances:alliance-detail", args=[review.gate.alliance_id]) + "#gate"
    context = {"review": review, "alliance": review.gate.alliance, "path": path}
    send_email_on_commit("gate-goals-reviewed", to, context)
