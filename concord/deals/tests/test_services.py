"""The money rules, exhaustively: who may do each step, payable-once, skipped milestones,
royalties, Build-to-Buy, partial payments, nudges, cost-share true-ups, disputes and audits."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from concord.core.models import AuditEvent
from concord.core.signals import achievement
from concord.deals import services
from concord.deals.models import (
    BuyOption,
    Dispute,
    FinanceNote,
    Milestone,
    Payment,
    RoyaltyReport,
    Tranche,
)

D = Decimal
TIERS = [(D("250000000"), D("8")), (D("500000000"), D("10")), (None, D("12"))]


def milestone(deal, event, *, amount="1000000", programme=None, **extra):
    return services.milestone_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        programme=programme or deal.programme,
        event=event,
        amount=D(amount),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        **extra,
    )


def notify_and_confirm(deal, m, day=None):
    day = day or datetime.date.today()
    services.milestone_notify(actor=deal.cast.alice, milestone=m, achieved_on=day)
    return services.milestone_confirm(actor=deal.cast.bob, milestone=m)


def reload(obj):
    return type(obj).objects.unscoped().get(pk=obj.pk)


def payments_of(deal, **filters):
    return Payment.objects.unscoped().filter(alliance=deal.alliance, **filters)


# --- Roles and parties -----------------------------------------------------------------------------


def test_alliance_managers_and_finance_people_write_money_records(deal):
    events = AuditEvent.objects.unscoped().count()
    for days, person in enumerate((deal.cast.alice, deal.cast.bob, deal.fiona, deal.hugo), 40):
        terms = services.deal_terms_save(actor=person, alliance=deal.alliance, payment_days=days)
        assert reload(terms).payment_days == days
    assert AuditEvent.objects.unscoped().count() == events + 4


@pytest.mark.parametrize("who", ["carol", "erin", "dave", "mallory"])
def test_viewers_sponsors_and_outsiders_write_nothing(deal, who):
    person = getattr(deal.cast, who)
    events = AuditEvent.objects.unscoped().count()
    with pytest.raises(PermissionDenied):
        services.deal_terms_save(actor=person, alliance=deal.alliance)
    with pytest.raises(PermissionDenied):
        services.fee_create(
            actor=person,
            alliance=deal.alliance,
            kind="upfront",
            title="Upfront",
            amount=D("1"),
            currency="USD",
            payer=deal.borealis,
            payee=deal.helix,
            due_date=datetime.date.today(),
        )
    assert AuditEvent.objects.unscoped().count() == events


def test_payer_and_payee_are_two_parties_of_the_alliance(deal):
    other = deal.cast.cobalt_borealis.parties.model.objects.unscoped().get(
        alliance=deal.cast.cobalt_borealis, organisation=deal.cast.cobalt
    )
    with pytest.raises(ValidationError) as error:
        services.fee_create(
            actor=deal.cast.bob,
            alliance=deal.alliance,
            kind="upfront",
            title="Upfront",
            amount=D("5"),
            currency="USD",
            payer=deal.borealis,
            payee=other,
            due_date=datetime.date.today(),
        )
    assert "payer" in error.value.message_dict or "payee" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.fee_create(
            actor=deal.cast.bob,
            alliance=deal.alliance,
            kind="upfront",
            title="Upfront",
            amount=D("5"),
            currency="USD",
            payer=deal.helix,
            payee=deal.helix,
            due_date=datetime.date.today(),
        )


@pytest.mark.parametrize(
    ("amount", "currency", "ok"),
    [
        ("10.01", "EUR", True),
        ("10.001", "EUR", False),  # finer than a cent: refused, never rounded silently
        ("10", "JPY", True),
        ("10.5", "JPY", False),  # the yen has no minor unit
        ("1.234", "KWD", True),  # 1,000 fils to the dinar
        ("1.2345", "KWD", False),
        ("0", "USD", False),
        ("-5", "USD", False),
        ("5", "XXX", False),  # not a currency Concord takes
    ],
)
def test_amounts_are_exact_to_their_currency(deal, amount, currency, ok):
    def create():
        return services.fee_create(
            actor=deal.cast.bob,
            alliance=deal.alliance,
            kind="upfront",
            title="Upfront",
            amount=D(amount),
            currency=currency,
            payer=deal.borealis,
            payee=deal.helix,
            due_date=datetime.date.today(),
        )

    if ok:
        assert create().payment.amount == D(amount)
    else:
        with pytest.raises(ValidationError):
            create()


def test_a_fee_is_in_the_ledger_as_due_on_its_date(deal):
    fee = services.fee_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        kind="upfront",
        title="Upfront on signature",
        amount=D("25000000"),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        due_date=datetime.date(2025, 2, 14),
    )
    payment = fee.payment
    assert (payment.amount, payment.status, payment.due_date) == (
        D("25000000"),
        Payment.Status.DUE,
        datetime.date(2025, 2, 14),
    )
    assert (payment.payer, payment.payee) == (deal.borealis, deal.helix)


# --- Milestones: payable once -----------------------------------------------------------------------


def test_a_milestone_is_payable_once_per_programme_and_indication(deal):
    milestone(deal, "phase_1")
    with pytest.raises(ValidationError) as error:
        milestone(deal, "phase_1", amount="2000000")
    assert "once per programme and indication" in str(error.value)
    # The same asset in another indication is another programme: its own milestone.
    milestone(deal, "phase_1", programme=deal.second_programme())


def test_regulatory_milestones_are_once_per_region(deal):
    milestone(deal, "approval", region="US")
    milestone(deal, "approval", region="EU")
    with pytest.raises(ValidationError):
        milestone(deal, "approval", region="US")
    with pytest.raises(ValidationError) as error:
        milestone(deal, "filing_accepted")  # no region
    assert "region" in error.value.message_dict


def test_commercial_milestones_need_a_threshold_and_are_once_per_threshold(deal):
    with pytest.raises(ValidationError) as error:
        milestone(deal, "net_sales")
    assert "sales_threshold" in error.value.message_dict
    milestone(deal, "net_sales", sales_threshold=D("500000000"))
    milestone(deal, "net_sales", sales_threshold=D("1000000000"))
    with pytest.raises(ValidationError):
        milestone(deal, "net_sales", sales_threshold=D("500000000"))
    with pytest.raises(ValidationError):
        milestone(deal, "net_sales", sales_threshold=D("500000000.00"))


def test_an_achieved_milestone_is_not_paid_twice(deal):
    m = notify_and_confirm(deal, milestone(deal, "phase_1"))
    with pytest.raises(ValidationError):
        services.milestone_notify(
            actor=deal.cast.alice, milestone=m, achieved_on=datetime.date.today()
        )
    assert payments_of(deal, milestone=m).count() == 1


# --- Milestones: notified by one party, confirmed by the other ----------------------------------------


def test_one_party_notifies_and_the_other_confirms(deal):
    m = milestone(deal, "phase_1")
    day = datetime.date.today() - datetime.timedelta(days=3)
    services.milestone_notify(
        actor=deal.cast.alice, milestone=m, achieved_on=day, evidence="FPI 3 Mar"
    )
    m = reload(m)
    assert m.status == Milestone.Status.NOTIFIED and m.notifying_party == deal.helix
    assert not payments_of(deal).exists()  # nothing is payable until the other party confirms
    for same_side in (deal.cast.alice, deal.hugo):
        with pytest.raises(PermissionDenied):
            services.milestone_confirm(actor=same_side, milestone=m)
    with pytest.raises(PermissionDenied):
        services.milestone_confirm(actor=deal.cast.erin, milestone=m)  # a sponsor, not finance
    services.milestone_confirm(actor=deal.fiona, milestone=m)
    m = reload(m)
    assert m.status == Milestone.Status.ACHIEVED and m.confirmed_by == deal.fiona
    payment = m.payment
    assert payment.became_due_on == day and payment.due_date == day + datetime.timedelta(days=30)


def test_the_payer_may_notify_too_and_then_the_payee_confirms(deal):
    m = milestone(deal, "ind_filed")
    services.milestone_notify(actor=deal.cast.bob, milestone=m, achieved_on=datetime.date.today())
    with pytest.raises(PermissionDenied):
        services.milestone_confirm(actor=deal.cast.bob, milestone=m)
    services.milestone_confirm(actor=deal.cast.alice, milestone=m)
    assert reload(m).status == Milestone.Status.ACHIEVED


def test_only_a_notified_milestone_can_be_confirmed(deal):
    m = milestone(deal, "phase_1")
    with pytest.raises(ValidationError):
        services.milestone_confirm(actor=deal.cast.bob, milestone=m)


def test_a_rejected_notification_goes_back_with_the_reason_and_can_be_notified_again(
    deal, django_capture_on_commit_callbacks
):
    m = milestone(deal, "phase_1")
    services.milestone_notify(actor=deal.cast.alice, milestone=m, achieved_on=datetime.date.today())
    with pytest.raises(ValidationError):
        services.milestone_reject(actor=deal.cast.bob, milestone=m, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_reject(
            actor=deal.cast.bob, milestone=m, reason="Dosing was a screening visit."
        )
    m = reload(m)
    assert m.status == Milestone.Status.PENDING and m.achieved_on is None
    assert m.rejection_reason == "Dosing was a screening visit."
    assert any("Not confirmed" in message.subject for message in mail.outbox)
    services.milestone_notify(actor=deal.cast.alice, milestone=m, achieved_on=datetime.date.today())
    assert reload(m).rejection_reason == ""


def test_an_achievement_cannot_be_dated_in_the_future(deal):
    m = milestone(deal, "phase_1")
    with pytest.raises(ValidationError) as error:
        services.milestone_notify(
            actor=deal.cast.alice,
            milestone=m,
            achieved_on=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert "achieved_on" in error.value.message_dict


def test_confirming_a_milestone_sends_the_achievement_signal(deal):
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    achievement.connect(receiver)
    try:
        m = notify_and_confirm(deal, milestone(deal, "phase_1"))
    finally:
        achievement.disconnect(receiver)
    assert len(heard) == 1
    assert heard[0]["kind"] == "milestone_achieved" and heard[0]["source"] == m
    assert heard[0]["alliance"] == deal.alliance and heard[0]["actor"] == deal.cast.bob


# --- Milestones: skipped development milestones ---------------------------------------------------------


def test_a_later_development_milestone_makes_earlier_unpaid_ones_payable_at_the_same_time(deal):
    ind = milestone(deal, "ind_filed", amount="2000000")
    p1 = milestone(deal, "phase_1", amount="5000000")
    p2 = milestone(deal, "phase_2", amount="10000000")
    p3 = milestone(deal, "phase_3", amount="20000000")
    approval = milestone(deal, "approval", region="US", amount="50000000")
    day = datetime.date.today() - datetime.timedelta(days=1)
    notify_and_confirm(deal, p2, day)
    for m in (ind, p1, p2):
        m = reload(m)
        assert m.status == Milestone.Status.ACHIEVED and m.achieved_on == day
    assert reload(ind).skipped_for == p2 and reload(p1).skipped_for == p2
    assert reload(p2).skipped_for is None
    assert reload(p3).status == reload(approval).status == Milestone.Status.PENDING
    due = payments_of(deal, source=Payment.Source.MILESTONE)
    assert sorted(p.amount for p in due) == [D("2000000"), D("5000000"), D("10000000")]
    assert {p.became_due_on for p in due} == {day}
    assert {p.due_date for p in due} == {day + datetime.timedelta(days=30)}


def test_an_earlier_milestone_already_achieved_is_not_paid_again(deal):
    ind = notify_and_confirm(deal, milestone(deal, "ind_filed"))
    p1 = milestone(deal, "phase_1")
    p2 = milestone(deal, "phase_2")
    notify_and_confirm(deal, p2)
    assert reload(p1).skipped_for == p2
    assert reload(ind).skipped_for is None
    assert payments_of(deal, milestone=ind).count() == 1
    assert payments_of(deal).count() == 3


def test_an_earlier_milestone_awaiting_confirmation_is_swept_in_too(deal):
    p1 = milestone(deal, "phase_1")
    p2 = milestone(deal, "phase_2")
    services.milestone_notify(
        actor=deal.cast.alice, milestone=p1, achieved_on=datetime.date.today()
    )
    notify_and_confirm(deal, p2)
    assert reload(p1).status == Milestone.Status.ACHIEVED
    assert payments_of(deal, milestone=p1).count() == 1


def test_skipping_stays_inside_one_programme_and_the_development_sequence(deal):
    other = deal.second_programme()
    p1_other = milestone(deal, "phase_1", programme=other)
    filing = milestone(deal, "filing_accepted", region="EU")
    p3 = milestone(deal, "phase_3")
    notify_and_confirm(deal, p3)
    assert reload(p1_other).status == Milestone.Status.PENDING
    assert reload(filing).status == Milestone.Status.PENDING
    # A regulatory milestone skips nothing, not even the regulatory one before it.
    notify_and_confirm(deal, milestone(deal, "approval", region="EU"))
    assert reload(filing).status == Milestone.Status.PENDING
    assert reload(p1_other).status == Milestone.Status.PENDING


# --- Royalties ---------------------------------------------------------------------------------------


def royalty(deal, currency="USD", tiers=TIERS):
    return services.royalty_term_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title="Royalty on HEL-101",
        currency=currency,
        payer=deal.borealis,
        payee=deal.helix,
        tiers=tiers,
        programme=deal.programme,
    )


def report(deal, term, year, quarter, sales, actor=None):
    return services.royalty_report_submit(
        actor=actor or deal.cast.bob, term=term, year=year, quarter=quarter, net_sales=D(sales)
    )


def test_each_tier_rate_applies_to_the_part_of_the_years_sales_inside_it(deal):
    term = royalty(deal)
    q1 = report(deal, term, 2024, 1, "100000000")
    q2 = report(deal, term, 2024, 2, "200000000")  # crosses 250M
    q3 = report(deal, term, 2024, 3, "300000000")  # crosses 500M
    assert q1.royalty == D("8000000")
    assert q2.royalty == D("150000000") * D("0.08") + D("50000000") * D("0.10")
    assert q3.royalty == D("200000000") * D("0.10") + D("100000000") * D("0.12")
    # The year adds up: 8% of 250M + 10% of 250M + 12% of 100M.
    assert q1.royalty + q2.royalty + q3.royalty == D("57000000")
    assert [row["rate"] for row in q2.calculation] == ["8.0000", "10.0000"]
    assert [D(row["base"]) for row in q2.calculation] == [D("150000000"), D("50000000")]
    assert payments_of(deal, source=Payment.Source.ROYALTY).count() == 3


def test_sales_exactly_at_a_boundary_stay_in_the_lower_tier(deal):
    term = royalty(deal)
    q1 = report(deal, term, 2024, 1, "250000000")
    assert q1.royalty == D("20000000")
    assert [row["rate"] for row in q1.calculation] == ["8.0000"]
    q2 = report(deal, term, 2024, 2, "0.01")
    assert q2.royalty == D("0.00")  # 10% of a cent rounds to nothing this quarter…
    q3 = report(deal, term, 2024, 3, "0.04")
    assert q3.royalty == D("0.01")  # …and is caught up on the year to date: 10% of 5 cents


def test_tiers_start_again_each_year(deal):
    term = royalty(deal)
    report(deal, term, 2023, 4, "600000000")
    assert report(deal, term, 2024, 1, "100000000").royalty == D("8000000")


def test_quarters_are_reported_in_order_and_once(deal):
    term = royalty(deal)
    report(deal, term, 2024, 2, "1000")  # launch in Q2
    with pytest.raises(ValidationError):
        report(deal, term, 2024, 2, "1000")
    with pytest.raises(ValidationError) as error:
        report(deal, term, 2024, 4, "1000")
    assert "2024 Q3" in str(error.value)
    with pytest.raises(ValidationError):
        report(deal, term, datetime.date.today().year + 1, 1, "1000")


def test_the_selling_party_reports_its_sales(deal):
    term = royalty(deal)
    with pytest.raises(PermissionDenied):
        report(deal, term, 2024, 1, "1000", actor=deal.cast.alice)
    report(deal, term, 2024, 1, "1000", actor=deal.fiona)


def test_a_royalty_is_rounded_to_the_currencys_minor_unit(deal):
    yen = royalty(deal, currency="JPY", tiers=[(None, D("7.5"))])
    assert report(deal, yen, 2024, 1, "333").royalty == D("25")  # 24.975 → 25, half-up
    dinar = royalty(deal, currency="KWD", tiers=[(None, D("7.5"))])
    assert report(deal, dinar, 2024, 1, "0.333").royalty == D("0.025")  # 0.024975 → 0.025


@pytest.mark.parametrize(
    "tiers",
    [
        [],
        [(D("100"), D("5"))],  # the last tier must be open-ended
        [(D("100"), D("5")), (D("50"), D("6")), (None, D("7"))],  # bounds must rise
        [(None, D("150"))],  # rates are percentages
        [(None, D("5.12345"))],
    ],
)
def test_malformed_tier_schedules_are_refused(deal, tiers):
    with pytest.raises(ValidationError) as error:
        royalty(deal, tiers=tiers)
    assert "tiers" in error.value.message_dict


def test_annual_sales_reaching_a_threshold_notify_the_commercial_milestone(deal):
    m = milestone(deal, "net_sales", sales_threshold=D("500000000"), amount="75000000")
    assert m.threshold_rule == Milestone.ThresholdRule.REACHES  # the default, as agreements say
    assert m.threshold_condition == "Annual net sales reach USD 500,000,000.00"
    term = royalty(deal)
    report(deal, term, 2024, 1, "300000000")
    assert reload(m).status == Milestone.Status.PENDING
    report(deal, term, 2024, 2, "199999999.99")  # one cent short
    assert reload(m).status == Milestone.Status.PENDING
    report(deal, term, 2024, 3, "0.01")  # exactly 500M: reached
    m = reload(m)
    assert m.status == Milestone.Status.NOTIFIED and m.notifying_party == deal.borealis
    assert m.achieved_on == datetime.date(2024, 9, 30)
    services.milestone_confirm(actor=deal.cast.alice, milestone=m)
    assert reload(m).payment.amount == D("75000000")


def test_annual_sales_of_exactly_the_threshold_meet_a_reaches_milestone(deal):
    m = milestone(deal, "net_sales", sales_threshold=D("250000000.00"))
    report(deal, royalty(deal), 2024, 1, "250000000.00")
    assert reload(m).status == Milestone.Status.NOTIFIED


def test_an_exceeds_milestone_needs_sales_above_the_threshold(deal):
    m = milestone(deal, "net_sales", sales_threshold=D("250000000"), threshold_rule="exceeds")
    assert m.title == "Annual net sales exceed USD 250,000,000.00"
    assert m.threshold_condition == m.title
    term = royalty(deal)
    report(deal, term, 2024, 1, "250000000.00")  # equal is not above
    assert reload(m).status == Milestone.Status.PENDING
    report(deal, term, 2024, 2, "0.01")
    assert reload(m).status == Milestone.Status.NOTIFIED


def test_an_unknown_threshold_rule_is_refused_naming_the_field(deal):
    with pytest.raises(ValidationError) as error:
        milestone(deal, "net_sales", sales_threshold=D("1000"), threshold_rule="approaches")
    assert "threshold_rule" in error.value.message_dict
    assert not Milestone.objects.unscoped().filter(event="net_sales").exists()


def test_a_threshold_rule_means_nothing_without_a_threshold(deal):
    m = milestone(deal, "phase_1", threshold_rule="exceeds")
    assert m.threshold_rule == Milestone.ThresholdRule.REACHES
    assert m.threshold_condition == ""


def test_a_threshold_passed_in_the_running_quarter_is_reached_today_not_at_its_end(deal):
    m = milestone(deal, "net_sales", sales_threshold=D("500000000"), amount="75000000")
    today = datetime.date.today()
    report(deal, royalty(deal), today.year, (today.month - 1) // 3 + 1, "600000000")
    assert reload(m).achieved_on <= today


# --- Build-to-Buy -----------------------------------------------------------------------------------


def tranche(deal, title, amount="5000000", milestone=None):
    return services.tranche_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title=title,
        unlocks_when=f"{title} met",
        amount=D(amount),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        milestone=milestone,
    )


def test_tranches_are_released_in_order_by_the_funder(deal):
    first, second = tranche(deal, "Lead series"), tranche(deal, "In vivo proof of concept")
    assert (first.sequence, second.sequence) == (1, 2)
    with pytest.raises(ValidationError):
        services.tranche_release(actor=deal.cast.bob, tranche=second)
    with pytest.raises(PermissionDenied):
        services.tranche_release(actor=deal.cast.alice, tranche=first)  # the funded party
    services.tranche_release(actor=deal.cast.bob, tranche=first)
    with pytest.raises(ValidationError):
        services.tranche_release(actor=deal.cast.bob, tranche=first)
    services.tranche_release(actor=deal.fiona, tranche=second)
    assert payments_of(deal, source=Payment.Source.TRANCHE).count() == 2


def test_a_tranche_named_after_a_milestone_is_released_when_the_milestone_is_confirmed(deal):
    poc = milestone(deal, "candidate_selected")
    first = tranche(deal, "Start-up funding")
    second = tranche(deal, "Candidate selected", amount="8000000", milestone=poc)
    services.tranche_release(actor=deal.cast.bob, tranche=first)
    with pytest.raises(ValidationError) as error:
        services.tranche_release(actor=deal.cast.bob, tranche=second)
    assert "confirmed achieved" in str(error.value)
    notify_and_confirm(deal, poc)
    second = reload(second)
    assert second.status == Tranche.Status.RELEASED
    assert second.payment.amount == D("8000000")


def option(deal, opens, closes):
    return services.option_save(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        kind="acquisition",
        price=D("350000000"),
        currency="USD",
        holder=deal.borealis,
        grantor=deal.helix,
        window_opens=opens,
        window_closes=closes,
    )


def test_the_option_is_exercised_only_inside_its_window(deal, clock):
    clock.set(datetime.date(2026, 3, 1))
    opt = option(deal, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.option_exercise(actor=deal.cast.bob, option=opt)
    assert "opens on 01 April 2026" in str(error.value)
    clock.set(datetime.date(2026, 6, 30))  # the last day of the window still counts
    with pytest.raises(PermissionDenied):
        services.option_exercise(actor=deal.cast.alice, option=opt)  # the grantor
    services.option_exercise(actor=deal.cast.bob, option=opt)
    opt = reload(opt)
    assert opt.status == BuyOption.Status.EXERCISED
    assert opt.payment.amount == D("350000000") and opt.payment.payer == deal.borealis
    with pytest.raises(ValidationError):
        services.option_exercise(actor=deal.cast.bob, option=opt)


def test_an_option_lapses_after_its_window_and_cannot_be_exercised(deal, clock):
    clock.set(datetime.date(2026, 5, 1))
    opt = option(deal, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    clock.set(datetime.date(2026, 7, 1))
    with pytest.raises(ValidationError) as error:
        services.option_exercise(actor=deal.cast.bob, option=opt)
    assert "closed on 30 June 2026" in str(error.value)
    assert services.options_lapse() == 1
    assert services.options_lapse() == 0  # idempotent
    assert reload(opt).status == BuyOption.Status.LAPSED
    assert not payments_of(deal).exists()


def test_an_option_window_must_close_after_it_opens(deal):
    with pytest.raises(ValidationError) as error:
        option(deal, datetime.date(2026, 6, 1), datetime.date(2026, 5, 1))
    assert "window_closes" in error.value.message_dict


# --- The ledger: invoices and partial payments --------------------------------------------------------


@pytest.fixture
def upfront(deal):
    return services.fee_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        kind="upfront",
        title="Upfront",
        amount=D("1000000.00"),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        due_date=datetime.date.today(),
    ).payment


def test_the_payee_invoices_and_the_payer_pays(deal, upfront, django_capture_on_commit_callbacks):
    with pytest.raises(PermissionDenied):
        services.payment_invoice(actor=deal.cast.bob, payment=upfront, invoice_number="X")
    with django_capture_on_commit_callbacks(execute=True):
        services.payment_invoice(actor=deal.hugo, payment=upfront, invoice_number="HLX-0001")
    assert reload(upfront).status == Payment.Status.INVOICED
    assert [m.to for m in mail.outbox if "HLX-0001" in m.subject] == [["fiona@borealis.test"]]
    with pytest.raises(ValidationError):
        services.payment_invoice(actor=deal.hugo, payment=upfront, invoice_number="HLX-0002")
    with pytest.raises(PermissionDenied):
        services.payment_record(actor=deal.cast.alice, payment=upfront, amount=D("1"))
    services.payment_record(actor=deal.fiona, payment=upfront, amount=D("1000000.00"))
    paid = reload(upfront)
    assert paid.status == Payment.Status.PAID and paid.paid_on == datetime.date.today()


def test_partial_payments_add_up_and_never_exceed_what_is_owed(deal, upfront):
    services.payment_record(actor=deal.cast.bob, payment=upfront, amount=D("400000.00"))
    part = reload(upfront)
    assert part.status == Payment.Status.PARTLY_PAID and part.outstanding == D("600000.00")
    assert part.paid_on is None
    with pytest.raises(ValidationError) as error:
        services.payment_record(actor=deal.cast.bob, payment=upfront, amount=D("600000.01"))
    assert "600,000.00" in str(error.value)
    services.payment_record(actor=deal.cast.bob, payment=upfront, amount=D("600000.00"))
    assert reload(upfront).status == Payment.Status.PAID
    assert reload(upfront).receipts.count() == 2
    with pytest.raises(ValidationError):
        services.payment_record(actor=deal.cast.bob, payment=upfront, amount=D("1"))


def test_the_payer_can_pay_before_being_invoiced(deal, upfront):
    services.payment_record(actor=deal.cast.bob, payment=upfront, amount=D("1000000"))
    assert reload(upfront).status == Payment.Status.PAID
    with pytest.raises(ValidationError):
        services.payment_invoice(actor=deal.cast.alice, payment=upfront, invoice_number="late")


def test_a_payment_cannot_be_dated_in_the_future(deal, upfront):
    with pytest.raises(ValidationError):
        services.payment_record(
            actor=deal.cast.bob,
            payment=upfront,
            amount=D("1"),
            paid_on=datetime.date.today() + datetime.timedelta(days=1),
        )


# --- The sweep: due-but-not-invoiced nudges and overdue flags -------------------------------------------


def due_milestone(deal, clock, day):
    clock.set(day)
    return notify_and_confirm(deal, milestone(deal, "phase_1"), day).payment


def test_due_but_not_invoiced_for_14_days_tells_both_sides_once(
    deal, clock, django_capture_on_commit_callbacks
):
    payment = due_milestone(deal, clock, datetime.date(2026, 1, 5))
    mail.outbox.clear()
    clock.set(datetime.date(2026, 1, 18))  # 13 days
    assert services.payments_nudge_unbilled() == 0
    clock.set(datetime.date(2026, 1, 19))  # 14 days
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payments_nudge_unbilled() == 1
    [message] = mail.outbox
    assert "not yet invoiced" in message.subject
    # The payer's finance people (Fiona) and the payee's (Hugo, and Alice who leads for Helix).
    assert set(message.to) == {"fiona@borealis.test", "hugo@helix.test", "alice@helix.test"}
    clock.set(datetime.date(2026, 1, 25))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payments_nudge_unbilled() == 0  # sent once, not every sweep
    assert len(mail.outbox) == 1
    assert reload(payment).nudged_at is not None


def test_an_invoiced_or_paid_payment_is_never_nudged(deal, clock):
    invoiced = due_milestone(deal, clock, datetime.date(2026, 1, 5))
    services.payment_invoice(actor=deal.cast.alice, payment=invoiced, invoice_number="H-1")
    paid = notify_and_confirm(deal, milestone(deal, "phase_3"), datetime.date(2026, 1, 5)).payment
    services.payment_record(actor=deal.cast.bob, payment=paid, amount=paid.amount)
    clock.set(datetime.date(2026, 3, 1))
    assert services.payments_nudge_unbilled() == 0


def test_the_nudge_waits_as_long_as_the_deal_terms_say(deal, clock):
    clock.set(datetime.date(2026, 1, 1))
    services.deal_terms_save(actor=deal.cast.bob, alliance=deal.alliance, nudge_days=7)
    due_milestone(deal, clock, datetime.date(2026, 1, 5))
    clock.set(datetime.date(2026, 1, 12))
    assert services.payments_nudge_unbilled() == 1


def test_an_overdue_payment_is_flagged_to_both_sides_once(
    deal, clock, django_capture_on_commit_callbacks
):
    payment = due_milestone(deal, clock, datetime.date(2026, 1, 5))  # due 4 February
    clock.set(datetime.date(2026, 2, 4))
    assert services.payments_flag_overdue() == 0
    clock.set(datetime.date(2026, 2, 5))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.payments_flag_overdue() == 1
        assert services.payments_flag_overdue() == 0
    assert len([m for m in mail.outbox if "Overdue" in m.subject]) == 1
    assert reload(payment).is_overdue(clock.today)


def test_running_the_whole_sweep_twice_sends_nothing_new(
    deal, clock, django_capture_on_commit_callbacks
):
    from concord.deals.sweep import sweep

    due_milestone(deal, clock, datetime.date(2026, 1, 5))
    clock.set(datetime.date(2026, 3, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep()
    sent = len(mail.outbox)
    assert "1 nudge" in first and sent == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep() == ""
    assert len(mail.outbox) == sent


# --- Cost sharing -----------------------------------------------------------------------------------


def workstream(deal, shares, name="Phase 2 development", currency="EUR"):
    return services.workstream_create(
        actor=deal.cast.bob, alliance=deal.alliance, name=name, currency=currency, shares=shares
    )


def cost(deal, ws, who, amount, quarter=1, year=2025):
    return services.cost_entry_record(
        actor=who,
        workstream=ws,
        year=year,
        quarter=quarter,
        amount=D(amount),
        description="CRO invoice",
    )


def test_a_60_40_split_trues_up_who_owes_whom(deal):
    ws = workstream(deal, {deal.borealis: D("60"), deal.helix: D("40")})
    cost(deal, ws, deal.cast.bob, "700000")
    cost(deal, ws, deal.cast.alice, "300000")
    true_up = services.true_up_settle(actor=deal.fiona, workstream=ws, year=2025, quarter=1)
    # 1,000,000 spent: Borealis's share is 600,000 and it spent 700,000, so Helix owes 100,000.
    assert true_up.total == D("1000000")
    [payment] = true_up.payments.all()
    assert (payment.payer, payment.payee, payment.amount) == (
        deal.helix,
        deal.borealis,
        D("100000.00"),
    )
    lines = {line["organisation"]: line for line in true_up.lines}
    assert lines["Borealis Pharma"]["fair_share"] == "600000.00"
    assert lines["Helix Biotherapeutics"]["balance"] == "-100000.00"


def test_odd_splits_round_to_the_cent_and_the_parts_add_up(deal):
    ws = workstream(deal, {deal.borealis: D("55.5"), deal.helix: D("44.5")})
    cost(deal, ws, deal.cast.bob, "100.01")
    true_up = services.true_up_settle(actor=deal.cast.bob, workstream=ws, year=2025, quarter=1)
    shares = {line["organisation"]: D(line["fair_share"]) for line in true_up.lines}
    # Exactly 55.505550 and 44.504450: the leftover cent goes to the larger remainder.
    assert shares == {"Borealis Pharma": D("55.51"), "Helix Biotherapeutics": D("44.50")}
    assert sum(shares.values()) == D("100.01")
    assert true_up.payments.get().amount == D("44.50")


def test_a_three_way_split_in_thirds_adds_up_to_the_whole(deal):
    from concord.alliances import services as alliance_services

    meridian = alliance_services.party_invite(
        actor=deal.cast.alice, alliance=deal.alliance, organisation=deal.cast.outsider_org
    ).party
    alliance_services.party_respond(actor=deal.cast.mallory, party=meridian, accept=True)
    third = D("33.3333")
    ws = workstream(deal, {deal.borealis: third, deal.helix: third, meridian: D("33.3334")})
    cost(deal, ws, deal.cast.bob, "100.00")
    true_up = services.true_up_settle(actor=deal.cast.bob, workstream=ws, year=2025, quarter=1)
    fair = sorted(D(line["fair_share"]) for line in true_up.lines)
    assert fair == [D("33.33"), D("33.33"), D("33.34")]
    owed = sorted(p.amount for p in true_up.payments.all())
    assert owed == [D("33.33"), D("33.34")]
    assert all(p.payee == deal.borealis for p in true_up.payments.all())


def test_shares_must_add_up_to_100(deal):
    with pytest.raises(ValidationError) as error:
        workstream(deal, {deal.borealis: D("60"), deal.helix: D("30")})
    assert "90" in str(error.value)


def test_a_trued_up_quarter_is_closed(deal):
    ws = workstream(deal, {deal.borealis: D("50"), deal.helix: D("50")})
    cost(deal, ws, deal.cast.alice, "10")
    services.true_up_settle(actor=deal.cast.alice, workstream=ws, year=2025, quarter=1)
    with pytest.raises(ValidationError):
        services.true_up_settle(actor=deal.cast.bob, workstream=ws, year=2025, quarter=1)
    with pytest.raises(ValidationError):
        cost(deal, ws, deal.cast.bob, "10")
    with pytest.raises(ValidationError):
        services.true_up_settle(
            actor=deal.cast.bob, workstream=ws, year=2025, quarter=2
        )  # no costs


def test_square_costs_true_up_to_no_payment(deal):
    ws = workstream(deal, {deal.borealis: D("50"), deal.helix: D("50")})
    cost(deal, ws, deal.cast.alice, "10")
    cost(deal, ws, deal.cast.bob, "10")
    true_up = services.true_up_settle(actor=deal.cast.alice, workstream=ws, year=2025, quarter=1)
    assert not true_up.payments.exists()


def test_each_party_records_its_own_costs_only_in_workstreams_it_shares(deal):
    from concord.alliances import services as alliance_services

    meridian = alliance_services.party_invite(
        actor=deal.cast.alice, alliance=deal.alliance, organisation=deal.cast.outsider_org
    ).party
    alliance_services.party_respond(actor=deal.cast.mallory, party=meridian, accept=True)
    ws = workstream(deal, {deal.borealis: D("50"), deal.helix: D("50")})
    with pytest.raises(PermissionDenied):
        cost(deal, ws, deal.cast.mallory, "10")
    entry = cost(deal, ws, deal.hugo, "10")
    assert entry.party == deal.helix


# --- Disputes, audit requests, private notes ------------------------------------------------------------


def test_a_payment_in_dispute_is_resolved_with_a_record(
    deal, upfront, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        dispute = services.dispute_raise(
            actor=deal.fiona, payment=upfront, reason="Invoice lacks the PO number"
        )
    assert any("In dispute" in m.subject for m in mail.outbox)
    with pytest.raises(ValidationError):
        services.dispute_raise(actor=deal.cast.alice, payment=upfront, reason="Again")
    with pytest.raises(PermissionDenied):
        services.dispute_resolve(actor=deal.cast.carol, dispute=dispute, resolution="Fine")
    services.dispute_resolve(
        actor=deal.cast.alice, dispute=dispute, resolution="Reissued with PO 4471"
    )
    dispute = reload(dispute)
    assert dispute.status == "resolved" and dispute.resolved_by == deal.cast.alice
    with pytest.raises(ValidationError):
        services.dispute_resolve(actor=deal.cast.alice, dispute=dispute, resolution="Twice")
    services.dispute_raise(actor=deal.cast.bob, payment=upfront, reason="A new problem")


def test_the_database_keeps_one_open_dispute_per_line_when_both_parties_race(deal, upfront):
    """Two requests at the same moment both pass the service's check; the second insert fails."""
    services.dispute_raise(actor=deal.fiona, payment=upfront, reason="Invoice lacks the PO")
    with pytest.raises(IntegrityError), transaction.atomic():
        Dispute.objects.create(
            alliance=upfront.alliance,
            payment=upfront,
            reason="Wrong amount",
            raising_party=deal.helix,
            raised_by=deal.cast.alice,
        )


def test_a_cost_line_can_be_disputed(deal):
    ws = workstream(deal, {deal.borealis: D("50"), deal.helix: D("50")})
    entry = cost(deal, ws, deal.cast.alice, "1200")
    dispute = services.dispute_raise(
        actor=deal.cast.bob, cost_entry=entry, reason="Not a shared cost"
    )
    assert dispute.cost_entry == entry and dispute.raising_party == deal.borealis
    with pytest.raises(ValidationError):
        services.dispute_raise(actor=deal.cast.bob, reason="Nothing chosen")


def test_audit_requests_are_logged_for_both_and_closed_by_the_requester(
    deal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.audit_request_create(
            actor=deal.fiona,
            alliance=deal.alliance,
            audited_party=deal.helix,
            scope="Costs charged to the Phase 2 workstream",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        )
    assert any("hugo@helix.test" in m.to for m in mail.outbox if "Audit request" in m.subject)
    with pytest.raises(PermissionDenied):
        services.audit_request_close(actor=deal.cast.alice, audit_request=request, findings="None")
    services.audit_request_close(
        actor=deal.cast.bob, audit_request=request, findings="Two lines re-coded."
    )
    assert reload(request).status == "closed"
    with pytest.raises(ValidationError):
        services.audit_request_create(
            actor=deal.cast.bob,
            alliance=deal.alliance,
            audited_party=deal.borealis,
            scope="Self",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 2, 1),
        )


def test_a_private_finance_note_stays_with_its_organisation(deal, upfront):
    note = services.finance_note_create(
        actor=deal.hugo, alliance=deal.alliance, payment=upfront, body="Book to Q1 revenue"
    )
    assert FinanceNote.objects.visible_to(deal.cast.alice).filter(pk=note.pk).exists()
    assert not FinanceNote.objects.visible_to(deal.cast.bob).filter(pk=note.pk).exists()
    assert not FinanceNote.objects.visible_to(deal.cast.dave).exists()
    event = AuditEvent.objects.unscoped().get(action="finance_note.written")
    assert event.visibility == "private" and "Q1 revenue" not in event.summary
    assert not AuditEvent.objects.visible_to(deal.cast.bob).filter(pk=event.pk).exists()


def test_every_write_is_in_the_audit_trail(deal, upfront):
    actions = set(
        AuditEvent.objects.unscoped()
        .filter(alliance=deal.alliance)
        .values_list("action", flat=True)
    )
    assert "deal.fee_added" in actions
    services.payment_record(actor=deal.cast.bob, payment=upfront, amount=D("1"))
    assert AuditEvent.objects.unscoped().filter(action="payment.part_paid").exists()
    assert not RoyaltyReport.objects.unscoped().exists()


def test_the_audit_chain_still_verifies_after_every_kind_of_money_write(deal):
    from concord.core.audit import audit_verify
    from concord.deals.tests.conftest import populate

    populate(deal, years=1)
    assert audit_verify().ok
