"""What only a person clicking through would notice: two organisations meet, form an alliance,
pass a gate together, and each keeps its private notes to itself."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PASSWORD = "a-long-browser-password-42"


def sign_up(page: Page, organisation: str, kind: str, first: str, last: str, email: str) -> None:
    page.goto("/signup/")
    page.get_by_label("Organisation name").fill(organisation)
    page.get_by_label("Kind of organisation").select_option(kind)
    page.get_by_label(re.compile(r"^Country")).select_option("GB")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Your first name").fill(first)
    page.get_by_label("Your last name").fill(last)
    page.get_by_label("Your work email").fill(email)
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("link", name=f"{first} {last}")).to_be_visible()


def write_note(page: Page, title: str, *, shared: bool) -> None:
    page.get_by_role("link", name=re.compile("Add a note|Write a note|New note")).first.click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Body").fill(f"{title}: details for the record.")
    choice = "Shared with all parties" if shared else "Private to"
    page.get_by_label(re.compile(choice)).check()
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_two_organisations_form_an_alliance_and_pass_a_gate(new_page):
    bob = new_page()
    sign_up(bob, "Borealis Pharma", "pharma", "Bob", "Brennan", "bob@borealis.test")
    alice = new_page()
    sign_up(alice, "Helix Biotherapeutics", "biotech", "Alice", "Archer", "alice@helix.test")

    # Alice creates the alliance and invites Borealis from the directory.
    alice.goto("/alliances/new/")
    alice.get_by_label(re.compile(r"^Name")).fill("Helix–Borealis KRAS alliance")
    alice.get_by_label("Purpose").fill("Discover and develop KRAS G12D inhibitors together.")
    alice.get_by_label("Effective date").fill("2026-03-01")
    alice.get_by_role("button", name="Create alliance").click()
    # A new alliance leads straight on to inviting the partner.
    expect(alice.get_by_role("heading", name="Invite a partner")).to_be_visible()
    crumb = alice.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=re.compile("KRAS")
    )
    alliance_url = crumb.get_attribute("href")
    alice.get_by_label("Organisation on Concord").select_option(label="Borealis Pharma")
    alice.get_by_role("button", name="Send invitation").click()
    expect(alice.locator(".badge", has_text="Proposed")).to_be_visible()

    # Bob accepts; the alliance becomes active for both.
    bob.goto(alliance_url)
    bob.get_by_role("button", name="Accept and join").click()
    expect(bob.get_by_role("button", name="Accept and join")).to_have_count(0)
    expect(bob.locator(".badge", has_text="Active")).to_be_visible()

    # Alice proposes the gate, signing for Helix with her password; Bob signs for Borealis.
    alice.goto(alliance_url)
    alice.get_by_role("link", name="Propose a phase change").first.click()
    alice.get_by_label("Move to phase").select_option("preclinical")
    alice.get_by_label("Rationale").fill("Lead series meets potency and selectivity criteria.")
    alice.get_by_label("Your password").fill(PASSWORD)
    alice.get_by_label("Approval").check()
    alice.get_by_role("button", name="Propose gate").click()
    bob.goto(alliance_url)
    sign_form = bob.get_by_role("form", name="Sign off the gate")
    sign_form.get_by_label("Your password").fill(PASSWORD)
    sign_form.get_by_label("Approval").check()
    sign_form.get_by_role("button", name="Sign off for Borealis Pharma").click()

    for page in (alice, bob):
        page.goto(alliance_url)
        phase_badge = page.locator(".badge--phase").first
        expect(phase_badge).to_have_text("Pre-Clinical")

    # Each side's private note stays with it; the shared one reaches both.
    alice.goto(alliance_url)
    write_note(alice, "Helix walk-away position", shared=False)
    alice.goto(alliance_url)
    write_note(alice, "Kick-off summary", shared=True)
    bob.goto(alliance_url)
    expect(bob.get_by_role("heading", name="Kick-off summary")).to_be_visible()
    expect(bob.get_by_text("Helix walk-away position")).to_have_count(0)
    assert "walk-away" not in bob.content()
    alice.goto(alliance_url)
    expect(alice.get_by_role("heading", name="Helix walk-away position")).to_be_visible()
