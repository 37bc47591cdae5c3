"""The demo's goals: every active alliance of Castlegate's agreed its goals party by party,
measures patients enrolled, and records benefits shared and private; Lumen's enrolment is the
one KPI off track; Tidewell's patient goal has a change awaiting agreement. Read from the demo
seeded once for all demo tests (conftest.py)."""

from __future__ import annotations

import pytest

from concord.alliances.models import TeamMember
from concord.core.today import today_items
from concord.goals import selectors
from concord.goals.models import Benefit, Goal, GoalVersion, Kpi, KpiKind, KpiStatus, Measurement
from concord.goals.status import kpi_status

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_most_alliances_agreed_goals_with_patient_outcomes_and_one_kpi_is_off_track(played):
    goals = Goal.objects.unscoped()
    assert goals.values("alliance").distinct().count() >= 25
    assert set(goals.values_list("status", flat=True)) == {Goal.Status.AGREED}
    kpis = list(Kpi.objects.unscoped().select_related("alliance"))
    assert sum(k.kind == KpiKind.PATIENT_OUTCOME for k in kpis) >= 25
    off = [k for k in kpis if kpi_status(k) == KpiStatus.OFF_TRACK]
    assert [(k.alliance.name[:22], k.name) for k in off] == [
        ("Lumen–Castlegate TROP2", "Patients enrolled")
    ]
    assert Measurement.objects.unscoped().filter(automatic=True).exists()
    assert GoalVersion.objects.unscoped().filter(status=GoalVersion.Status.PENDING).count() == 1


@pytest.mark.django_db
def test_the_off_track_kpi_is_on_its_owners_today_and_private_benefits_stay_home(played):
    [lagging] = [
        k
        for k in Kpi.objects.unscoped().select_related("owner_party__organisation")
        if kpi_status(k) == KpiStatus.OFF_TRACK
    ]
    lead = (
        TeamMember.objects.unscoped()
        .filter(party=lagging.owner_party, role__in=["lead", "alliance_manager"])
        .first()
        .user
    )
    assert any(i.kind == "kpi" and lagging.name in i.title for i in today_items(lead))
    private = Benefit.objects.unscoped().filter(visibility="private", alliance=lagging.alliance)
    assert private.count() == 2
    for benefit in private:
        partner = lagging.alliance.parties.exclude(organisation=benefit.organisation).first()
        someone = TeamMember.objects.unscoped().filter(party=partner).first().user
        visible = selectors.benefit_list(user=someone, alliance=lagging.alliance)
        assert benefit not in visible


@pytest.mark.django_db
def test_at_tidewells_pending_gate_each_party_reviewed_the_goals_for_itself(played):
    from concord.demo.chapters import goals as chapter

    hannah = played.person("castlegate", "hannah")
    alliance = (
        Goal.objects.unscoped()
        .get(alliance__name__startswith=chapter.CHANGING, title__contains="patients")
        .alliance
    )
    at_gate = selectors.gate_goals(user=hannah, alliance=alliance)
    assert at_gate is not None and not at_gate.awaited
    answers = {r.party.organisation.name: (r.answer, r.goal_id) for r in at_gate.reviews}
    assert answers["Castlegate Pharma"][0] == "change"
    assert answers["Castlegate Pharma"][1] is not None
    assert [a for a, _ in answers.values()].count("confirmed") == 1
