"""The alliance API told with the cast: who sees what, who may change what, and how it fails."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concord.alliances import services
from conftest import api_client as client_for
from conftest import assert_api_error as assert_error
from conftest import signed

API = "/api/v1"


def post(client: Client, path: str, data: Any = None) -> Any:
    body = data if isinstance(data, str) else json.dumps(data or {})
    return client.post(f"{API}{path}", body, content_type="application/json")


def patch(client: Client, path: str, data: Any) -> Any:
    body = data if isinstance(data, str) else json.dumps(data)
    return client.patch(f"{API}{path}", body, content_type="application/json")


def get(client: Client, path: str, **params: Any) -> Any:
    return client.get(f"{API}{path}", params)


def alliance_for(lead: Any, name: str, **fields: Any) -> Any:
    fields.setdefault("effective_date", datetime.date(2025, 3, 1))
    return services.alliance_create(actor=lead, name=name, **fields)


PROGRAMME = {
    "asset_name": "HLX-202",
    "modality": "small_molecule",
    "therapeutic_area": "oncology",
    "indication": "Colorectal cancer",
    "stage": "discovery",
}


# -- Who sees which alliances ---------------------------------------------------------------


def test_alice_sees_only_her_alliance_not_bobs_with_her_rival_nor_its_count(cast):
    page = get(client_for(cast.alice), "/alliances").json()

    assert page["count"] == 1
    assert [a["id"] for a in page["items"]] == [cast.helix_borealis.pk]
    assert "Cobalt" not in json.dumps(page)


def test_bob_sees_both_of_his_alliances_with_their_partners(cast):
    page = get(client_for(cast.bob), "/alliances").json()

    assert page["count"] == 2
    partners = {a["name"]: {p["organisation"]["name"] for p in a["parties"]} for a in page["items"]}
    assert partners == {
        "Cobalt–Borealis oncology alliance": {"Cobalt Bio", "Borealis Pharma"},
        "Helix–Borealis oncology alliance": {"Helix Biotherapeutics", "Borealis Pharma"},
    }


@pytest.mark.parametrize("suffix", ["", "/parties", "/programmes", "/gates", "/notes", "/audit"])
def test_outsiders_get_404_on_every_part_of_an_alliance(cast, suffix):
    path = f"/alliances/{cast.helix_borealis.pk}{suffix}"
    assert_error(get(client_for(cast.mallory), path), 404)
    assert_error(get(client_for(cast.dave), path), 404)
    assert get(client_for(cast.carol), path).status_code == 200


def test_outsiders_get_404_not_403_when_they_try_to_write(cast):
    mallory = client_for(cast.mallory)
    pk = cast.helix_borealis.pk
    assert_error(patch(mallory, f"/alliances/{pk}", {"name": "Mine now"}), 404)
    assert_error(post(mallory, f"/alliances/{pk}/notes", {"title": "Hi", "body": "Hi"}), 404)
    gate = {"to_phase": "preclinical", "rationale": "Ready."}
    assert_error(post(mallory, f"/alliances/{pk}/gates", gate), 404)


def test_the_alliance_page_shows_parties_programmes_timeline_and_phase(cast):
    detail = get(client_for(cast.bob), f"/alliances/{cast.helix_borealis.pk}").json()

    assert detail["phase"] == "discovery" and detail["status"] == "active"
    assert {p["organisation"]["name"]: p["status"] for p in detail["parties"]} == {
        "Helix Biotherapeutics": "accepted",
        "Borealis Pharma": "accepted",
    }
    assert [p["asset_name"] for p in detail["programmes"]] == ["HEL-101"]
    assert [t["phase"] for t in detail["timeline"]] == ["discovery"]
    assert detail["pending_gate"] is None
    borealis_party = next(
        p for p in detail["parties"] if p["organisation"]["id"] == cast.borealis.pk
    )
    assert detail["own_party_id"] == borealis_party["id"]
    assert [m["user"]["name"] for m in borealis_party["team"]] == ["Bob Brennan"]


# -- Creating and editing -------------------------------------------------------------------


def test_alice_creates_an_alliance_with_its_programmes(cast):
    response = post(
        client_for(cast.alice),
        "/alliances",
        {
            "name": "Helix–Northwind ADC alliance",
            "purpose": "Co-develop an ADC.",
            "alliance_type": "co_development",
            "tier": "strategic",
            "effective_date": "2025-06-01",
            "programmes": [PROGRAMME],
        },
    )

    assert response.status_code == 201, response.content
    created = response.json()
    assert created["status"] == "proposed" and created["tier"] == "strategic"
    assert [p["asset_name"] for p in created["programmes"]] == ["HLX-202"]
    assert [p["organisation"]["name"] for p in created["parties"]] == ["Helix Biotherapeutics"]


def test_alice_edits_the_overview_and_only_what_she_sends_changes(cast):
    pk = cast.helix_borealis.pk
    response = patch(client_for(cast.alice), f"/alliances/{pk}", {"tier": "strategic"})

    assert response.status_code == 200, response.content
    assert response.json()["tier"] == "strategic"
    assert response.json()["name"] == "Helix–Borealis oncology alliance"
    assert get(client_for(cast.bob), f"/alliances/{pk}/audit").json()["items"][0]["action"] == (
        "alliance.updated"
    )


def test_the_phase_cannot_be_patched_it_moves_only_through_gates(cast):
    response = patch(
        client_for(cast.alice), f"/alliances/{cast.helix_borealis.pk}", {"phase": "clinical"}
    )
    assert_error(response, 422, field="phase")


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("patch", "/alliances/{pk}", {"name": "Renamed by Carol"}),
        ("post", "/alliances/{pk}/gates", {"to_phase": "preclinical", "rationale": "Ready."}),
        ("post", "/alliances/{pk}/notes", {"title": "Carol's note", "body": "Hello."}),
        ("post", "/alliances/{pk}/programmes", PROGRAMME),
        ("post", "/alliances/{pk}/parties", {"email": "someone@elsewhere.test"}),
    ],
)
def test_carol_the_viewer_gets_403_on_writes_to_an_alliance_she_can_see(cast, method, path, data):
    carol = client_for(cast.carol)
    send = patch if method == "patch" else post
    body = assert_error(send(carol, path.format(pk=cast.helix_borealis.pk), data), 403)
    assert "only" in body["message"].lower() or "viewer" in body["message"].lower()


# -- Parties --------------------------------------------------------------------------------


def test_a_partner_is_invited_by_id_and_accepts(cast):
    alliance = alliance_for(cast.alice, "Helix–Meridian CRO alliance")
    invited = post(
        client_for(cast.alice),
        f"/alliances/{alliance.pk}/parties",
        {"organisation_id": cast.outsider_org.pk},
    )
    assert invited.status_code == 201, invited.content
    party = invited.json()["party"]
    assert party["status"] == "invited" and invited.json()["invitation"] is None

    mallory = client_for(cast.mallory)
    accepted = post(mallory, f"/parties/{party['id']}/accept")

    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert get(mallory, f"/alliances/{alliance.pk}").json()["status"] == "active"


def test_a_partner_declines_with_a_reason_and_loses_sight_of_the_alliance(cast):
    alliance = alliance_for(cast.alice, "Helix–Meridian CRO alliance")
    services.party_invite(actor=cast.alice, alliance=alliance, organisation=cast.outsider_org)
    mallory = client_for(cast.mallory)
    party_id = get(mallory, f"/alliances/{alliance.pk}/parties").json()[1]["id"]

    assert_error(post(mallory, f"/parties/{party_id}/decline", {}), 422, field="reason")
    declined = post(mallory, f"/parties/{party_id}/decline", {"reason": "No capacity this year."})

    assert declined.status_code == 200, declined.content
    assert declined.json()["decline_reason"] == "No capacity this year."
    assert_error(get(mallory, f"/alliances/{alliance.pk}"), 404)
    alice = client_for(cast.alice)
    parties = get(alice, f"/alliances/{alliance.pk}/parties").json()
    assert [p["organisation"]["name"] for p in parties] == ["Helix Biotherapeutics"]
    history = get(alice, f"/alliances/{alliance.pk}/audit").json()["items"]
    assert "No capacity this year." in history[0]["summary"]


def test_a_partner_not_yet_on_concord_is_invited_by_email(cast):
    alliance = alliance_for(cast.alice, "Helix–Newco alliance")
    response = post(
        client_for(cast.alice), f"/alliances/{alliance.pk}/parties", {"email": "ceo@newco.test"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["party"] is None
    assert response.json()["invitation"]["email"] == "ceo@newco.test"


def test_inviting_an_unknown_organisation_names_the_field(cast):
    alliance = alliance_for(cast.alice, "Helix–Nobody alliance")
    response = post(
        client_for(cast.alice), f"/alliances/{alliance.pk}/parties", {"organisation_id": 987654}
    )
    assert_error(response, 422, field="organisation_id")


def test_bob_cannot_answer_an_invitation_meant_for_someone_else(cast):
    alliance = alliance_for(cast.alice, "Helix–Meridian CRO alliance")
    party = services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.outsider_org
    ).party
    assert_error(post(client_for(cast.bob), f"/parties/{party.pk}/accept"), 404)
    assert_error(post(client_for(cast.alice), f"/parties/{party.pk}/accept"), 403)


# -- Programmes -----------------------------------------------------------------------------


def test_programmes_are_added_listed_and_advanced(cast):
    alice, pk = client_for(cast.alice), cast.helix_borealis.pk
    added = post(alice, f"/alliances/{pk}/programmes", PROGRAMME)
    assert added.status_code == 201, added.content

    advanced = patch(alice, f"/programmes/{added.json()['id']}", {"stage": "preclinical"})

    assert advanced.status_code == 200, advanced.content
    assert advanced.json()["stage"] == "preclinical"
    listed = get(client_for(cast.bob), f"/alliances/{pk}/programmes").json()
    assert {p["asset_name"]: p["stage"] for p in listed} == {
        "HEL-101": "preclinical",
        "HLX-202": "preclinical",
    }
    assert_error(patch(client_for(cast.mallory), f"/programmes/{added.json()['id']}", {}), 404)


# -- Gates ----------------------------------------------------------------------------------


def propose(client: Client, alliance_pk: int, to_phase: str = "preclinical") -> Any:
    rationale = "Lead series met every pre-clinical entry criterion."
    body = {"to_phase": to_phase, "rationale": rationale, **signed()}
    return post(client, f"/alliances/{alliance_pk}/gates", body)


def test_the_phase_changes_when_every_party_has_signed_the_gate(cast):
    alice, bob, pk = client_for(cast.alice), client_for(cast.bob), cast.helix_borealis.pk

    proposed = propose(alice, pk)
    assert proposed.status_code == 201, proposed.content
    gate = proposed.json()
    assert gate["status"] == "pending" and len(gate["signoffs"]) == 1  # Alice signs as she proposes
    assert get(bob, f"/alliances/{pk}").json()["pending_gate"]["id"] == gate["id"]

    passed = post(bob, f"/gates/{gate['id']}/sign", signed())

    assert passed.status_code == 200, passed.content
    assert passed.json()["status"] == "passed"
    manifest = [(s["printed_name"], s["meaning"]) for s in passed.json()["signatures"]]
    assert manifest == [("Alice Archer", "approve"), ("Bob Brennan", "approve")]
    detail = get(alice, f"/alliances/{pk}").json()
    assert detail["phase"] == "preclinical" and detail["pending_gate"] is None
    assert [t["phase"] for t in detail["timeline"]] == ["discovery", "preclinical"]
    assert_error(post(bob, f"/gates/{gate['id']}/sign", signed()), 422, field="gate")


def test_a_gate_is_signed_only_with_the_signers_own_password_and_a_meaning(cast):
    alice, bob, pk = client_for(cast.alice), client_for(cast.bob), cast.helix_borealis.pk
    gate_id = propose(alice, pk).json()["id"]

    assert_error(post(bob, f"/gates/{gate_id}/sign", {}), 422, field="password")
    wrong = {"password": "not-bobs-password", "meaning": "approve"}
    assert_error(post(bob, f"/gates/{gate_id}/sign", wrong), 422, field="password")
    assert_error(post(bob, f"/gates/{gate_id}/sign", signed("reject")), 422, field="meaning")
    assert_error(post(bob, f"/gates/{gate_id}/sign", signed("agree")), 422, field="meaning")
    gate = get(bob, f"/alliances/{pk}/gates").json()[0]
    assert gate["status"] == "pending" and len(gate["signatures"]) == 1, "only Alice's"
    signature = gate["signatures"][0]
    assert signature["organisation"] == "Helix Biotherapeutics"
    assert signature["time_zone"] == "Europe/London"
    assert signature["signed_at_local"].endswith(("GMT (UTC+00:00)", "BST (UTC+01:00)"))


def test_the_gate_list_reads_every_gates_signatures_in_one_query(cast):
    """The manifests come with the list, read together in the caller's scope, not a query per
    gate: three gates, each signed, cost what one does."""
    alice, bob, pk = client_for(cast.alice), client_for(cast.bob), cast.helix_borealis.pk
    url = f"/api/v1/alliances/{pk}/gates"

    def queries() -> tuple[int, list[int]]:
        with CaptureQueriesContext(connection) as captured:
            gates = alice.get(url).json()
        return len(captured), [len(g["signatures"]) for g in gates]

    gate_id = propose(alice, pk).json()["id"]
    one, signed_once = queries()
    post(bob, f"/gates/{gate_id}/sign", signed())  # passed: Alice's and Bob's signatures
    for phase in ("clinical", "commercialisation"):
        gate_id = propose(alice, pk, phase).json()["id"]
        post(alice, f"/gates/{gate_id}/withdraw", {})
    many, signed_each = queries()
    assert signed_once == [1] and signed_each == [1, 1, 2]
    assert many == one


def test_a_gate_declined_with_a_reason_leaves_the_phase_alone(cast):
    alice, erin, pk = client_for(cast.alice), client_for(cast.erin), cast.helix_borealis.pk
    gate_id = propose(alice, pk).json()["id"]

    empty = {"reason": "", **signed("reject")}
    assert_error(post(erin, f"/gates/{gate_id}/decline", empty), 422, field="reason")
    reason = {"reason": "Tox package incomplete."}
    assert_error(post(erin, f"/gates/{gate_id}/decline", reason), 422, field="password")
    declined = post(erin, f"/gates/{gate_id}/decline", {**reason, **signed("reject")})

    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "declined"
    answers = {s["organisation"]["name"]: s for s in declined.json()["signoffs"]}
    assert answers["Borealis Pharma"]["decision"] == "declined"
    assert answers["Borealis Pharma"]["reason"] == "Tox package incomplete."
    assert get(alice, f"/alliances/{pk}").json()["phase"] == "discovery"
    assert [g["status"] for g in get(alice, f"/alliances/{pk}/gates").json()] == ["declined"]


def test_the_proposer_withdraws_a_gate_and_carol_may_not_sign(cast):
    alice, pk = client_for(cast.alice), cast.helix_borealis.pk
    gate_id = propose(alice, pk).json()["id"]

    assert_error(post(client_for(cast.carol), f"/gates/{gate_id}/sign", signed()), 403)
    assert_error(post(client_for(cast.bob), f"/gates/{gate_id}/withdraw"), 403)
    withdrawn = post(alice, f"/gates/{gate_id}/withdraw")

    assert withdrawn.json()["status"] == "withdrawn"
    assert_error(post(client_for(cast.mallory), f"/gates/{gate_id}/sign", signed()), 404)


def test_proposing_the_current_phase_is_a_422_on_to_phase(cast):
    assert_error(
        propose(client_for(cast.alice), cast.helix_borealis.pk, "discovery"), 422, "to_phase"
    )


# -- Notes and audit ------------------------------------------------------------------------


def test_private_notes_of_the_other_side_never_appear(cast):
    pk = cast.helix_borealis.pk
    bob_titles = [
        n["title"] for n in get(client_for(cast.bob), f"/alliances/{pk}/notes").json()["items"]
    ]
    alice_titles = [
        n["title"] for n in get(client_for(cast.alice), f"/alliances/{pk}/notes").json()["items"]
    ]

    assert "Helix walk-away position" not in bob_titles
    assert set(bob_titles) == {"Borealis portfolio review", "Kick-off meeting summary"}
    assert set(alice_titles) == {"Helix walk-away position", "Kick-off meeting summary"}


def test_a_note_alice_writes_privately_stays_with_helix(cast):
    pk = cast.helix_borealis.pk
    note = {"title": "Our fallback", "body": "If Borealis walks…", "visibility": "private"}
    created = post(client_for(cast.alice), f"/alliances/{pk}/notes", note)

    assert created.status_code == 201, created.content
    assert created.json()["visibility"] == "private"
    bob_notes = json.dumps(get(client_for(cast.bob), f"/alliances/{pk}/notes").json())
    bob_audit = json.dumps(get(client_for(cast.bob), f"/alliances/{pk}/audit", limit=100).json())
    assert "Our fallback" not in bob_notes and "Our fallback" not in bob_audit
    assert "Our fallback" in json.dumps(
        get(client_for(cast.carol), f"/alliances/{pk}/notes").json()
    )


def test_the_audit_trail_shows_shared_events_and_only_our_own_private_ones(cast):
    pk = cast.helix_borealis.pk
    events = get(client_for(cast.alice), f"/alliances/{pk}/audit", limit=100).json()

    summaries = " ".join(e["summary"] for e in events["items"])
    assert events["count"] == len(events["items"])
    assert "Helix walk-away position" in summaries
    assert "Borealis portfolio review" not in summaries
    assert [e["seq"] for e in events["items"]] == sorted(
        (e["seq"] for e in events["items"]), reverse=True
    )


# -- Lists: paging, filters, query counts ---------------------------------------------------


def test_the_alliance_list_pages_with_a_total_count(cast):
    for n in range(4):
        alliance_for(cast.alice, f"Helix alliance {n}")
    alice = client_for(cast.alice)

    first = get(alice, "/alliances", limit=2).json()
    last = get(alice, "/alliances", limit=2, offset=4).json()

    assert first["count"] == last["count"] == 5
    assert len(first["items"]) == 2 and len(last["items"]) == 1
    assert get(alice, "/alliances", offset=1_000_000).json()["items"] == []


def test_the_alliance_list_filters_and_sorts(cast):
    alliance_for(cast.alice, "Alpha platform deal", tier="strategic", alliance_type="licence")
    alice = client_for(cast.alice)

    def names(**params: Any) -> list[str]:
        return [a["name"] for a in get(alice, "/alliances", **params).json()["items"]]

    assert names(tier="strategic") == ["Alpha platform deal"]
    assert names(alliance_type=["licence", "option"]) == ["Alpha platform deal"]
    assert names(partner=cast.borealis.pk) == ["Helix–Borealis oncology alliance"]
    assert names(partner=cast.cobalt.pk) == []  # Bob and Dave's alliance stays out of sight
    assert names(search="lung") == ["Helix–Borealis oncology alliance"]  # programme indication
    assert names(status="proposed") == ["Alpha platform deal"]
    assert names(phase="clinical") == []
    assert names(sort="-name") == ["Helix–Borealis oncology alliance", "Alpha platform deal"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"phase": "stratospheric"}, "phase"),
        ({"sort": "chaos"}, "sort"),
        ({"limit": 10**30}, "limit"),
        ({"offset": 10**30}, "offset"),
        ({"partner": 2**64}, "partner"),
        ({"search": "lung\x00"}, "search"),
    ],
)
def test_bad_list_parameters_are_422s_naming_the_parameter(cast, params, field):
    assert_error(get(client_for(cast.bob), "/alliances", **params), 422, field=field)


def test_listing_alliances_takes_the_same_number_of_queries_however_many_there_are(cast):
    bob = client_for(cast.bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert get(bob, "/alliances", limit=100).status_code == 200
        return len(captured)

    few = queries()
    for n in range(6):
        alliance = alliance_for(cast.bob, f"Borealis alliance {n}", programmes=[PROGRAMME])
        services.party_invite(actor=cast.bob, alliance=alliance, organisation=cast.helix)
    assert get(bob, "/alliances").json()["count"] == 8
    assert queries() == few


# -- Every error class has the same JSON shape ----------------------------------------------


def test_malformed_json_is_a_400(cast):
    assert_error(post(client_for(cast.alice), "/alliances", '{"name": "oops"'), 400)


def test_a_missing_field_is_a_422_naming_it(cast):
    body = assert_error(
        post(client_for(cast.alice), "/alliances", {"name": "No date"}), 422, "effective_date"
    )
    assert body["errors"] == [{"field": "effective_date", "message": "Field required"}]


def test_a_wrong_type_is_a_422_naming_the_field(cast):
    data = {"name": "Dated", "effective_date": "next Tuesday"}
    assert_error(post(client_for(cast.alice), "/alliances", data), 422, "effective_date")
    assert_error(post(client_for(cast.alice), "/alliances", ["not", "an", "object"]), 422)


def test_a_number_is_not_a_date_or_a_yes_no(cast):
    """Pydantic alone reads 0 as 1 January 1970 and as false; the API refuses both."""
    for date in (0, 1735689600, "0"):
        data = {"name": "Dated", "effective_date": date}
        body = assert_error(post(client_for(cast.alice), "/alliances", data), 422, "effective_date")
        assert "YYYY-MM-DD" in body["message"]


def test_oversized_text_is_a_422_not_a_500(cast):
    data = {"name": "N" * 201, "effective_date": "2025-01-01"}
    assert_error(post(client_for(cast.alice), "/alliances", data), 422, "name")
    note = {"title": "Long", "body": "b" * 20_001}
    assert_error(
        post(client_for(cast.alice), f"/alliances/{cast.helix_borealis.pk}/notes", note),
        422,
        "body",
    )


def test_a_nested_error_names_the_path_to_the_field(cast):
    data = {
        "name": "X",
        "effective_date": "2025-01-01",
        "programmes": [{**PROGRAMME, "stage": "?"}],
    }
    assert_error(post(client_for(cast.alice), "/alliances", data), 422, "programmes.0.stage")


def test_a_nul_character_is_a_422(cast):
    data = {"name": "Null\x00island", "effective_date": "2025-01-01"}
    assert_error(post(client_for(cast.alice), "/alliances", data), 422, "name")


def test_a_lone_surrogate_is_a_422_not_an_encoding_crash(cast):
    body = '{"name": "Broken \\ud800 text", "effective_date": "2025-01-01"}'
    assert_error(post(client_for(cast.alice), "/alliances", body), 422, "name")


def test_a_body_over_djangos_size_limit_is_a_400(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    note = {"title": "Huge", "body": "b" * 2000}
    path = f"/alliances/{cast.helix_borealis.pk}/notes"
    assert_error(post(client_for(cast.alice), path, note), 400)


def test_a_service_rule_is_a_422_naming_the_field(cast):
    data = {"name": "   ", "effective_date": "2025-01-01"}
    assert_error(post(client_for(cast.alice), "/alliances", data), 422, "name")


@pytest.mark.parametrize("pk", ["987654", "0", "-1", "abc", str(2**64)])
def test_unknown_or_impossible_ids_are_4xx_json(cast, pk):
    response = get(client_for(cast.alice), f"/alliances/{pk}")
    assert response.status_code in {404, 422}
    assert_error(
        response, response.status_code, None if response.status_code == 404 else "alliance_id"
    )


def test_the_openapi_schema_and_docs_are_served(cast):
    schema = Client().get(f"{API}/openapi.json").json()
    assert {"/api/v1/alliances", "/api/v1/gates/{gate_id}/sign"} <= set(schema["paths"])
    assert Client().get(f"{API}/docs").status_code == 200
