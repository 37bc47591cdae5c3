"""What every health write shares: who the actor is, the role rules, and model validation."""

from __future__ import annotations

from typing import Any

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.core.errors import forbidden
from concord.orgs.models import Membership, User

# Who acts, and for which side (alliances.acting), by the names these services call them.
_membership = active_membership
_require_manager = managing_membership
_joined_party = joined_party


def _require_admin(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.is_admin:
        raise forbidden("Only your organisation's admins can change this.")
    return membership


def _clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)
