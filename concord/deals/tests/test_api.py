"""The deals API: the issue's flow end to end, exact amounts, errors, privacy, query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concord.deals.tests.conftest import add_years, populate
from conftest import api_client, assert_api_error


def parties(deal) -> dict[str, int]:
    return {"payer_party_id": deal.borealis.pk, "payee_party_id": deal.helix.pk}


def test_a_phase_2_start_makes_the_unpaid_phase_1_payable_too(deal):
    alice, bob = api_client(deal.cast.alice), api_client(deal.cast.bob)
    base = f"/api/v1/alliances/{deal.alliance.pk}"
    ids = {}
    for event, amount in (("phase_1", "7500000"), ("phase_2", "15000000.50")):
        response = bob.post(
            f"{base}/milestones",
            {
                "programme_id": deal.programme.pk,
                "event": event,
                "amount": amount,
                "currency": "USD",
                **parties(deal),
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        ids[event] = response.json()["id"]
    notified = alice.post(
        f"/api/v1/milestones/{ids['phase_2']}/notify",
        {"achieved_on": datetime.date.today().isoformat(), "evidence": "First patient dosed"},
        content_type="application/json",
    )
    assert notified.json()["status"] == "notified"
    assert_api_error(alice.post(f"/api/v1/milestones/{ids['phase_2']}/confirm"), 403)
    confirmed = bob.post(f"/api/v1/milestones/{ids['phase_2']}/confirm").json()
    assert {m["event"]: m["status"] for m in confirmed} == {
        "phase_1": "achieved",
        "phase_2": "achieved",
    }
    assert next(m for m in confirmed if m["event"] == "phase_1")["skipped_for_id"] == ids["phase_2"]
    ledger = alice.get(f"{base}/payments", {"state": "unbilled"}).json()
    assert sorted(p["amount"] for p in ledger["items"]) == ["15000000.50", "7500000.00"]
    phase_1 = next(p for p in ledger["items"] if p["amount"] == "7500000.00")
    invoiced = alice.post(
        f"/api/v1/payments/{phase_1['id']}/invoice",
        {"invoice_number": "HLX-77"},
        content_type="application/json",
    )
    assert invoiced.json()["status"] == "invoiced"
    part = bob.post(
        f"/api/v1/payments/{phase_1['id']}/receipts",
        {"amount": "2500000"},
        content_type="application/json",
    ).json()
    assert (part["status"], part["outstanding"], part["receipts"][0]["amount"]) == (
        "partly_paid",
        "5000000.00",
        "2500000.00",
    )
    totals = alice.get(f"{base}/deal").json()["totals"]
    assert totals == [
        {
            "currency": "USD",
            "biobucks": "22500000.50",
            "guaranteed": "0.00",
            "paid": "2500000.00",
            "due_12_months": "20000000.50",
            "overdue": "0.00",
            "overdue_count": 0,
        }
    ]


def test_amounts_finer_than_the_currency_are_refused_with_the_field(deal):
    bob = api_client(deal.cast.bob)
    url = f"/api/v1/alliances/{deal.alliance.pk}/fees"
    payload = {
        "kind": "upfront",
        "title": "Upfront",
        "currency": "JPY",
        "due_date": "2026-01-31",
        **parties(deal),
    }
    assert_api_error(
        bob.post(url, {**payload, "amount": "1000.5"}, content_type="application/json"),
        422,
        "amount",
    )
    assert (
        bob.post(url, {**payload, "amount": "1000"}, content_type="application/json").json()[
            "amount"
        ]
        == "1000"
    )


def test_a_party_of_another_alliance_is_refused(deal):
    bob = api_client(deal.cast.bob)
    cobalt_party = deal.cast.cobalt_borealis.parties.model.objects.unscoped().get(
        alliance=deal.cast.cobalt_borealis, organisation=deal.cast.cobalt
    )
    response = bob.post(
        f"/api/v1/alliances/{deal.alliance.pk}/fees",
        {
            "kind": "upfront",
            "title": "Upfront",
            "amount": "5",
            "currency": "USD",
            "due_date": "2026-01-31",
            "payer_party_id": deal.borealis.pk,
            "payee_party_id": cobalt_party.pk,
        },
        content_type="application/json",
    )
    assert_api_error(response, 422, "payee_party_id")


def test_finance_notes_are_each_sides_own(deal):
    history = populate(deal)
    alice, bob = api_client(deal.cast.alice), api_client(deal.cast.bob)
    url = f"/api/v1/alliances/{deal.alliance.pk}/finance-notes"
    assert [n["body"] for n in alice.get(url).json()] == [history["helix_note"].body]
    assert [n["body"] for n in bob.get(url).json()] == [history["borealis_note"].body]
    assert (
        "HELIX-ONLY"
        not in bob.get(f"/api/v1/payments/{history['fee'].payment.pk}").content.decode()
    )
    assert api_client(deal.cast.dave).get(url).status_code == 404


def test_true_ups_show_who_owes_whom(deal):
    history = populate(deal)
    quarters = (
        api_client(deal.cast.alice)
        .get(f"/api/v1/cost-workstreams/{history['workstream'].pk}/true-ups")
        .json()
    )
    latest = quarters[0]
    assert latest["settled"] is True
    # 1,533,333.43 spent; Borealis's 60% is 920,000.06, it spent 1,200,000.10: Helix owes 280,000.04.
    assert latest["total"] == "1533333.43"
    assert latest["settlements"] == [
        {
            "debtor_party_id": deal.helix.pk,
            "creditor_party_id": deal.borealis.pk,
            "amount": "280000.04",
        }
    ]
    shares = sorted(line["fair_share"] for line in latest["lines"])
    assert shares == ["613333.37", "920000.06"]


@pytest.mark.parametrize(
    "path", ["/payments", "/deal", "/milestones", "/royalty-reports", "/cost-entries"]
)
def test_reads_run_the_same_queries_however_long_the_history(deal, path):
    client = api_client(deal.cast.bob)
    url = f"/api/v1/alliances/{deal.alliance.pk}{path}"
    history = populate(deal, years=1)

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    short = count()
    earlier = datetime.date.today().year - 3
    add_years(deal, history["term"], history["workstream"], [earlier, earlier + 1])
    assert count() == short


def test_a_sales_milestone_says_how_its_threshold_is_met(deal):
    bob = api_client(deal.cast.bob)
    url = f"/api/v1/alliances/{deal.alliance.pk}/milestones"
    payload = {
        "programme_id": deal.programme.pk,
        "event": "net_sales",
        "sales_threshold": "250000000.00",
        "amount": "50000000",
        "currency": "USD",
        **parties(deal),
    }
    reaches = bob.post(url, payload, content_type="application/json").json()
    assert (reaches["threshold_rule"], reaches["condition"]) == (
        "reaches",
        "Annual net sales reach USD 250,000,000.00",
    )
    exceeds = bob.post(
        url,
        {**payload, "sales_threshold": "500000000", "threshold_rule": "exceeds"},
        content_type="application/json",
    ).json()
    assert exceeds["condition"] == "Annual net sales exceed USD 500,000,000.00"
    assert_api_error(
        bob.post(
            url,
            {**payload, "sales_threshold": "1", "threshold_rule": "nearly"},
            content_type="application/json",
        ),
        422,
        "threshold_rule",
    )


def test_a_quarter_restated_down_is_a_credit_both_sides_read(deal):
    from concord.deals import services

    term = services.royalty_term_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title="Royalty on HEL-101",
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        tiers=[("250000000", "8"), (None, "10")],
    )
    fiona, alice = api_client(deal.fiona), api_client(deal.cast.alice)
    reported = fiona.post(
        f"/api/v1/royalty-terms/{term.pk}/reports",
        {"year": 2024, "quarter": 1, "net_sales": "300000000.00"},
        content_type="application/json",
    ).json()
    assert (reported["royalty"], reported["restatements"]) == ("25000000.00", [])
    url = f"/api/v1/royalty-reports/{reported['id']}/restatements"
    body = {"net_sales": "200000000.00", "reason": "Returns booked after the report"}
    # Helix, the payee, cannot restate Borealis's sales; a viewer cannot either.
    assert_api_error(alice.post(url, body, content_type="application/json"), 403)
    assert_api_error(
        api_client(deal.cast.carol).post(url, body, content_type="application/json"), 403
    )
    assert (
        api_client(deal.cast.dave).post(url, body, content_type="application/json").status_code
        == 404
    )
    response = fiona.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    restated = response.json()
    assert {k: restated[k] for k in ("previous_net_sales", "net_sales", "adjustment")} == {
        "previous_net_sales": "300000000.00",
        "net_sales": "200000000.00",
        "adjustment": "-9000000.00",
    }
    assert (restated["year_royalty_before"], restated["year_royalty_after"]) == (
        "25000000.00",
        "16000000.00",
    )
    # The partner reads both figures and the reason, on the report and in the ledger.
    seen = alice.get(f"/api/v1/royalty-reports/{reported['id']}").json()
    assert (seen["net_sales"], seen["current_net_sales"]) == ("300000000.00", "200000000.00")
    assert [r["reason"] for r in seen["restatements"]] == ["Returns booked after the report"]
    credit = alice.get(f"/api/v1/payments/{restated['payment_id']}").json()
    assert (credit["amount"], credit["is_credit"]) == ("-9000000.00", True)
    listed = alice.get(f"/api/v1/alliances/{deal.alliance.pk}/royalty-reports").json()
    assert listed["items"][0]["restatements"][0]["id"] == restated["id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"net_sales": "300000000.00", "reason": "Same"}, "net_sales"),
        ({"net_sales": "1.001", "reason": "Too fine"}, "net_sales"),
        ({"net_sales": "-5", "reason": "Negative"}, "net_sales"),
        ({"net_sales": "5"}, "reason"),
        ({"net_sales": "5", "reason": "  "}, "reason"),
        ({"reason": "No figure"}, "net_sales"),
    ],
)
def test_a_bad_restatement_is_a_422_naming_the_field(deal, body, field):
    from concord.deals import services
    from concord.deals.models import RoyaltyRestatement

    term = services.royalty_term_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title="Royalty",
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        tiers=[(None, "10")],
    )
    report = services.royalty_report_submit(
        actor=deal.fiona, term=term, year=2024, quarter=1, net_sales="300000000.00"
    )
    response = api_client(deal.fiona).post(
        f"/api/v1/royalty-reports/{report.pk}/restatements", body, content_type="application/json"
    )
    assert_api_error(response, 422, field)
    assert not RoyaltyRestatement.objects.unscoped().exists()
