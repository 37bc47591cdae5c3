"""The demo's homework: on the Lumen–Castlegate TROP2 alliance both sides keep homework on each
other, each seeing only its own; Lumen's fit drifts over two years of quarterly assessments, its
map shows a sponsor who left, and onboarding is partly done. Read from the demo seeded once for
all demo tests (conftest.py)."""

from __future__ import annotations

import pytest

from concord.alliances.models import Alliance
from concord.homework import sections, selectors
from concord.homework.models import Alert, FitAssessment

pytestmark = pytest.mark.xdist_group("demo")

ALLIANCE = "Lumen–Castlegate TROP2 ADC collaboration"


@pytest.mark.django_db
def test_both_sides_keep_their_own_homework_and_lumen_sees_the_drift(played):
    alliance = Alliance.objects.unscoped().get(name=ALLIANCE)
    maya, hannah = played.person("lumen", "maya"), played.person("castlegate", "hannah")
    lumen = selectors.fit_history(user=maya, alliance=alliance)
    castlegate = selectors.fit_history(user=hannah, alliance=alliance)
    assert len(lumen) == len(castlegate) == 8
    assert (lumen[-1].assessed_on - lumen[0].assessed_on).days >= 600  # two years of history
    assert lumen[0].overall - lumen[-1].overall >= 25 and castlegate[-1].overall >= 80
    assert FitAssessment.objects.unscoped().filter(alliance=alliance).count() == 16
    theirs = {a.kind for a in selectors.alert_list(user=maya, alliance=alliance)}
    assert {"fit_fall", "competitor", "sponsor_change", "stakeholder_left"} <= theirs
    ours = {a.kind for a in selectors.alert_list(user=hannah, alliance=alliance)}
    assert not ours & {"fit_fall", "competitor", "stakeholder_left"}
    names = {s.name for s in selectors.stakeholder_list(user=hannah, alliance=alliance)}
    assert "Marcus Whitfield" not in names and "Maya Okafor" in names
    assert Alert.objects.unscoped().filter(alliance=alliance).count() >= 5


@pytest.mark.django_db
def test_onboarding_is_partly_done_and_shown_in_the_portfolio(played):
    alliance = Alliance.objects.unscoped().get(name=ALLIANCE)
    maya = played.person("lumen", "maya")
    progress = selectors.onboarding(user=maya, alliance=alliance)
    assert 0 < progress.onboarded < len(progress.people)
    share = sections.portfolio_source(maya, [alliance.pk])[alliance.pk].values["onboarded"]
    assert share == f"{progress.share}%"
