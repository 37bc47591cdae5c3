"""The figures health lends to KPIs through core's metric registry: health checks completed, and
the latest pulse's score only where enough people answered to publish it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concord.core.metrics import alliance_metric_values
from concord.health import services
from concord.health.models import Kind

pytestmark = pytest.mark.django_db


def test_closed_health_checks_count_and_an_unpublishable_pulse_gives_no_score(cast):
    alliance = cast.helix_borealis
    checked = services.round_start(actor=cast.alice, alliance=alliance, kind=Kind.HEALTH_CHECK)
    assert alliance_metric_values("health_checks_completed", [alliance.pk]) == {}
    services.round_close(round_pk=checked.pk)
    pulse = services.round_start(actor=cast.alice, alliance=alliance, kind=Kind.PULSE)
    services.round_close(round_pk=pulse.pk)  # nobody answered: below the anonymity threshold
    ids = [alliance.pk, cast.cobalt_borealis.pk]
    assert alliance_metric_values("health_checks_completed", ids) == {alliance.pk: Decimal(1)}
    assert alliance_metric_values("pulse_score", ids) == {}
