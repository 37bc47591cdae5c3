"""The decision log, written consent and each party's vote."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from concord.alliances import selectors as alliance_selectors
from concord.core.api import Id, actor, paginate, responses
from concord.core.signatures import signatures_attach
from concord.governance import selectors, services
from concord.governance.api._common import router
from concord.governance.models import (
    Decision,
)
from concord.governance.schemas.decisions import (
    DecisionLogIn,
    DecisionOut,
    DecisionPageOut,
    VoteIn,
    WrittenConsentIn,
)


@router.get("/alliances/{alliance_id}/decisions", response=responses({200: DecisionPageOut}))
def decision_log(
    request: HttpRequest, alliance_id: Id, params: Query[DecisionLogIn]
) -> dict[str, Any]:
    """The alliance's decision log: searched, filtered and paginated, newest first."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    filters = selectors.DecisionFilters(
        search=params.search,
        committee=params.committee_id,
        outcome=params.outcome or "",
        method=params.method or "",
        carve_out=params.carve_out,
        since=params.since,
        until=params.until,
    )
    page = paginate(selectors.decision_log(user=user, alliance=alliance, filters=filters), params)
    signatures_attach(user=user, subjects=page["items"])  # the page's manifests in one query
    return page


@router.post("/committees/{committee_id}/decisions", response=responses({201: DecisionOut}))
def decision_propose(
    request: HttpRequest, committee_id: Id, payload: WrittenConsentIn
) -> Status[Decision]:
    """Seek a decision by written consent between meetings, where the charter allows it."""
    user = actor(request)
    committee = selectors.committee_get(user=user, pk=committee_id)
    decision = services.decision_propose(actor=user, committee=committee, **payload.model_dump())
    return Status(201, selectors.decision_get(user=user, pk=decision.pk))


@router.get("/decisions/{decision_id}", response=responses({200: DecisionOut}))
def decision_detail(request: HttpRequest, decision_id: Id) -> Decision:
    """One decision of the log with each party's vote."""
    user = actor(request)
    return selectors.decision_get(user=user, pk=decision_id)


@router.post("/decisions/{decision_id}/votes", response=responses({200: DecisionOut}))
def decision_vote(request: HttpRequest, decision_id: Id, payload: VoteIn) -> Decision:
    """Cast your own party's vote on a pending decision (put to the vote at a meeting or sought
    by written consent), within the charter's window; another party's vote is refused. The vote
    is an electronic signature: your password, re-entered, and the meaning that fits it."""
    user = actor(request)
    services.decision_vote(
        actor=user,
        decision=selectors.decision_get(user=user, pk=decision_id),
        **payload.model_dump(),
    )
    return selectors.decision_get(user=user, pk=decision_id)
