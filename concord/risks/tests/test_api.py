"""The risk register's API: record, review, materialise; a private risk is a 404 to the partner."""

from __future__ import annotations

import datetime

import pytest

from concord.core import clock
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def body(cast, **extra):
    return {
        "title": "Supply of the comparator drug",
        "category": "clinical",
        "owner_id": cast.alice.pk,
        "likelihood": 2,
        "impact": 4,
        "review_on": (clock.today() + datetime.timedelta(days=10)).isoformat(),
    } | extra


def test_record_review_and_materialise_a_risk(cast):
    alice = api_client(cast.alice)
    url = f"/api/v1/alliances/{cast.helix_borealis.pk}/risks"
    created = alice.post(url, body(cast), content_type="application/json")
    assert created.status_code == 201, created.content
    risk = created.json()
    assert (risk["score"], risk["level"], risk["reviews"]) == (8, "high", [])
    review = alice.post(
        f"/api/v1/risks/{risk['id']}/reviews",
        {"likelihood": 3, "impact": 4, "next_review_on": risk["review_on"]},
        content_type="application/json",
    )
    assert review.status_code == 201
    detail = api_client(cast.bob).get(f"/api/v1/risks/{risk['id']}").json()
    assert detail["score"] == 12 and detail["level"] == "critical" and len(detail["reviews"]) == 1
    done = alice.post(
        f"/api/v1/risks/{risk['id']}/materialise", {}, content_type="application/json"
    )
    assert done.json()["status"] == "materialised"


def test_bad_input_names_the_field(cast):
    alice = api_client(cast.alice)
    url = f"/api/v1/alliances/{cast.helix_borealis.pk}/risks"
    assert_api_error(
        alice.post(url, body(cast, likelihood=5), content_type="application/json"),
        422,
        "likelihood",
    )
    assert_api_error(
        alice.post(url, body(cast, owner_id=cast.bob.pk), content_type="application/json"),
        422,
        "owner_id",
    )


def test_a_private_risk_is_a_404_to_the_partner(cast):
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    url = f"/api/v1/alliances/{cast.helix_borealis.pk}/risks"
    risk = alice.post(url, body(cast, visibility="private"), content_type="application/json").json()
    assert bob.get(f"/api/v1/risks/{risk['id']}").status_code == 404
    assert bob.get(url).json()["count"] == 0
