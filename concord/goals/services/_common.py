"""What the goals services share: who acts, for which party, and model validation."""

from __future__ import annotations

from typing import Any

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.alliances.models import Alliance, Party
from concord.core.errors import invalid
from concord.orgs.models import Membership, User


def manager_party(actor: User, alliance: Alliance) -> tuple[Membership, Party]:
    """An alliance manager (or admin) of a party that has joined the active alliance."""
    membership = managing_membership(actor)
    party = joined_party(actor, alliance, status=Party.Status.ACCEPTED)
    if alliance.is_proposed:
        raise invalid("alliance", "Every invited party must accept the alliance first.")
    return membership, party


def member_party(actor: User, alliance: Alliance) -> tuple[Membership, Party]:
    """A member, not read-only, of a party that has joined the alliance."""
    membership = active_membership(actor)
    return membership, joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)
