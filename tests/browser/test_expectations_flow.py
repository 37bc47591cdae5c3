"""A commitment as both parties live it: Helix delivers, Borealis rejects it against the criteria,
and the reliability scorecard both sides read shows Helix's first-time acceptance fall."""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Page, expect

from concord.alliances.models import Party
from concord.expectations import services
from conftest import PASSWORD, build_cast


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def first_time_share(page: Page, alliance_id: int, organisation: str) -> str:
    page.goto(f"/alliances/{alliance_id}/scorecard/")
    tile = page.locator(f'.stat-tiles li[data-party="{organisation}"]')
    return tile.locator('[data-figure="first-time"]').inner_text()


def test_a_rejected_delivery_lowers_first_time_acceptance_for_both_sides(new_page):
    cast = build_cast()
    alliance = cast.helix_borealis
    helix = Party.objects.unscoped().get(alliance=alliance, organisation=cast.helix)
    due = datetime.date.today() + datetime.timedelta(days=30)

    def owed(title: str):
        return services.commitment_create(
            actor=cast.bob,
            alliance=alliance,
            title=title,
            acceptance_criteria="QA-signed, in the agreed template, in the data room.",
            owner_party=helix,
            owner=cast.alice,
            due_date=due,
        )

    earlier = owed("Target validation report")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=earlier)
    services.delivery_accept(actor=cast.bob, delivery=delivery)
    cmc = owed("CMC package")

    alice = new_page()
    log_in(alice, cast.alice.email)
    assert first_time_share(alice, alliance.pk, "Helix Biotherapeutics") == "100%"

    # Alice delivers the CMC package from its page.
    alice.goto(f"/alliances/{alliance.pk}/commitments/")
    alice.get_by_role("link", name="CMC package").click()
    alice.get_by_role("link", name="Deliver", exact=True).click()
    alice.get_by_label("Note to the party owed").fill("Batch records and CoAs for lots 1-3.")
    alice.get_by_label("Where to find it").fill("Data room / CMC / 2026-11")
    alice.get_by_role("button", name="Deliver", exact=True).click()
    expect(alice.get_by_text("is asked to accept it")).to_be_visible()

    # Bob rejects it against the criteria, saying why.
    bob = new_page()
    log_in(bob, cast.bob.email)
    bob.goto(f"/commitments/{cmc.pk}/")
    expect(bob.get_by_text("Batch records and CoAs for lots 1-3.")).to_be_visible()
    bob.get_by_label("Comment").fill("The CoA for lot 2 is unsigned, so it is not QA-signed.")
    bob.get_by_role("button", name="Reject").click()
    expect(bob.get_by_text(re.compile("Delivery rejected"))).to_be_visible()

    # Both sides now read the same, lower figure; Alice sees why and can deliver again.
    assert first_time_share(bob, alliance.pk, "Helix Biotherapeutics") == "50%"
    assert first_time_share(alice, alliance.pk, "Helix Biotherapeutics") == "50%"
    alice.goto(f"/commitments/{cmc.pk}/")
    expect(alice.get_by_text("The CoA for lot 2 is unsigned")).to_be_visible()
    expect(alice.get_by_role("link", name="Deliver again")).to_be_visible()
