"""What expectations puts on other pages: the calendar feed's due dates and the overview panel."""

from __future__ import annotations

import datetime

import pytest
from django.test import RequestFactory

from concord.expectations import sections, services
from concord.expectations.tests.helpers import borealis_owes, helix_owes

pytestmark = pytest.mark.django_db


def test_the_calendar_holds_what_ones_organisation_owes_or_one_owns(cast):
    tox = helix_owes(cast, due="2026-12-20")
    assay = borealis_owes(cast, due="2027-01-15")
    done = helix_owes(cast, due="2026-12-22", title="Done")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=done)
    services.delivery_accept(actor=cast.bob, delivery=delivery)

    def uids(user):
        return {entry.uid for entry in sections.commitment_calendar(user)}

    assert uids(cast.alice) == uids(cast.carol) == {f"commitment-{tox.pk}@concord"}
    assert uids(cast.bob) == {f"commitment-{assay.pk}@concord"}
    assert uids(cast.dave) == uids(cast.mallory) == set()
    entry = next(iter(sections.commitment_calendar(cast.alice)))
    assert entry.start == datetime.date(2026, 12, 20)
    assert entry.url == f"/commitments/{tox.pk}/"


def test_the_overview_panel_shows_each_party_and_what_is_overdue(cast):
    late = helix_owes(cast, due="2020-01-10", title="Long overdue")
    request = RequestFactory().get("/")
    request.user = cast.bob
    template, context = sections.overview_panel(request, cast.helix_borealis)
    assert template == "expectations/_overview_panel.html"
    assert [c.pk for c in context["overdue"]] == [late.pk]
    request.user = cast.dave
    assert sections.overview_panel(request, cast.helix_borealis) is None
