"""Action items."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Status

from concord.alliances import selectors as alliance_selectors
from concord.core.api import Id, actor, paginate, responses
from concord.governance import selectors, services
from concord.governance.api._common import _person, router
from concord.governance.models import (
    ActionItem,
)
from concord.governance.schemas.actions import (
    ActionIn,
    ActionListIn,
    ActionOut,
    ActionPageOut,
    ActionPatchIn,
)


@router.get("/alliances/{alliance_id}/actions", response=responses({200: ActionPageOut}))
def action_list(
    request: HttpRequest, alliance_id: Id, params: Query[ActionListIn]
) -> dict[str, Any]:
    """The alliance's actions, most pressing first."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    filters = selectors.ActionFilters(status=params.status, mine=params.mine)
    return paginate(selectors.action_list(user=user, alliance=alliance, filters=filters), params)


@router.post("/alliances/{alliance_id}/actions", response=responses({201: ActionOut}))
def action_create(request: HttpRequest, alliance_id: Id, payload: ActionIn) -> Status[ActionItem]:
    """Give a person of either party an action with a due date."""
    user = actor(request)
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    owner = _person(user, alliance, payload.owner_id, "owner_id")
    assert owner is not None  # owner_id is required by the schema
    meeting = (
        selectors.meeting_get(user=user, pk=payload.meeting_id) if payload.meeting_id else None
    )
    action = services.action_create(
        actor=user,
        alliance=alliance,
        title=payload.title,
        owner=owner,
        due_on=payload.due_on,
        detail=payload.detail,
        meeting=meeting,
    )
    return Status(201, action)


@router.patch("/actions/{action_item_id}", response=responses({200: ActionOut}))
def action_update(request: HttpRequest, action_item_id: Id, payload: ActionPatchIn) -> ActionItem:
    """Mark an action done, cancel or reopen it, move its date or give it to someone else."""
    user = actor(request)
    action = selectors.action_get(user=user, pk=action_item_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "owner_id" in changes:
        changes["owner"] = _person(user, action.alliance, changes.pop("owner_id"), "owner_id")
    return services.action_update(actor=user, action=action, **changes)
