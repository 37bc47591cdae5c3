"""The signed-in person's dashboard across their alliances."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
)

from concord.alliances.models import (
    Alliance,
    Phase,
)


@dataclass
class Dashboard:
    """The home page's count of the organisation's alliances by phase, under Today's items (which
    the capabilities' Today sources give: invitations and gates among them)."""

    phase_counts: list[tuple[str, str, int]]
    total: int


def alliance_dashboard(*, user: Any) -> Dashboard:
    """The alliances the user may see, counted by phase."""
    # order_by() clears Alliance.Meta.ordering, which would otherwise split the GROUP BY.
    counts = dict(
        Alliance.objects.visible_to(user)
        .order_by()
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    return Dashboard(
        phase_counts=[
            (p, label, counts.get(p, 0))
            for p, label in Phase.choices
            if p != Phase.TERMINATED or counts.get(p)
        ],
        total=sum(counts.values()),
    )
