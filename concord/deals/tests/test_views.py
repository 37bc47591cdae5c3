"""The money pages' wiring: who sees what, forms that run services, exports, query counts."""

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
from openpyxl import load_workbook

from concord.deals.models import Milestone, Payment, RoyaltyReport, RoyaltyRestatement
from concord.deals.tests.conftest import add_years, populate


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def history(deal):
    return populate(deal)


def money_url(deal) -> str:
    return reverse("deals:alliance-money", args=[deal.alliance.pk])


def test_both_parties_see_the_same_money_page(deal, history):
    for user in (deal.cast.alice, deal.cast.bob, deal.cast.carol):
        page = client_for(user).get(money_url(deal))
        assert page.status_code == 200
        text = page.content.decode()
        assert "USD 40,000,000.00" in text  # the upfront
        assert "Skipped · payable with" in text
        assert "<strong>Helix Biotherapeutics</strong> owes Borealis Pharma" in text


def test_outsiders_get_a_404(deal, history):
    assert client_for(deal.cast.dave).get(money_url(deal)).status_code == 404
    assert client_for(deal.cast.mallory).get(money_url(deal)).status_code == 404


def test_private_finance_notes_stay_on_their_own_side_in_pages_and_exports(deal, history):
    urls = [
        money_url(deal),
        reverse("deals:alliance-ledger", args=[deal.alliance.pk]),
        reverse("deals:payment-detail", args=[history["fee"].payment.pk]),
        reverse("deals:ledger-csv", args=[deal.alliance.pk]),
        reverse("deals:portfolio-ledger"),
    ]
    for user, own, other in (
        (deal.cast.alice, "HELIX-ONLY", "BOREALIS-ONLY"),
        (deal.cast.bob, "BOREALIS-ONLY", "HELIX-ONLY"),
    ):
        client = client_for(user)
        for url in urls:
            body = client.get(url).content.decode()
            assert own in body, url
            assert other not in body, url
        workbook = client.get(reverse("deals:ledger-xlsx", args=[deal.alliance.pk])).content
        cells = " ".join(
            str(c.value)
            for s in load_workbook(io.BytesIO(workbook))
            for r in s.iter_rows()
            for c in r
        )
        assert own in cells and other not in cells


def test_the_ledger_filters_sorts_and_pages(deal, history):
    client = client_for(deal.cast.alice)
    url = reverse("deals:alliance-ledger", args=[deal.alliance.pk])
    everything = client.get(url, {"closed": "on"}).context["page_obj"].paginator.count
    assert everything == Payment.objects.unscoped().filter(alliance=deal.alliance).count()
    royalties = client.get(url, {"source": "royalty"}).context["page_obj"]
    assert {p.source for p in royalties.object_list} == {"royalty"}
    partly = client.get(url, {"state": "partly_paid"}).context["page_obj"].object_list
    assert [p.pk for p in partly] == [history["fee"].payment.pk]
    disputed = client.get(url, {"state": "disputed"}).context["page_obj"].object_list
    assert [p.pk for p in disputed] == [history["fee"].payment.pk]
    biggest = client.get(url, {"sort": "-amount"}).context["page_obj"].object_list[0]
    assert (
        biggest.amount
        == Payment.objects.unscoped().filter(alliance=deal.alliance).order_by("-amount")[0].amount
    )
    assert (
        client.get(url, {"sort": "nonsense", "state": "nonsense", "page": "999"}).status_code == 200
    )
    receivable = client.get(url, {"direction": "receivable"}).context["page_obj"].object_list
    assert all(p.payee_id == deal.helix.pk for p in receivable)


def test_the_ledger_puts_overdue_lines_first_and_hides_paid_ones_until_asked(deal, history):
    client = client_for(deal.cast.alice)
    url = reverse("deals:alliance-ledger", args=[deal.alliance.pk])
    every = Payment.objects.unscoped().filter(alliance=deal.alliance)
    paid = every.filter(status=Payment.Status.PAID)
    assert paid.exists() and every.exclude(status=Payment.Status.PAID).exists()
    shown = list(client.get(url).context["page_obj"].object_list)
    assert {p.pk for p in shown} == set(
        every.exclude(status=Payment.Status.PAID).values_list("pk", flat=True)
    )
    # Overdue first, then what is still owed by the soonest due date.
    late = [p.is_late for p in shown]
    assert late == sorted(late, reverse=True)
    owed = [p.due_date for p in shown if not p.is_late]
    assert owed == sorted(owed)
    with_paid = client.get(url, {"closed": "on"}).context["page_obj"].object_list
    assert {p.pk for p in with_paid} >= set(paid.values_list("pk", flat=True))
    asked = client.get(url, {"state": "paid"}).context["page_obj"].object_list
    assert {p.pk for p in asked} == set(paid.values_list("pk", flat=True))
    # The export is the record: paid lines stay in it whatever the page hides.
    response = client.get(reverse("deals:ledger-csv", args=[deal.alliance.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == every.count()


def test_the_portfolio_ledger_splits_what_we_pay_from_what_we_are_paid(deal, history):
    response = client_for(deal.cast.alice).get(reverse("deals:portfolio-ledger"))
    sides = {side.key: side for side in response.context["sides"]}
    assert [s.title for s in response.context["sides"]] == ["What we pay", "What we are paid"]
    helix = deal.helix.pk
    # By who owes, not by payer: a credit is owed by its payee.
    assert all(p.owed_by_id == helix for p in sides["payable"].lines)
    assert all(p.owed_to_id == helix for p in sides["receivable"].lines)
    assert (
        sides["payable"].count + sides["receivable"].count
        == response.context["page_obj"].paginator.count
    )
    html = response.content.decode()
    assert "What we pay" in html and "What we are paid" in html
    assert 'title="USD 25,000,000.00">USD 25.0M</span>' in html  # compact, exact on hover
    one_side = client_for(deal.cast.alice).get(
        reverse("deals:portfolio-ledger"), {"direction": "receivable"}
    )
    assert one_side.context["sides"] == []


def test_the_csv_export_writes_exact_amounts(deal, history):
    response = client_for(deal.cast.bob).get(reverse("deals:ledger-csv", args=[deal.alliance.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    upfront = next(r for r in rows if r["Description"] == "Upfront on signature")
    assert (upfront["Amount"], upfront["Paid"], upfront["Outstanding"]) == (
        "40000000.00",
        "15000000.00",
        "25000000.00",
    )
    assert upfront["In dispute"] == "yes" and upfront["Currency"] == "USD"


def test_the_portfolio_xlsx_holds_every_visible_alliance_and_nothing_else(deal, history):
    response = client_for(deal.cast.alice).get(reverse("deals:portfolio-xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    title, *ledger = list(book["Ledger"].iter_rows(values_only=True))
    assert title[0].startswith("Portfolio ledger of Helix Biotherapeutics · exported ")
    assert ledger[0][0] == "Alliance"
    assert {row[0] for row in ledger[1:]} == {deal.alliance.name}
    assert len(ledger) - 1 == Payment.objects.unscoped().filter(alliance=deal.alliance).count()
    summary = list(book["By currency"].iter_rows(values_only=True))
    assert any(row[:2] == (deal.alliance.name, "USD") for row in summary)


def test_the_confirm_button_makes_the_milestone_payable(deal, history):
    p3 = history["milestones"]["phase_3"]
    client_for(deal.cast.alice).post(
        reverse("deals:milestone-notify", args=[p3.pk]),
        {"achieved_on": datetime.date.today().isoformat()},
    )
    response = client_for(deal.cast.bob).post(reverse("deals:milestone-confirm", args=[p3.pk]))
    assert response.status_code == 302
    assert Milestone.objects.unscoped().get(pk=p3.pk).status == "achieved"


def test_a_refused_step_is_a_403_page_and_a_failed_rule_a_form_error(deal, history):
    payment = history["fee"].payment
    assert (
        client_for(deal.cast.bob)
        .get(reverse("deals:payment-invoice", args=[payment.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(deal.cast.carol)
        .get(reverse("deals:payment-record", args=[payment.pk]))
        .status_code
        == 403
    )
    response = client_for(deal.cast.bob).post(
        reverse("deals:payment-record", args=[payment.pk]),
        {"amount": "99999999", "paid_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 200
    assert "outstanding on this payment" in response.content.decode()
    assert Payment.objects.unscoped().get(pk=payment.pk).amount_paid == Decimal("15000000")


def test_the_alliance_overview_shows_the_money_panel_and_tab(deal, history):
    page = client_for(deal.cast.alice).get(
        reverse("alliances:alliance-detail", args=[deal.alliance.pk])
    )
    text = page.content.decode()
    assert "Deal &amp; money" in text and "USD paid to date" in text


def query_count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "name",
    ["deals:alliance-money", "deals:alliance-ledger", "deals:ledger-csv", "deals:ledger-xlsx"],
)
def test_alliance_pages_run_the_same_queries_however_long_the_history(deal, name):
    client = client_for(deal.cast.bob)
    url = reverse(name, args=[deal.alliance.pk])
    history = populate(deal, years=1)
    short = query_count(client, url)
    earlier = datetime.date.today().year - 3
    add_years(deal, history["term"], history["workstream"], [earlier, earlier + 1])
    assert query_count(client, url) == short


def test_the_portfolio_ledger_runs_the_same_queries_with_more_alliances(deal):
    client = client_for(deal.cast.bob)
    url = reverse("deals:portfolio-ledger")
    populate(deal, years=1)
    before = query_count(client, url)
    from concord.alliances.models import Party
    from concord.deals import services

    cobalt = deal.cast.cobalt_borealis
    parties = Party.objects.unscoped().filter(alliance=cobalt)
    services.fee_create(
        actor=deal.cast.bob,
        alliance=cobalt,
        kind="upfront",
        title="Cobalt upfront",
        amount=Decimal("5000000"),
        currency="CHF",
        payer=parties.get(organisation=deal.cast.borealis),
        payee=parties.get(organisation=deal.cast.cobalt),
        due_date=datetime.date.today(),
    )
    assert query_count(client, url) == before


def test_payment_due_dates_reach_the_calendars_of_the_people_who_handle_money(deal, history):
    from concord.core.calendar import calendar_entries

    def payment_uids(user) -> set[str]:
        return {e.uid for e in calendar_entries(user) if e.uid.startswith("payment-")}

    outstanding = {
        f"payment-{p.pk}@concord"
        for p in Payment.objects.unscoped().filter(alliance=deal.alliance).exclude(status="paid")
        if p.due_date <= datetime.date.today() + datetime.timedelta(days=400)
    }
    assert outstanding
    for person in (deal.cast.alice, deal.hugo, deal.cast.bob, deal.fiona):
        assert payment_uids(person) == outstanding
    for person in (deal.cast.carol, deal.cast.erin, deal.cast.dave, deal.cast.mallory):
        assert payment_uids(person) == set()


def test_the_overview_panel_flags_overdue_sums(deal, clock):
    from concord.deals import services

    clock.set(datetime.date(2026, 1, 5))
    services.fee_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        kind="upfront",
        title="Upfront",
        amount=Decimal("250000"),
        currency="CHF",
        payer=deal.borealis,
        payee=deal.helix,
        due_date=datetime.date(2026, 1, 1),
    )
    page = client_for(deal.cast.alice).get(
        reverse("alliances:alliance-detail", args=[deal.alliance.pk])
    )
    text = page.content.decode()
    assert "CHF overdue" in text and "CHF 250,000.00" in text
    assert "1 overdue" in text


def test_a_royalty_payment_shows_how_it_was_computed_whatever_its_age(deal, history):
    oldest = Payment.objects.unscoped().filter(royalty_report__isnull=False).earliest("due_date")
    page = client_for(deal.cast.alice).get(reverse("deals:payment-detail", args=[oldest.pk]))
    text = page.content.decode()
    assert f"Royalty on {oldest.royalty_report.period_label}" in text
    assert "× 8% =" in text  # the first tier's slice of the sales


def test_the_partner_sees_a_restated_quarter_both_figures_and_the_reason(deal, history):
    restated = RoyaltyRestatement.objects.unscoped().select_related("report").first()
    text = client_for(deal.cast.alice).get(money_url(deal)).content.decode()
    assert "Restated" in text and "Reason: Returns" in text
    assert "USD 90,000,000.50 → <strong>USD 80,000,000.50</strong>" in text
    assert "a credit of USD 1,000,000.00 owed back" in text
    assert reverse("deals:royalty-report-restate", args=[restated.report.pk]) not in text
    credit = client_for(deal.cast.alice).get(
        reverse("deals:payment-detail", args=[restated.payment.pk])
    )
    assert "owed back by Helix Biotherapeutics to Borealis Pharma" in credit.content.decode()


def test_the_selling_party_restates_a_quarter_through_the_form(deal, history):
    report = RoyaltyReport.objects.unscoped().filter(restatements__isnull=True).first()
    url = reverse("deals:royalty-report-restate", args=[report.pk])
    assert client_for(deal.cast.alice).get(url).status_code == 403
    fiona = client_for(deal.fiona)
    assert "Restate" in fiona.get(url).content.decode()
    refused = fiona.post(url, {"net_sales": "95000000.50", "reason": ""})
    assert refused.status_code == 200 and not report.restatements.exists()
    done = fiona.post(url, {"net_sales": "95000000.50", "reason": "Late wholesaler data"})
    assert done.status_code == 302
    assert report.restatements.get().adjustment > 0


def test_a_sales_milestone_says_on_the_page_how_its_threshold_is_met(deal):
    from concord.deals import services

    services.milestone_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        programme=deal.programme,
        event="net_sales",
        sales_threshold=Decimal("250000000"),
        amount=Decimal("50000000"),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
    )
    text = client_for(deal.cast.alice).get(money_url(deal)).content.decode()
    assert "Met when: Annual net sales reach USD 250,000,000.00 in a year" in text


def test_the_milestone_form_takes_the_agreements_wording_of_the_threshold(deal):
    bob = client_for(deal.cast.bob)
    url = reverse("deals:milestone-create", args=[deal.alliance.pk])
    assert "reach the threshold (≥)" in bob.get(url).content.decode()
    form = {
        "programme": deal.programme.pk,
        "event": "net_sales",
        "sales_threshold": "250000000",
        "amount": "50000000",
        "currency": "USD",
        "payer": deal.borealis.pk,
        "payee": deal.helix.pk,
    }
    assert bob.post(url, {**form, "threshold_rule": "exceeds"}).status_code == 302
    assert bob.post(url, {**form, "sales_threshold": "500000000"}).status_code == 302
    rules = Milestone.objects.unscoped().filter(event="net_sales").order_by("sales_threshold")
    assert [m.threshold_rule for m in rules] == ["exceeds", "reaches"]
