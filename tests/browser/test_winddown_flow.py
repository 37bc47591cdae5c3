"""A wind-down as the parties live it: Alice gives notice for convenience, the checklist is drawn,
and Bob completes one of Borealis's items with its evidence, which Alice then sees."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from concord.core import clock
from conftest import PASSWORD, build_cast


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def test_start_a_wind_down_and_complete_an_item_with_evidence(new_page):
    cast = build_cast()
    alliance = cast.helix_borealis.pk
    alice = new_page()
    log_in(alice, cast.alice.email)
    alice.goto(f"/alliances/{alliance}/wind-down/")
    alice.get_by_role("link", name="Start the wind-down").click()
    alice.get_by_label("How the alliance ends").select_option("convenience")
    alice.get_by_label("Notice given on").fill(clock.today().isoformat())
    alice.get_by_label("Notice period (days)").fill("90")
    alice.get_by_role("button", name="Start the wind-down").click()
    expect(alice.get_by_text("The wind-down has started.")).to_be_visible()

    bob = new_page()
    log_in(bob, cast.bob.email)
    bob.goto(f"/alliances/{alliance}/wind-down/")
    row = bob.get_by_role("row").filter(has_text="confidential information (Borealis")
    row.get_by_text("Complete").click()
    row.get_by_label("Evidence").fill("Certificate of destruction BX-7")
    row.get_by_role("button", name="Mark done").click()
    expect(bob.get_by_text("Item completed.")).to_be_visible()
    alice.reload()
    expect(alice.get_by_text("Certificate of destruction BX-7")).to_be_visible()
