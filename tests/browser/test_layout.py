"""On a 390×844 phone the top bar is a menu that lights the current section; on a wide screen it
is a bar. (Every main page's fit at both sizes is walked with the demo's people in
concord/demo/tests/test_layout.py, where the demo is already seeded.)"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from concord.orgs.models import User
from conftest import build_cast

pytestmark = pytest.mark.usefixtures("transactional_db")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def signed_in(page: Page, user: User, base_url: str) -> Page:
    """The browser carries a session of `user`, as if they had logged in."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return page


def test_on_a_phone_the_top_bar_is_a_menu_that_lights_the_current_section(browser, live_server):
    cast = build_cast()  # the menu needs no full demo
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = signed_in(context.new_page(), cast.alice, live_server.url)
    page.goto(reverse("deals:portfolio-ledger"))
    nav = page.get_by_role("navigation", name="Main")
    menu = page.get_by_role("button", name="Menu")
    expect(nav).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 80  # not a third of the screen
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    expect(nav.locator('[aria-current="page"]')).to_have_text("Money")
    nav.get_by_role("link", name="My calendar").click()
    expect(page.get_by_role("heading", name="My calendar")).to_be_visible()
    expect(nav).to_be_hidden()  # a new page starts with the menu closed
    page.get_by_role("button", name="Menu").click()
    expect(nav.locator('[aria-current="page"]')).to_have_text("My calendar")
    context.close()

    wide = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = signed_in(wide.new_page(), cast.alice, live_server.url)
    page.goto(reverse("governance:alliance-governance", args=[cast.helix_borealis.pk]))
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_visible()
    expect(nav.locator('[aria-current="page"]')).to_have_text("Portfolio")
    wide.close()
