"""API for Today and the portfolio: the same items and rows as the pages, with the same filters,
for integrations and dashboards. Both read only the caller's organisation's alliances."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.alliances import portfolio as selectors
from concord.alliances import review, services
from concord.alliances.models import SavedPortfolioView
from concord.alliances.schemas import (
    AttentionFactorOut,
    AttentionWeightsIn,
    PortfolioListIn,
    PortfolioListOut,
    PortfolioReviewIn,
    PortfolioReviewOut,
    SavedViewIn,
    SavedViewOut,
    TodayIn,
    TodayOut,
)
from concord.core.api import Id, actor, responses
from concord.core.errors import invalid
from concord.core.portfolio import attention_factors, portfolio_flags
from concord.core.review import CELEBRATION, DECISION, MILESTONE
from concord.core.today import HORIZON_DAYS, today_items

router = Router()


@router.get("/today", response=responses({200: TodayOut}), tags=["today"])
def today(request: HttpRequest, params: Query[TodayIn]) -> dict[str, Any]:
    """What is the caller's to act on: overdue or due within the horizon, meetings coming, flags."""
    items = today_items(actor(request), kind=params.kind, alliance_id=params.alliance)
    return {
        "horizon_days": HORIZON_DAYS,
        "count": len(items),
        "overdue": sum(1 for i in items if i.overdue),
        "items": items,
    }


@router.get("/portfolio", response=responses({200: PortfolioListOut}), tags=["today"])
def portfolio(request: HttpRequest, params: Query[PortfolioListIn]) -> dict[str, Any]:
    """Every alliance of the caller's organisation with its attention score and reasons, the
    columns every capability adds, filtered and sorted as on the portfolio page."""
    if params.flag and params.flag not in portfolio_flags():
        raise invalid("flag", f"Unknown flag; one of: {', '.join(sorted(portfolio_flags()))}.")
    filters = selectors.PortfolioFilters(
        search=params.search,
        tier=list(params.tier),
        phase=list(params.phase),
        area=list(params.area),
        partner=params.partner,
        owner=params.owner,
        flag=params.flag,
        sort=params.sort,
    )
    found = selectors.portfolio(user=actor(request), filters=filters)
    return {
        "columns": found.columns,
        "flags": found.flags,
        "weights": found.weights,
        "items": [_row(row, found) for row in found.rows],
    }


@router.get("/portfolio/review", response=responses({200: PortfolioReviewOut}), tags=["today"])
def portfolio_review(request: HttpRequest, params: Query[PortfolioReviewIn]) -> dict[str, Any]:
    """The quarterly portfolio review: every alliance as it stands, the quarter's decisions,
    milestones and celebrations, and the alliances that need an executive's help."""
    quarter = review.Quarter.parse(params.quarter) if params.quarter else None
    if params.quarter and quarter is None:
        raise invalid("quarter", "A quarter from 2000-Q1 to 2100-Q4, as 2026-Q4.")
    pack = review.review_pack(user=actor(request), quarter=quarter or review.current_quarter())
    entries = {
        section.kind: [{"alliance_name": name, **vars(entry)} for entry, name in section.entries]
        for section in pack.sections
    }
    return {
        "quarter": str(pack.quarter),
        "starts_on": pack.quarter.start,
        "ends_on": pack.quarter.end,
        "generated_at": pack.generated_at,
        "columns": pack.portfolio.columns,
        "alliances": [_row(row, pack.portfolio) for row in pack.rows],
        "needs_executive": [row.alliance.pk for row in pack.needs_help],
        "decisions": entries[DECISION],
        "milestones": entries[MILESTONE],
        "celebrations": entries[CELEBRATION],
    }


def _row(row: selectors.PortfolioRow, found: selectors.Portfolio) -> dict[str, Any]:
    alliance = row.alliance
    return {
        "alliance_id": alliance.pk,
        "name": alliance.name,
        "tier": alliance.tier,
        "phase": alliance.phase,
        "partners": row.partners,
        "owner": row.owner,
        "attention": row.score,
        "reasons": row.facts.reasons,
        "flags": sorted(row.facts.flags),
        "values": {c.key: _text(row.value(c.key)) for c in found.columns},
    }


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@router.get(
    "/portfolio/weights", response=responses({200: list[AttentionFactorOut]}), tags=["today"]
)
def attention_weights(request: HttpRequest) -> list[dict[str, Any]]:
    """The attention score's factors with the caller's organisation's weight for each."""
    return _factors(selectors.attention_weights(user=actor(request)))


@router.put(
    "/portfolio/weights", response=responses({200: list[AttentionFactorOut]}), tags=["today"]
)
def attention_weights_update(
    request: HttpRequest, payload: AttentionWeightsIn
) -> list[dict[str, Any]]:
    """Set the organisation's weights (its admins only); the factors come back as now weighted."""
    user = actor(request)
    services.attention_weights_update(actor=user, weights=payload.weights)
    return _factors(selectors.attention_weights(user=user))


def _factors(weights: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "code": f.code,
            "label": f.label,
            "default_weight": f.default_weight,
            "weight": weights.get(f.code, f.default_weight),
        }
        for f in attention_factors()
    ]


@router.get("/portfolio/views", response=responses({200: list[SavedViewOut]}), tags=["today"])
def saved_view_list(request: HttpRequest) -> list[SavedPortfolioView]:
    """The caller's own saved views of the portfolio (nobody else's), by name."""
    return list(selectors.saved_views(user=actor(request)))


@router.post("/portfolio/views", response=responses({201: SavedViewOut}), tags=["today"])
def saved_view_save(request: HttpRequest, payload: SavedViewIn) -> Status[SavedPortfolioView]:
    """Keep filters and a sort under a name, for the caller alone; a name used before is replaced."""
    saved = services.saved_view_save(actor=actor(request), name=payload.name, query=payload.query)
    return Status(201, saved)


@router.delete("/portfolio/views/{view_id}", response=responses({204: None}), tags=["today"])
def saved_view_delete(request: HttpRequest, view_id: Id) -> Status[None]:
    """Forget one of the caller's saved views; anyone else's is a 404."""
    user = actor(request)
    services.saved_view_delete(
        actor=user, saved_view=selectors.saved_view_get(user=user, pk=view_id)
    )
    return Status(204, None)
