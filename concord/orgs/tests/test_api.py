"""The API's front door: tokens, who am I, and the directory of organisations."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from concord.orgs.models import ApiToken
from concord.orgs.services import membership_update
from conftest import PASSWORD
from conftest import api_client as client_for
from conftest import assert_api_error as assert_error


def ask_for_token(username: str, password: str) -> Any:
    return Client().post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_alice_exchanges_her_password_for_a_token_that_opens_the_api(cast):
    response = ask_for_token("alice@helix.test", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]

    me = Client(headers={"authorization": f"Bearer {token}"}).get("/api/v1/me")

    assert me.status_code == 200
    assert me.json() == {
        "id": cast.alice.pk,
        "email": "alice@helix.test",
        "first_name": "Alice",
        "last_name": "Archer",
        "organisation": {
            "id": cast.helix.pk,
            "name": "Helix Biotherapeutics",
            "kind": "biotech",
            "country": "GB",
            "time_zone": "Europe/London",
        },
        "role": "alliance_manager",
        "is_admin": True,
    }


def test_tokens_are_stored_hashed(cast):
    token = ask_for_token("alice@helix.test", PASSWORD).json()["token"]
    stored = ApiToken.objects.unscoped().get(user=cast.alice)
    assert token not in {stored.key_hash, stored.prefix} and len(stored.key_hash) == 64


def test_a_wrong_password_gets_401_json(cast):
    body = assert_error(ask_for_token("alice@helix.test", "guess"), 401)
    assert "password" in body["message"]


def test_a_deactivated_member_gets_no_token_and_loses_the_ones_she_had(cast):
    carol = client_for(cast.carol)
    membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=False)

    assert_error(ask_for_token("carol@helix.test", PASSWORD), 401)
    assert_error(carol.get("/api/v1/me"), 401)


def test_the_token_request_is_validated_like_any_other(cast):
    client = Client()
    malformed = client.post("/api/v1/auth/token", "{oops", content_type="application/json")
    assert_error(malformed, 400)
    missing = client.post(
        "/api/v1/auth/token", {"username": "alice@helix.test"}, content_type="application/json"
    )
    assert_error(missing, 422, field="password")


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer concord_forged", "Token abc"])
def test_requests_without_a_valid_token_get_401_json(cast, header):
    client = Client(headers={"authorization": header} if header else {})
    assert_error(client.get("/api/v1/alliances"), 401)


def test_alice_revokes_the_token_she_is_using(cast):
    alice = client_for(cast.alice)
    other = client_for(cast.alice)

    assert alice.delete("/api/v1/auth/token").status_code == 204

    assert_error(alice.get("/api/v1/me"), 401)
    assert other.get("/api/v1/me").status_code == 200


def test_the_directory_lists_every_organisation_by_name_a_page_at_a_time(cast):
    alice = client_for(cast.alice)

    first = alice.get("/api/v1/organizations?limit=2").json()
    rest = alice.get("/api/v1/organizations?limit=2&offset=2").json()

    assert first["count"] == rest["count"] == 4
    names = [o["name"] for o in first["items"] + rest["items"]]
    assert names == ["Borealis Pharma", "Cobalt Bio", "Helix Biotherapeutics", "Meridian Labs"]


def test_the_directory_can_be_searched(cast):
    found = client_for(cast.alice).get("/api/v1/organizations?search=borea").json()
    assert [o["name"] for o in found["items"]] == ["Borealis Pharma"]


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("offset=-1", "offset"), ("limit=x", "limit")],
)
def test_bad_paging_is_a_422_naming_the_parameter(cast, query, field):
    assert_error(client_for(cast.alice).get(f"/api/v1/organizations?{query}"), 422, field=field)


def test_an_oversized_search_is_a_422(cast):
    response = client_for(cast.alice).get("/api/v1/organizations", {"search": "x" * 201})
    assert_error(response, 422, field="search")
