"""Today, the portfolio, the alliance page and the quarterly review pack at a desk (1440×900) and
on a phone (390×844): no page scrolls sideways, at a desk no table hides a column, on a phone
wide tables become cards or scroll in their own box, and each Today item acts in one click."""

from __future__ import annotations

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from concord.alliances import services as alliance_services
from conftest import PASSWORD, build_cast
from tests.test_portfolio_review import quarter_of_record
from tests.test_today_portfolio import busy

SHOTS = os.environ.get("CONCORD_SCREENSHOTS", "")
SIZES = {"desk": (1440, 900), "phone": (390, 844)}
# The page's overflow and the tables that hide part of themselves in their own box.
FIT = """() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  clipped: [...document.querySelectorAll('.table-wrap, .table-scroll')]
    .filter(box => box.offsetParent !== null && box.scrollWidth > box.clientWidth + 1)
    .map(box => (box.querySelector('caption') || box).textContent.trim().slice(0, 40)),
})"""


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def fits(page: Page, name: str, size: str) -> None:
    """No sideways scroll; at a desk, no table cut off either."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}-{size}.png", full_page=True)
    fit = page.evaluate(FIT)
    assert fit["page"] <= 0, f"{name} at {size}: the page scrolls sideways by {fit['page']}px"
    if size == "desk":
        assert not fit["clipped"], f"{name} at {size}: tables cut off: {fit['clipped']}"


@pytest.mark.parametrize("size", SIZES)
def test_today_portfolio_alliance_page_and_review_fit_the_screen(browser, live_server, size):
    cast = build_cast()
    busy(cast.helix_borealis, cast.bob, cast.alice)
    busy(cast.cobalt_borealis, cast.bob, cast.dave)
    quarter_of_record(cast)
    alliance_services.note_create(
        actor=cast.bob,
        alliance=cast.helix_borealis,
        title="CMC review",
        body="The CMC team needs two more weeks for the stability data. " * 12,
    )
    width, height = SIZES[size]
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, cast.bob.email)
        page.goto("/")
        expect(page.get_by_role("heading", name="To act on")).to_be_visible()
        fits(page, "today", size)

        page.goto("/portfolio/")
        expect(page.locator(".portfolio-reasons").first).to_contain_text("overdue")
        fits(page, "portfolio", size)

        page.goto(f"/alliances/{cast.helix_borealis.pk}/")
        strip = page.get_by_role("region", name=re.compile("at a glance"))
        expect(strip).to_contain_text("Deliveries owed")
        # The attention tile arrives after the page, with its score.
        expect(strip.locator("#attention-tile")).to_contain_text(re.compile(r"\d+\.\d"))
        expect(page.get_by_text("Read the whole note")).to_be_visible()
        fits(page, "alliance", size)
        if size == "desk":  # the essentials within two screens: the strip and every panel
            tops = page.evaluate(
                "[...document.querySelectorAll('.summary-strip, aside > section')]"
                ".slice(0, 6).map(e => e.getBoundingClientRect().top + window.scrollY)"
            )
            assert max(tops) < 2 * height, f"the essentials reach {max(tops)}px down"

        page.goto("/portfolio/review/")
        expect(page.get_by_role("heading", name="Decisions")).to_be_visible()
        expect(page.get_by_text("Choose the CRO")).to_be_visible()
        fits(page, "review", size)

        # Money and the commitments: cards on a phone, every column in view at a desk.
        for name in ("deals:portfolio-ledger", "expectations:portfolio-commitments"):
            page.goto(reverse(name))
            expect(page.locator(".table--cards tbody tr").first).to_be_visible()
            fits(page, name.replace(":", "-"), size)

        # One click from Today acts: Bob's own overdue delivery opens its delivery form.
        page.goto("/")
        item = page.locator(".today-item", has_text=re.compile("Report owed by Bob")).first
        item.get_by_role("link", name="Deliver").click()
        expect(page.get_by_role("heading", name=re.compile("Deliver"))).to_be_visible()
    finally:
        context.close()
