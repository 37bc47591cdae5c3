"""What health adds to Today and the portfolio: pulses to answer, and health flags (perception
gaps, early warnings, a pulse that fell, a health check overdue) for the alliances a person
leads, manages or sponsors; per alliance the latest health and widest gap.

Built on the organisation-wide health selectors, whose query count does not grow with alliances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.urls import reverse

from concord.alliances.models import TeamMember
from concord.alliances.portfolio import OWNER_ROLES, alliances_in_role
from concord.core import clock
from concord.core.portfolio import AttentionFactor, PortfolioColumn, PortfolioFacts, Reason
from concord.core.today import ACT, FLAG, TodayItem
from concord.health.selectors import invitations_waiting
from concord.health.selectors.portfolio import (
    PULSE_REACH,
    PortfolioRow,
    Snapshot,
    portfolio_health_figures,
)

COLUMNS = [
    PortfolioColumn("health", "Health (us / them)", 20),
    PortfolioColumn("gap", "Widest gap", 21),
]
FACTORS = [
    AttentionFactor("perception_gap", "Flagged perception gap (per point)", Decimal(2)),
    AttentionFactor("early_warning", "Early warning in 90 days (each)", Decimal(2)),
    AttentionFactor("pulse_drop", "Pulse fell since the last round (per point)", Decimal(5)),
    AttentionFactor("health_overdue", "Health check overdue", Decimal(1)),
]
FLAGS = {"gap": "Perception gap", "health": "Health warning"}
FLAG_ROLES = (*OWNER_ROLES, TeamMember.Role.EXECUTIVE_SPONSOR)


def today_items(user: Any) -> Iterable[TodayItem]:
    """Pulses the person was asked to answer, then flags of the alliances they answer for."""
    items = [
        TodayItem(
            kind="pulse",
            title=f"Answer: {r.round.title}",
            why=f"You were asked to answer this {r.round.get_kind_display().lower()}; "
            f"it closes {r.round.closes_at:%-d %b}.",
            url=reverse("health:round-answer", args=[r.round_id]),
            action="Answer",
            section=ACT,
            alliance_id=r.round.alliance_id,
            alliance_name=r.round.alliance.name,
            due=r.round.closes_at.date(),
        )
        for r in invitations_waiting(user=user)
    ]
    mine = {row["party__alliance_id"] for row in alliances_in_role(user=user, roles=FLAG_ROLES)}
    if not mine:
        return items
    facts = portfolio_source(user, sorted(mine))
    for alliance_id, entry in facts.items():
        if entry.reasons:
            items.append(_flag_item(alliance_id, entry))
    return items


def _flag_item(alliance_id: int, entry: PortfolioFacts) -> TodayItem:
    return TodayItem(
        kind="health",
        title="Health: " + ", ".join(r.text for r in entry.reasons),
        why="A sign the partnership needs a conversation; you answer for this alliance.",
        url=reverse("health:alliance-health", args=[alliance_id]),
        action="See health",
        section=FLAG,
        alliance_id=alliance_id,
        alliance_name=entry.values.get("alliance_name", ""),
    )


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Latest health and widest gap per alliance, and the health reasons for attention."""
    facts: dict[int, PortfolioFacts] = defaultdict(PortfolioFacts)
    for row in portfolio_health_figures(user=user, alliance_ids=alliance_ids):
        entry = facts[row.alliance.pk]
        entry.values["alliance_name"] = row.alliance.name
        _health_values(row, entry)
        _health_reasons(row, entry)
    return facts


def _health_values(row: PortfolioRow, entry: PortfolioFacts) -> None:
    latest = row.pulse or row.health
    if latest is not None:
        own, partner = _own_overall(latest), _partner_overall(latest)
        entry.values["health"] = f"{_score(own)} / {_score(partner)}"
    if row.widest_gap:
        name, gap = row.widest_gap
        entry.values["gap"] = f"{name} {gap:.1f}"


def _health_reasons(row: PortfolioRow, entry: PortfolioFacts) -> None:
    if row.widest_gap_flagged and row.widest_gap:
        name, gap = row.widest_gap
        entry.flags.add("gap")
        entry.reasons.append(Reason("perception_gap", f"perception gap {gap:.1f} on {name}", gap))
    if row.warnings:
        entry.flags.add("health")
        noun = "warning" if row.warnings == 1 else "warnings"
        text = f"{row.warnings} early {noun}"
        entry.reasons.append(Reason("early_warning", text, Decimal(row.warnings)))
    drop = _pulse_drop(row.pulse, row.previous_pulse)
    if drop:
        entry.flags.add("health")
        entry.reasons.append(Reason("pulse_drop", f"pulse fell {drop:.1f}", drop))
    if row.overdue:
        entry.reasons.append(Reason("health_overdue", "health check overdue", Decimal(1)))


def _pulse_drop(latest: Snapshot | None, previous: Snapshot | None) -> Decimal | None:
    """How far the latest pulse fell below the one before, on the side that fell most: each side
    (ours, and the first partner's) where both pulses showed its score, both within a year."""
    if latest is None or previous is None or previous.opens_at < clock.now() - PULSE_REACH:
        return None
    drops = []
    for side in (_own_overall, _partner_overall):
        now, before = side(latest), side(previous)
        if now is not None and before is not None and now < before:
            drops.append(before - now)
    worst = max(drops, default=None)
    return worst if worst is not None and worst >= Decimal("0.3") else None


def _own_overall(snapshot: Snapshot) -> Decimal | None:
    return snapshot.own.overall if snapshot.own else None


def _partner_overall(snapshot: Snapshot) -> Decimal | None:
    return next((p.overall for p in snapshot.partners if p.overall is not None), None)


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}"
