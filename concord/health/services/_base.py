"""What every health write shares: who the actor is, the role rules, and model validation."""

from __future__ import annotations

from typing import Any

from concord.alliances.models import Alliance, Party
from concord.core.errors import forbidden
from concord.core.tenancy import organisation_of
from concord.orgs.models import Membership, User


def _membership(actor: User) -> Membership:
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active or not actor.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    return membership


def _require_manager(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return membership


def _require_admin(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.is_admin:
        raise forbidden("Only your organisation's admins can change this.")
    return membership


def _joined_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's accepted side of the alliance (the editable_by() rule)."""
    if not Alliance.objects.editable_by(actor).filter(pk=alliance.pk).exists():
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return Party.objects.unscoped().get(alliance=alliance, organisation=organisation_of(actor))


def _clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)
