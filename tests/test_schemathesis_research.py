"""Federated research's API on real records matches its declared schema: the fuzzer
(tests/test_schemathesis.py) cannot build an approved study with a finished run, so these
fixtures do — a study both parties approved and admitted, run once on their nodes, and a second
whose run failed on a node's schema errors — and then propose, admit and withdraw through the API.
"""

from __future__ import annotations

import pytest

from concord.orgs.services import api_token_create
from concord.research import engine, fl, services
from tests.research_story import (
    admit,
    approve,
    node_public_key,
    nodes,
    parties_of,
    propose,
    ran,
    research_committee,
    stewards,
)
from tests.test_schemathesis import CHECKS, keep_the_test_connection, schema  # noqa: F401


@pytest.fixture
def records(cast, tmp_path) -> dict[str, int]:
    alliance = cast.helix_borealis
    committee = research_committee(cast.alice, alliance)
    stewards(cast.alice, cast.bob)
    done = ran(cast.alice, cast.bob, committee, tmp_path)
    run = done.runs.get()
    with nodes(tmp_path, alliance):
        broken = approve(propose(cast.alice, alliance, committee), cast.alice, cast.bob)
        admit(broken, cast.alice, cast.bob)
        helix = next(p for p in parties_of(alliance) if p.organisation_id == cast.helix.pk)
        (tmp_path / engine.node_key(helix.pk) / "train.csv").write_text("age\nold\n")
        failed = services.run_start(actor=cast.alice, study=broken)
        services.run_execute(failed.pk)
    waiting = propose(cast.alice, alliance, committee)
    return {
        "alliance_id": alliance.pk,
        "study_id": done.pk,
        "broken_id": broken.pk,
        "waiting_id": waiting.pk,
        "run_id": run.pk,
        "failed_run_id": failed.pk,
        "committee_id": committee.pk,
    }


@pytest.fixture
def alice(cast) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(actor=cast.alice).key}"}


def _get(path: str, headers: dict[str, str], **params: int):
    case = schema[path]["GET"].Case(path_parameters=params)
    return case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize("study", ["study_id", "broken_id", "waiting_id"])
def test_studies_of_every_kind_match_the_schema(records, alice, study):
    for path in ("/api/v1/studies/{study_id}", "/api/v1/studies/{study_id}/approval"):
        assert _get(path, alice, study_id=records[study]).status_code == 200
    runs = _get("/api/v1/studies/{study_id}/runs", alice, study_id=records[study])
    assert runs.status_code == 200
    listed = _get(
        "/api/v1/alliances/{alliance_id}/studies", alice, alliance_id=records["alliance_id"]
    )
    assert {s["id"] for s in listed.json()["items"]} >= {records[study]}


@pytest.mark.django_db
def test_a_finished_and_a_failed_run_match_the_schema(records, alice):
    finished = _get("/api/v1/runs/{run_id}", alice, run_id=records["run_id"]).json()
    assert finished["status"] == "succeeded" and finished["rounds"]
    assert finished["local_only"] is not None and "c_index" in finished["final"]
    failed = _get("/api/v1/runs/{run_id}", alice, run_id=records["failed_run_id"]).json()
    assert failed["status"] == "failed" and failed["rounds"] == []
    broken = _get("/api/v1/studies/{study_id}", alice, study_id=records["broken_id"]).json()
    helix = next(p for p in broken["parties"] if p["organisation"] == "Helix Biotherapeutics")
    assert helix["errors"] and helix["rows"] == 1
    model = schema["/api/v1/runs/{run_id}/model"]["GET"].Case(
        path_parameters={"run_id": records["run_id"]}
    )
    response = model.call_and_validate(headers=alice, checks=CHECKS)
    assert response.status_code == 200 and response.content


@pytest.mark.django_db
def test_proposing_admitting_and_withdrawing_through_the_api_match_the_schema(cast, records, alice):
    body = {
        "title": "Three-year recurrence",
        "question": "Who recurs within three years?",
        "committee_id": records["committee_id"],
        "party_ids": [p.pk for p in parties_of(cast.helix_borealis)],
        **services.spec_arguments(fl.demo_spec("logistic")),
    }
    case = schema["/api/v1/alliances/{alliance_id}/studies"]["POST"].Case(
        path_parameters={"alliance_id": records["alliance_id"]}, body=body
    )
    created = case.call_and_validate(headers=alice, checks=CHECKS)
    assert created.status_code == 201 and created.json()["status"] == "awaiting_approval"
    study_id = created.json()["id"]
    key = node_public_key()
    admitted = schema["/api/v1/studies/{study_id}/admission"]["POST"].Case(
        path_parameters={"study_id": study_id}, body={"public_key": key}
    )
    response = admitted.call_and_validate(headers=alice, checks=CHECKS)
    assert response.status_code == 200
    helix = next(p for p in response.json()["parties"] if p["organisation_id"] == cast.helix.pk)
    assert helix["node_public_key"] == key and helix["node_key_fingerprint"].startswith("SHA256:")
    garbage = schema["/api/v1/studies/{study_id}/admission"]["POST"].Case(
        path_parameters={"study_id": study_id}, body={"public_key": "ssh-rsa garbage"}
    )
    refused = garbage.call_and_validate(headers=alice, checks=CHECKS)
    assert refused.status_code == 422 and "public_key" in refused.text
    withdrawn = schema["/api/v1/studies/{study_id}/withdrawal"]["POST"].Case(
        path_parameters={"study_id": study_id}, body={"reason": "Review."}
    )
    response = withdrawn.call_and_validate(headers=alice, checks=CHECKS)
    assert response.status_code == 200
    helix = next(p for p in response.json()["parties"] if p["organisation_id"] == cast.helix.pk)
    assert helix["admission"] == "withdrawn"
    refused = schema["/api/v1/studies/{study_id}/runs"]["POST"].Case(
        path_parameters={"study_id": study_id}
    )
    assert refused.call_and_validate(headers=alice, checks=CHECKS).status_code == 422
