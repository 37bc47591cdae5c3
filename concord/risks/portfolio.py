"""What the risk register adds to the portfolio: each alliance's top open risk, and its critical
risks as a reason for attention. One query, whatever the number of alliances."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from concord.core.portfolio import AttentionFactor, PortfolioColumn, PortfolioFacts, Reason
from concord.risks.models import Risk, level_of

COLUMNS = [PortfolioColumn("top_risk", "Top risk (L×I)", 60)]
FACTORS = [AttentionFactor("critical_risk", "Open critical risk, 12 or more (each)", Decimal(2))]
FLAGS = {"critical_risk": "Critical risks"}


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """The highest-scored open risk the person may see on each alliance, and how many are
    critical; a private risk counts only for its own organisation's portfolio."""
    rows = (
        Risk.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, status=Risk.Status.OPEN)
        .order_by()
        .values_list("alliance_id", "title", "likelihood", "impact")
    )
    top: dict[int, tuple[int, str]] = {}
    critical: dict[int, int] = {}
    for alliance_id, title, likelihood, impact in rows:
        score = likelihood * impact
        if score > top.get(alliance_id, (0, ""))[0]:
            top[alliance_id] = (score, title)
        if level_of(score) == "critical":
            critical[alliance_id] = critical.get(alliance_id, 0) + 1
    facts: dict[int, PortfolioFacts] = {}
    for alliance_id, (score, title) in top.items():
        entry = facts[alliance_id] = PortfolioFacts()
        entry.values["top_risk"] = f"{score} · {title}"
        n = critical.get(alliance_id, 0)
        if n:
            entry.flags.add("critical_risk")
            noun = "risk" if n == 1 else "risks"
            entry.reasons.append(Reason("critical_risk", f"{n} critical {noun}", Decimal(n)))
    return facts
