"""The figure governance lends to KPIs through core's metric registry: the share of escalations
at the executives' rung resolved within the executives' period."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concord.core.metrics import alliance_metric_values
from concord.governance import services
from concord.governance.tests.test_services import deadlock

pytestmark = pytest.mark.django_db


def test_an_escalation_resolved_in_the_executives_period_counts_in_time(board):
    alliance = board.jsc.alliance
    escalation = deadlock(board)
    assert alliance_metric_values("escalations_resolved", [alliance.pk]) == {}  # still running
    for executive in (board.cast.erin, board.cast.alice):
        services.escalation_resolve(actor=executive, escalation=escalation, resolution="Agreed")
    figures = alliance_metric_values(
        "escalations_resolved", [alliance.pk, board.cast.cobalt_borealis.pk]
    )
    assert figures == {alliance.pk: Decimal("100.0")}
