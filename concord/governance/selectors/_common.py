"""What governance reads share: what the user may do on an alliance's governance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from concord.alliances.models import Alliance, Party
from concord.governance.models import (
    Committee,
    CommitteeMember,
)
from concord.orgs.models import Membership


@dataclass(frozen=True)
class GovernancePermissions:
    """What the pages offer. Display only: the services enforce every rule."""

    party: Party | None = None
    manage: bool = False  # committees, charters, members, workstreams
    write: bool = False  # actions, comments, votes through a manager or seat
    raise_concerns: bool = False
    resolve: bool = False  # escalation resolutions
    seats: frozenset[int] = frozenset()  # committees the person sits on

    def runs(self, committee: Committee) -> bool:
        """Whether the person runs this committee's business: a manager or one of its members."""
        return self.write and (self.manage or committee.pk in self.seats)


def permissions_for(*, user: Any, alliance: Alliance) -> GovernancePermissions:
    """The person's governance rights in one alliance, in two queries."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active or membership.is_read_only:
        return GovernancePermissions()
    party = (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, organisation=membership.organisation, status="accepted")
        .select_related("organisation")
        .annotate(on_team=Count("team", filter=Q(team__user=user)))
        .first()
    )
    if party is None:
        return GovernancePermissions()
    seats = CommitteeMember.objects.visible_to(user).filter(committee__alliance=alliance, user=user)
    manager = membership.can_manage_alliances
    return GovernancePermissions(
        party=party,
        manage=manager,
        write=True,
        raise_concerns=manager or bool(getattr(party, "on_team", 0)),
        resolve=manager or membership.can_sign_gates,
        seats=frozenset(seats.values_list("committee_id", flat=True)),
    )
