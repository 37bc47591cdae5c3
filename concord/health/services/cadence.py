"""How an alliance runs its pulses and health checks, and the anonymity threshold they use."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.health.models import MIN_RESPONDENTS, Cadence, HealthSettings, Instrument, Kind
from concord.health.services._base import _clean, _joined_party, _require_admin, _require_manager
from concord.orgs.models import User

CADENCE_FIELDS = [
    "pulse_enabled",
    "pulse_every_months",
    "pulse_instrument",
    "health_enabled",
    "health_every_months",
    "health_at_gates",
    "health_instrument",
    "window_days",
    "min_respondents",
]


def cadence_for(alliance: Alliance) -> Cadence:
    """The alliance's cadence, or the defaults (unsaved) when nobody has changed it."""
    cadence = Cadence.objects.unscoped().filter(alliance=alliance).first()
    return cadence or Cadence(alliance=alliance)


@transaction.atomic
def cadence_update(*, actor: User, alliance: Alliance, **changes: Any) -> Cadence:
    """Change how the alliance runs its pulses and health checks; either party's managers may."""
    membership = _require_manager(actor)
    _joined_party(actor, alliance)
    unknown = set(changes) - set(CADENCE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    cadence = cadence_for(alliance)
    before = _cadence_snapshot(cadence)
    for field, value in changes.items():
        if field.endswith("_instrument") and value is not None:
            value = _usable_instrument(actor, value, Kind.PULSE if "pulse" in field else "")
        setattr(cadence, field, value)
    if cadence.min_respondents is not None and cadence.min_respondents < MIN_RESPONDENTS:
        raise invalid("min_respondents", f"Results need at least {MIN_RESPONDENTS} respondents.")
    cadence.updated_by, cadence.updated_at = actor, clock.now()
    _clean(cadence)
    cadence.save()
    after = _cadence_snapshot(cadence)
    changed = [k for k in after if before[k] != after[k]]
    if changed:
        audit_record(
            actor=actor,
            action="health.cadence_updated",
            obj=cadence,
            organisation=membership.organisation,
            alliance=alliance,
            summary=f"{actor} changed the health cadence: {', '.join(changed)}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return cadence


def _usable_instrument(actor: User, instrument: Instrument, pulse: str) -> Instrument:
    kind = Kind.PULSE if pulse else Kind.HEALTH_CHECK
    if not Instrument.objects.visible_to(actor).filter(pk=instrument.pk, kind=kind).exists():
        field = "pulse_instrument" if pulse else "health_instrument"
        raise invalid(field, f"Choose a {Kind(kind).label.lower()} from your library.")
    return instrument


def _cadence_snapshot(cadence: Cadence) -> dict[str, Any]:
    return {
        f: getattr(cadence, f"{f}_id" if f.endswith("_instrument") else f) for f in CADENCE_FIELDS
    }


@transaction.atomic
def threshold_update(*, actor: User, min_respondents: int) -> HealthSettings:
    """Raise (or lower, never below 3) the organisation's anonymity threshold for every alliance."""
    membership = _require_admin(actor)
    if min_respondents < MIN_RESPONDENTS:
        raise invalid("min_respondents", f"The threshold cannot be below {MIN_RESPONDENTS}.")
    settings, _ = HealthSettings.objects.unscoped().get_or_create(
        organisation=membership.organisation
    )
    before = settings.min_respondents
    settings.min_respondents, settings.updated_at = min_respondents, clock.now()
    _clean(settings)
    settings.save()
    audit_record(
        actor=actor,
        action="health.threshold_updated",
        obj=settings,
        organisation=membership.organisation,
        summary=f"{actor} set the anonymity threshold to {min_respondents} respondents",
        before={"min_respondents": before},
        after={"min_respondents": min_respondents},
    )
    return settings


def threshold_for(alliance: Alliance, cadence: Cadence | None = None) -> int:
    """The strictest threshold among the alliance's own and each party organisation's, at least 3."""
    cadence = cadence or cadence_for(alliance)
    orgs = Party.objects.unscoped().filter(alliance=alliance).values("organisation_id")
    own = HealthSettings.objects.unscoped().filter(organisation_id__in=orgs)
    levels = [cadence.min_respondents, *own.values_list("min_respondents", flat=True)]
    return max([MIN_RESPONDENTS, *levels])
