"""The goals story: Alice (Helix) and Bob (Borealis) agree what their alliance is for."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from concord.alliances.models import Party
from concord.goals import services
from concord.goals.models import Goal, Kpi

BASELINE_DATE = datetime.date(2026, 1, 1)
TARGET_DATE = datetime.date(2026, 12, 31)


def party_of(cast: Any, user: Any, alliance: Any = None) -> Party:
    alliance = alliance or cast.helix_borealis
    return Party.objects.unscoped().get(
        alliance=alliance, organisation=user.membership.organisation
    )


def agreed_goal(cast: Any, title: str = "Bring HX-101 to first-in-human") -> Goal:
    """A goal Alice proposed and Bob agreed: each party through its own people."""
    goal = services.goal_propose(actor=cast.alice, alliance=cast.helix_borealis, title=title)
    services.goal_version_agree(actor=cast.bob, version=goal.versions.get())
    goal.refresh_from_db()
    return goal


def kpi(cast: Any, goal: Goal, **overrides: Any) -> Kpi:
    """Patients enrolled: from 0 on 1 January to 100 by 31 December, owned by Helix."""
    fields: dict[str, Any] = {
        "name": "Patients enrolled",
        "kind": "patient_outcome",
        "unit": "patients",
        "direction": "increase",
        "baseline": Decimal(0),
        "baseline_date": BASELINE_DATE,
        "target": Decimal(100),
        "target_date": TARGET_DATE,
        "owner_party_id": party_of(cast, cast.alice).pk,
    }
    return services.kpi_create(actor=cast.alice, goal=goal, **(fields | overrides))
