"""Royalty restatements: Borealis, which sells and pays the royalty, restates a reported quarter
up or down with a reason; the year's royalty is recomputed on its tiers and the difference is a
further payment or a credit Helix owes back. Helix sees both figures and the reason; nothing that
was reported before is overwritten."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from concord.core.models import AuditEvent
from concord.deals import exports, services
from concord.deals.models import Milestone, Payment, RoyaltyReport, RoyaltyRestatement
from concord.deals.money import Tier, annual_royalty, quantize

D = Decimal
TIERS = [(D("250000000"), D("8")), (D("500000000"), D("10")), (None, D("12"))]
SCHEDULE = [
    Tier(D(0), D("250000000"), D(8)),
    Tier(D("250000000"), D("500000000"), D(10)),
    Tier(D("500000000"), None, D(12)),
]
RETURNS = "Returns booked after the report, under section 7.3."


@pytest.fixture
def term(deal):
    return services.royalty_term_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title="Royalty on HEL-101",
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        tiers=TIERS,
        programme=deal.programme,
    )


def report(deal, term, quarter, sales, year=2024):
    return services.royalty_report_submit(
        actor=deal.fiona, term=term, year=year, quarter=quarter, net_sales=D(sales)
    )


def restate(deal, r, sales, reason=RETURNS, actor=None):
    return services.royalty_report_restate(
        actor=actor or deal.fiona, report=r, net_sales=D(sales) if sales else sales, reason=reason
    )


def reload(obj):
    return type(obj).objects.unscoped().get(pk=obj.pk)


def year_payments(deal):
    return Payment.objects.unscoped().filter(alliance=deal.alliance, source="royalty")


def test_an_upward_restatement_owes_the_difference_at_the_marginal_rates(deal, term):
    q1 = report(deal, term, 1, "100000000")
    report(deal, term, 2, "100000000")  # the year: 200M, all at 8% → 16M
    restatement = restate(deal, q1, "200000000")  # the year: 300M → 20M + 10% of 50M = 25M
    assert restatement.previous_net_sales == D("100000000")
    assert restatement.net_sales == D("200000000")
    assert (restatement.year_sales_before, restatement.year_sales_after) == (
        D("200000000"),
        D("300000000"),
    )
    assert restatement.year_royalty_before == D("16000000.00")
    assert restatement.year_royalty_after == D("25000000.00")
    assert restatement.adjustment == D("9000000.00")
    payment = restatement.payment
    assert payment.amount == D("9000000.00") and not payment.is_credit
    assert (payment.payer, payment.payee) == (deal.borealis, deal.helix)
    assert payment.source == Payment.Source.ROYALTY and "2024 Q1 restated" in payment.description
    assert [row["rate"] for row in restatement.calculation] == ["8.0000", "10.0000"]


def test_a_downward_restatement_is_a_credit_with_a_negative_amount(deal, term):
    q1 = report(deal, term, 1, "300000000")  # 20M + 5M = 25M
    restatement = restate(deal, q1, "200000000")  # 16M
    assert restatement.adjustment == D("-9000000.00") and restatement.is_credit
    credit = restatement.payment
    assert credit.amount == D("-9000000.00") and credit.is_credit
    assert credit.status == Payment.Status.DUE
    # Helix, the payee, owes it back to Borealis.
    assert (credit.owed_by_id, credit.owed_to_id) == (deal.helix.pk, deal.borealis.pk)
    assert "credit" in credit.description


def test_a_quarter_can_be_restated_to_zero(deal, term):
    q1 = report(deal, term, 1, "1000000")
    assert restate(deal, q1, "0").adjustment == D("-80000.00")


def test_the_report_and_every_earlier_figure_are_kept(deal, term):
    q1 = report(deal, term, 1, "100000000")
    first = restate(deal, q1, "120000000", reason="Late wholesaler reports")
    second = restate(deal, q1, "110000000", reason="Chargebacks")
    q1 = reload(q1)
    assert (q1.net_sales, q1.royalty) == (D("100000000"), D("8000000"))  # as first reported
    assert q1.current_net_sales == D("110000000")
    assert [(r.previous_net_sales, r.net_sales, r.reason) for r in q1.restatements.all()] == [
        (D("100000000"), D("120000000"), "Late wholesaler reports"),
        (D("120000000"), D("110000000"), "Chargebacks"),
    ]
    assert (first.adjustment, second.adjustment) == (D("1600000.00"), D("-800000.00"))
    # Every royalty line of the year still adds up to the royalty on the year as it stands.
    assert sum(p.amount for p in year_payments(deal)) == D("8800000.00")


def test_later_quarters_count_on_the_restated_figures(deal, term):
    q1 = report(deal, term, 1, "300000000")
    restate(deal, q1, "200000000")
    q2 = report(deal, term, 2, "100000000")
    assert q2.earlier_sales == D("200000000")
    assert q2.royalty == D("50000000") * D("0.08") + D("50000000") * D("0.10")
    expected = quantize(annual_royalty(SCHEDULE, D("300000000")), "USD")
    assert sum(p.amount for p in year_payments(deal)) == expected == D("25000000.00")


def test_restating_a_quarter_after_later_ones_recomputes_the_whole_year(deal, term):
    q1 = report(deal, term, 1, "200000000")
    report(deal, term, 2, "200000000")
    report(deal, term, 3, "200000000")  # 600M: 20M + 25M + 12M = 57M
    restatement = restate(deal, q1, "100000000")  # 500M: 20M + 25M = 45M
    assert restatement.adjustment == D("-12000000.00")
    assert sum(p.amount for p in year_payments(deal)) == D("45000000.00")


def test_a_restatement_that_changes_no_rounded_royalty_owes_nothing(deal, term):
    q1 = report(deal, term, 1, "100000000")
    restatement = restate(deal, q1, "100000000.01")  # 8% of a cent rounds to nothing
    assert restatement.adjustment == 0
    assert not Payment.objects.unscoped().filter(royalty_restatement=restatement).exists()


def test_an_upward_restatement_that_reaches_a_sales_threshold_notifies_the_milestone(deal, term):
    m = services.milestone_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        programme=deal.programme,
        event="net_sales",
        sales_threshold=D("250000000"),
        amount=D("50000000"),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
    )
    q1 = report(deal, term, 1, "249000000")
    assert reload(m).status == Milestone.Status.PENDING
    restate(deal, q1, "250000000")
    assert reload(m).status == Milestone.Status.NOTIFIED


def test_the_partner_is_told_both_figures_and_the_reason(
    deal, term, django_capture_on_commit_callbacks
):
    q1 = report(deal, term, 1, "300000000")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        restate(deal, q1, "200000000")
    [message] = mail.outbox
    assert message.to == ["hugo@helix.test"]  # Helix's finance person
    assert "credit of USD 9,000,000.00" in message.subject
    for text in ("USD 300,000,000.00", "USD 200,000,000.00", RETURNS):
        assert text in message.body
        assert text in message.alternatives[0][0]


def test_each_restatement_is_audited_with_what_was_there_before(deal, term):
    q1 = report(deal, term, 1, "300000000")
    restatement = restate(deal, q1, "200000000")
    event = AuditEvent.objects.unscoped().get(action="royalty.restated")
    assert event.object_id == str(restatement.pk)
    assert event.before == {"net_sales": "300000000.000", "year_royalty": "25000000.00"}
    assert D(event.after["net_sales"]) == D("200000000")
    assert event.after["adjustment"] == "-9000000.00" and event.after["reason"] == RETURNS


def test_both_parties_see_a_restatement_and_outsiders_do_not(deal, term):
    q1 = report(deal, term, 1, "300000000")
    restatement = restate(deal, q1, "200000000")
    for reader in (deal.cast.alice, deal.cast.carol, deal.cast.bob):
        assert RoyaltyRestatement.objects.visible_to(reader).filter(pk=restatement.pk).exists()
    assert not RoyaltyRestatement.objects.visible_to(deal.cast.dave).exists()
    assert not RoyaltyRestatement.objects.visible_to(deal.cast.mallory).exists()


# --- Refusals: each names its field and changes nothing ---------------------------------------


def nothing_restated(deal, q1):
    assert not RoyaltyRestatement.objects.unscoped().exists()
    assert reload(q1).net_sales == D("300000000")
    assert year_payments(deal).count() == 1


@pytest.mark.parametrize("who", ["alice", "hugo", "carol"])
def test_only_the_party_that_reports_may_restate(deal, term, who):
    q1 = report(deal, term, 1, "300000000")
    actor = getattr(deal, who, None) or getattr(deal.cast, who)
    with pytest.raises(PermissionDenied) as refusal:
        restate(deal, q1, "200000000", actor=actor)
    if who != "carol":  # a viewer is refused for her role before her party
        assert "pays the royalty" in str(refusal.value)
    nothing_restated(deal, q1)


@pytest.mark.parametrize(
    ("sales", "reason", "field"),
    [
        ("300000000", RETURNS, "net_sales"),  # the figure it already stands at
        ("-1", RETURNS, "net_sales"),
        ("100.001", RETURNS, "net_sales"),  # finer than a US cent
        ("NaN", RETURNS, "net_sales"),
        ("1000000000000000", RETURNS, "net_sales"),
        ("200000000", "", "reason"),
        ("200000000", "   ", "reason"),
        ("200000000", "x" * 5001, "reason"),
    ],
)
def test_bad_restatements_are_refused_naming_the_field(deal, term, sales, reason, field):
    q1 = report(deal, term, 1, "300000000")
    with pytest.raises(ValidationError) as error:
        restate(deal, q1, sales, reason=reason)
    assert field in error.value.message_dict
    nothing_restated(deal, q1)


# --- Settling a credit ------------------------------------------------------------------------


@pytest.fixture
def credit(deal, term):
    q1 = report(deal, term, 1, "300000000")
    return restate(deal, q1, "200000000").payment


def test_the_payee_pays_a_credit_back_and_the_payer_asks_for_it(deal, credit):
    with pytest.raises(PermissionDenied):
        services.payment_invoice(actor=deal.hugo, payment=credit, invoice_number="HLX-CN-1")
    services.payment_invoice(actor=deal.fiona, payment=credit, invoice_number="BOR-CR-1")
    assert reload(credit).status == Payment.Status.INVOICED
    with pytest.raises(PermissionDenied):
        services.payment_record(actor=deal.fiona, payment=credit, amount=D("1"))
    with pytest.raises(ValidationError) as error:
        services.payment_record(actor=deal.hugo, payment=credit, amount=D("9000000.01"))
    assert "amount" in error.value.message_dict
    services.payment_record(actor=deal.hugo, payment=credit, amount=D("4000000.00"))
    part = reload(credit)
    assert part.status == Payment.Status.PARTLY_PAID
    assert (part.amount_paid, part.outstanding) == (D("-4000000.00"), D("-5000000.00"))
    services.payment_record(actor=deal.hugo, payment=credit, amount=D("5000000.00"))
    paid = reload(credit)
    assert paid.status == Payment.Status.PAID and paid.outstanding == 0


def test_a_credit_is_money_owed_too_never_netted_against_the_royalty(deal, credit):
    from concord.deals import selectors

    # The 25M royalty (Borealis pays Helix) and the 9M credit (Helix pays it back) are each
    # still to be paid, separately: 34M is due, not a net 16M.
    Payment.objects.unscoped().filter(pk=credit.pk).update(due_date=datetime.date(2000, 1, 1))
    [usd] = selectors.money_totals(user=deal.cast.alice, alliance=deal.alliance)
    assert usd.due_12_months == D("34000000.00")
    assert (usd.overdue, usd.overdue_count) == (D("9000000.00"), 1)
    alice = deal.cast.alice
    lines = selectors.payment_list(user=alice, alliance=deal.alliance)
    summary = Payment.objects.visible_to(alice).filter(alliance=deal.alliance)
    workbook = exports.write_xlsx(lines, notes={}, summary=summary, title="Ledger")
    book = load_workbook(io.BytesIO(workbook))
    [row] = [r for r in book["By currency"].iter_rows(values_only=True) if r[1] == "USD"]
    assert row[5:] == (D("34000000.00"), D("9000000.00"))  # outstanding, overdue


def test_the_ledger_files_a_credit_under_the_side_that_owes_it(deal, credit):
    from concord.deals import selectors

    def lines(user, direction):
        filters = selectors.LedgerFilters(direction=direction)
        return {p.pk for p in selectors.payment_list(user=user, filters=filters)}

    # Helix owes the credit back: it is Helix's to pay and Borealis's to receive.
    assert credit.pk in lines(deal.hugo, "payable")
    assert credit.pk not in lines(deal.hugo, "receivable")
    assert credit.pk in lines(deal.fiona, "receivable")
    assert credit.pk not in lines(deal.fiona, "payable")


def test_the_calendar_says_the_payee_pays_a_credit_back(deal, credit):
    from concord.deals.sections import payment_calendar

    for who in (deal.hugo, deal.fiona):
        [entry] = [e for e in payment_calendar(who) if e.uid == f"payment-{credit.pk}@concord"]
        assert entry.summary.startswith("Credit due: USD 9,000,000.00 – ")
        assert (
            "Helix Biotherapeutics pays Borealis Pharma USD 9,000,000.00 back" in entry.description
        )


def test_reports_keep_one_row_per_quarter(deal, term):
    q1 = report(deal, term, 1, "300000000")
    restate(deal, q1, "200000000")
    assert RoyaltyReport.objects.unscoped().filter(term=term).count() == 1
    with pytest.raises(ValidationError) as error:
        report(deal, term, 1, "200000000")
    assert "restate it" in error.value.message_dict["quarter"][0]


def test_messages_about_a_credit_name_the_payee_as_the_one_that_pays_back(
    deal, credit, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_invoice(actor=deal.fiona, payment=credit, invoice_number="BOR-CR-1")
        services.payment_record(actor=deal.hugo, payment=credit, amount=D("9000000.00"))
    invoiced, received = mail.outbox
    assert invoiced.to == ["hugo@helix.test"]  # Helix pays it back
    assert invoiced.subject.strip() == ("Invoice BOR-CR-1 from Borealis Pharma: USD 9,000,000.00")
    assert "fiona@borealis.test" in received.to
    assert "Helix Biotherapeutics paid USD 9,000,000.00" in received.subject
