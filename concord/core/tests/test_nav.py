"""The top bar lights the section a page belongs to: an alliance's own tabs light Alliances."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import resolve, reverse

from concord.core.templatetags.concord_nav import nav_section


def section_of(path: str) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return nav_section({"request": request})


@pytest.mark.parametrize(
    ("name", "args", "section"),
    [
        ("core:home", [], "home"),
        ("alliances:alliance-list", [], "alliances"),
        ("alliances:portfolio", [], "alliances"),
        ("alliances:alliance-detail", [7], "alliances"),
        ("governance:alliance-governance", [7], "alliances"),
        ("deals:alliance-money", [7], "alliances"),
        ("health:alliance-health", [7], "alliances"),
        ("expectations:scorecard", [7], "alliances"),
        ("governance:meeting-detail", [3], "alliances"),
        ("deals:portfolio-ledger", [], "money"),
        ("deals:payment-detail", [3], "money"),
        ("expectations:portfolio-commitments", [], "commitments"),
        ("expectations:commitment-detail", [3], "commitments"),
        ("health:portfolio", [], "health"),
        ("portal:queue", [], "partnering"),
        ("portal:submission-detail", [3], "partnering"),
        ("governance:calendar", [], "calendar"),
        ("orgs:organisation-detail", [], "organisation"),
        ("orgs:email-list", [], "organisation"),
        ("orgs:organisation-list", [], "directory"),
        ("orgs:profile", [], "profile"),
    ],
)
def test_each_page_lights_its_section(name, args, section):
    assert section_of(reverse(name, args=args)) == section


def test_a_page_outside_every_section_lights_none():
    assert section_of(reverse("login")) == ""
    assert nav_section({}) == ""


@pytest.mark.django_db
def test_the_top_bar_links_my_calendar_and_marks_the_alliance_of_a_governance_page(client, cast):
    client.force_login(cast.alice)
    governance = reverse("governance:alliance-governance", args=[cast.helix_borealis.pk])
    html = client.get(governance).content.decode()
    calendar = reverse("governance:calendar")
    assert f'<a href="{calendar}" >My calendar</a>' in html
    portfolio = reverse("alliances:portfolio")
    assert f'<a href="{portfolio}" aria-current="page">Portfolio</a>' in html
    top_bar = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert top_bar.count("aria-current") == 1
    assert 'class="site-menu-toggle"' in html and 'aria-controls="site-menu"' in html
    html = client.get(calendar).content.decode()
    assert f'<a href="{calendar}" aria-current="page">My calendar</a>' in html
