"""What the goals services share: who acts, for which party, and model validation."""

from __future__ import annotations

from typing import Any

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.alliances.models import Alliance, Party
from concord.core.errors import invalid
from concord.core.joint import acting_party
from concord.orgs.models import Membership, User


def manager_party(actor: User, alliance: Alliance) -> tuple[Membership, Party]:
    """An alliance manager (or admin) of a party that has joined the active alliance."""
    membership = managing_membership(actor)
    party = joined_party(actor, alliance, status=Party.Status.ACCEPTED)
    if alliance.is_proposed:
        raise invalid("alliance", "Every invited party must accept the alliance first.")
    return membership, party


ROLE_RULE = "Only alliance managers and admins agree the alliance's goals for their party."


def acting_manager(
    actor: User, alliance: Alliance, party_id: int | None
) -> tuple[Membership, Party]:
    """The actor's membership and the party it answers for in a joint act on the goals: an
    alliance manager of a joined party, naming its party where the actor's organisation has two."""
    membership, _ = manager_party(actor, alliance)
    parties = list(Party.objects.unscoped().filter(alliance=alliance, status=Party.Status.ACCEPTED))
    party = acting_party(
        actor,
        parties,
        may_act=lambda person, _: person.membership.can_manage_alliances,
        role_rule=ROLE_RULE,
        named_party_id=party_id,
    )
    return membership, party


def member_party(actor: User, alliance: Alliance) -> tuple[Membership, Party]:
    """A member, not read-only, of a party that has joined the alliance."""
    membership = active_membership(actor)
    return membership, joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)
