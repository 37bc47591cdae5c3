"""A wind-down as the parties live it, start to archive: Alice gives notice for convenience and
the checklist is drawn, with the final health check on it; Bob completes one of Borealis's items
with its evidence, which Alice then sees; Alice tracks a royalty that survives the end and writes
the lessons learned; the rest of the checklist is done (through the services, to keep the test
short); each party closes for itself, Alice first, then Bob; the closed alliance stays readable,
and its lessons are on the learning plan."""

from __future__ import annotations

import datetime

from playwright.sync_api import Page, expect

from concord.alliances.models import Party
from concord.core import clock
from concord.winddown import services
from concord.winddown.models import ChecklistItem
from conftest import PASSWORD, build_cast


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def complete_the_rest(cast) -> None:
    """Every item still open, done by its own party's lead."""
    lead = {cast.helix.pk: cast.alice, cast.borealis.pk: cast.bob}
    for item in ChecklistItem.objects.unscoped().filter(done_at=None).select_related("owner"):
        services.item_complete(
            actor=lead[item.owner.organisation_id], item=item, evidence="Signed confirmation"
        )


def test_a_wind_down_from_notice_to_the_closed_archive(new_page):
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
    expect(alice.get_by_text("Answer the final health check").first).to_be_visible()

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

    alice.get_by_role("link", name="Track an obligation").click()
    alice.get_by_label("Kind").select_option("royalties")
    alice.get_by_label("Description").fill("Royalties on net sales of HEL-101")
    helix = Party.objects.unscoped().get(alliance_id=alliance, organisation=cast.helix)
    alice.get_by_label("Owed by").select_option(str(helix.pk))
    ends = clock.today() + datetime.timedelta(days=3650)
    alice.get_by_label("Ends on").fill(ends.isoformat())
    alice.get_by_role("button", name="Track obligation").click()
    expect(alice.get_by_text("Surviving obligation recorded.")).to_be_visible()
    alice.get_by_role("link", name="Write").click()
    alice.get_by_label("Lessons learned").fill("Agree the data transfer format at signing.")
    alice.get_by_role("button", name="Save lessons").click()
    expect(alice.get_by_text("Lessons learned recorded.")).to_be_visible()

    complete_the_rest(cast)
    alice.reload()
    alice.get_by_role("button", name="Close for Helix Biotherapeutics").click()
    expect(alice.get_by_text("the other parties are awaited")).to_be_visible()
    bob.reload()
    bob.get_by_role("button", name="Close for Borealis Pharma").click()
    expect(bob.get_by_text("the alliance is closed and kept as an archive")).to_be_visible()

    # The archive: both parties still read the checklist, what survives and what was learned.
    alice.reload()
    expect(alice.get_by_text("Closed", exact=True)).to_be_visible()
    expect(alice.get_by_text("Royalties on net sales of HEL-101")).to_be_visible()
    expect(alice.get_by_role("button", name="Close for Helix Biotherapeutics")).to_have_count(0)
    bob.goto(f"/alliances/{alliance}/learning/")
    expect(bob.get_by_text("Agree the data transfer format at signing.")).to_be_visible()
