"""Who answers for a party (for emails), and the alliances an organisation reaches (for tenancy)."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce
from typing import Any

from django.db.models import (
    Q,
    QuerySet,
)

from concord.alliances.models import (
    Party,
    TeamMember,
)
from concord.orgs.models import Membership, Organisation

MANAGING_ROLES = (TeamMember.Role.LEAD, TeamMember.Role.ALLIANCE_MANAGER)


FINANCE_ROLES = (TeamMember.Role.FINANCE,)


_MANAGERS = Q(is_admin=True) | Q(role=Membership.Role.ALLIANCE_MANAGER)


# Whom an organisation has in a team role it has not filled on this alliance's team.
_STAND_INS: dict[str, Q] = {
    TeamMember.Role.LEAD: _MANAGERS,
    TeamMember.Role.ALLIANCE_MANAGER: _MANAGERS,
    TeamMember.Role.EXECUTIVE_SPONSOR: Q(role=Membership.Role.EXECUTIVE_SPONSOR),
    TeamMember.Role.FINANCE: Q(role=Membership.Role.FINANCE),
}


def party_contacts(party: Party, roles: Sequence[str] = MANAGING_ROLES) -> list[str]:
    """Who answers for a party: the addresses of the people its alliance team names in `roles`.

    A party that has named no one to those roles falls back to its organisation's people in the
    same roles (admins and alliance managers for the managing ones), so nothing waits unseen.
    Active people only: a deactivated account or membership is never written to. Unscoped:
    emails are sent by the system, on behalf of no one.
    """
    team = TeamMember.objects.unscoped().filter(
        party=party, role__in=roles, user__is_active=True, user__membership__is_active=True
    )
    emails = list(team.values_list("user__email", flat=True))
    stand_ins = [_STAND_INS[role] for role in roles if role in _STAND_INS]
    if emails or not stand_ins:
        return emails
    return list(
        Membership.objects.unscoped()
        .filter(organisation_id=party.organisation_id, is_active=True, user__is_active=True)
        .filter(reduce(operator.or_, stand_ins))
        .values_list("user__email", flat=True)
    )


def alliance_contacts(*, alliance_id: int, organisation_ids: list[int] | None = None) -> list[str]:
    """Who answers for each accepted party of an alliance (or for those of some organisations):
    the `party_contacts` of each, for mail the system sends to both sides."""
    parties = Party.objects.unscoped().filter(alliance_id=alliance_id, status=Party.Status.ACCEPTED)
    if organisation_ids is not None:
        parties = parties.filter(organisation_id__in=organisation_ids)
    return [email for party in parties for email in party_contacts(party)]


def alliances_reached(organisation: Organisation, proposals: bool) -> QuerySet[Party, Any]:
    """The ids of the alliances an organisation has joined, and with `proposals` those it is
    invited to: core's tenancy asks this (see extensions.py) for every alliance-scoped read."""
    statuses = Party.VISIBLE_STATUSES if proposals else [Party.Status.ACCEPTED]
    parties = Party.objects.unscoped().filter(organisation=organisation, status__in=statuses)
    return parties.values("alliance_id")
