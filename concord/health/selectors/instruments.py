"""Reads of instruments, their versions and wording, and the organisation's anonymity threshold."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from concord.health.models import Dimension, HealthSettings, Instrument, InstrumentVersion


def instrument_list(*, user: Any, kind: str = "") -> QuerySet[Instrument]:
    """The built-in instruments and the user's organisation's own copies."""
    instruments = Instrument.objects.visible_to(user).select_related("based_on")
    return instruments.filter(kind=kind) if kind else instruments


def instrument_get(*, user: Any, pk: int) -> Instrument:
    """One instrument the user may read (built in, or their organisation's)."""
    return Instrument.objects.visible_to(user).get(pk=pk)


def instrument_versions(*, user: Any, instrument: Instrument) -> list[InstrumentVersion]:
    """Every version of an instrument, newest first, with how many rounds used each."""
    return list(
        InstrumentVersion.objects.visible_to(user)
        .filter(instrument=instrument)
        .annotate(round_count=Count("rounds"))
        .select_related("created_by")
        .order_by("-number")
    )


def version_wording(version: InstrumentVersion) -> list[Dimension]:
    """A version's dimensions with their statements, in order. Reached from a version in scope
    (a round's or an instrument's), so it reads without a second scope."""
    return list(Dimension.objects.unscoped().filter(version=version).prefetch_related("statements"))


def threshold_of(*, user: Any) -> int:
    """The user's organisation's own anonymity threshold (3 unless an admin raised it)."""
    settings = HealthSettings.objects.visible_to(user).first()
    return settings.min_respondents if settings else 3
