"""The on-time figure expectations lends to KPIs through core's metric registry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from concord.core import clock
from concord.core.metrics import alliance_metric_values
from concord.expectations import services
from concord.expectations.tests.helpers import helix_owes

pytestmark = pytest.mark.django_db


def test_commitments_on_time_is_the_share_of_first_deliveries_by_their_due_date(cast):
    alliance = cast.helix_borealis
    assert alliance_metric_values("commitments_on_time", [alliance.pk]) == {}
    on_time = helix_owes(cast, due=clock.today() + datetime.timedelta(days=5), title="On time")
    services.commitment_deliver(actor=cast.alice, commitment=on_time, note="Here")
    late = helix_owes(cast, due="2025-02-01", title="Late")
    services.commitment_deliver(actor=cast.alice, commitment=late, note="Sorry")
    figures = alliance_metric_values("commitments_on_time", [alliance.pk, cast.cobalt_borealis.pk])
    assert figures == {alliance.pk: Decimal("50.0")}
