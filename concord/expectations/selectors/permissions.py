"""What the user may do with commitments (display only: the services enforce every rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from concord.alliances.models import Alliance, Party, Phase
from concord.core.tenancy import organisation_of
from concord.expectations.models import Commitment
from concord.expectations.selectors.status import State
from concord.orgs.models import Membership

# --- What the user may do (display only: the services enforce every rule) ----------------------


@dataclass(frozen=True)
class CommitmentPermissions:
    """Which actions to offer on one commitment; mirrors the services' rules."""

    edit: bool = False
    move_due_date: bool = False
    deliver: bool = False
    judge: bool = False
    waive: bool = False
    dispute: bool = False
    resolve: bool = False
    concede: bool = False


def own_party(*, user: Any, alliance: Alliance) -> Party | None:
    """The user's organisation's joined party in this alliance, if any."""
    org = organisation_of(user)
    return (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, organisation=org, status=Party.Status.ACCEPTED)
        .first()
    )


def can_record(*, user: Any, party: Party | None, alliance: Alliance) -> bool:
    """Whether to offer "Record a commitment" / "Add an objective" (managers of a joined party)."""
    membership: Membership | None = getattr(user, "membership", None)
    return (
        party is not None
        and membership is not None
        and membership.is_active
        and membership.can_manage_alliances
        and alliance.phase != Phase.TERMINATED
    )


def commitment_permissions(
    *, user: Any, commitment: Commitment, party: Party | None
) -> CommitmentPermissions:
    """What the user may do to this commitment now."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active or party is None:
        return CommitmentPermissions()
    writer, manager = not membership.is_read_only, membership.can_manage_alliances
    owes = party.pk == commitment.owner_party_id
    owed = party.pk == commitment.receiving_party_id
    calm = not commitment.in_dispute
    closed = commitment.is_closed
    return CommitmentPermissions(
        edit=manager and (owes or owed) and not closed,
        move_due_date=manager and owed and not closed,
        deliver=writer and owes and calm and commitment.is_open,
        judge=writer and owed and calm and commitment.state == State.DELIVERED,
        waive=manager and owed and calm and commitment.is_open,
        dispute=manager and (owes or owed) and calm and not closed,
        resolve=manager and (owes or owed) and commitment.in_dispute,
        concede=manager and owed,
    )
