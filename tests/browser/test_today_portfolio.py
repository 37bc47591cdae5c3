"""Today and the portfolio at a desk (1440×900) and on a phone (390×844): the pages never scroll
sideways, wide tables scroll inside their own box, and each Today item acts in one click."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD, build_cast
from tests.test_today_portfolio import busy

SHOTS = os.environ.get("CONCORD_SCREENSHOTS", "")
SIZES = {"desk": (1440, 900), "phone": (390, 844)}


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def no_sideways_scroll(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert wide <= inner, f"{name}: the page is {wide}px wide in a {inner}px window"


@pytest.mark.parametrize("size", SIZES)
def test_today_and_the_portfolio_fit_the_screen(browser, live_server, size):
    cast = build_cast()
    busy(cast.helix_borealis, cast.bob, cast.alice)
    busy(cast.cobalt_borealis, cast.bob, cast.dave)
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    try:
        log_in(page, cast.bob.email)
        page.goto("/")
        expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
        expect(page.get_by_role("heading", name="To act on")).to_be_visible()
        no_sideways_scroll(page, f"today-{size}")

        page.goto("/portfolio/")
        expect(page.get_by_role("heading", name="Portfolio", exact=True)).to_be_visible()
        expect(page.locator(".portfolio-reasons").first).to_contain_text("overdue")
        no_sideways_scroll(page, f"portfolio-{size}")
        # The table scrolls inside its own box rather than widening the page.
        box = page.locator(".table-wrap").first
        assert box.evaluate("e => e.scrollWidth >= e.clientWidth")

        # One click from Today acts: Bob's own overdue delivery opens its delivery form.
        page.goto("/")
        item = page.locator(".today-item", has_text=re.compile("Report owed by Bob")).first
        item.get_by_role("link", name="Deliver").click()
        expect(page.get_by_role("heading", name=re.compile("Deliver"))).to_be_visible()
    finally:
        context.close()
