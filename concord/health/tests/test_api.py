"""The health API: answers go in and never come out; results are aggregates over k or more."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concord.health import services
from concord.health.models import Kind, Respondent, RoundParty
from concord.health.tests.conftest import answer, open_round, run_round, statements
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def every_answer(round_, score=4):
    return {"scores": [{"statement_id": s.pk, "score": score} for s in statements(round_)]}


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_an_invited_person_answers_once_and_gets_nothing_back(teams):
    round_ = open_round(teams.alliance)
    bob = api_client(teams.cast.bob)
    url = f"/api/v1/health/rounds/{round_.pk}/responses"
    response = post(bob, url, every_answer(round_) | {"comment": "Good momentum."})
    assert response.status_code == 201
    assert set(response.json()) == {"counted", "message"}
    assert_api_error(post(bob, url, every_answer(round_)), 422, "round")
    detail = bob.get(f"/api/v1/health/rounds/{round_.pk}").json()
    assert detail["you_have_answered"] is True and "scores" not in json.dumps(detail)


def test_bad_answers_name_the_field_and_change_nothing(teams):
    round_ = open_round(teams.alliance)
    bob = api_client(teams.cast.bob)
    url = f"/api/v1/health/rounds/{round_.pk}/responses"
    assert_api_error(
        post(bob, url, {"scores": [{"statement_id": statements(round_)[0].pk, "score": 9}]}),
        422,
        "scores.0.score",
    )
    first = statements(round_)[0].pk
    assert_api_error(
        post(bob, url, {"scores": [{"statement_id": first, "score": 3}]}), 422, "scores"
    )
    doubled = every_answer(round_)
    doubled["scores"].append(doubled["scores"][0])
    assert_api_error(post(bob, url, doubled), 422, "scores")
    assert (
        RoundParty.objects.unscoped().get(round=round_, organisation=teams.cast.borealis).responded
        == 0
    )


def test_someone_not_invited_is_refused(teams):
    round_ = open_round(teams.alliance)
    carol = api_client(teams.cast.carol)
    assert_api_error(
        post(carol, f"/api/v1/health/rounds/{round_.pk}/responses", every_answer(round_)), 403
    )
    dave = api_client(teams.cast.dave)
    assert_api_error(
        post(dave, f"/api/v1/health/rounds/{round_.pk}/responses", every_answer(round_)), 404
    )


def test_results_are_aggregates_over_the_threshold_only(teams):
    round_ = open_round(teams.alliance)
    for person in teams.helix[:3]:
        answer(round_, person, 5, internal="Helix only")
    for person in teams.borealis[:2]:
        answer(round_, person, 1, comment="Borealis view")
    open_results = (
        api_client(teams.cast.bob).get(f"/api/v1/health/rounds/{round_.pk}/results").json()
    )
    assert open_results["published"] is False
    assert all(p["overall"] is None and p["scores"] == {} for p in open_results["parties"])
    services.round_close(round_pk=round_.pk)
    body = api_client(teams.cast.bob).get(f"/api/v1/health/rounds/{round_.pk}/results").json()
    parties = {p["organisation"]["name"]: p for p in body["parties"]}
    assert parties["Helix Biotherapeutics"]["overall"] == 5.0
    assert parties["Borealis Pharma"] | {"organisation": None} == {
        "organisation": None, "invited": 4, "responded": 2, "shown": False, "overall": None, "scores": {},
    }  # fmt: skip
    assert body["comments"] == []  # Helix's are internal; Borealis's are under the threshold
    assert all(d["gap"] is None for d in body["dimensions"])
    assert "Respondent" not in json.dumps(body) and "user" not in json.dumps(body)


def test_the_trend_and_the_portfolio(teams):
    run_round(teams, [4, 4, 4], [4, 4, 4])
    run_round(teams, [4, 4, 4], [3, 3, 2])
    bob = api_client(teams.cast.bob)
    trend = bob.get(
        f"/api/v1/alliances/{teams.alliance.pk}/health/trend", {"dimension": "trust"}
    ).json()
    assert [p["scores"][str(teams.cast.borealis.pk)] for p in trend["points"]] == [4.0, 2.67]
    portfolio = bob.get("/api/v1/health/portfolio").json()
    row = next(r for r in portfolio["items"] if r["alliance_id"] == teams.alliance.pk)
    assert row["pulse"]["flagged"] and row["early_warnings"] == 4
    assert portfolio["count"] == 2


def test_a_cadence_patch_with_a_stranger_instrument_is_refused(teams):
    dave_copy = services.instrument_copy(
        actor=teams.cast.dave, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
    )
    client = api_client(teams.cast.alice)
    url = f"/api/v1/alliances/{teams.alliance.pk}/health/cadence"
    response = client.patch(
        url, json.dumps({"pulse_instrument_id": dave_copy.pk}), content_type="application/json"
    )
    assert_api_error(response, 422, "pulse_instrument_id")
    ok = client.patch(
        url,
        json.dumps({"window_days": 5, "pulse_instrument_id": None}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["window_days"] == 5


def test_the_results_api_query_count_does_not_grow_with_rounds(teams):
    client = api_client(teams.cast.bob)
    first = run_round(teams, [4, 4, 4], [3, 3, 3])

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    alliance = f"/api/v1/alliances/{teams.alliance.pk}/health"
    urls = [
        "/api/v1/health/portfolio",
        f"{alliance}/trend",
        f"{alliance}/rounds",
        f"/api/v1/health/rounds/{first.pk}/results",
    ]
    before = [count(u) for u in urls]
    for _ in range(3):
        run_round(teams, [4, 5, 4], [3, 2, 3])
    assert [count(u) for u in urls] == before


def test_an_invitation_list_names_only_ones_own(teams):
    round_ = open_round(teams.alliance)
    answer(round_, teams.cast.bob, 4)
    assert api_client(teams.cast.bob).get("/api/v1/health/invitations").json() == []
    waiting = api_client(teams.cast.erin).get("/api/v1/health/invitations").json()
    assert [w["round_id"] for w in waiting] == [round_.pk]
    assert Respondent.objects.visible_to(teams.cast.erin).count() == 1
