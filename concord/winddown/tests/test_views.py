"""The wind-down tab's wiring: a manager starts it, a party completes its own item with
evidence, and an outsider finds nothing there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.winddown.models import ChecklistItem, WindDown

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_start_then_complete_an_item_with_evidence(cast):
    alliance = cast.helix_borealis
    alice = client_for(cast.alice)
    page = alice.get(reverse("winddown:overview", args=[alliance.pk]))
    assert page.status_code == 200 and b"Start the wind-down" in page.content
    answer = alice.post(
        reverse("winddown:start", args=[alliance.pk]),
        {
            "reason": "convenience",
            "notice_given_on": clock.today().isoformat(),
            "notice_days": "90",
        },
    )
    assert answer.status_code == 302
    wind_down = WindDown.objects.unscoped().get(alliance=alliance)
    item = (
        ChecklistItem.objects.unscoped()
        .filter(wind_down=wind_down, owner__organisation=cast.bob.membership.organisation)
        .first()
    )
    bob = client_for(cast.bob)
    bob.post(reverse("winddown:item-complete", args=[item.pk]), {"evidence": "Destruction cert"})
    item.refresh_from_db()
    assert item.is_done and item.evidence == "Destruction cert"
    page = bob.get(reverse("winddown:overview", args=[alliance.pk]))
    assert b"Destruction cert" in page.content and b"days of notice left" in page.content
    outsider = client_for(cast.dave)
    assert outsider.get(reverse("winddown:overview", args=[alliance.pk])).status_code == 404
    assert (
        outsider.post(
            reverse("winddown:item-complete", args=[item.pk]), {"evidence": "x"}
        ).status_code
        == 404
    )
