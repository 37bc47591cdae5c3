"""Instruments and their wording: the built-in pulse and health check, copies, new versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify

from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.health.defaults import BUILTIN
from concord.health.models import Dimension, Instrument, InstrumentVersion, Kind, Statement
from concord.health.services._base import _clean, _require_manager
from concord.orgs.models import User

# How many statements an instrument may have: a pulse is 3–5 quick questions.
STATEMENTS: dict[str, tuple[int, int]] = {
    Kind.PULSE.value: (3, 5),
    Kind.HEALTH_CHECK.value: (1, 40),
}


def builtin_instruments_ensure() -> dict[str, Instrument]:
    """Concord's built-in pulse and health check, created the first time they are needed.

    They are reference data rather than anyone's record, so they are made here (idempotently, and
    after every migrate) instead of in a data migration that a test database flush would erase.
    """
    found = {i.kind: i for i in Instrument.objects.unscoped().filter(organisation=None)}
    for kind, name, description, dimensions in BUILTIN:
        if kind not in found:
            found[kind] = _builtin_create(kind, name, description, dimensions)
    return found


def _builtin_create(kind: str, name: str, description: str, dimensions: Any) -> Instrument:
    try:
        with transaction.atomic():
            instrument = Instrument.objects.create(kind=kind, name=name, description=description)
            _version_write(instrument, None, dimensions, "Concord's built-in wording")
            return instrument
    except IntegrityError:  # created at the same moment by another process
        return Instrument.objects.unscoped().get(kind=kind, organisation=None)


def _version_write(
    instrument: Instrument, actor: User | None, dimensions: Any, note: str
) -> InstrumentVersion:
    """A new, immutable version of the wording: dimensions (key, name, statements) in order."""
    latest = instrument.versions.aggregate(n=Max("number"))["n"] or 0
    version = InstrumentVersion.objects.create(
        instrument=instrument, number=latest + 1, change_note=note[:300], created_by=actor
    )
    for position, (key, name, statements) in enumerate(dimensions):
        dimension = Dimension.objects.create(version=version, key=key, name=name, position=position)
        Statement.objects.bulk_create(
            Statement(dimension=dimension, text=text, position=i)
            for i, text in enumerate(statements)
        )
    return version


def current_version(instrument: Instrument) -> InstrumentVersion:
    """The wording new rounds of an instrument use: its latest version."""
    return InstrumentVersion.objects.unscoped().filter(instrument=instrument).order_by("-number")[0]


@transaction.atomic
def instrument_copy(*, actor: User, instrument: Instrument, name: str = "") -> Instrument:
    """Copy an instrument into the actor's organisation, to edit its wording there."""
    membership = _require_manager(actor)
    if not Instrument.objects.visible_to(actor).filter(pk=instrument.pk).exists():
        raise forbidden("You cannot copy this instrument.")
    source = current_version(instrument)
    copy = Instrument(
        organisation=membership.organisation,
        kind=instrument.kind,
        name=(name.strip() or f"{instrument.name} ({membership.organisation.name})")[:200],
        description=instrument.description,
        based_on=instrument,
        created_by=actor,
    )
    _clean(copy)
    copy.save()
    _version_write(copy, actor, _wording(source), f"Copied from {instrument.name} v{source.number}")
    audit_record(
        actor=actor,
        action="health.instrument_copied",
        obj=copy,
        organisation=membership.organisation,
        summary=f"{actor} copied the instrument “{instrument.name}” as “{copy.name}”",
        after={"name": copy.name, "based_on": instrument.pk},
    )
    return copy


def _wording(version: InstrumentVersion) -> list[tuple[str, str, list[str]]]:
    dimensions = Dimension.objects.unscoped().filter(version=version).prefetch_related("statements")
    return [(d.key, d.name, [s.text for s in d.statements.all()]) for d in dimensions]


@dataclass
class DimensionWording:
    """One dimension of an edited instrument: its name and its statements, in order."""

    name: str
    statements: list[str]
    key: str = ""


@transaction.atomic
def instrument_revise(
    *,
    actor: User,
    instrument: Instrument,
    name: str,
    description: str = "",
    dimensions: list[DimensionWording],
    change_note: str = "",
) -> InstrumentVersion:
    """Change an organisation's own instrument: the new wording becomes a new version.

    Rounds already run keep the version they used, so their results and trends stay comparable.
    """
    membership = _require_manager(actor)
    if not Instrument.objects.editable_by(actor).filter(pk=instrument.pk).exists():
        raise forbidden("Only your organisation's own copies can be edited; copy it first.")
    wording = _checked_wording(instrument.kind, dimensions)
    before = {"name": instrument.name, "description": instrument.description}
    instrument.name, instrument.description = name.strip(), description.strip()
    _clean(instrument)
    instrument.save(update_fields=["name", "description"])
    after = {"name": instrument.name, "description": instrument.description}
    if wording == [(k, n, s) for k, n, s in _wording(current_version(instrument))]:
        if after != before:
            audit_record(
                actor=actor,
                action="health.instrument_renamed",
                obj=instrument,
                organisation=membership.organisation,
                summary=f"{actor} renamed “{before['name']}” to “{instrument.name}”",
                before=before,
                after=after,
            )
        return current_version(instrument)
    version = _version_write(instrument, actor, wording, change_note.strip() or "Wording edited")
    audit_record(
        actor=actor,
        action="health.instrument_revised",
        obj=instrument,
        organisation=membership.organisation,
        summary=f"{actor} revised “{instrument.name}” (now version {version.number})",
        after={"version": version.number, "note": version.change_note},
    )
    return version


def _checked_wording(kind: str, dimensions: list[DimensionWording]) -> list[Any]:
    """Clean dimensions: each named, with statements; keys unique; within the kind's length."""
    wording, keys = [], set()
    for index, dimension in enumerate(dimensions):
        statements = [s.strip() for s in dimension.statements if s.strip()]
        name = dimension.name.strip()
        if not statements and not name:
            continue  # an empty slot: the dimension is left out
        if not name or not statements:
            raise invalid(f"dimensions.{index}", "Give each dimension a name and statements.")
        if any(len(s) > 300 for s in statements) or len(name) > 100:
            raise invalid(f"dimensions.{index}", "Keep statements under 300 characters.")
        key = slugify(dimension.key or name).replace("-", "_")[:50] or f"dimension_{index}"
        if key in keys:
            raise invalid(f"dimensions.{index}", "Two dimensions have the same name.")
        keys.add(key)
        wording.append((key, name, statements))
    total = sum(len(s) for _, _, s in wording)
    if not wording:
        raise invalid("dimensions", "An instrument needs at least one dimension.")
    fewest, most = STATEMENTS[kind]
    if not fewest <= total <= most:
        raise invalid(
            "dimensions", f"A {Kind(kind).label.lower()} has {fewest} to {most} statements."
        )
    return wording
