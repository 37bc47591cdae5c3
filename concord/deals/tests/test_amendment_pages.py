"""Amendments' pages and API calls: Alice proposes on the page, Bob sees it from Borealis and
approves or rejects it with a button, and both see the same history; the API refuses bad input
with JSON naming the field and changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from concord.core.models import Signature
from concord.deals import services
from concord.deals.models import Amendment, Milestone
from concord.orgs.services import api_token_create
from conftest import signed as signature

D = Decimal


def reload(obj):
    return type(obj).objects.unscoped().get(pk=obj.pk)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def phase_3(deal) -> Milestone:
    """A milestone of the agreement, recorded before the deal was signed."""
    milestone = services.milestone_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        programme=deal.programme,
        event="phase_3",
        amount=D("40000000"),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
    )
    services.deal_terms_save(
        actor=deal.cast.bob, alliance=deal.alliance, signed_on=datetime.date(2024, 1, 15)
    )
    return milestone


def test_a_proposal_on_the_page_is_answered_by_the_other_party_and_seen_by_both(deal, phase_3):
    history = reverse("deals:amendment-list", args=[deal.alliance.pk])
    propose = reverse("deals:amendment-propose", args=[deal.alliance.pk])
    alice, bob = client_for(deal.cast.alice), client_for(deal.cast.bob)
    form = alice.get(propose).content.decode()
    assert f"milestone.amount:{phase_3.pk}" in form and "now USD 40,000,000.00" in form
    assert 'name="password"' in form and 'value="approve"' in form  # Alice's signature
    refused = alice.post(
        propose,
        {"what": f"milestone.amount:{phase_3.pk}", "value": "55000000",
         "effective_from": "2020-01-01", "reason": "Protocol change", **signature()},
    )  # fmt: skip
    assert refused.status_code == 200 and "signed on 15 Jan 2024" in refused.content.decode()
    unsigned = alice.post(
        propose,
        {"what": f"milestone.amount:{phase_3.pk}", "value": "55000000",
         "effective_from": "2025-01-01", "reason": "Protocol change",
         "password": "guess", "meaning": "approve"},
    )  # fmt: skip
    assert unsigned.status_code == 200 and "That is not your password" in unsigned.content.decode()
    assert not Amendment.objects.unscoped().exists() and not Signature.objects.unscoped().exists()
    sent = alice.post(
        propose,
        {"what": f"milestone.amount:{phase_3.pk}", "value": "55000000",
         "effective_from": "2025-01-01", "reason": "Protocol change", **signature()},
    )  # fmt: skip
    assert sent.status_code == 302 and sent.url == history
    amendment = Amendment.objects.unscoped().get()
    page = bob.get(history).content.decode()
    assert "USD 40,000,000.00 → <strong>USD 55,000,000.00</strong>" in page
    assert "Approve for Borealis Pharma" in page
    assert "Approve for" not in alice.get(history).content.decode()  # Alice may only withdraw
    assert 'name="password"' in page and 'value="approve"' in page  # Bob's signature
    approve = reverse("deals:amendment-approve", args=[amendment.pk])
    alice.post(approve, signature())
    assert Amendment.objects.unscoped().get().status == Amendment.Status.PENDING
    bob.post(approve, signature())
    assert Amendment.objects.unscoped().get().status == Amendment.Status.APPROVED
    for viewer in (deal.cast.alice, deal.cast.carol, deal.cast.bob):
        page = client_for(viewer).get(history).content.decode()
        assert "Version 2 of the term" in page and "Approved by Borealis Pharma" in page
        # The manifest: both parties' printed names, the meaning, the date and time with its zone.
        assert "Electronic signatures" in page and "Bob Brennan" in page
        assert "Alice Archer" in page and "Proposed and approved the amendment of" in page
        assert "UTC+00:00" in page and "Approved the amendment of" in page
        money = client_for(viewer).get(reverse("deals:alliance-money", args=[deal.alliance.pk]))
        assert "· 1 approved." in money.content.decode()
    assert client_for(deal.cast.dave).get(history).status_code == 404


def test_a_rejection_on_the_page_carries_its_reason(deal, phase_3):
    amendment = services.amendment_propose(
        actor=deal.cast.alice,
        alliance=deal.alliance,
        term="milestone.amount",
        subject_id=phase_3.pk,
        effective_from=datetime.date(2025, 1, 1),
        reason="Protocol change",
        proposed=services.Proposed(value="55000000"),
        **signature(),
    )
    reject = reverse("deals:amendment-reject", args=[amendment.pk])
    bob = client_for(deal.cast.bob)
    bob.post(reject, {"reason": "", **signature("reject")})
    assert Amendment.objects.unscoped().get().status == Amendment.Status.PENDING
    # Signed as a rejection, never as an approval.
    wrong = bob.post(reject, {"reason": "Outside the budget", **signature()}, follow=True)
    assert "This act is signed as rejection" in wrong.content.decode()
    assert Amendment.objects.unscoped().get().status == Amendment.Status.PENDING
    bob.post(reject, {"reason": "Outside the agreed budget", **signature("reject")})
    page = client_for(deal.cast.alice).get(reverse("deals:amendment-list", args=[deal.alliance.pk]))
    assert "“Outside the agreed budget”" in page.content.decode()
    assert "Rejected the amendment of" in page.content.decode()


def test_the_api_names_the_field_and_changes_nothing(deal, phase_3):
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=deal.cast.alice).key}"}
    url = f"/api/v1/alliances/{deal.alliance.pk}/amendments"
    body = {
        "term": "milestone.amount",
        "subject_id": phase_3.pk,
        "value": "55000000",
        "effective_from": "2025-01-01",
        "reason": "Protocol change",
        **signature(),
    }
    for change, field in (
        ({"password": "not-my-password"}, "password"),
        ({"password": ""}, "password"),
        ({"meaning": "reject"}, "meaning"),
        ({"subject_id": 999999}, "subject_id"),
        ({"effective_from": "2023-01-01"}, "effective_from"),
        ({"value": "1.001"}, "value"),
        ({"party_id": deal.borealis.pk}, "party_id"),
        ({"term": "royalty.tiers"}, "subject_id"),
    ):
        response = client.post(url, {**body, **change}, content_type="application/json", **headers)
        assert response.status_code == 422, change
        assert response.json()["field"] == field, change
    assert not Amendment.objects.unscoped().exists() and not Signature.objects.unscoped().exists()
    unsigned = {k: v for k, v in body.items() if k not in ("password", "meaning")}
    missing = client.post(url, unsigned, content_type="application/json", **headers)
    assert missing.status_code == 422 and missing.json()["field"] in ("password", "meaning")
    created = client.post(url, body, content_type="application/json", **headers)
    assert created.status_code == 201
    [proposer] = created.json()["signatures"]
    assert proposer["printed_name"] == "Alice Archer" and proposer["meaning"] == "approve"
    assert proposer["statement"].startswith("Proposed and approved the amendment of")
    assert created.json()["old_display"] == "USD 40,000,000.00"
    assert created.json()["status"] == "pending" and created.json()["version"] is None
    own = client.post(
        f"/api/v1/amendments/{created.json()['id']}/approve", signature(),
        content_type="application/json", **headers,
    )  # fmt: skip
    assert own.status_code == 422 and own.json()["field"] == "amendment"
    listed = client.get(url, **headers).json()
    assert [a["id"] for a in listed] == [created.json()["id"]]


def test_the_site_admin_lists_amendments_read_only_and_in_scope(client, deal, phase_3):
    services.amendment_propose(
        actor=deal.cast.alice,
        alliance=deal.alliance,
        term="milestone.amount",
        subject_id=phase_3.pk,
        effective_from=datetime.date(2025, 1, 1),
        reason="Protocol change",
        proposed=services.Proposed(value="55000000"),
        **signature(),
    )
    for staff in (deal.cast.alice, deal.cast.dave):
        staff.is_staff = staff.is_superuser = True
        staff.save(update_fields=["is_staff", "is_superuser"])
    listing = reverse("admin:deals_amendment_changelist")
    client.force_login(deal.cast.alice)
    assert "Phase 3" in client.get(listing).content.decode()
    assert client.get(reverse("admin:deals_amendment_add")).status_code == 403
    client.force_login(deal.cast.dave)
    assert "Phase 3" not in client.get(listing).content.decode()


def test_the_page_takes_new_tiers_a_line_each_and_a_share_per_party(deal, phase_3):
    term = services.royalty_term_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title="Royalty",
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        tiers=[(D("100000000"), D("8")), (None, D("10"))],
    )
    workstream = services.workstream_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        name="Phase 2",
        currency="EUR",
        shares={deal.borealis: D("60"), deal.helix: D("40")},
    )
    propose = reverse("deals:amendment-propose", args=[deal.alliance.pk])
    alice = client_for(deal.cast.alice)
    common = {"effective_from": "2030-01-01", "reason": "Renegotiated", **signature()}
    bad = alice.post(propose, {"what": f"royalty.tiers:{term.pk}", "tiers": "1 2 3", **common})
    assert "an upper bound and a rate" in bad.content.decode()
    alice.post(propose, {"what": f"royalty.tiers:{term.pk}", "tiers": "200000000 7\n9", **common})
    shares = {f"share_{deal.borealis.pk}": "70", f"share_{deal.helix.pk}": "30"}
    alice.post(propose, {"what": f"cost_share.split:{workstream.pk}", **shares, **common})
    values = dict(Amendment.objects.unscoped().values_list("term", "new_value"))
    assert values == {
        "royalty.tiers": [["0", "200000000", "7"], ["200000000", None, "9"]],
        "cost_share.split": sorted([[deal.borealis.pk, "70"], [deal.helix.pk, "30"]]),
    }


def test_answering_through_the_api_is_signed_and_the_response_shows_the_manifest(deal, phase_3):
    amendment = services.amendment_propose(
        actor=deal.cast.alice,
        alliance=deal.alliance,
        term="milestone.amount",
        subject_id=phase_3.pk,
        effective_from=datetime.date(2025, 1, 1),
        reason="Protocol change",
        proposed=services.Proposed(value="55000000"),
        **signature(),
    )
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=deal.cast.bob).key}"}
    url = f"/api/v1/amendments/{amendment.pk}/approve"

    def post(body):
        return client.post(url, body, content_type="application/json", **headers)

    for body, field in (
        ({"meaning": "approve"}, "password"),
        ({"password": "not-my-password", "meaning": "approve"}, "password"),
        ({"password": signature()["password"]}, "meaning"),
        (signature("reject"), "meaning"),
    ):
        response = post(body)
        assert response.status_code == 422, body
        assert response.json()["field"] == field, body
    assert Amendment.objects.unscoped().get().status == Amendment.Status.PENDING
    assert not Signature.objects.unscoped().filter(signer=deal.cast.bob).exists()
    assert reload(phase_3).amount == D("40000000")
    approved = post(signature())
    assert approved.status_code == 200
    proposer, manifest = approved.json()["signatures"]
    assert proposer["printed_name"] == "Alice Archer" and proposer["meaning"] == "approve"
    assert manifest["printed_name"] == "Bob Brennan"
    assert manifest["organisation"] == "Borealis Pharma" and manifest["meaning"] == "approve"
    assert manifest["time_zone"] == "Europe/London" and "(UTC+" in manifest["signed_at_local"]
    assert manifest["statement"].startswith("Approved the amendment of")
    again = client.get(f"/api/v1/amendments/{amendment.pk}", **headers).json()
    assert again["signatures"] == approved.json()["signatures"]
    assert again["status"] == "approved"


def test_a_wrong_password_on_the_page_refuses_the_approval_and_says_why(deal, phase_3):
    amendment = services.amendment_propose(
        actor=deal.cast.alice,
        alliance=deal.alliance,
        term="milestone.amount",
        subject_id=phase_3.pk,
        effective_from=datetime.date(2025, 1, 1),
        reason="Protocol change",
        proposed=services.Proposed(value="55000000"),
        **signature(),
    )
    bob = client_for(deal.cast.bob)
    approve = reverse("deals:amendment-approve", args=[amendment.pk])
    wrong = bob.post(approve, {"password": "guess", "meaning": "approve"}, follow=True)
    assert "That is not your password" in wrong.content.decode()
    unstated = bob.post(approve, {"password": signature()["password"]}, follow=True)
    assert "State what your signature means" in unstated.content.decode()
    assert Amendment.objects.unscoped().get().status == Amendment.Status.PENDING
    assert not Signature.objects.unscoped().filter(signer=deal.cast.bob).exists()
    assert reload(phase_3).amount == D("40000000")


def test_a_signed_deal_gains_no_milestone_on_the_page_or_through_the_api(deal, phase_3):
    """Once signed, a new milestone would change the agreed terms: amendments are the way."""
    money = client_for(deal.cast.bob).get(reverse("deals:alliance-money", args=[deal.alliance.pk]))
    assert "Add a milestone" not in money.content.decode()
    page = reverse("deals:milestone-create", args=[deal.alliance.pk])
    form = {
        "programme": deal.programme.pk,
        "event": "phase_2",
        "amount": "25000000",
        "currency": "USD",
        "payer": deal.borealis.pk,
        "payee": deal.helix.pk,
    }
    response = client_for(deal.cast.bob).post(page, form)
    assert response.status_code == 200
    assert "signed on 15 Jan 2024" in response.content.decode()
    assert "Deal &amp; money → Amendments" in response.content.decode()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=deal.cast.alice).key}"}
    body = {"event": "phase_2", "amount": "25000000", "currency": "USD"}
    body |= {"programme_id": deal.programme.pk}
    body |= {"payer_party_id": deal.borealis.pk, "payee_party_id": deal.helix.pk}
    refused = Client().post(
        f"/api/v1/alliances/{deal.alliance.pk}/milestones",
        body,
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422
    assert refused.json()["field"] == "milestone"
    assert "through an amendment" in refused.json()["message"]
    assert list(Milestone.objects.unscoped().values_list("pk", flat=True)) == [phase_3.pk]
