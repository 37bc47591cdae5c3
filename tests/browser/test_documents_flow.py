"""A pre-read as the parties live it: Alice uploads it to the document room, links it to the next
JSC meeting, and Bob finds it on the meeting's page; her private notes for the same meeting stay
with Helix."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from concord.documents.tests.helpers import pdf
from concord.governance.tests.conftest import schedule, seat_jsc
from conftest import PASSWORD, build_cast


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def upload_pre_read(page: Page, alliance_id: int, title: str, visibility: str) -> None:
    page.goto(f"/alliances/{alliance_id}/documents/upload/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("File").set_input_files(
        {"name": "pre-read.pdf", "mimeType": "application/pdf", "buffer": pdf(title)}
    )
    page.get_by_label("Visibility").select_option(visibility)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_text("Link to a record").click()
    page.get_by_label("Role").select_option("pre_read")
    page.get_by_role("combobox", name="Linked to").select_option(label="Helix–Borealis JSC meeting")
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_text("Linked.")).to_be_visible()


def test_a_pre_read_uploaded_by_one_party_is_on_the_meeting_page_for_the_other(new_page):
    cast = build_cast()
    meeting = schedule(cast, seat_jsc(cast), days_ago=-7)
    meeting.title = "Helix–Borealis JSC meeting"
    meeting.save(update_fields=["title"])

    alice = new_page()
    log_in(alice, cast.alice.email)
    upload_pre_read(alice, cast.helix_borealis.pk, "CMC readiness update", "shared")
    upload_pre_read(alice, cast.helix_borealis.pk, "Our negotiating notes", "private")

    bob = new_page()
    log_in(bob, cast.bob.email)
    bob.goto(f"/meetings/{meeting.pk}/")
    pre_reads = bob.locator("#pre-reads")
    expect(pre_reads.get_by_role("link", name="CMC readiness update")).to_be_visible()
    expect(pre_reads.get_by_text("Our negotiating notes")).to_have_count(0)
    alice.goto(f"/meetings/{meeting.pk}/")
    expect(alice.locator("#pre-reads").get_by_text("Our negotiating notes")).to_be_visible()
