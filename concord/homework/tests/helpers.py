"""Shared steps of the homework tests: Alice (Helix) and Bob (Borealis) each keep homework on
their alliance; Erin is Borealis's executive sponsor."""

from __future__ import annotations

import datetime
from typing import Any

from concord.alliances.models import Party, TeamMember
from concord.core import clock
from concord.homework import services


def assess(cast: Any, who: Any = None, days_ago: int = 0, **scores: int) -> Any:
    values = {
        "strategic_fit": 4,
        "priority": 4,
        "market": 4,
        "competition": 4,
        "sponsor_strength": 4,
    } | scores
    return services.fit_assess(
        actor=who or cast.alice,
        alliance=cast.helix_borealis,
        assessed_on=clock.today() - datetime.timedelta(days=days_ago),
        rationale={"strategic_fit": "Fills the partner's oncology gap."},
        **values,
    )


def stakeholder(cast: Any, who: Any = None, **fields: Any) -> Any:
    values = {
        "name": "Erin Eklund",
        "level": "executive",
        "function": "research",
        "role": "sponsor",
        "stance": "champion",
        "strength": 4,
        "owner": who or cast.alice,
        "last_contact": clock.today(),
    } | fields
    return services.stakeholder_create(
        actor=who or cast.alice, alliance=cast.helix_borealis, **values
    )


def borealis_party(cast: Any) -> Party:
    return Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.borealis)


def helix_party(cast: Any) -> Party:
    return Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.helix)


def put_on_team(party: Party, user: Any, role: str = "executive_sponsor") -> TeamMember:
    return TeamMember.objects.create(party=party, user=user, role=role)
