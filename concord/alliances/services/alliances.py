"""Alliances and their programmes: creation and updates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from concord.alliances.models import (
    Alliance,
    Party,
    PhaseTransition,
    Programme,
    TeamMember,
)
from concord.alliances.services._common import (
    ALLIANCE_FIELDS,
    PROGRAMME_FIELDS,
    _clean,
    _own_party,
    _require_manager,
    _touch,
    _verify_in_scope,
)
from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.errors import invalid
from concord.orgs.models import User


@transaction.atomic
def alliance_create(
    *,
    actor: User,
    name: str,
    effective_date: datetime.date,
    purpose: str = "",
    alliance_type: str = Alliance.Type.RESEARCH,
    tier: str = Alliance.Tier.CORE,
    programmes: list[dict[str, Any]] | None = None,
) -> Alliance:
    """Create an alliance in the proposed state, with the actor's organisation as first party."""
    membership = _require_manager(actor)
    alliance = Alliance(
        name=name.strip(),
        purpose=purpose.strip(),
        alliance_type=alliance_type,
        tier=tier,
        effective_date=effective_date,
        created_by=actor,
    )
    _clean(alliance)
    alliance.save()
    party = Party.objects.create(
        alliance=alliance,
        organisation=membership.organisation,
        status=Party.Status.ACCEPTED,
        invited_by=actor,
        responded_at=clock.now(),
    )
    PhaseTransition.objects.create(alliance=alliance, phase=alliance.phase)
    audit_record(
        actor=actor,
        action="alliance.created",
        obj=alliance,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} created the alliance {alliance.name}",
        after=snapshot(alliance, [*ALLIANCE_FIELDS, "phase"]),
    )
    TeamMember.objects.create(party=party, user=actor, role=TeamMember.Role.LEAD)
    for programme in programmes or []:
        programme_add(actor=actor, alliance=alliance, **programme)
    _verify_in_scope(actor, alliance)
    return alliance


@dataclass
class Changes:
    """What an edit changed: each changed field's value before and after."""

    before: dict[str, Any]
    after: dict[str, Any]

    def __bool__(self) -> bool:
        return bool(self.after)

    def describe(self) -> str:
        return ", ".join(self.after)


def _apply_changes(record: Any, allowed: list[str], changes: dict[str, Any]) -> Changes:
    """Set the allowed fields on the record and validate it; unknown fields name themselves."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    before = snapshot(record, allowed)
    for field, value in changes.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
    _clean(record)
    after = snapshot(record, allowed)
    changed = [field for field in allowed if before[field] != after[field]]
    return Changes({f: before[f] for f in changed}, {f: after[f] for f in changed})


@transaction.atomic
def alliance_update(*, actor: User, alliance: Alliance, **changes: Any) -> Alliance:
    """Edit the alliance's overview; the phase changes only through gates."""
    membership = _require_manager(actor)
    _own_party(actor, alliance)
    changed = _apply_changes(alliance, ALLIANCE_FIELDS, changes)
    if not changed:
        return alliance
    alliance.updated_at = clock.now()
    alliance.save()
    audit_record(
        actor=actor,
        action="alliance.updated",
        obj=alliance,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} changed {changed.describe()}",
        before=changed.before,
        after=changed.after,
    )
    _verify_in_scope(actor, alliance)
    return alliance


@transaction.atomic
def programme_add(
    *,
    actor: User,
    alliance: Alliance,
    asset_name: str,
    modality: str,
    therapeutic_area: str,
    indication: str,
    stage: str,
) -> Programme:
    """Name a programme (asset in an indication) the alliance works on."""
    membership = _require_manager(actor)
    _own_party(actor, alliance)
    programme = Programme(
        alliance=alliance,
        asset_name=asset_name.strip(),
        modality=modality,
        therapeutic_area=therapeutic_area,
        indication=indication.strip(),
        stage=stage,
    )
    _clean(programme)
    programme.save()
    audit_record(
        actor=actor,
        action="programme.added",
        obj=programme,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} added the programme {programme}",
        after=snapshot(programme, PROGRAMME_FIELDS),
    )
    _touch(alliance)
    return programme


@transaction.atomic
def programme_update(*, actor: User, programme: Programme, **changes: Any) -> Programme:
    """Edit a programme, for example when its stage advances."""
    membership = _require_manager(actor)
    alliance = programme.alliance
    _own_party(actor, alliance)
    changed = _apply_changes(programme, PROGRAMME_FIELDS, changes)
    if not changed:
        return programme
    programme.save()
    audit_record(
        actor=actor,
        action="programme.updated",
        obj=programme,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} updated the programme {programme}: {changed.describe()}",
        before=changed.before,
        after=changed.after,
    )
    _touch(alliance)
    return programme
