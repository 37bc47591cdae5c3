"""API of the wind-down: start it, its checklist, surviving obligations, lessons and closing."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from concord.core.api import Id, actor, responses
from concord.orgs.models import User
from concord.winddown import selectors, services
from concord.winddown.models import ChecklistItem, CloseAct, WindDown
from concord.winddown.schemas import (
    ChecklistItemIn,
    ChecklistItemOut,
    CloseIn,
    EvidenceIn,
    LessonsIn,
    SurvivingObligationIn,
    SurvivingObligationOut,
    WindDownIn,
    WindDownOut,
)

router = Router(tags=["wind-down"])


def _detail(user: User, wind_down: WindDown) -> WindDown:
    wind_down = selectors.winddown_get(user=user, pk=wind_down.pk)
    wind_down.items_shown = selectors.item_list(user=user, wind_down=wind_down)  # type: ignore[attr-defined]
    wind_down.obligations_shown = selectors.obligation_list(user=user, wind_down=wind_down)  # type: ignore[attr-defined]
    wind_down.close_acts_shown = list(  # type: ignore[attr-defined]
        CloseAct.objects.visible_to(user).filter(wind_down=wind_down).select_related("by")
    )
    return wind_down


@router.get("/alliances/{alliance_id}/wind-down", response=responses({200: WindDownOut}))
def winddown_detail(request: HttpRequest, alliance_id: Id) -> WindDown:
    """The alliance's wind-down (404 if it has none), readable after it closes."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    wind_down = selectors.winddown_for(user=user, alliance=alliance)
    if wind_down is None:
        raise WindDown.DoesNotExist
    return _detail(user, wind_down)


@router.post("/alliances/{alliance_id}/wind-down", response=responses({201: WindDownOut}))
def winddown_start(request: HttpRequest, alliance_id: Id, payload: WindDownIn) -> Status[Any]:
    """Start the wind-down: the notice countdown and the default checklist."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    wind_down = services.winddown_start(actor=user, alliance=alliance, **payload.model_dump())
    return Status(201, _detail(user, wind_down))


@router.post("/wind-downs/{wind_down_id}/items", response=responses({201: ChecklistItemOut}))
def item_add(request: HttpRequest, wind_down_id: Id, payload: ChecklistItemIn) -> Status[Any]:
    """Add a checklist item owned by one party."""
    user = actor(request)
    wind_down = selectors.winddown_get(user=user, pk=wind_down_id)
    return Status(201, services.item_add(actor=user, wind_down=wind_down, **payload.model_dump()))


@router.post("/wind-down-items/{item_id}/complete", response=responses({200: ChecklistItemOut}))
def item_complete(request: HttpRequest, item_id: Id, payload: EvidenceIn) -> ChecklistItem:
    """The owning party completes an item, with its evidence."""
    user = actor(request)
    item = selectors.item_get(user=user, pk=item_id)
    return services.item_complete(actor=user, item=item, evidence=payload.evidence)


@router.delete("/wind-down-items/{item_id}", response=responses({204: None}))
def item_remove(request: HttpRequest, item_id: Id) -> Status[None]:
    """Take an open item off the checklist."""
    user = actor(request)
    services.item_remove(actor=user, item=selectors.item_get(user=user, pk=item_id))
    return Status(204, None)


@router.post(
    "/wind-downs/{wind_down_id}/obligations", response=responses({201: SurvivingObligationOut})
)
def obligation_add(
    request: HttpRequest, wind_down_id: Id, payload: SurvivingObligationIn
) -> Status[Any]:
    """Track an obligation that survives the end of the alliance."""
    user = actor(request)
    wind_down = selectors.winddown_get(user=user, pk=wind_down_id)
    obligation = services.obligation_add(actor=user, wind_down=wind_down, **payload.model_dump())
    return Status(201, obligation)


@router.put("/wind-downs/{wind_down_id}/lessons", response=responses({200: WindDownOut}))
def lessons_record(request: HttpRequest, wind_down_id: Id, payload: LessonsIn) -> WindDown:
    """Record the lessons learned."""
    user = actor(request)
    wind_down = selectors.winddown_get(user=user, pk=wind_down_id)
    services.lessons_record(actor=user, wind_down=wind_down, lessons=payload.lessons)
    return _detail(user, wind_down)


@router.post("/wind-downs/{wind_down_id}/close", response=responses({200: WindDownOut}))
def winddown_close(request: HttpRequest, wind_down_id: Id, payload: CloseIn) -> WindDown:
    """Close the alliance for the caller's party; it closes once every party has."""
    user = actor(request)
    wind_down = selectors.winddown_get(user=user, pk=wind_down_id)
    services.winddown_close(actor=user, wind_down=wind_down, **payload.model_dump())
    return _detail(user, wind_down)
