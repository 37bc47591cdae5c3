"""The expectations pages' wiring: forms reach the services, errors show in place, lists filter,
export and stay at a flat query count, and the alliance page carries the panel and gate summary."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concord.alliances import services as alliance_services
from concord.expectations import services
from concord.expectations.models import Commitment, Delivery
from concord.expectations.tests.helpers import borealis_owes, helix_owes, party
from conftest import signed

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_bob_records_a_commitment_that_helix_owes(cast):
    alliance = cast.helix_borealis
    url = reverse("expectations:commitment-create", args=[alliance.pk])
    page = client_for(cast.bob).get(url)
    assert page.status_code == 200 and "Acceptance criteria" in page.content.decode()
    response = client_for(cast.bob).post(
        url,
        {
            "title": "IND-enabling tox report",
            "kind": "report",
            "acceptance_criteria": "GLP, QA-signed.",
            "owner_party": party(alliance, cast.helix).pk,
            "receiving_party": party(alliance, cast.borealis).pk,
            "owner": cast.alice.pk,
            "due_date": "2027-02-01",
        },
    )
    commitment = Commitment.objects.unscoped().get()
    assert response.status_code == 302 and response.url == f"/commitments/{commitment.pk}/"
    assert commitment.owner == cast.alice


def test_a_refused_commitment_shows_the_services_reason_on_the_field(cast):
    alliance = cast.helix_borealis
    helix = party(alliance, cast.helix).pk
    response = client_for(cast.bob).post(
        reverse("expectations:commitment-create", args=[alliance.pk]),
        {
            "title": "Self-owed",
            "kind": "report",
            "acceptance_criteria": "Anything.",
            "owner_party": helix,
            "receiving_party": helix,
            "owner": cast.alice.pk,
            "due_date": "2027-02-01",
        },
    )
    assert response.status_code == 200
    assert "A party cannot owe a commitment to itself." in response.content.decode()
    assert not Commitment.objects.unscoped().exists()


def test_deliver_then_reject_then_redeliver_through_the_pages(cast):
    commitment = helix_owes(cast, due="2027-02-01")
    alice, bob = client_for(cast.alice), client_for(cast.bob)
    response = alice.post(
        reverse("expectations:commitment-deliver", args=[commitment.pk]),
        {"note": "Attached.", "reference": "DR/Tox/7"},
    )
    assert response.status_code == 302
    delivery = Delivery.objects.unscoped().get()
    page = bob.get(reverse("expectations:commitment-detail", args=[commitment.pk])).content.decode()
    assert "Accept" in page and "Reject" in page and "DR/Tox/7" in page
    # A rejection without a comment is refused on the form, and changes nothing.
    judge = reverse("expectations:delivery-judge", args=[delivery.pk])
    response = bob.post(judge, {"decision": "reject", "comment": ""})
    assert response.status_code == 200
    assert "Say which acceptance criteria" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.is_pending
    bob.post(judge, {"decision": "reject", "comment": "The QA page is missing."})
    page = alice.get(
        reverse("expectations:commitment-detail", args=[commitment.pk])
    ).content.decode()
    assert "The QA page is missing." in page and "Deliver again" in page


def test_the_list_filters_by_party_status_and_window_and_exports_csv(cast):
    alliance = cast.helix_borealis
    helix_owes(cast, due="2020-01-10", title="Old tox report")
    helix_owes(cast, due="2099-01-10", title="Far-off report")
    borealis_owes(cast, due="2099-02-01", title="Assay access")
    url = reverse("expectations:commitment-list", args=[alliance.pk])
    alice = client_for(cast.alice)

    def titles(**query):
        page = alice.get(url, query)
        return {c.title for c in page.context["page_obj"]}

    assert titles() == {"Old tox report", "Far-off report", "Assay access"}
    assert titles(party=party(alliance, cast.borealis).pk) == {"Assay access"}
    assert titles(status="overdue") == {"Old tox report"}
    assert titles(due_within="past") == {"Old tox report"}
    assert titles(search="assay") == {"Assay access"}
    assert titles(status="nonsense") == titles()  # an unknown value is ignored, not an error
    export = alice.get(
        reverse("expectations:commitment-export", args=[alliance.pk]), {"status": "overdue"}
    )
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Title" and [r[0] for r in rows[1:]] == ["Old tox report"]
    assert rows[1][6] == "Overdue"


def test_the_list_answers_htmx_with_the_results_alone(cast):
    helix_owes(cast, due="2027-01-10")
    response = client_for(cast.alice).get(
        reverse("expectations:commitment-list", args=[cast.helix_borealis.pk]),
        headers={"HX-Request": "true", "HX-Target": "commitment-results"},
    )
    assert "<html" not in response.content.decode() and "Tox report" in response.content.decode()


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_list_and_scorecard_pages_keep_their_query_count_as_history_grows(cast):
    alliance = cast.helix_borealis
    for i in range(2):
        helix_owes(cast, due=datetime.date(2026, 1 + i, 10), title=f"Early {i}")
    bob = client_for(cast.bob)
    pages = [
        reverse("expectations:commitment-list", args=[alliance.pk]),
        reverse("expectations:scorecard", args=[alliance.pk]),
        reverse("alliances:alliance-detail", args=[alliance.pk]),
    ]
    before = [queries(bob, url) for url in pages]
    for i in range(12):
        commitment = borealis_owes(cast, due=datetime.date(2025, 1 + i, 20), title=f"Monthly {i}")
        delivery = services.commitment_deliver(actor=cast.bob, commitment=commitment)
        services.delivery_accept(actor=cast.alice, delivery=delivery)
    assert [queries(bob, url) for url in pages] == before


def test_the_scorecard_page_reads_the_same_for_both_parties(cast):
    commitment = helix_owes(cast, due="2026-01-10")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    services.delivery_reject(actor=cast.bob, delivery=delivery, comment="No QA page")
    url = reverse("expectations:scorecard", args=[cast.helix_borealis.pk])

    def figures(user):
        html = client_for(user).get(url).content.decode()
        start = html.index('<ul class="stat-tiles"')
        return html[start : html.index("</ul>", start)]

    assert figures(cast.alice) == figures(cast.bob)
    assert 'id="on-time-trend"' in client_for(cast.bob).get(url).content.decode()


def test_the_alliance_page_shows_the_panel_and_the_gate_shows_the_learning_plan(cast):
    alliance = cast.helix_borealis
    helix_owes(cast, due="2020-01-10", title="Long overdue report")
    services.objective_create(
        actor=cast.alice,
        alliance=alliance,
        title="Decide faster together",
        rationale="Slow decisions.",
        measure="Days to decision",
        owner=cast.alice,
        target_date=datetime.date(2027, 6, 30),
        target=Decimal("14"),
    )
    alliance_services.gate_propose(
        actor=cast.alice,
        alliance=alliance,
        to_phase="preclinical",
        rationale="Candidate chosen",
        **signed(),
    )
    html = (
        client_for(cast.bob)
        .get(reverse("alliances:alliance-detail", args=[alliance.pk]))
        .content.decode()
    )
    assert 'id="reliability"' in html and "Long overdue report" in html
    assert 'id="learning-summary"' in html and "Decide faster together" in html
    assert 'id="learning-summary-overview"' in html  # beside the overview too, with its own id
    gate = html[html.index('id="gate"') : html.index("Sign-off by party")]
    assert "Decide faster together" in gate  # summarised in the pending gate's card
    assert "not measured yet" in html


def test_learning_pages_add_an_objective_and_record_a_review(cast):
    alliance = cast.helix_borealis
    alice = client_for(cast.alice)
    response = alice.post(
        reverse("expectations:objective-create", args=[alliance.pk]),
        {
            "title": "Share data faster",
            "rationale": "Data waits weeks in the data room.",
            "measure": "Days to share a dataset",
            "unit": "days",
            "baseline": "30",
            "target": "7",
            "owner": cast.bob.pk,
            "target_date": "2027-06-30",
        },
    )
    assert response.status_code == 302
    review_url = response.url.rstrip("/") + "/reviews/"
    assert alice.post(review_url, {"value": "21", "comment": "Getting there."}).status_code == 302
    assert alice.post(review_url, {"value": "14"}).status_code == 302
    page = alice.get(response.url).content.decode()
    assert "Getting there." in page and 'id="measures"' in page
    plan = alice.get(reverse("expectations:learning-plan", args=[alliance.pk])).content.decode()
    assert "Share data faster" in plan and "14" in plan


def test_an_invited_organisation_sees_no_commitments(cast):
    alliance = cast.helix_borealis
    alliance_services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.outsider_org
    )
    helix_owes(cast, due="2027-01-10")
    response = client_for(cast.mallory).get(
        reverse("expectations:commitment-list", args=[alliance.pk])
    )
    assert response.status_code == 404
