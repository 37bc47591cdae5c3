"""Every read of a wind-down, through visible_to: only the alliance's own parties see it, and
they keep reading it after the alliance closes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.joint import JointAct, PartyAct
from concord.winddown.models import ChecklistItem, CloseAct, SurvivingObligation, WindDown


def joined_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance the user's organisation has joined, or DoesNotExist (a 404)."""
    alliance = alliance_selectors.alliance_get(user=user, pk=pk)
    if alliance_selectors.accepted_party(user=user, alliance=alliance) is None:
        raise Alliance.DoesNotExist
    return alliance


def winddown_for(*, user: Any, alliance: Alliance) -> WindDown | None:
    """The alliance's wind-down, if it has one the user may read."""
    return (
        WindDown.objects.visible_to(user)
        .select_related("alliance", "started_by", "lessons_by")
        .filter(alliance=alliance)
        .first()
    )


def winddown_get(*, user: Any, pk: int) -> WindDown:
    return WindDown.objects.visible_to(user).select_related("alliance").get(pk=pk)


def item_get(*, user: Any, pk: int) -> ChecklistItem:
    return (
        ChecklistItem.objects.visible_to(user)
        .select_related("wind_down__alliance", "owner__organisation")
        .get(pk=pk)
    )


def item_list(*, user: Any, wind_down: WindDown) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.visible_to(user)
        .filter(wind_down=wind_down)
        .select_related("owner__organisation", "done_by")
    )


def obligation_list(*, user: Any, wind_down: WindDown) -> list[SurvivingObligation]:
    return list(
        SurvivingObligation.objects.visible_to(user)
        .filter(wind_down=wind_down)
        .select_related("owed_by__organisation")
    )


@dataclass(frozen=True)
class Closing:
    """Where the joint act of closing stands: each party, and whether it has acted."""

    parties: list[tuple[Party, CloseAct | None]]
    joint: JointAct


def closing(*, user: Any, wind_down: WindDown) -> Closing:
    parties = alliance_selectors.joined_parties(user=user, alliance=wind_down.alliance)
    acts = {
        a.party_id: a
        for a in CloseAct.objects.visible_to(user).filter(wind_down=wind_down).select_related("by")
    }
    joint = JointAct.of(
        [p.pk for p in parties], (PartyAct(pk, "closed", a.by_id, a.at) for pk, a in acts.items())
    )
    return Closing([(p, acts.get(p.pk)) for p in parties], joint)
