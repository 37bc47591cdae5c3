"""What the alliance services share: the editable fields, who the actor is and what they may touch."""

from __future__ import annotations

from typing import Any

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.alliances.models import (
    Alliance,
)
from concord.core import clock
from concord.core.errors import forbidden
from concord.orgs.models import User

ALLIANCE_FIELDS = ["name", "purpose", "alliance_type", "tier", "effective_date"]
PROGRAMME_FIELDS = ["asset_name", "modality", "therapeutic_area", "indication", "stage"]

# Who acts, and for which side (alliances.acting), by the names these services call them.
_membership = active_membership
_require_manager = managing_membership
_own_party = joined_party


def _verify_in_scope(actor: User, alliance: Alliance) -> None:
    """Write-then-verify: the change must not have moved the alliance out of the actor's sight."""
    if not Alliance.objects.visible_to(actor).filter(pk=alliance.pk).exists():
        raise forbidden("That change would take the alliance out of your organisation's reach.")


def _touch(alliance: Alliance) -> None:
    alliance.updated_at = clock.now()
    alliance.save(update_fields=["updated_at"])


def _clean(instance: Any, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
