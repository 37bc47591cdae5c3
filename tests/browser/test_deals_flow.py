"""The issue's money flow in a browser: Helix notifies a Phase 2 start while the Phase 1
milestone was never paid; Borealis confirms and both become payable; Helix invoices, Borealis pays.
"""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal

from playwright.sync_api import Page, expect

from concord.alliances.models import Party, Programme
from concord.deals import services
from concord.deals.models import Payment
from conftest import PASSWORD, build_cast

SHOTS = os.environ.get("CONCORD_SCREENSHOTS", "")


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def milestone(page: Page, phase: int):
    """A milestone's row on the money page (its title comes first)."""
    return page.get_by_role("row", name=re.compile(f"^First patient dosed in Phase {phase} "))


def line(page: Page, phase: int):
    """A milestone's line in the ledger."""
    return page.locator(
        "tr", has_text=re.compile(f"Milestone: First patient dosed in Phase {phase} –")
    )


def test_a_phase_2_start_makes_phase_1_payable_too_then_it_is_invoiced_and_paid(new_page):
    cast = build_cast()
    alliance = cast.helix_borealis
    parties = Party.objects.unscoped().filter(alliance=alliance)
    money = {
        "payer": parties.get(organisation=cast.borealis),
        "payee": parties.get(organisation=cast.helix),
    }
    programme = Programme.objects.unscoped().get(alliance=alliance)
    for event, amount in (("phase_1", "5000000"), ("phase_2", "12000000")):
        services.milestone_create(
            actor=cast.bob,
            alliance=alliance,
            programme=programme,
            event=event,
            amount=Decimal(amount),
            currency="USD",
            **money,
        )
    money_url = f"/alliances/{alliance.pk}/money/"
    ledger_url = f"/alliances/{alliance.pk}/money/ledger/"

    # Alice records the Phase 2 start; Phase 1 was never notified, let alone paid.
    alice = new_page()
    log_in(alice, cast.alice.email)
    alice.goto(f"/alliances/{alliance.pk}/")
    alice.get_by_role("navigation", name="Alliance sections").get_by_role(
        "link", name="Deal & money"
    ).click()
    phase_2 = milestone(alice, 2)
    phase_2.get_by_role("link", name="Notify achieved").click()
    alice.get_by_label("Achieved on").fill(datetime.date.today().isoformat())
    alice.get_by_label("Evidence").fill("First patient dosed at site 101.")
    alice.get_by_role("button", name="Notify the other party").click()
    expect(milestone(alice, 2)).to_contain_text("Notified by Helix")

    # Bob confirms it: Phase 2 and the skipped Phase 1 both become payable.
    bob = new_page()
    log_in(bob, cast.bob.email)
    bob.goto(money_url)
    bob.get_by_role("button", name="Confirm First patient dosed in Phase 2").click()
    expect(bob.get_by_text(re.compile("confirmed: it is payable"))).to_be_visible()
    expect(milestone(bob, 2)).to_contain_text("Achieved")
    expect(milestone(bob, 1)).to_contain_text(
        "Skipped · payable with First patient dosed in Phase 2"
    )
    shot(bob, "deals-money-page")
    bob.goto(ledger_url)
    expect(bob.locator(".ledger-table tbody tr")).to_have_count(2)
    # Compact in the table, the exact figure on hover.
    expect(bob.locator(".ledger-table")).to_contain_text("USD 5.0M")
    expect(bob.locator('.ledger-table [title="USD 5,000,000.00"]').first).to_be_visible()
    expect(bob.locator(".ledger-table")).to_contain_text("USD 12.0M")
    expect(bob.locator('.ledger-table [title="USD 12,000,000.00"]').first).to_be_visible()
    expect(bob.locator(".ledger-table tbody tr", has_text="Due, not invoiced")).to_have_count(2)

    # Alice, the payee, invoices the Phase 1 milestone.
    alice.goto(ledger_url)
    line(alice, 1).get_by_role("link", name="Invoice").click()
    alice.get_by_label("Invoice number").fill("HLX-2026-001")
    alice.get_by_role("button", name="Record invoice").click()
    expect(alice.get_by_text("Invoice recorded")).to_be_visible()

    # Bob, the payer, pays it in full.
    bob.goto(ledger_url)
    phase_1 = line(bob, 1)
    expect(phase_1).to_contain_text("Invoiced")
    phase_1.get_by_role("link", name="Record payment").click()
    expect(bob.get_by_label("Amount")).to_have_value(re.compile(r"^5000000(\.0+)?$"))
    bob.get_by_label("Reference").fill("Wire 0042")
    bob.get_by_role("button", name="Record payment").click()
    expect(bob.get_by_text("Payment recorded")).to_be_visible()

    alice.goto(ledger_url)
    expect(line(alice, 1)).to_have_count(0)  # paid lines are hidden until asked
    alice.goto(f"{ledger_url}?closed=on")
    expect(line(alice, 1)).to_contain_text("Paid")
    expect(line(alice, 2)).to_contain_text("Due, not invoiced")
    shot(alice, "deals-ledger")
    paid = Payment.objects.unscoped().get(milestone__event="phase_1")
    assert paid.status == "paid" and paid.amount_paid == Decimal("5000000")
