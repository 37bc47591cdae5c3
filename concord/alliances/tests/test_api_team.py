"""The alliance team and the people directory over the API: each party names its own people, and
a partner's systems see only the people they share an alliance's work with."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from concord.alliances.models import TeamMember
from concord.core.models import AuditEvent
from conftest import api_client as client_for
from conftest import assert_api_error as assert_error

pytestmark = pytest.mark.django_db
API = "/api/v1"


def send(client: Client, method: str, path: str, data: Any = None) -> Any:
    return getattr(client, method)(
        f"{API}{path}", json.dumps(data or {}), content_type="application/json"
    )


def names(client: Client, **params: Any) -> list[str]:
    response = client.get(f"{API}/people", params)
    assert response.status_code == 200, response.content
    return sorted(person["name"] for person in response.json()["items"])


def place_of(alliance: Any, user: Any) -> TeamMember:
    return TeamMember.objects.unscoped().get(party__alliance=alliance, user=user)


def test_the_team_is_listed_with_each_partys_people(cast):
    response = client_for(cast.carol).get(f"{API}/alliances/{cast.helix_borealis.pk}/team")
    assert response.status_code == 200
    team = {(m["user"]["name"], m["role"]) for m in response.json()}
    assert team == {("Alice Archer", "lead"), ("Bob Brennan", "lead")}
    outsider = client_for(cast.dave).get(f"{API}/alliances/{cast.helix_borealis.pk}/team")
    assert_error(outsider, 404)


def test_a_party_adds_changes_and_removes_its_own_people_audited(cast):
    alice, alliance = client_for(cast.alice), cast.helix_borealis
    added = send(
        alice,
        "post",
        f"/alliances/{alliance.pk}/team",
        {"user_id": cast.carol.pk, "role": "scientist"},
    )
    assert added.status_code == 201, added.content
    place = added.json()
    assert (place["user"]["id"], place["role"]) == (cast.carol.pk, "scientist")
    again = send(
        alice, "post", f"/alliances/{alliance.pk}/team", {"user_id": cast.carol.pk, "role": "other"}
    )
    assert_error(again, 422, "user_id")
    changed = send(alice, "patch", f"/team/{place['id']}", {"role": "project_lead"})
    assert changed.status_code == 200 and changed.json()["role"] == "project_lead"
    assert send(alice, "delete", f"/team/{place['id']}").status_code == 204
    actions = list(
        AuditEvent.objects.unscoped()
        .filter(action__startswith="team.", object_id=str(place["id"]))
        .order_by("pk")  # the order written: seq is null until the sealer runs
        .values_list("action", flat=True)
    )
    assert actions == ["team.member_added", "team.member_role_changed", "team.member_removed"]


def test_one_party_never_adds_changes_or_removes_the_other_partys_people(cast):
    alliance = cast.helix_borealis
    bob, alice = client_for(cast.bob), client_for(cast.alice)
    events = AuditEvent.objects.unscoped().count()
    refused = send(
        bob, "post", f"/alliances/{alliance.pk}/team", {"user_id": cast.alice.pk, "role": "other"}
    )
    body = assert_error(refused, 422, "user_id")
    assert "Helix Biotherapeutics's people" in body["message"]
    alice_place = place_of(alliance, cast.alice)
    assert_error(send(bob, "patch", f"/team/{alice_place.pk}", {"role": "finance"}), 403)
    assert_error(send(bob, "delete", f"/team/{alice_place.pk}"), 403)
    bob_place = place_of(alliance, cast.bob)
    assert_error(send(alice, "patch", f"/team/{bob_place.pk}", {"role": "finance"}), 403)
    assert_error(send(alice, "delete", f"/team/{bob_place.pk}"), 403)
    assert AuditEvent.objects.unscoped().count() == events
    assert place_of(alliance, cast.alice).role == place_of(alliance, cast.bob).role == "lead"


def test_people_out_of_scope_cannot_be_probed_by_id_and_bad_input_names_the_field(cast):
    alice, alliance = client_for(cast.alice), cast.helix_borealis
    path = f"/alliances/{alliance.pk}/team"
    dave = send(alice, "post", path, {"user_id": cast.dave.pk, "role": "other"})
    nobody = send(alice, "post", path, {"user_id": 10**9, "role": "other"})
    assert (
        assert_error(dave, 422, "user_id")["message"]
        == assert_error(nobody, 422, "user_id")["message"]
    )
    assert_error(send(alice, "post", path, {"user_id": cast.carol.pk, "role": "king"}), 422, "role")
    place = place_of(alliance, cast.alice)
    assert_error(send(alice, "patch", f"/team/{place.pk}", {"role": ""}), 422, "role")
    assert_error(
        send(client_for(cast.carol), "post", path, {"user_id": cast.carol.pk, "role": "other"}), 403
    )
    assert_error(send(client_for(cast.dave), "delete", f"/team/{place.pk}"), 404)
    team = TeamMember.objects.unscoped().filter(party__alliance=alliance)
    assert not team.filter(user__in=[cast.carol, cast.dave]).exists()


def test_the_directory_shows_own_people_and_partners_on_shared_teams_only(cast):
    assert names(client_for(cast.alice)) == ["Alice Archer", "Bob Brennan", "Carol Chen"]
    assert names(client_for(cast.bob)) == [
        "Alice Archer",
        "Bob Brennan",
        "Dave Dunmore",
        "Erin Eklund",
    ]
    assert names(client_for(cast.dave)) == ["Bob Brennan", "Dave Dunmore"]
    assert names(client_for(cast.mallory)) == ["Mallory Moss"]
    # Once Borealis names Erin to the shared team, Helix sees her; Cobalt still does not.
    send(
        client_for(cast.bob),
        "post",
        f"/alliances/{cast.helix_borealis.pk}/team",
        {"user_id": cast.erin.pk, "role": "executive_sponsor"},
    )
    assert "Erin Eklund" in names(client_for(cast.alice))
    assert "Erin Eklund" not in names(client_for(cast.dave))


def test_a_partners_places_on_other_alliances_stay_unseen(cast):
    items = (
        client_for(cast.alice)
        .get(f"{API}/people", {"organisation_id": cast.borealis.pk})
        .json()["items"]
    )
    assert [(p["name"], p["organisation"]["id"]) for p in items] == [
        ("Bob Brennan", cast.borealis.pk)
    ]
    assert items[0]["team_places"] == [
        {
            "alliance_id": cast.helix_borealis.pk,
            "party_id": place_of(cast.helix_borealis, cast.bob).party_id,
            "role": "lead",
        }
    ]


def test_the_directory_filters_by_alliance_and_organisation_and_pages(cast):
    bob = client_for(cast.bob)
    assert names(bob, alliance_id=cast.cobalt_borealis.pk) == [
        "Bob Brennan",
        "Dave Dunmore",
        "Erin Eklund",
    ]
    assert names(bob, organisation_id=cast.cobalt.pk) == ["Dave Dunmore"]
    assert names(client_for(cast.alice), organisation_id=cast.cobalt.pk) == []
    page = bob.get(f"{API}/people", {"limit": 2, "offset": 1}).json()
    assert (page["count"], len(page["items"]), page["items"][0]["name"]) == (4, 2, "Bob Brennan")
    unseen = client_for(cast.alice).get(f"{API}/people", {"alliance_id": cast.cobalt_borealis.pk})
    assert_error(unseen, 422, "alliance_id")
    assert_error(bob.get(f"{API}/people", {"organisation_id": 10**9}), 422, "organisation_id")
