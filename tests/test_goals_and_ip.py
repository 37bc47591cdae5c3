"""Where goals and the IP register meet other capabilities without importing them: the KPI
summary in governance's meeting pack (core's pack sections point)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from concord.core import clock
from concord.goals import services as goals
from concord.goals.tests.helpers import agreed_goal, kpi
from concord.governance import pack
from concord.governance.tests.conftest import schedule, seat_jsc

pytestmark = pytest.mark.django_db


def test_the_meeting_pack_carries_the_kpi_summary_with_each_status(cast):
    meeting = schedule(cast, seat_jsc(cast), days_ago=-7)
    assert "Goals and KPIs" not in pack.pack_html(user=cast.bob, meeting=meeting)
    enrolled = kpi(cast, agreed_goal(cast))
    goals.measurement_record(
        actor=cast.alice,
        kpi=enrolled,
        value=Decimal(2),
        measured_on=clock.today(),
        source="EDC export",
    )
    html = pack.pack_html(user=cast.bob, meeting=meeting)
    assert "Goals and KPIs" in html and "Patients enrolled" in html
    assert "0 on track, 0 at risk, 1 off track" in html
    assert "Off track</span>" in html and "2 patients" in html
