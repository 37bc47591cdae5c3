"""Where goals and the IP register meet other capabilities without importing them: the KPI
summary and a patent committee's inventions in governance's meeting pack (core's pack sections
point), and royalty-bearing patents linked by id to the deal's royalty terms (read through
core's linkable registry)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from concord.core import clock
from concord.deals import services as deals
from concord.goals import services as goals
from concord.goals.tests.helpers import agreed_goal, kpi, party_of
from concord.governance import pack
from concord.governance.tests.conftest import schedule, seat_jsc
from concord.ip import selectors as ip_selectors
from concord.ip import services as ip
from conftest import api_client

pytestmark = pytest.mark.django_db


def test_the_meeting_pack_carries_the_kpi_summary_with_each_status(cast):
    meeting = schedule(cast, seat_jsc(cast), days_ago=-7)
    assert "Goals and KPIs" not in pack.pack_html(user=cast.bob, meeting=meeting)
    enrolled = kpi(cast, agreed_goal(cast))
    goals.measurement_record(
        actor=cast.alice,
        kpi=enrolled,
        value=Decimal(2),
        measured_on=clock.today(),
        source="EDC export",
    )
    html = pack.pack_html(user=cast.bob, meeting=meeting)
    assert "Goals and KPIs" in html and "Patients enrolled" in html
    assert "0 on track, 0 at risk, 1 off track" in html
    assert "Off track</span>" in html and "2 patients" in html


def royalty_and_family(cast):
    term = deals.royalty_term_create(
        actor=cast.bob,
        alliance=cast.helix_borealis,
        title="HX-101 net sales",
        currency="EUR",
        payer=party_of(cast, cast.bob),
        payee=party_of(cast, cast.alice),
        tiers=[(None, Decimal("8"))],
    )
    family = ip.asset_create(
        actor=cast.alice, alliance=cast.helix_borealis, kind="patent_family", title="HX linker"
    )
    return term, family


def test_the_royalty_term_ends_per_country_with_its_last_valid_claim(cast):
    term, family = royalty_and_family(cast)
    for country, number, expires in (
        ("de", "DE1", datetime.date(2038, 3, 1)),
        ("DE", "DE2", datetime.date(2041, 6, 30)),
        ("US", "US1", datetime.date(2020, 1, 1)),
    ):
        ip.royalty_patent_link(
            actor=cast.alice,
            asset=family,
            royalty_term_id=term.pk,
            country=country,
            number=number,
            expires_on=expires,
        )
    [row] = ip_selectors.royalty_terms(user=cast.bob, alliance=cast.helix_borealis)
    assert row.title == "HX-101 net sales" and row.ends_on == datetime.date(2041, 6, 30)
    de, us = row.countries
    assert (de.country, de.ends_on, de.has_ended) == ("DE", datetime.date(2041, 6, 30), False)
    assert (us.country, us.has_ended) == ("US", True)
    assert [p.number for p in de.patents] == ["DE2", "DE1"]


def test_only_the_family_owner_links_a_patent_and_only_to_the_alliances_own_term(cast):
    term, family = royalty_and_family(cast)
    link = {"asset": family, "country": "DE", "number": "DE1"}
    link["expires_on"] = datetime.date(2040, 1, 1)
    with pytest.raises(PermissionDenied):
        ip.royalty_patent_link(actor=cast.bob, royalty_term_id=term.pk, **link)
    with pytest.raises(ValidationError, match="royalty terms"):
        ip.royalty_patent_link(actor=cast.alice, royalty_term_id=term.pk + 999, **link)
    with pytest.raises(ValidationError, match="two-letter"):
        ip.royalty_patent_link(
            actor=cast.alice, royalty_term_id=term.pk, **link | {"country": "Germany"}
        )
    assert not ip_selectors.royalty_terms(user=cast.alice, alliance=cast.helix_borealis)[
        0
    ].countries


def test_the_register_page_shows_where_the_royalty_term_ends(cast, client):
    term, family = royalty_and_family(cast)
    client.force_login(cast.alice)
    url = reverse("ip:royalty-patent-create", args=[family.pk])
    data = {
        "royalty_term_id": term.pk,
        "country": "JP",
        "number": "JP7",
        "expires_on": "2039-05-01",
    }
    assert client.post(url, data).status_code == 302
    client.force_login(cast.bob)
    page = client.get(reverse("ip:register", args=[cast.helix_borealis.pk])).content.decode()
    assert "HX-101 net sales" in page and "ends on <strong>1 May 2039</strong>" in page
    assert "Link a patent to a royalty" not in page  # Bob's party does not own the family


def test_the_register_api_answers_with_each_royalty_terms_end(cast):
    term, family = royalty_and_family(cast)
    ip.royalty_patent_link(
        actor=cast.alice,
        asset=family,
        royalty_term_id=term.pk,
        country="FR",
        number="FR3",
        expires_on=datetime.date(2037, 2, 1),
    )
    answer = api_client(cast.bob).get(f"/api/v1/alliances/{cast.helix_borealis.pk}/ip").json()
    [royalty] = answer["royalty_terms"]
    assert royalty["id"] == term.pk and royalty["ends_on"] == "2037-02-01"
    assert royalty["countries"][0]["patents"][0]["number"] == "FR3"


def test_a_patent_committees_pack_lists_the_inventions_and_a_steering_committees_does_not(cast):
    own = party_of(cast, cast.alice).pk
    ip.disclosure_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Cleavable linker",
        disclosed_on=datetime.date(2026, 1, 5),
        rule="joint",
        inventors=[ip.InventorIn("Hana Ito", own)],
        prosecuting_party_id=own,
    )
    jpc = schedule(cast, seat_jsc(cast, name="Joint patent committee", kind="jpc"), days_ago=-7)
    jsc = schedule(cast, seat_jsc(cast), days_ago=-7)
    assert "Cleavable linker" in pack.pack_html(user=cast.bob, meeting=jpc)
    assert "Inventions for the patent committee" not in pack.pack_html(user=cast.bob, meeting=jsc)


def restricted_disclosure(cast, **extra):
    """Alice discloses Helix's invention; Borealis prosecutes it."""
    return ip.disclosure_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Masked payload chemistry",
        disclosed_on=datetime.date(2026, 1, 5),
        rule="inventorship",
        inventors=[ip.InventorIn("Hana Ito", party_of(cast, cast.alice).pk)],
        prosecuting_party_id=party_of(cast, cast.bob).pk,
        **extra,
    )


def test_a_disclosure_is_restricted_only_where_a_patent_committee_exists(cast):
    with pytest.raises(ValidationError) as refused:
        restricted_disclosure(cast, restricted=True)
    assert "restricted" in refused.value.message_dict


def test_a_restricted_disclosures_details_reach_only_the_patent_committee_and_its_discloser(
    cast, client
):
    from concord.core.models import AuditEvent
    from concord.governance import services as governance

    jpc = seat_jsc(cast, name="Joint patent committee", kind="jpc")
    disclosure = restricted_disclosure(cast, restricted=True)
    alliance = cast.helix_borealis

    def seen_by(user):
        client.force_login(user)
        pages = [
            client.get(reverse("ip:register", args=[alliance.pk])),
            client.get(reverse("ip:disclosure-detail", args=[disclosure.pk])),
            client.get(reverse("ip:register-csv", args=[alliance.pk])),
        ]
        api = api_client(user).get(f"/api/v1/ip/disclosures/{disclosure.pk}").json()
        return "".join(p.content.decode() for p in pages), api

    text, api = seen_by(cast.bob)  # Borealis has no seat on the committee yet
    assert "Masked payload chemistry" not in text and "Hana Ito" not in text
    assert "restricted to the patent committee" in text
    assert (api["details_hidden"], api["inventors"], api["owner_party_ids"]) == (True, [], [])
    text, _ = seen_by(cast.carol)  # nor does Alice's read-only colleague sit on it
    assert "Masked payload chemistry" not in text
    trail = AuditEvent.objects.unscoped().filter(alliance=alliance).values_list("summary", "after")
    assert "Masked payload chemistry" not in str(list(trail))
    text, api = seen_by(cast.alice)  # the discloser reads what she disclosed
    assert "Masked payload chemistry" in text and api["inventors"][0]["name"] == "Hana Ito"
    filing = {"disclosure": disclosure, "kind": "priority", "office": "EP"}
    filing["filed_on"] = datetime.date(2026, 2, 1)
    with pytest.raises(PermissionDenied):  # Borealis prosecutes, but Bob has no seat yet
        ip.filing_record(actor=cast.bob, **filing)
    governance.committee_member_add(actor=cast.bob, committee=jpc, user=cast.bob)
    text, api = seen_by(cast.bob)  # once seated, Bob reads it and files it
    assert "Masked payload chemistry" in text and not api["details_hidden"]
    ip.filing_record(actor=cast.bob, **filing)


def test_the_patent_committees_meeting_page_lists_the_inventions_awaiting_its_decision(
    cast, client
):
    own = party_of(cast, cast.alice).pk
    filed = ip.disclosure_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Filed linker",
        disclosed_on=datetime.date(2026, 1, 5),
        rule="joint",
        inventors=[ip.InventorIn("Hana Ito", own)],
        prosecuting_party_id=own,
    )
    ip.filing_record(
        actor=cast.alice,
        disclosure=filed,
        kind="priority",
        office="EP",
        filed_on=datetime.date(2026, 2, 1),
    )
    jpc = schedule(cast, seat_jsc(cast, name="Joint patent committee", kind="jpc"), days_ago=-7)
    jsc = schedule(cast, seat_jsc(cast), days_ago=-7)
    restricted_disclosure(cast, restricted=True)
    client.force_login(cast.bob)
    page = client.get(reverse("governance:meeting-detail", args=[jpc.pk])).content.decode()
    assert "Inventions awaiting the committee" in page
    assert "Filed linker" not in page  # filed already: decided
    assert "Invention disclosure restricted to the patent committee" in page
    assert "Masked payload chemistry" not in page  # Bob has no seat on it
    page = client.get(reverse("governance:meeting-detail", args=[jsc.pk])).content.decode()
    assert "Inventions awaiting the committee" not in page


def test_the_disclosure_form_offers_the_restriction_only_where_a_patent_committee_exists(
    cast, client
):
    client.force_login(cast.alice)
    url = reverse("ip:disclosure-create", args=[cast.helix_borealis.pk])
    assert 'name="restricted"' not in client.get(url).content.decode()
    seat_jsc(cast, name="Joint patent committee", kind="jpc")
    assert 'name="restricted"' in client.get(url).content.decode()
