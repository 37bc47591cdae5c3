"""Decisions other capabilities ask a committee for (core/decisions.py): a federated study's
approval is sought by written consent here, and each party votes on it as on any decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from concord.core.decisions import DecisionRef
from concord.core.errors import invalid
from concord.governance.models import Charter, Committee, Decision
from concord.governance.services import decision_propose


def _ref(decision: Decision) -> DecisionRef:
    return DecisionRef(
        id=decision.pk,
        reference=decision.reference,
        committee=decision.committee.name,
        outcome=decision.outcome,
        url=reverse("governance:decision-detail", args=[decision.pk]),
    )


def deciding_committees(alliance: Any) -> list[tuple[int, str]]:
    """The alliance's committees whose charter in force allows written consent."""
    in_force = Charter.objects.unscoped().filter(
        committee__alliance=alliance, status=Charter.Status.IN_FORCE, written_consent=True
    )
    return list(in_force.order_by("committee__name").values_list("committee_id", "committee__name"))


def seek(actor: Any, alliance: Any, committee_id: int, title: str, text: str) -> DecisionRef:
    """Seek the decision by written consent, as the actor (governance's own checks apply)."""
    committee = (
        Committee.objects.unscoped().filter(alliance=alliance, pk=committee_id).first()
        if committee_id
        else None
    )
    if committee is None:
        raise invalid("committee_id", "Choose one of this alliance's committees.")
    return _ref(decision_propose(actor=actor, committee=committee, title=title, text=text))


def outcome(decision_id: int) -> DecisionRef | None:
    """Where a decision stands now."""
    decision = (
        Decision.objects.unscoped().select_related("committee").filter(pk=decision_id).first()
    )
    return _ref(decision) if decision else None
