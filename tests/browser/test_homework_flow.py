"""Homework as the biotech's CEO does it: Alice records one of Borealis's programmes and assesses
the alliance's fit twice; the second assessment's fall raises a drift alert she sees at once.
Carol joins the team and opens the briefing book, then downloads its PDF."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from concord.alliances.models import TeamMember
from concord.homework.models import DIMENSIONS
from conftest import build_cast
from tests.browser.test_goals_ip_flow import log_in


def assess(page: Page, alliance_pk: int, score: str) -> None:
    page.goto(f"/alliances/{alliance_pk}/homework/")
    page.get_by_role("link", name="Assess the fit").click()
    for label in DIMENSIONS.values():
        page.get_by_label(label, exact=True).select_option(score)
    page.get_by_role("button", name="Record assessment").click()
    expect(page.get_by_text("Fit assessment recorded.")).to_be_visible()


def test_record_homework_see_drift_and_open_the_briefing_book(new_page):
    cast = build_cast()
    alliance = cast.helix_borealis

    alice = new_page()
    log_in(alice, cast.alice.email)
    alice.goto(f"/alliances/{alliance.pk}/homework/")
    alice.get_by_role("link", name="Add a programme").click()
    alice.get_by_label("Source", exact=True).fill("Borealis R&D day, slide 14")
    alice.get_by_label("Name").fill("BOR-9 bispecific")
    alice.get_by_label("Indication").fill("Non-small cell lung cancer")
    alice.get_by_label("Against the alliance's programmes").select_option("complements")
    alice.get_by_role("button", name="Record").click()
    expect(alice.get_by_role("cell", name="BOR-9 bispecific")).to_be_visible()

    assess(alice, alliance.pk, "5")
    expect(alice.get_by_text("Fit fell")).to_have_count(0)
    assess(alice, alliance.pk, "2")
    expect(alice.get_by_text("Fit fell 60 points")).to_be_visible()
    expect(alice.locator("#drift-chart")).to_be_visible()

    TeamMember.objects.create(
        party=alliance.parties.get(organisation=cast.helix), user=cast.carol, role="scientist"
    )
    carol = new_page()
    log_in(carol, cast.carol.email)
    carol.goto(f"/alliances/{alliance.pk}/onboarding/")
    carol.get_by_role("link", name="Open the briefing book").click()
    expect(carol.get_by_role("heading", name="Briefing book")).to_be_visible()
    expect(carol.get_by_text("BOR-9 bispecific")).to_be_visible()
    with carol.expect_download() as download:
        carol.get_by_role("link", name="Download PDF").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
