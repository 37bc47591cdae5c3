"""A pulse, as people live it: both teams answer through the links in their email, without
signing in; when the round closes both alliance managers see the gap chart side by side, and the
partner's low scores raise an early warning on the alliance and in their inboxes."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from concord.alliances import services as alliance_services
from concord.alliances.models import Party
from concord.health import services
from concord.health.models import Kind, Respondent, Round, Statement
from conftest import build_cast, colleague

pytestmark = pytest.mark.usefixtures("transactional_db")


def staff(admin, alliance, people):
    party = Party.objects.unscoped().get(
        alliance=alliance, organisation=admin.membership.organisation
    )
    for email, first, last in people:
        person = colleague(admin, email, first, last, "scientist")
        alliance_services.team_member_add(actor=admin, party=party, user=person, role="scientist")


def signed_in(page: Page, user, base_url: str) -> Page:
    """The browser carries a session of `user`, as if they had logged in."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}]
    )
    return page


def link_in(message) -> str:
    return re.search(r"/health/answer/[^/\s]+/", message.body).group(0)


def answer_through_link(page: Page, path: str, choice: str) -> None:
    page.goto(path)
    expect(page.get_by_text("About 2 minutes, and anonymous.")).to_be_visible()
    for group in page.locator(".rubric-line").all():
        group.get_by_label(choice, exact=True).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you: your answers are counted")).to_be_visible()
    # The page that thanks them shows nothing of what they answered.
    assert page.locator("input[type=radio]:checked").count() == 0


def baseline_pulse(cast) -> None:
    """Last month's pulse: both sides agreed (4 of 5) on everything."""
    round_ = services.round_start(actor=cast.alice, alliance=cast.helix_borealis, kind=Kind.PULSE)
    ids = Statement.objects.unscoped().filter(dimension__version=round_.version_id)
    for respondent in Respondent.objects.unscoped().filter(round=round_)[:6]:
        scores = dict.fromkeys(ids.values_list("pk", flat=True), 4)
        services.response_submit(respondent=respondent, scores=scores)
    services.round_close(round_pk=round_.pk)


def test_both_sides_answer_by_email_and_see_the_gap_and_the_early_warning(
    new_page, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    cast = build_cast()
    staff(
        cast.alice,
        cast.helix_borealis,
        [("hana@helix.test", "Hana", "Hale"), ("ivo@helix.test", "Ivo", "Ives")],
    )
    staff(
        cast.bob,
        cast.helix_borealis,
        [("kai@borealis.test", "Kai", "Kerr"), ("lea@borealis.test", "Lea", "Lund")],
    )
    baseline_pulse(cast)
    mailoutbox.clear()

    # Alice starts this month's pulse from the alliance's Health tab.
    alice = signed_in(new_page(), cast.alice, live_server.url)
    alice.goto(f"/alliances/{cast.helix_borealis.pk}/health/")
    alice.get_by_role("link", name="Start a check now").click()
    alice.get_by_label("Pulse").check()
    alice.get_by_role("button", name="Start and send the links").click()
    expect(alice.get_by_text(re.compile("is open; both teams have their links"))).to_be_visible()

    # Three people of each side answer through their own emailed link, without signing in:
    # Helix agrees, Borealis disagrees.
    invitations = {m.to[0]: m for m in mailoutbox if "anonymous" in m.subject}
    helix = ["alice@helix.test", "hana@helix.test", "ivo@helix.test"]
    borealis = ["bob@borealis.test", "kai@borealis.test", "lea@borealis.test"]
    assert set(helix + borealis) <= set(invitations)
    for address in helix:
        answer_through_link(new_page(), link_in(invitations[address]), "Agree")
    for address in borealis:
        answer_through_link(new_page(), link_in(invitations[address]), "Disagree")

    # The round closes on its date (the sweep's job).
    round_ = Round.objects.unscoped().get(alliance=cast.helix_borealis, status="open")
    services.round_close(round_pk=round_.pk)

    # Both alliance managers see the two parties side by side, with the gap flagged.
    bob = signed_in(new_page(), cast.bob, live_server.url)
    for page in (alice, bob):
        page.goto(f"/alliances/{cast.helix_borealis.pk}/health/")
        chart = page.locator("svg#gap")
        expect(chart).to_be_visible()
        expect(chart.locator("title").first).to_contain_text("scores by dimension")
        expect(page.locator(".badge", has_text="Gap 2.00").first).to_be_visible()
        # Borealis fell from 4.00 to 2.00: an early warning for both parties.
        warnings = page.locator("#warnings")
        expect(
            warnings.get_by_text(re.compile(r"Trust and openness at 2\.00 \(was 4\.00\)"))
        ).to_be_visible()
        expect(warnings.get_by_text("Borealis Pharma").first).to_be_visible()

    # The alliance managers of both parties were told, in aggregate.
    warned = [m for m in mailoutbox if m.subject.startswith("Early warning")]
    assert len(warned) == 1 and set(warned[0].to) == {"alice@helix.test", "bob@borealis.test"}
    assert "Kai" not in warned[0].body and "Lea" not in warned[0].body
