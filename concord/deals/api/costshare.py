"""Endpoints of cost sharing: workstreams, cost entries and quarterly true-ups."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from concord.core.api import Id, PageIn, actor, paginate, responses
from concord.core.errors import invalid
from concord.deals import selectors, services
from concord.deals.api._common import _alliance, _party, router
from concord.deals.models import CostEntry
from concord.deals.schemas._common import exact
from concord.deals.schemas.costshare import (
    CostEntryIn,
    CostEntryOut,
    CostEntryPageOut,
    QuarterOut,
    TrueUpIn,
    WorkstreamIn,
    WorkstreamOut,
)
from concord.deals.schemas.ledger import DisputeOut
from concord.deals.schemas.terms import MoneyReasonIn

# --- Cost sharing ------------------------------------------------------------------------------


@router.get(
    "/alliances/{alliance_id}/cost-workstreams", response=responses({200: list[WorkstreamOut]})
)
def workstream_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """The shared workstreams and each party's agreed share of their costs."""
    user = actor(request)
    return list(selectors.workstream_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/cost-workstreams", response=responses({201: WorkstreamOut}))
def workstream_create(request: HttpRequest, alliance_id: Id, payload: WorkstreamIn) -> Status[Any]:
    """Share a workstream's costs in an agreed split; the shares add up to 100."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    shares = {_party(user, alliance, s.party_id, "shares"): s.percent for s in payload.shares}
    if len(shares) != len(payload.shares):
        raise invalid("shares", "Give each party one share.")
    workstream = services.workstream_create(
        actor=user, alliance=alliance, name=payload.name, currency=payload.currency, shares=shares
    )
    return Status(201, selectors.workstream_get(user=user, pk=workstream.pk))


@router.get("/alliances/{alliance_id}/cost-entries", response=responses({200: CostEntryPageOut}))
def cost_entry_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """Every party's cost lines on the alliance's shared workstreams, newest quarter first."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    entries = (
        CostEntry.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("workstream", "party__organisation")
    )
    return paginate(entries, page)


@router.post(
    "/cost-workstreams/{cost_workstream_id}/cost-entries", response=responses({201: CostEntryOut})
)
def cost_entry_record(
    request: HttpRequest, cost_workstream_id: Id, payload: CostEntryIn
) -> Status[Any]:
    """Record a cost your organisation incurred on the workstream in a quarter."""
    user = actor(request)
    workstream = selectors.workstream_get(user=user, pk=cost_workstream_id)
    entry = services.cost_entry_record(actor=user, workstream=workstream, **payload.model_dump())
    return Status(
        201,
        selectors.cost_entry_list(user=user, workstream=workstream)
        .select_related("workstream")
        .get(pk=entry.pk),
    )


def _quarter_out(quarter: selectors.QuarterTrueUp, currency: str) -> dict[str, Any]:
    result = quarter.result
    return {
        "year": quarter.year,
        "quarter": quarter.quarter,
        "total": exact(result.total, currency),
        "settled": quarter.settled is not None,
        "lines": [
            {
                "party_id": line.party_id,
                "organisation": line.organisation,
                "percent": f"{line.percent.normalize():f}",
                "spent": exact(line.spent, currency),
                "fair_share": exact(line.fair_share, currency),
                "balance": exact(line.balance, currency),
            }
            for line in result.lines
        ],
        "settlements": [
            {
                "debtor_party_id": s.debtor,
                "creditor_party_id": s.creditor,
                "amount": exact(s.amount, currency),
            }
            for s in result.settlements
        ],
    }


@router.get(
    "/cost-workstreams/{cost_workstream_id}/true-ups", response=responses({200: list[QuarterOut]})
)
def true_up_list(request: HttpRequest, cost_workstream_id: Id) -> list[dict[str, Any]]:
    """Each quarter's true-up: every party's spend against its share, and who owes whom."""
    user = actor(request)
    workstream = selectors.workstream_get(user=user, pk=cost_workstream_id)
    view = selectors.cost_share_overview(user=user, workstreams=[workstream])[0]
    return [_quarter_out(q, workstream.currency) for q in view.quarters]


@router.post(
    "/cost-workstreams/{cost_workstream_id}/true-ups", response=responses({201: QuarterOut})
)
def true_up_settle(
    request: HttpRequest, cost_workstream_id: Id, payload: TrueUpIn
) -> Status[dict[str, Any]]:
    """Settle a quarter: its true-up is fixed and who owes whom becomes payable."""
    user = actor(request)
    workstream = selectors.workstream_get(user=user, pk=cost_workstream_id)
    services.true_up_settle(actor=user, workstream=workstream, **payload.model_dump())
    view = selectors.cost_share_overview(
        user=user, workstreams=[workstream], since_year=payload.year
    )[0]
    quarter = next(
        q for q in view.quarters if (q.year, q.quarter) == (payload.year, payload.quarter)
    )
    return Status(201, _quarter_out(quarter, workstream.currency))


@router.post("/cost-entries/{cost_entry_id}/disputes", response=responses({201: DisputeOut}))
def cost_entry_dispute(
    request: HttpRequest, cost_entry_id: Id, payload: MoneyReasonIn
) -> Status[Any]:
    """Mark a cost line as in dispute, saying why."""
    user = actor(request)
    entry = selectors.cost_entry_get(user=user, pk=cost_entry_id)
    dispute = services.dispute_raise(actor=user, cost_entry=entry, reason=payload.reason)
    return Status(
        201, selectors.dispute_list(user=user, alliance=entry.alliance).get(pk=dispute.pk)
    )
