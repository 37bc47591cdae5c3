"""A federated study as the parties live it: Alice proposes it to the joint research committee;
each party votes for it on the decision's page, signing with its password; each party's data
steward admits its own node; Bob starts the run, which trains on both sites' shares of GBSG2;
both read the results, each with its own local-only comparison, and Alice downloads the model."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from concord.research import engine, fl, services
from conftest import PASSWORD, build_cast
from tests.research_story import node_public_key, parties_of, research_committee


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def vote_for(page: Page, study_url: str) -> None:
    page.goto(study_url)
    page.get_by_role("region", name="Approval").get_by_role("link", name=re.compile("D-")).click()
    page.get_by_label("Vote", exact=True).select_option(label="For")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Approval").check()
    page.get_by_role("button", name="Cast your party's vote").click()
    expect(page.get_by_text("Your party's vote is recorded.")).to_be_visible()


def admit(page: Page, study_url: str) -> None:
    """The steward uploads the public key the node made, and sees its fingerprint listed."""
    page.goto(study_url)
    key = node_public_key()
    page.get_by_label("The node's public key (node_key.pub)").fill(key)
    page.get_by_role("button", name="Admit our node").click()
    expect(page.get_by_text("Your node is admitted to the study with this key.")).to_be_visible()
    expect(page.locator("code.fingerprint").first).to_contain_text("SHA256:")


def test_a_study_from_proposal_to_results(new_page, settings, tmp_path):
    cast = build_cast()
    alliance = cast.helix_borealis
    research_committee(cast.alice, alliance)
    services.steward_appoint(actor=cast.alice, user=cast.alice)
    services.steward_appoint(actor=cast.bob, user=cast.bob)
    settings.CONCORD_RESEARCH_NODES_DIR = tmp_path
    fl.demo_datasets(tmp_path, [engine.node_key(p.pk) for p in parties_of(alliance)], seed=3)

    alice, bob = new_page(), new_page()
    log_in(alice, cast.alice.email)
    log_in(bob, cast.bob.email)
    alice.goto(f"/alliances/{alliance.pk}/")
    alice.get_by_role("navigation", name="Alliance sections").get_by_role(
        "link", name="Research"
    ).click()
    expect(alice.get_by_text("No studies yet")).to_be_visible()
    alice.get_by_role("link", name="Propose a study").click()
    alice.get_by_label("Title").fill("Recurrence-free survival")
    alice.get_by_label("Question").fill("What predicts recurrence across our cohorts?")
    alice.get_by_label("Rounds").fill("6")
    alice.get_by_role("button", name="Propose study").click()
    expect(alice.get_by_text(re.compile("asks the Joint research committee"))).to_be_visible()
    study_url = alice.url
    expect(alice.get_by_text("A run cannot start: The committee has not approved")).to_be_visible()

    vote_for(alice, study_url)
    vote_for(bob, study_url)
    admit(alice, study_url)
    admit(bob, study_url)

    bob.goto(study_url)
    bob.get_by_role("button", name="Start a run").click()
    expect(bob.get_by_text("Run started")).to_be_visible()
    results = bob.get_by_role("region", name="Results")
    expect(results.locator("svg#study-rounds")).to_be_visible()
    expect(results.get_by_text("Only Borealis Pharma sees this column")).to_be_visible()
    expect(bob.get_by_text("Finished")).to_be_visible()

    alice.goto(study_url)
    expect(alice.get_by_text("Only Helix Biotherapeutics sees this column")).to_be_visible()
    expect(alice.get_by_text("Only Borealis Pharma sees")).to_have_count(0)
    with alice.expect_download() as download:
        alice.get_by_role("link", name="Download the model").click()
    assert download.value.suggested_filename.endswith("-model.bin")
