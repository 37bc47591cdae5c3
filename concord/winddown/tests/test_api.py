"""The wind-down's API: start, complete every item with evidence, and close party by party;
closing with items open is refused by name, and nothing changes."""

from __future__ import annotations

import pytest

from concord.core import clock
from concord.winddown.models import CloseAct
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def json_post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_wind_down_from_start_to_close_through_the_api(cast):
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    started = json_post(
        alice,
        f"/api/v1/alliances/{cast.helix_borealis.pk}/wind-down",
        {"reason": "cause", "notice_given_on": clock.today().isoformat(), "section": "§ 14.3"},
    )
    assert started.status_code == 201, started.content
    wind_down = started.json()
    close_url = f"/api/v1/wind-downs/{wind_down['id']}/close"
    assert_api_error(json_post(alice, close_url, {}), 422, "wind_down")
    assert CloseAct.objects.unscoped().count() == 0
    # Each party's own copy of an item names it; the rest are the starting party's (Helix's).
    bob_party = next(i["owner_party_id"] for i in wind_down["items"] if "Borealis" in i["title"])
    for item in wind_down["items"]:
        who = bob if item["owner_party_id"] == bob_party else alice
        done = json_post(
            who, f"/api/v1/wind-down-items/{item['id']}/complete", {"evidence": "Certificate"}
        )
        assert done.status_code == 200 and done.json()["done_at"]
    assert json_post(alice, close_url, {}).json()["status"] == "active"
    closed = json_post(bob, close_url, {"note": "Agreed"}).json()
    assert closed["status"] == "closed" and len(closed["close_acts"]) == 2
    archive = alice.get(f"/api/v1/alliances/{cast.helix_borealis.pk}/wind-down")
    assert archive.status_code == 200 and archive.json()["status"] == "closed"
    outsider = api_client(cast.dave).get(f"/api/v1/alliances/{cast.helix_borealis.pk}/wind-down")
    assert outsider.status_code == 404
