"""The alliance page's summary strip across the capabilities: each figure comes from the panel
that already read it, so the page's query budget holds, and a party sees only its own side."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_today_portfolio import busy, governed

pytestmark = pytest.mark.django_db


def strip_of(user, alliance) -> dict[str, tuple[str, str]]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("alliances:alliance-detail", args=[alliance.pk]))
    return {fact.label: (fact.value, fact.tone) for fact in response.context["strip"]}


def test_the_strip_shows_what_is_open_overdue_and_due(cast):
    busy(cast.helix_borealis, cast.bob, cast.alice)
    strip = strip_of(cast.bob, cast.helix_borealis)
    assert list(strip) == [
        "Health (pulse of 5)",
        "Widest gap",
        "Next committee meeting",
        "Actions",
        "Deliveries owed",
        "Money due, 12 months",
        "On time (reliability)",
    ]
    assert strip["Actions"] == ("1 open · 1 overdue", "danger")
    assert strip["Deliveries owed"] == ("2 open · 2 overdue", "danger")
    assert strip["Money due, 12 months"][1] == "danger"  # the upfront fee is overdue
    assert strip["Next committee meeting"][0] == "None scheduled"
    # Bob's action is his organisation's to see; Alice's strip counts what Helix may see.
    assert strip_of(cast.alice, cast.helix_borealis)["Deliveries owed"][0].endswith("overdue")


def test_the_strip_names_the_next_meeting_by_its_committee(cast):
    governed(cast.helix_borealis, cast.bob)
    value, _tone = strip_of(cast.bob, cast.helix_borealis)["Next committee meeting"]
    assert value.startswith("JSC · ")
