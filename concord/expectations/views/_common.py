"""What every expectations page shares: the joined alliance and party, the base views and links."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.pages import (
    MemberRequest,
    ScopedView,
    ServiceFormView,
)
from concord.expectations import selectors
from concord.orgs.models import User


def commitment_url(pk: int, anchor: str = "") -> str:
    url = reverse("expectations:commitment-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def joined_alliance(request: MemberRequest[User], pk: int) -> tuple[Alliance, Party]:
    """An alliance the user's organisation has joined, and its party; otherwise a 404.

    An organisation only invited so far sees the alliance's overview, never its commitments.
    """
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    party = selectors.own_party(user=request.user, alliance=alliance)
    if party is None:
        raise Alliance.DoesNotExist
    return alliance, party


class ExpectationsView(ScopedView):
    """Base for expectations pages: out of scope is 404, a refused role gets the 403 page."""

    forbidden_template = "alliances/forbidden.html"


def _people(request: MemberRequest[User], parties: list[Party]) -> list[User]:
    people: dict[int, User] = {}
    for party in parties:
        for person in selectors.owner_candidates(user=request.user, party=party):
            people[person.pk] = person
    return list(people.values())


class ExpectationsFormView(ServiceFormView, ExpectationsView):
    """An expectations page holding one form that runs one service (see core's ServiceFormView);
    `load` sets the alliance and where Cancel goes.
    """

    alliance: Alliance
    cancel_url: str

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}
