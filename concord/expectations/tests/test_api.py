"""The expectations API: the same rules as the pages, answered as JSON in the one error shape."""

from __future__ import annotations

import pytest

from concord.expectations.tests.helpers import party
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def record(cast, client, **changes):
    alliance = cast.helix_borealis
    payload = {
        "title": "Tox report",
        "acceptance_criteria": "QA-signed.",
        "owner_party_id": party(alliance, cast.helix).pk,
        "owner_id": cast.alice.pk,
        "due_date": "2027-03-31",
    } | changes
    return client.post(
        f"/api/v1/alliances/{alliance.pk}/commitments", payload, content_type="application/json"
    )


def test_record_deliver_reject_redeliver_accept_through_the_api(cast):
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    created = record(cast, bob)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (
        body["status"] == "pending"
        and body["receiving_party"]["organisation"]["name"] == "Borealis Pharma"
    )
    pk = body["id"]
    delivered = alice.post(
        f"/api/v1/commitments/{pk}/deliveries", {"note": "Here."}, content_type="application/json"
    )
    assert delivered.status_code == 201 and delivered.json()["outcome"] == "pending"
    delivery = delivered.json()["id"]
    assert_api_error(
        bob.post(
            f"/api/v1/deliveries/{delivery}/reject",
            {"comment": ""},
            content_type="application/json",
        ),
        422,
        "comment",
    )
    assert_api_error(
        alice.post(f"/api/v1/deliveries/{delivery}/accept", {}, content_type="application/json"),
        403,
    )
    rejected = bob.post(
        f"/api/v1/deliveries/{delivery}/reject",
        {"comment": "Unsigned."},
        content_type="application/json",
    )
    assert rejected.json()["outcome"] == "rejected"
    again = alice.post(
        f"/api/v1/commitments/{pk}/deliveries", {}, content_type="application/json"
    ).json()
    assert again["sequence"] == 2
    bob.post(f"/api/v1/deliveries/{again['id']}/accept", {}, content_type="application/json")
    detail = alice.get(f"/api/v1/commitments/{pk}").json()
    assert detail["status"] == "accepted"
    assert [(d["sequence"], d["outcome"]) for d in detail["deliveries"]] == [
        (1, "rejected"),
        (2, "accepted"),
    ]
    card = bob.get(f"/api/v1/alliances/{cast.helix_borealis.pk}/scorecard").json()
    helix = next(p for p in card["parties"] if p["organisation"]["name"] == "Helix Biotherapeutics")
    assert (helix["judged"], helix["accepted_first_time"], helix["first_time_share"]) == (1, 0, 0)
    assert card == alice.get(f"/api/v1/alliances/{cast.helix_borealis.pk}/scorecard").json() | {
        "as_of": card["as_of"]
    }


def test_bad_references_name_their_field(cast):
    bob = api_client(cast.bob)
    assert_api_error(
        record(cast, bob, owner_party_id=party(cast.cobalt_borealis, cast.cobalt).pk),
        422,
        "owner_party_id",
    )
    missing = record(cast, bob, owner_id=999_999)
    outsider = record(cast, bob, owner_id=cast.mallory.pk)
    assert_api_error(missing, 422, "owner_id")
    assert outsider.json() == missing.json()  # nobody's id can be probed from outside
    assert_api_error(record(cast, bob, owner_id=cast.bob.pk), 422, "owner")
    assert_api_error(record(cast, bob, due_date="9999-12-31"), 422, "due_date")
    assert_api_error(record(cast, api_client(cast.dave)), 404)


def test_the_list_filters_by_status_and_party(cast):
    bob = api_client(cast.bob)
    record(cast, bob, title="Overdue", due_date="2020-01-01")
    record(cast, bob, title="Later")
    url = f"/api/v1/alliances/{cast.helix_borealis.pk}/commitments"
    overdue = bob.get(url, {"status": "overdue"}).json()
    assert overdue["count"] == 1 and overdue["items"][0]["title"] == "Overdue"
    borealis = bob.get(url, {"party_id": party(cast.helix_borealis, cast.borealis).pk}).json()
    assert borealis["count"] == 0
    assert_api_error(bob.get(url, {"status": "lost"}), 422, "status")


def test_learning_objectives_and_reviews_through_the_api(cast):
    alice = api_client(cast.alice)
    created = alice.post(
        f"/api/v1/alliances/{cast.helix_borealis.pk}/learning-objectives",
        {
            "title": "Decide faster",
            "rationale": "Slow decisions.",
            "measure": "Days to decision",
            "baseline": "45",
            "target": "20",
            "owner_id": cast.bob.pk,
            "target_date": "2027-06-30",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    review = alice.post(
        f"/api/v1/learning-objectives/{pk}/reviews",
        {"value": "31.25"},
        content_type="application/json",
    )
    assert review.status_code == 201 and review.json()["value"] == "31.25"
    assert_api_error(
        alice.post(
            f"/api/v1/learning-objectives/{pk}/reviews",
            {"value": "1.234"},
            content_type="application/json",
        ),
        422,
        "value",
    )
    assert_api_error(
        api_client(cast.carol).post(
            f"/api/v1/learning-objectives/{pk}/reviews",
            {"value": "1"},
            content_type="application/json",
        ),
        403,
    )
