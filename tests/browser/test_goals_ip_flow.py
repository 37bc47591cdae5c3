"""What the alliance is for and what it owns, as two parties live it: Alice proposes a goal and
Bob agrees it for Borealis; at the gate Alice then proposes, Bob asks for a change to the goals
in the gate's card; Alice records the patients enrolled; she files an invention disclosure,
records its priority filing, and finds the PCT deadline on her calendar."""

from __future__ import annotations

import datetime
from decimal import Decimal

from playwright.sync_api import Page, expect

from concord.alliances import services as alliance_services
from concord.alliances.models import Party
from concord.goals import services as goals
from concord.goals.models import Goal
from conftest import PASSWORD, build_cast


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)


def test_agree_a_goal_measure_a_kpi_and_see_a_filing_deadline(new_page):
    cast = build_cast()
    alliance = cast.helix_borealis
    today = datetime.date.today()

    alice = new_page()
    log_in(alice, cast.alice.email)
    alice.goto(f"/alliances/{alliance.pk}/goals/")
    alice.get_by_role("link", name="Propose the first goal").click()
    alice.get_by_label("Goal", exact=True).fill("Two hundred patients treated by 2028")
    alice.get_by_role("button", name="Propose goal").click()
    expect(alice.get_by_text("Awaiting agreement")).to_be_visible()

    bob = new_page()
    log_in(bob, cast.bob.email)
    bob.goto(f"/alliances/{alliance.pk}/goals/")
    bob.get_by_role("button", name="Agree for Borealis Pharma").click()
    expect(bob.get_by_text("Agreed by every party · version 1")).to_be_visible()

    alliance_services.gate_propose(
        actor=cast.alice, alliance=alliance, to_phase="preclinical", rationale="Lead nominated"
    )
    bob.goto(f"/alliances/{alliance.pk}/")
    bob.get_by_label("Proposed a change").check()
    bob.get_by_label("What should change, and why").fill("Count patients treated in Japan too")
    bob.get_by_role("button", name="Record your organisation's review").click()
    expect(bob.get_by_text("proposed a change to the goals at this gate")).to_be_visible()
    expect(bob.get_by_text("Count patients treated in Japan too")).to_be_visible()

    goal = Goal.objects.unscoped().get(alliance=alliance)
    helix = Party.objects.unscoped().get(alliance=alliance, organisation=cast.helix)
    kpi = goals.kpi_create(
        actor=cast.alice,
        goal=goal,
        name="Patients treated",
        kind="patient_outcome",
        unit="patients",
        direction="increase",
        baseline=Decimal(0),
        baseline_date=today - datetime.timedelta(days=100),
        target=Decimal(200),
        target_date=today + datetime.timedelta(days=600),
        owner_party_id=helix.pk,
    )
    alice.goto(f"/kpis/{kpi.pk}/")
    alice.get_by_label("Value").fill("31")
    alice.get_by_label("Measured on").fill(today.isoformat())
    alice.get_by_label("Source").fill("Registry export")
    alice.get_by_role("button", name="Record measurement").click()
    expect(alice.get_by_text("Measurement recorded.")).to_be_visible()
    expect(alice.get_by_text("On track").first).to_be_visible()

    alice.goto(f"/alliances/{alliance.pk}/ip/")
    alice.get_by_role("link", name="File an invention disclosure").click()
    alice.get_by_label("Title").fill("Cleavable linker")
    alice.get_by_label("Disclosed on").fill((today - datetime.timedelta(days=20)).isoformat())
    alice.get_by_label("Ownership by the agreement").select_option("joint")
    alice.get_by_label("Inventor", exact=True).fill("Hana Ito")
    alice.get_by_role("button", name="File disclosure").click()
    expect(alice.get_by_role("heading", name="Cleavable linker")).to_be_visible()
    priority = today - datetime.timedelta(days=10)
    alice.get_by_label("Office").fill("EP")
    alice.get_by_label("Filed on").fill(priority.isoformat())
    alice.get_by_role("button", name="Record filing").click()
    expect(alice.get_by_text("Filing recorded.")).to_be_visible()

    alice.goto("/calendar/")
    expect(
        alice.get_by_text("IP deadline: PCT or foreign filing for Cleavable linker")
    ).to_be_visible()
