"""Endpoints of royalty terms, quarterly reports and restatements."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from concord.core.api import Id, PageIn, actor, paginate, responses
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, _money_parties, _programme_or_none, router
from concord.deals.schemas.royalties import (
    RoyaltyReportIn,
    RoyaltyReportOut,
    RoyaltyReportPageOut,
    RoyaltyRestatementIn,
    RoyaltyRestatementOut,
    RoyaltyTermIn,
    RoyaltyTermOut,
)

# --- Royalties ---------------------------------------------------------------------------------


@router.get(
    "/alliances/{alliance_id}/royalty-terms", response=responses({200: list[RoyaltyTermOut]})
)
def royalty_term_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """The alliance's royalties and their tiers."""
    user = actor(request)
    return list(selectors.royalty_term_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/royalty-terms", response=responses({201: RoyaltyTermOut}))
def royalty_term_create(
    request: HttpRequest, alliance_id: Id, payload: RoyaltyTermIn
) -> Status[Any]:
    """Add a tiered royalty on annual net sales."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    term = services.royalty_term_create(
        actor=user,
        alliance=alliance,
        title=payload.title,
        currency=payload.currency,
        programme=_programme_or_none(user, alliance, payload.programme_id),
        tiers=[(tier.up_to, tier.rate) for tier in payload.tiers],
        **_money_parties(user, alliance, payload),
    )
    return Status(201, selectors.royalty_term_get(user=user, pk=term.pk))


@router.get(
    "/alliances/{alliance_id}/royalty-reports", response=responses({200: RoyaltyReportPageOut})
)
def royalty_report_list(
    request: HttpRequest, alliance_id: Id, page: Query[PageIn]
) -> dict[str, Any]:
    """Reported net sales and the royalty computed on them, newest quarter first."""
    user = actor(request)
    return paginate(
        selectors.royalty_report_list(user=user, alliance=_alliance(user, alliance_id)), page
    )


@router.post(
    "/royalty-terms/{royalty_term_id}/reports", response=responses({201: RoyaltyReportOut})
)
def royalty_report_submit(
    request: HttpRequest, royalty_term_id: Id, payload: RoyaltyReportIn
) -> Status[Any]:
    """Report a quarter's net sales (the selling party): the royalty is computed and falls due."""
    user = actor(request)
    term = selectors.royalty_term_get(user=user, pk=royalty_term_id)
    report = services.royalty_report_submit(actor=user, term=term, **payload.model_dump())
    return Status(201, selectors.royalty_report_get(user=user, pk=report.pk))


@router.get("/royalty-reports/{royalty_report_id}", response=responses({200: RoyaltyReportOut}))
def royalty_report_get(request: HttpRequest, royalty_report_id: Id) -> Any:
    """One quarter's report with the history of its restatements: every figure it has had."""
    return selectors.royalty_report_get(user=actor(request), pk=royalty_report_id)


@router.post(
    "/royalty-reports/{royalty_report_id}/restatements",
    response=responses({201: RoyaltyRestatementOut}),
)
def royalty_report_restate(
    request: HttpRequest, royalty_report_id: Id, payload: RoyaltyRestatementIn
) -> Status[Any]:
    """Restate a reported quarter's net sales, up or down, with a reason (the selling party):
    the year's royalty is recomputed and the difference is due, or a credit owed back."""
    user = actor(request)
    report = selectors.royalty_report_get(user=user, pk=royalty_report_id)
    restatement = services.royalty_report_restate(
        actor=user, report=report, net_sales=payload.net_sales, reason=payload.reason
    )
    report = selectors.royalty_report_get(user=user, pk=royalty_report_id)
    return Status(201, next(r for r in report.restatements.all() if r.pk == restatement.pk))
