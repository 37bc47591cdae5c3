"""Governance as the co-chairs live it: Alice sets up the JSC, both parties seat their co-chairs,
a meeting without Borealis cannot decide, with Borealis it agrees one item and deadlocks on the
next, which goes straight to the executives; the meeting pack is a PDF with the agenda in it, and
the operating model is drawn and its RACI table edited in place."""

from __future__ import annotations

import datetime
import re
import subprocess

from playwright.sync_api import Page, expect

from conftest import PASSWORD, build_cast

# The meaning a signed vote states: for is an approval, against a rejection.
MEANINGS = {"For": "Approval", "Against": "Rejection", "Abstain": "Review"}


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def seat_co_chair(page: Page, committee_url: str, name: str) -> None:
    page.goto(committee_url)
    colleague = page.get_by_label("Colleague")
    if not colleague.is_visible():  # the form starts open only while nobody is seated
        page.get_by_text(re.compile("Seat a colleague from")).click()
    colleague.select_option(colleague.locator("option", has_text=name).get_attribute("value"))
    page.get_by_label("Role").select_option("co_chair")
    page.get_by_role("button", name="Seat").click()
    expect(page.get_by_text(f"{name} now sits on")).to_be_visible()


def record_attendance(page: Page, *present: str) -> None:
    attendance = page.locator("#attendance")
    for box in attendance.get_by_role("checkbox").all():
        box.uncheck()
    for name in present:
        attendance.get_by_label(re.compile(name)).check()
    attendance.get_by_role("button", name="Record attendance").click()


def decide(lead: Page, partner: Page, title: str, helix: str, borealis: str) -> None:
    """The lead puts a resolution to the vote with its own party's vote; the partner casts its
    own from its own session, on the decision's page."""
    form = lead.locator("#decisions form").first
    if not form.get_by_label("Decision", exact=True).is_visible():  # open while none recorded
        lead.get_by_text("Record a decision").click()
    form.get_by_label("Decision", exact=True).fill(title)
    form.get_by_label("Your party's vote").select_option(label=helix)
    form.get_by_label("Your password").fill(PASSWORD)  # each vote is signed
    form.get_by_label(MEANINGS[helix]).check()
    form.get_by_role("button", name="Put to the vote").click()
    expect(lead.get_by_text(re.compile("is put to the vote"))).to_be_visible()
    # Helix cannot vote for Borealis: its form offers only its own party's vote.
    expect(lead.get_by_role("group", name=re.compile("Borealis"))).to_have_count(0)
    partner.goto(lead.url.split("#")[0])
    decisions = partner.locator("#decisions")
    decisions.get_by_role("link", name=re.compile(re.escape(title))).first.click()
    partner.get_by_label("Vote", exact=True).select_option(label=borealis)
    partner.get_by_label("Your password").fill(PASSWORD)
    partner.get_by_label(MEANINGS[borealis]).check()
    partner.get_by_role("button", name="Cast your party's vote").click()
    expect(partner.get_by_text("Your party's vote is recorded.")).to_be_visible()


def test_a_jsc_meets_decides_deadlocks_and_escalates(new_page, tmp_path):
    cast = build_cast()
    alliance_url = f"/alliances/{cast.helix_borealis.pk}/"
    alice, bob = new_page(), new_page()
    log_in(alice, "alice@helix.test")
    log_in(bob, "bob@borealis.test")

    # Alice sets up the JSC; its charter starts from typical terms.
    alice.goto(alliance_url)
    alice.get_by_role("navigation", name="Alliance sections").get_by_role(
        "link", name="Governance"
    ).click()
    alice.get_by_role("link", name="Set up the joint steering committee").click()
    expect(alice.get_by_label("Quorum: voting members present per party")).to_have_value("1")
    alice.get_by_role("button", name="Set up committee").click()
    expect(
        alice.get_by_role("heading", name="Joint steering committee", exact=True)
    ).to_be_visible()
    committee_url = alice.url.split("#")[0]

    # Each party seats its own co-chair.
    seat_co_chair(alice, committee_url, "Alice Archer")
    seat_co_chair(bob, committee_url, "Bob Brennan")

    # Alice schedules yesterday's meeting and puts the decision on the agenda.
    alice.goto(committee_url)
    alice.get_by_role("link", name="Schedule a meeting").first.click()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    alice.get_by_label("Date").fill(yesterday.isoformat())
    alice.get_by_label("Time", exact=True).fill("10:00")
    alice.get_by_label("Time zone").select_option("Europe/London")
    alice.get_by_label("Place").fill("Borealis, Oslo")
    alice.get_by_role("button", name="Schedule meeting").click()
    expect(alice.get_by_role("heading", name="Agenda")).to_be_visible()
    alice.get_by_label("Item", exact=True).fill("Approve the GLP toxicology package")
    alice.get_by_label("Objective").select_option("decide")
    alice.get_by_role("button", name="Add to agenda").click()
    expect(alice.get_by_text("is on the agenda")).to_be_visible()

    # Without Borealis there is no quorum, so nothing can be decided.
    record_attendance(alice, "Alice Archer")
    expect(alice.locator(".quorum")).to_contain_text("Borealis Pharma")
    expect(alice.get_by_text("No quorum:")).to_be_visible()
    expect(alice.get_by_role("button", name="Record decision")).to_have_count(0)

    # With Borealis it is quorate: one item agreed, the next deadlocked.
    record_attendance(alice, "Alice Archer", "Bob Brennan")
    expect(alice.get_by_text("Quorum met")).to_be_visible()
    decide(alice, bob, "Approve the GLP toxicology package", "For", "For")
    expect(bob.locator(".badge", has_text="Agreed")).to_be_visible()
    alice.reload()
    decide(alice, bob, "Raise the 2026 research budget", "For", "Against")
    expect(bob.locator(".badge", has_text="Deadlocked")).to_be_visible()

    # The deadlock has gone to the executives, for both parties to see.
    meeting_url = alice.url.split("#")[0]
    bob.goto(meeting_url)
    expect(bob.get_by_text(re.compile("Escalation started"))).to_be_visible()
    bob.get_by_role("link", name=re.compile("Deadlock on D-002")).first.click()
    expect(bob.locator(".ladder .is-current")).to_contain_text("Executives")
    expect(bob.get_by_text(re.compile("This rung has until"))).to_be_visible()

    # The meeting pack downloads as a PDF with the agenda in it.
    alice.goto(meeting_url)
    with alice.expect_download() as download:
        alice.get_by_role("link", name="Download the meeting pack (PDF)").click()
    pack = tmp_path / "pack.pdf"
    download.value.save_as(pack)
    assert pack.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(pack), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Approve the GLP toxicology package" in text and "Agenda" in text

    # The operating model is drawn from what was just set up.
    alice.goto(alliance_url + "governance/")
    alice.get_by_role("navigation", name="Governance").get_by_role(
        "link", name="Operating model"
    ).click()
    diagram = alice.locator("svg.opmodel__svg")
    expect(diagram).to_be_visible()
    expect(diagram).to_contain_text("Joint steering committee")
    expect(diagram).to_contain_text("Bob Brennan (co-chair)")
    expect(diagram).to_contain_text("Executives")

    # A workstream added in the RACI table is drawn at once; a row is edited where it stands.
    alice.get_by_label("New workstream name").fill("CMC scale-up")
    alice.get_by_label(re.compile("^New workstream: Helix")).select_option("A")
    alice.get_by_label(re.compile("^New workstream: Borealis")).select_option("R")
    alice.get_by_role("button", name="Add workstream").click()
    expect(alice.get_by_text("Workstream CMC scale-up saved")).to_be_visible()
    expect(alice.locator("svg.opmodel__svg")).to_contain_text("CMC scale-up")
    alice.get_by_label(re.compile("^CMC scale-up: Borealis")).select_option("C")
    alice.get_by_role("button", name="Save CMC scale-up").click()
    expect(alice.get_by_text("Workstream CMC scale-up saved")).to_be_visible()
    expect(alice.get_by_label(re.compile("^CMC scale-up: Borealis"))).to_have_value("C")
