"""The demo's wind-down: the Tidewell–Castlegate research half-way through, its notice running,
two surviving obligations, and closing refused while items are open. Read from the demo seeded
once for all demo tests (conftest.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from concord.demo.chapters import winddown as chapter
from concord.expectations.models import Lesson
from concord.winddown import selectors, services
from concord.winddown.models import WindDown

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_one_alliance_is_half_way_through_its_wind_down(played):
    wind_down = WindDown.objects.unscoped().get()
    assert wind_down.alliance.name == chapter.ALLIANCE and not wind_down.is_closed
    hannah = played.person("castlegate", "hannah")
    items = selectors.item_list(user=hannah, wind_down=wind_down)
    done = [item for item in items if item.is_done]
    assert 0 < len(done) < len(items) and all(item.evidence for item in done)
    assert wind_down.days_left > 0
    obligations = selectors.obligation_list(user=hannah, wind_down=wind_down)
    assert {o.kind for o in obligations} == {"confidentiality", "audit"}
    with pytest.raises(ValidationError):
        services.winddown_close(actor=hannah, wind_down=wind_down)
    # Drawn from the research agreement's sections that create obligations, and kept learning.
    assert {item.section for item in items if item.section} == {"4.1", "12", "16.3"}
    assert Lesson.objects.visible_to(hannah).filter(alliance=wind_down.alliance).exists()
