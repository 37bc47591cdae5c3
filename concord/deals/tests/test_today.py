"""Deals on Today and the portfolio: payments to invoice, to pay, to chase; money due each way in
90 days and overdue payments per alliance."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from concord.core import clock
from concord.core.today import ACT, FLAG
from concord.deals import services, today
from concord.deals.models import Payment

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def fee(deal, due: datetime.date, amount="25000000", currency="USD", title="Upfront") -> Payment:
    return services.fee_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        kind="upfront",
        title=title,
        amount=D(amount),
        currency=currency,
        payer=deal.borealis,
        payee=deal.helix,
        due_date=due,
    ).payment


def payments(user):
    return [i for i in today.today_items(user) if i.kind == "payment"]


def test_the_payee_invoices_and_the_payer_pays_within_the_horizon(deal):
    fee(deal, days(6))
    fee(deal, days(60), title="Later")
    [invoice] = payments(deal.hugo)  # Helix finance
    assert (invoice.title, invoice.action, invoice.section) == ("Invoice: Upfront", "Invoice", ACT)
    assert "Borealis Pharma owes your organisation USD 25,000,000.00" in invoice.why
    [pay] = payments(deal.fiona)  # Borealis finance
    assert (pay.title, pay.action) == ("Pay: Upfront", "Pay")
    assert "Your organisation owes Helix Biotherapeutics USD 25,000,000.00" in pay.why
    # Alliance managers see their own alliances' money; sponsors, viewers and outsiders none.
    assert len(payments(deal.cast.alice)) == len(payments(deal.cast.bob)) == 1
    for person in (deal.cast.erin, deal.cast.carol, deal.cast.dave):
        assert payments(person) == []


def test_an_invoiced_overdue_payment_is_the_payees_to_chase(deal):
    payment = fee(deal, days(-8))
    services.payment_invoice(
        actor=deal.hugo, payment=payment, invoice_number="INV-1", invoiced_on=days(-20)
    )
    [chase] = payments(deal.hugo)
    assert chase.section == FLAG and chase.title == "Chase: Upfront" and chase.overdue
    assert "Borealis Pharma has not paid USD 25,000,000.00, 8 days overdue" in chase.why
    [pay] = payments(deal.fiona)
    assert pay.section == ACT and pay.overdue


def test_money_due_each_way_in_ninety_days_is_summed_by_currency(deal):
    fee(deal, days(10), "1000000", "USD")
    fee(deal, days(80), "500000", "USD")
    fee(deal, days(20), "2000000", "EUR")
    fee(deal, days(120), "9000000", "USD")  # beyond 90 days
    pk = deal.alliance.pk
    helix = today.portfolio_source(deal.cast.alice, [pk])[pk]
    amounts = helix.values["money_to_us"]
    assert amounts.by_currency == {"USD": D("1500000"), "EUR": D("2000000")}
    assert str(amounts) == "EUR 2,000,000.00; USD 1,500,000.00"  # exact, for exports
    assert amounts.short == "EUR 2.0M; USD 1.5M"  # compact, for the table
    assert "money_from_us" not in helix.values
    assert today.portfolio_source(deal.cast.bob, [pk])[pk].values["money_from_us"] == amounts
    assert today.portfolio_source(deal.cast.dave, [pk]) == {}


def test_overdue_payments_are_a_reason_on_each_side(deal):
    fee(deal, days(-3))
    fee(deal, days(-1), title="Second")
    pk = deal.alliance.pk
    [payee] = today.portfolio_source(deal.cast.alice, [pk])[pk].reasons
    assert (payee.code, payee.text, payee.units) == (
        "partner_overdue_payment",
        "2 overdue payments owed to us",
        D(2),
    )
    [payer] = today.portfolio_source(deal.cast.bob, [pk])[pk].reasons
    assert (payer.code, payer.text) == ("own_overdue_payment", "2 overdue payments we owe")


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("60000000", "USD 60.0M"),
        ("250000", "USD 250.0K"),
        ("1200000000", "USD 1.2B"),
        ("950", "USD 950.00"),
    ],
)
def test_amounts_are_compact_the_way_people_say_them(amount, shown):
    assert today.compact_money(D(amount), "USD") == shown
