"""Electronic signatures as each party makes them, each from its own browser session: Alice
proposes a gate and signs it for Helix with her password; Bob's mistyped password signs nothing,
his own signs for Borealis and the gate passes. At a quorate meeting Alice puts a resolution to
the vote with Helix's signed vote, and Bob signs Borealis's vote on the decision's page. Both
pages show the signature manifest: printed name, meaning, date and time with the time zone."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from concord.alliances.models import Gate
from concord.core.models import Signature
from concord.governance import services
from concord.governance.models import Decision
from conftest import PASSWORD, build_cast
from tests.browser.test_governance_flow import log_in


def sign(form, password: str, meaning: str) -> None:
    """The signing step: the signer's own password, re-entered, and the meaning stated."""
    form.get_by_label("Your password").fill(password)
    form.get_by_role("group", name="Meaning of your signature").get_by_label(meaning).check()


def quorate_meeting(cast) -> int:
    """Helix and Borealis sit on a JSC whose meeting yesterday both co-chairs attended."""
    jsc = services.committee_create(actor=cast.alice, alliance=cast.helix_borealis, kind="jsc")
    seats = [
        services.committee_member_add(actor=cast.alice, committee=jsc, user=cast.alice),
        services.committee_member_add(actor=cast.bob, committee=jsc, user=cast.bob),
    ]
    meeting = services.meeting_schedule(
        actor=cast.alice,
        committee=jsc,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        time_zone="Europe/London",
    )
    services.attendance_record(actor=cast.alice, meeting=meeting, present=seats)
    return meeting.pk


def manifest_of(page: Page):
    return page.locator("table.signatures")


def test_both_parties_sign_a_gate_and_vote_each_re_entering_their_password(new_page):
    cast = build_cast()
    alliance_url = f"/alliances/{cast.helix_borealis.pk}/"
    alice, bob = new_page(), new_page()
    log_in(alice, "alice@helix.test")
    log_in(bob, "bob@borealis.test")

    # Alice proposes the phase change and signs it for Helix at once.
    alice.goto(alliance_url)
    alice.get_by_role("link", name="Propose a phase change").first.click()
    alice.get_by_label("Move to phase").select_option("preclinical")
    alice.get_by_label("Rationale").fill("Lead series meets potency and selectivity criteria.")
    sign(alice, PASSWORD, "Approval")
    alice.get_by_role("button", name="Propose gate").click()
    expect(manifest_of(alice)).to_contain_text("Alice Archer")

    # Bob's mistyped password signs nothing; his own signs for Borealis and the gate passes.
    bob.goto(alliance_url)
    sign_form = bob.get_by_role("form", name="Sign off the gate")
    sign(sign_form, "correct-horse-battery", "Approval")
    sign_form.get_by_role("button", name="Sign off for Borealis Pharma").click()
    expect(bob.get_by_text("That is not your password")).to_be_visible()
    assert Gate.objects.unscoped().get().status == "pending"
    sign_form = bob.get_by_role("form", name="Sign off the gate")
    sign(sign_form, PASSWORD, "Approval")
    sign_form.get_by_role("button", name="Sign off for Borealis Pharma").click()
    expect(bob.locator(".message", has_text="Every party signed")).to_be_visible()
    alice.goto(alliance_url)
    expect(alice.locator(".badge--phase").first).to_have_text("Pre-Clinical")
    past_gate = alice.locator("#past-gates table.signatures")
    for words in ("Alice Archer", "Bob Brennan", "Approval", re.compile(r"\d{2}:\d{2}:\d{2} GMT")):
        expect(past_gate).to_contain_text(words)

    # At the quorate meeting, Alice puts a resolution to the vote with Helix's signed vote.
    meeting_url = reverse("governance:meeting-detail", args=[quorate_meeting(cast)])
    alice.goto(meeting_url)
    form = alice.locator("#decisions form").first
    if not form.get_by_label("Decision", exact=True).is_visible():
        alice.get_by_text("Record a decision").click()
    form.get_by_label("Decision", exact=True).fill("Approve the GLP toxicology package")
    form.get_by_label("Your party's vote").select_option(label="For")
    sign(form, PASSWORD, "Approval")
    form.get_by_role("button", name="Put to the vote").click()
    expect(alice.get_by_text(re.compile("is put to the vote"))).to_be_visible()

    # Bob signs Borealis's own vote on the decision's page, with his own password.
    decision = Decision.objects.unscoped().get()
    decision_url = reverse("governance:decision-detail", args=[decision.pk])
    bob.goto(decision_url)
    vote = bob.get_by_role("form", name="Your party's vote")
    vote.get_by_label("Vote", exact=True).select_option(label="For")
    sign(vote, PASSWORD, "Approval")
    vote.get_by_role("button", name="Cast your party's vote").click()
    expect(bob.get_by_text("Your party's vote is recorded.")).to_be_visible()
    expect(bob.locator(".badge", has_text="Agreed")).to_be_visible()

    alice.goto(decision_url)
    for words in ("Alice Archer", "Bob Brennan", "Voted for D-001", "Borealis Pharma"):
        expect(manifest_of(alice)).to_contain_text(words)
    signed = Signature.objects.unscoped().order_by("pk")
    assert [(s.printed_name, s.meaning) for s in signed] == [
        ("Alice Archer", "approve"),
        ("Bob Brennan", "approve"),
        ("Alice Archer", "approve"),
        ("Bob Brennan", "approve"),
    ]
