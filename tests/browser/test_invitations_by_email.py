"""The emailed links a person follows: joining a colleague's organisation, and bringing a partner
that is not on Concord yet into an alliance."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_alliance_flow import PASSWORD, sign_up


def link_in(message, live_server_url: str) -> str:
    """The one Concord link in an email, as a path on the live server."""
    url = re.search(r"https?://\S+", message.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_colleague_and_a_new_partner_join_through_their_emails(
    new_page, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    alice = new_page()
    sign_up(alice, "Helix Biotherapeutics", "biotech", "Alice", "Archer", "alice@helix.test")

    # Alice invites a scientist colleague; the colleague follows the emailed link.
    alice.goto("/organisation/")
    invite = alice.locator("#invite")
    invite.get_by_label("Email").fill("sam@helix.test")
    invite.get_by_label("Role", exact=True).select_option("scientist")
    invite.get_by_role("button", name="Send invitation").click()
    expect(alice.get_by_text(re.compile("Invitation sent to sam@helix.test"))).to_be_visible()
    invitation = next(m for m in mailoutbox if m.to == ["sam@helix.test"])
    sam: Page = new_page()
    sam.goto(link_in(invitation, live_server.url))
    sam.get_by_label("First name").fill("Sam")
    sam.get_by_label("Last name").fill("Sato")
    sam.get_by_label("Choose a password").fill(PASSWORD)
    sam.get_by_role("button", name=re.compile("Join Helix")).click()
    expect(sam.get_by_role("link", name="Sam Sato")).to_be_visible()

    # Alice invites a partner that is not on Concord by its CEO's email.
    alice.goto("/alliances/new/")
    alice.get_by_label(re.compile(r"^Name")).fill("Helix–Nova antibody alliance")
    alice.get_by_label("Effective date").fill("2026-05-01")
    alice.get_by_role("button", name="Create alliance").click()
    alice.get_by_label(re.compile("email of the partner")).fill("nadia@nova.test")
    alice.get_by_role("button", name="Send invitation").click()
    emailed = next(m for m in mailoutbox if m.to == ["nadia@nova.test"])
    assert "Helix–Nova antibody alliance" in emailed.subject

    nadia = new_page()
    nadia.goto(link_in(emailed, live_server.url))
    expect(nadia.get_by_text(re.compile("Helix–Nova antibody alliance")).first).to_be_visible()
    nadia.get_by_label("Organisation name").fill("Nova Antibodies")
    nadia.get_by_label("Kind of organisation").select_option("biotech")
    nadia.get_by_label(re.compile(r"^Country")).select_option("DE")
    nadia.get_by_label("Time zone").select_option("Europe/Berlin")
    nadia.get_by_label("Your first name").fill("Nadia")
    nadia.get_by_label("Your last name").fill("Novak")
    nadia.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    nadia.get_by_role("button", name="Sign up and see the alliance").click()
    nadia.get_by_role("button", name="Accept and join").click()
    expect(nadia.locator(".badge", has_text="Active")).to_be_visible()

    alice.reload()
    expect(alice.get_by_role("heading", name="Nova Antibodies")).to_be_visible()
