"""Every read of the risk register, through visible_to: a private risk reaches only its own
organisation, in the register, the heat map, Today and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core import clock
from concord.orgs.models import Membership, User
from concord.risks.models import SCALE, Risk, RiskReview, level_of


def joined_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance the user's organisation has joined, or DoesNotExist (a 404)."""
    alliance = alliance_selectors.alliance_get(user=user, pk=pk)
    if alliance_selectors.accepted_party(user=user, alliance=alliance) is None:
        raise Alliance.DoesNotExist
    return alliance


def risk_list(*, user: Any, alliance: Alliance, status: str = "") -> QuerySet[Risk]:
    """The alliance's risks the user may read, highest score first."""
    found = (
        Risk.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("owner", "organisation")
    )
    return found.filter(status=status) if status else found


def risk_get(*, user: Any, pk: int) -> Risk:
    return (
        Risk.objects.visible_to(user)
        .select_related("alliance", "owner", "organisation", "created_by")
        .get(pk=pk)
    )


def review_list(*, user: Any, risk: Risk) -> list[RiskReview]:
    return list(RiskReview.objects.visible_to(user).filter(risk=risk).select_related("reviewed_by"))


def owner_candidates(*, user: Any) -> list[User]:
    """Who may own a risk the user records: the active people of their own organisation."""
    colleagues = Membership.objects.visible_to(user).filter(is_active=True, user__is_active=True)
    return sorted(
        (m.user for m in colleagues.select_related("user")),
        key=lambda person: (person.first_name, person.last_name, person.pk),
    )


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def level(self) -> str:
        return level_of(self.likelihood * self.impact)


def heat_map(risks: list[Risk]) -> list[list[Cell]]:
    """Open risks counted by likelihood (rows, most likely first) and impact (columns)."""
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        if risk.is_open:
            key = (risk.likelihood, risk.impact)
            counts[key] = counts.get(key, 0) + 1
    return [
        [Cell(likelihood, impact, counts.get((likelihood, impact), 0)) for impact in range(1, 5)]
        for likelihood in range(SCALE, 0, -1)
    ]


def due_for_review(*, user: Any, until: Any) -> QuerySet[Risk]:
    """Open risks the user owns, or their organisation holds on an alliance they manage, due for
    review by `until`."""
    return (
        Risk.objects.visible_to(user)
        .filter(status=Risk.Status.OPEN, review_on__lte=until)
        .select_related("alliance")
    )


def overdue(risk: Risk) -> bool:
    return risk.review_on < clock.today()
