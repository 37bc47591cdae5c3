"""What the alliance services share: the editable fields, who the actor is and what they may touch."""

from __future__ import annotations

from typing import Any

from concord.alliances.models import (
    Alliance,
    Party,
)
from concord.core import clock
from concord.core.errors import forbidden
from concord.core.tenancy import organisation_of
from concord.orgs.models import Membership, User

ALLIANCE_FIELDS = ["name", "purpose", "alliance_type", "tier", "effective_date"]
PROGRAMME_FIELDS = ["asset_name", "modality", "therapeutic_area", "indication", "stage"]


def _membership(actor: User) -> Membership:
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    return membership


def _require_manager(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return membership


def _own_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's side of an alliance it has joined: the editable_by() rule."""
    if not Alliance.objects.editable_by(actor).filter(pk=alliance.pk).exists():
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return (
        Party.objects.unscoped()
        .select_related("organisation")
        .get(alliance=alliance, organisation=organisation_of(actor))
    )


def _verify_in_scope(actor: User, alliance: Alliance) -> None:
    """Write-then-verify: the change must not have moved the alliance out of the actor's sight."""
    if not Alliance.objects.visible_to(actor).filter(pk=alliance.pk).exists():
        raise forbidden("That change would take the alliance out of your organisation's reach.")


def _touch(alliance: Alliance) -> None:
    alliance.updated_at = clock.now()
    alliance.save(update_fields=["updated_at"])


def _clean(instance: Any, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
