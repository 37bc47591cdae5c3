"""The signed-in person's dashboard across their alliances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
)

from concord.alliances.models import (
    Alliance,
    Gate,
    GateSignoff,
    Party,
    Phase,
)
from concord.alliances.selectors.alliances import AllianceFilters, alliance_list
from concord.core.tenancy import organisation_of


@dataclass
class Dashboard:
    """What the signed-in home page shows: what needs the organisation's answer, then the portfolio."""

    invitations: list[Party]
    gates_awaiting: list[Gate]
    phase_counts: list[tuple[str, str, int]]
    recent: list[Alliance]
    total: int


def alliance_dashboard(*, user: Any) -> Dashboard:
    """Invitations and gates waiting on the user's organisation, alliances by phase, recent ones."""
    org = organisation_of(user)
    invitations = list(
        Party.objects.visible_to(user)
        .filter(organisation=org, status=Party.Status.INVITED)
        .select_related("alliance", "invited_by__membership__organisation")
        .order_by("-invited_at")
    )
    joined = Party.objects.visible_to(user).filter(organisation=org, status=Party.Status.ACCEPTED)
    answered = GateSignoff.objects.unscoped().filter(gate=OuterRef("pk"), party__organisation=org)
    gates_awaiting = list(
        Gate.objects.visible_to(user)
        .filter(status=Gate.Status.PENDING, alliance_id__in=joined.values("alliance_id"))
        .exclude(Exists(answered))
        .select_related("alliance", "proposed_by", "proposing_party__organisation")
        .order_by("created_at")
    )
    # order_by() clears Alliance.Meta.ordering, which would otherwise split the GROUP BY.
    counts = dict(
        Alliance.objects.visible_to(user)
        .order_by()
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    return Dashboard(
        invitations=invitations,
        gates_awaiting=gates_awaiting,
        phase_counts=[
            (p, label, counts.get(p, 0))
            for p, label in Phase.choices
            if p != Phase.TERMINATED or counts.get(p)
        ],
        recent=list(alliance_list(user=user, filters=AllianceFilters(sort="-updated"))[:6]),
        total=sum(counts.values()),
    )
