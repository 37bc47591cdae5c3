"""Alliance panels go where they were registered, and only to a place the alliance page has."""

from __future__ import annotations

import pytest
from django.urls import reverse

from concord.core import sections


def test_each_place_lists_only_its_own_panels_in_order():
    side = sections.alliance_panels("side")
    gate = sections.alliance_panels("gate")
    assert side and gate and not set(side) & set(gate)
    assert [p.__module__ for p in gate] == [
        "concord.goals.sections",  # the goals' KPIs the parties review at a gate
        "concord.expectations.sections",
        "concord.documents.views",  # the evidence each party relies on
    ]


def test_an_unknown_place_is_refused():
    with pytest.raises(ValueError, match="gate"):
        sections.register_alliance_panel(lambda request, alliance: None, place="footer")


def test_the_section_bar_starts_with_the_overview_and_marks_the_page_showing_it(cast, client):
    labels = [tab.label for tab in sections.alliance_tabs()]
    assert labels[0] == "Overview" and "Governance" in labels and "Health" in labels
    client.force_login(cast.alice)
    page = client.get(reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk]))
    assert 'aria-current="page">Overview</a>' in page.content.decode()
