"""The goals API: a goal agreed by two parties' tokens, private benefits kept private, KPIs
and measurements with exact figures, and every refusal as JSON naming the problem."""

from __future__ import annotations

import datetime

import pytest

from concord.core import clock
from concord.goals.models import Measurement
from concord.goals.tests.helpers import agreed_goal, kpi, party_of
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def test_two_parties_agree_a_goal_each_with_its_own_token(cast):
    alliance = cast.helix_borealis.pk
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    made = alice.post(
        f"/api/v1/alliances/{alliance}/goals",
        {"title": "500 patients treated in Europe"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    [version] = made.json()["versions"]
    pretending = alice.post(
        f"/api/v1/goal-versions/{version['id']}/agree",
        {"party_id": party_of(cast, cast.bob).pk},
        content_type="application/json",
    )
    assert_api_error(pretending, 422, "party_id")
    agreed = bob.post(
        f"/api/v1/goal-versions/{version['id']}/agree", {}, content_type="application/json"
    )
    assert agreed.json()["status"] == "agreed"
    goal = alice.get(f"/api/v1/goals/{made.json()['id']}").json()
    assert (goal["status"], goal["version"]) == ("agreed", 1)
    assert api_client(cast.dave).get(f"/api/v1/alliances/{alliance}/goals").status_code == 404


def test_a_private_benefit_is_not_in_the_partners_answer(cast):
    alliance = cast.helix_borealis.pk
    url = f"/api/v1/alliances/{alliance}/benefits"
    alice = api_client(cast.alice)
    alice.post(url, {"title": "Platform validation"}, content_type="application/json")
    alice.post(
        url, {"title": "Milestones", "visibility": "shared"}, content_type="application/json"
    )
    assert [b["title"] for b in alice.get(url).json()] == ["Platform validation", "Milestones"]
    assert [b["title"] for b in api_client(cast.bob).get(url).json()] == ["Milestones"]


def test_kpis_and_measurements_keep_exact_figures_and_refuse_bad_input(cast):
    goal = agreed_goal(cast)
    alice = api_client(cast.alice)
    body = {
        "name": "Countries with access",
        "kind": "patient_outcome",
        "unit": "countries",
        "direction": "increase",
        "baseline": "0",
        "baseline_date": "2026-01-01",
        "target": "12",
        "target_date": "2028-12-31",
        "owner_party_id": party_of(cast, cast.alice).pk,
    }
    wrong = alice.post(
        f"/api/v1/goals/{goal.pk}/kpis", body | {"target": "-1"}, content_type="application/json"
    )
    assert_api_error(wrong, 422, "target")
    made = alice.post(f"/api/v1/goals/{goal.pk}/kpis", body, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "no_data"
    url = f"/api/v1/kpis/{made.json()['id']}/measurements"
    today = clock.today().isoformat()
    no_source = alice.post(
        url, {"value": "2.5", "measured_on": today, "source": ""}, content_type="application/json"
    )
    assert_api_error(no_source, 422, "source")
    future = (clock.today() + datetime.timedelta(days=3)).isoformat()
    later = alice.post(
        url,
        {"value": "2.5", "measured_on": future, "source": "EMA"},
        content_type="application/json",
    )
    assert_api_error(later, 422, "measured_on")
    partner = api_client(cast.bob).post(
        url, {"value": "3", "measured_on": today, "source": "EMA"}, content_type="application/json"
    )
    assert_api_error(partner, 403)
    assert not Measurement.objects.unscoped().exists()
    done = alice.post(
        url,
        {"value": "2.50", "measured_on": today, "source": "EMA"},
        content_type="application/json",
    )
    assert done.status_code == 201 and done.json()["value"] == "2.5"
    assert alice.get(url).json()["count"] == 1


def test_the_kpi_list_says_each_status(cast):
    kp = kpi(cast, agreed_goal(cast))
    [row] = api_client(cast.bob).get(f"/api/v1/alliances/{cast.helix_borealis.pk}/kpis").json()
    assert (row["id"], row["status"], row["target"]) == (kp.pk, "no_data", "100")
