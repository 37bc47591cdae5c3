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
from concord.core.portfolio import AttentionFactor, PortfolioColumn, PortfolioFacts, Reason
from concord.core.today import ACT, FLAG, TodayItem
from concord.health.selectors import invitations_waiting
from concord.health.selectors.portfolio import PortfolioRow, portfolio_health, portfolio_trends

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
    wanted = set(alliance_ids)
    rows = [r for r in portfolio_health(user=user).rows if r.alliance.pk in wanted]
    trends = portfolio_trends(user=user, alliance_ids=[r.alliance.pk for r in rows])
    facts: dict[int, PortfolioFacts] = defaultdict(PortfolioFacts)
    for row in rows:
        entry = facts[row.alliance.pk]
        entry.values["alliance_name"] = row.alliance.name
        _health_values(row, entry)
        _health_reasons(row, entry, trends.get(row.alliance.pk))
    return facts


def _health_values(row: PortfolioRow, entry: PortfolioFacts) -> None:
    latest = row.pulse or row.health
    if latest is not None:
        own = latest.own.overall if latest.own else None
        partner = next((p.overall for p in latest.partners if p.overall is not None), None)
        entry.values["health"] = f"{_score(own)} / {_score(partner)}"
    if row.widest_gap:
        name, gap = row.widest_gap
        entry.values["gap"] = f"{name} {gap:.1f}"


def _health_reasons(row: PortfolioRow, entry: PortfolioFacts, trend: Any) -> None:
    if row.widest_gap_flagged and row.widest_gap:
        name, gap = row.widest_gap
        entry.flags.add("gap")
        entry.reasons.append(Reason("perception_gap", f"perception gap {gap:.1f} on {name}", gap))
    if row.warnings:
        entry.flags.add("health")
        noun = "warning" if row.warnings == 1 else "warnings"
        text = f"{row.warnings} early {noun}"
        entry.reasons.append(Reason("early_warning", text, Decimal(row.warnings)))
    drop = _pulse_drop(trend)
    if drop:
        entry.flags.add("health")
        entry.reasons.append(Reason("pulse_drop", f"pulse fell {drop:.1f}", drop))
    if row.overdue:
        entry.reasons.append(Reason("health_overdue", "health check overdue", Decimal(1)))


def _pulse_drop(trend: Any) -> Decimal | None:
    """How far the last pulse fell below the one before, on the side that fell most."""
    if trend is None or trend.kind != "pulse":
        return None
    drops = []
    for side in (trend.own, trend.partner):
        scores = [s for s in side if s is not None]
        if len(scores) >= 2 and scores[-1] < scores[-2]:
            drops.append(Decimal(str(round(scores[-2] - scores[-1], 2))))
    worst = max(drops, default=None)
    return worst if worst is not None and worst >= Decimal("0.3") else None


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}"
