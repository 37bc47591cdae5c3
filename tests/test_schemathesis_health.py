"""The health API's reads on real records match their schema: the fuzzer (tests/test_schemathesis.py)
cannot guess a round Alice was invited to, nor build one with results worth showing, so these
fixtures do: a closed pulse both sides answered (so scores, gaps, comments and an early warning
appear), an open one waiting for Alice, and Helix's own copy of the pulse."""

from __future__ import annotations

import pytest

from concord.alliances.models import Party
from concord.health import services
from concord.health.models import Kind, Respondent, Statement
from concord.orgs.services import api_token_create
from conftest import colleague
from tests.test_schemathesis import (  # noqa: F401 - the autouse fixture applies here too
    CHECKS,
    keep_the_test_connection,
    schema,
)

PEOPLE = {
    "helix": [("hana@helix.test", "Hana"), ("ivo@helix.test", "Ivo")],
    "borealis": [("kai@borealis.test", "Kai"), ("lea@borealis.test", "Lea")],
}


def _staff(admin, alliance, people) -> None:
    from concord.alliances import services as alliance_services

    party = Party.objects.unscoped().get(
        alliance=alliance, organisation=admin.membership.organisation
    )
    for email, first in people:
        person = colleague(admin, email, first, "Tester", "scientist")
        alliance_services.team_member_add(actor=admin, party=party, user=person, role="scientist")


def _answer_all(round_, score_for) -> None:
    ids = list(
        Statement.objects.unscoped()
        .filter(dimension__version=round_.version_id)
        .values_list("pk", flat=True)
    )
    for respondent in (
        Respondent.objects.unscoped().filter(round=round_).select_related("round_party")
    ):
        score = score_for(respondent.round_party.organisation_id)
        services.response_submit(
            respondent=respondent, scores=dict.fromkeys(ids, score), comment="Steady progress."
        )


@pytest.fixture
def health_records(cast) -> dict[str, int]:
    alliance = cast.helix_borealis
    _staff(cast.alice, alliance, PEOPLE["helix"])
    _staff(cast.bob, alliance, PEOPLE["borealis"])
    first = services.round_start(actor=cast.alice, alliance=alliance, kind=Kind.PULSE)
    _answer_all(first, lambda org: 4)
    services.round_close(round_pk=first.pk)
    second = services.round_start(actor=cast.alice, alliance=alliance, kind=Kind.PULSE)
    _answer_all(second, lambda org: 4 if org == cast.helix.pk else 2)
    services.round_close(round_pk=second.pk)
    services.kudos_give(actor=cast.bob, alliance=alliance, message="Thank you for the data!")
    waiting = services.round_start(actor=cast.bob, alliance=alliance, kind=Kind.PULSE)
    copy = services.instrument_copy(
        actor=cast.alice, instrument=services.builtin_instruments_ensure()[Kind.PULSE]
    )
    return {
        "alliance_id": alliance.pk,
        "round_id": second.pk,
        "open_round_id": waiting.pk,
        "instrument_id": copy.pk,
    }


@pytest.fixture
def alice(cast) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(actor=cast.alice).key}"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/health/instruments/{instrument_id}", ("instrument_id",)),
        ("/api/v1/alliances/{alliance_id}/health/cadence", ("alliance_id",)),
        ("/api/v1/alliances/{alliance_id}/health/rounds", ("alliance_id",)),
        ("/api/v1/alliances/{alliance_id}/health/trend", ("alliance_id",)),
        ("/api/v1/alliances/{alliance_id}/celebrations", ("alliance_id",)),
        ("/api/v1/health/rounds/{round_id}", ("round_id",)),
        ("/api/v1/health/rounds/{round_id}/results", ("round_id",)),
    ],
)
def test_health_reads_of_real_records_match_the_schema(health_records, alice, path, params):
    case = schema[path]["GET"].Case(path_parameters={p: health_records[p] for p in params})
    response = case.call_and_validate(headers=alice, checks=CHECKS)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/api/v1/health/portfolio", "/api/v1/health/invitations", "/api/v1/health/instruments"]
)
def test_health_lists_with_real_records_match_the_schema(health_records, alice, path):
    response = schema[path]["GET"].Case().call_and_validate(headers=alice, checks=CHECKS)
    assert response.status_code == 200
    body = response.json()
    if path.endswith("portfolio"):
        row = next(r for r in body["items"] if r["alliance_id"] == health_records["alliance_id"])
        assert row["pulse"]["flagged"] and row["early_warnings"] == 4
    if path.endswith("invitations"):
        assert [i["round_id"] for i in body] == [health_records["open_round_id"]]


@pytest.mark.django_db
def test_results_with_scores_gaps_and_warnings_match_the_schema(health_records, alice):
    case = schema["/api/v1/health/rounds/{round_id}/results"]["GET"].Case(
        path_parameters={"round_id": health_records["round_id"]}
    )
    body = case.call_and_validate(headers=alice, checks=CHECKS).json()
    assert all(p["shown"] for p in body["parties"])
    assert {d["gap"] for d in body["dimensions"]} == {2.0} and body["warnings"]
    assert body["comments"] and all(
        set(c) == {"organisation", "text", "internal"} for c in body["comments"]
    )
