"""What the deals reads share: today, the limits on lists, the alliance whose money is read and
what the user may do with it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.deals.services._common import MONEY_ROLES
from concord.orgs.models import Membership

ZERO = Decimal(0)
RECENT_REPORTS = 8
RECENT_QUARTERS = 4
NOTES_SHOWN = 10
PREVIEW_PAYMENTS = 8


def today() -> datetime.date:
    return clock.today()


# --- The alliance and what the user may do -------------------------------------------------------


def money_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance whose money the user may see: their organisation has joined it (else 404)."""
    org = organisation_of(user)
    return (
        Alliance.objects.visible_to(user)
        .filter(pk=pk, parties__organisation=org, parties__status=Party.Status.ACCEPTED)
        .get()
    )


@dataclass(frozen=True)
class MoneyPermissions:
    """What the money pages offer the user. Display only: the services enforce every rule."""

    party: Party | None = None
    write: bool = False

    def is_ours(self, party_id: int | None) -> bool:
        return self.party is not None and party_id == self.party.pk

    @property
    def party_id(self) -> int | None:
        return self.party.pk if self.party else None


def money_permissions(*, user: Any, alliance: Alliance) -> MoneyPermissions:
    """The user's party in the alliance and whether their role writes money records."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return MoneyPermissions()
    party = (
        Party.objects.visible_to(user)
        .select_related("organisation")
        .filter(alliance=alliance, organisation=membership.organisation)
        .filter(status=Party.Status.ACCEPTED)
        .first()
    )
    writer = membership.is_admin or membership.role in MONEY_ROLES
    return MoneyPermissions(party=party, write=party is not None and writer)


def accepted_parties(*, user: Any, alliance: Alliance) -> QuerySet[Party]:
    """The parties that have joined, for the payer and payee choices."""
    return (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
    )
