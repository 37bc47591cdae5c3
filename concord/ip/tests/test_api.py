"""The IP register's API: a disclosure with its owners and deadlines, who may use what, and bad
input refused as JSON naming the problem."""

from __future__ import annotations

import pytest

from concord.alliances.models import Party
from concord.ip.models import Disclosure
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def test_a_disclosure_its_filing_deadlines_and_who_may_use_it(cast):
    alliance = cast.helix_borealis
    helix = Party.objects.unscoped().get(alliance=alliance, organisation=cast.helix)
    borealis = Party.objects.unscoped().get(alliance=alliance, organisation=cast.borealis)
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    url = f"/api/v1/alliances/{alliance.pk}/ip/disclosures"
    body = {
        "title": "Cleavable linker",
        "disclosed_on": "2026-01-05",
        "rule": "inventorship",
        "inventors": [{"name": "Hana Ito", "party_id": helix.pk}],
        "prosecuting_party_id": helix.pk,
    }
    stranger = body | {"inventors": [{"name": "Zed", "party_id": 10**9}]}
    assert_api_error(
        alice.post(url, stranger, content_type="application/json"), 422, "inventors.0.party_id"
    )
    assert not Disclosure.objects.unscoped().exists()
    made = alice.post(url, body, content_type="application/json").json()
    assert made["owner_party_ids"] == [helix.pk] and made["deadlines"] == []
    filed = alice.post(
        f"/api/v1/ip/disclosures/{made['id']}/filings",
        {"kind": "priority", "office": "EP", "filed_on": "2026-02-01"},
        content_type="application/json",
    ).json()
    assert [d["due"] for d in filed["deadlines"]] == ["2027-02-01", "2028-08-01"]
    ask = f"/api/v1/alliances/{alliance.pk}/ip/may-use"
    query = {
        "disclosure_id": made["id"],
        "party_id": borealis.pk,
        "territory": "DE",
        "use": "research",
    }
    answer = bob.get(ask, query).json()
    assert answer == {"licensed": False, "reason": "No licence covers this use.", "licence": None}
    assert alice.get(ask, query | {"party_id": helix.pk}).json()["licensed"] is True
    assert_api_error(
        bob.get(ask, {k: v for k, v in query.items() if k != "disclosure_id"}), 422, "asset_id"
    )
    assert api_client(cast.dave).get(f"/api/v1/ip/disclosures/{made['id']}").status_code == 404
