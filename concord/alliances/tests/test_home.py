"""The home page: a landing page for visitors, Today (what needs answering) for members."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from concord.alliances import services
from concord.orgs.models import User
from conftest import signed

pytestmark = pytest.mark.django_db


def home(user: User | None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_visitors_see_what_concord_is_and_how_to_start():
    text = home(None)
    assert "One shared workspace" in text
    assert reverse("orgs:signup") in text and reverse("login") in text


def test_alice_sees_her_portfolio_by_phase_and_recent_alliances(cast):
    text = home(cast.alice)
    assert "Your 1 alliance by phase" in text
    assert cast.helix_borealis.name in text
    assert "Cobalt" not in text  # Bob's alliance with her rival is not even counted
    assert "Invitation to join" not in text and "has not signed it yet" not in text


def test_bob_counts_both_of_his_alliances(cast):
    assert "Your 2 alliances by phase" in home(cast.bob)


def test_a_new_organisation_is_invited_to_create_its_first_alliance(cast):
    text = home(cast.mallory)
    assert "Create your first alliance" in text
    assert reverse("alliances:alliance-create") in text


def test_invitations_to_answer_come_first(cast):
    alliance = services.alliance_create(
        actor=cast.mallory,
        name="Meridian–Helix assay alliance",
        effective_date=datetime.date(2025, 2, 1),
    )
    services.party_invite(actor=cast.mallory, alliance=alliance, organisation=cast.helix)
    text = home(cast.alice)
    assert "Invitation to join Meridian–Helix assay alliance" in text
    assert "Mallory Moss invited your organisation" in text
    assert ">Answer</a>" in text
    # Carol is read-only: answering is not hers to do, so it is not on her Today.
    assert "Invitation to join" not in home(cast.carol)


def test_gates_awaiting_sign_off_name_who_can_sign(cast):
    services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Ready.",
        **signed(),
    )
    text = home(cast.erin)
    assert "Gate Discovery → Pre-Clinical" in text
    assert "your organisation has not signed it yet" in text and ">Sign</a>" in text
    assert "has not signed it yet" not in home(cast.alice)  # Helix proposed it: signed already
    assert "has not signed it yet" not in home(cast.carol)


def test_an_empty_day_says_so(cast):
    text = home(cast.mallory)
    assert "Nothing needs you today" in text
    assert "Nothing needs you today" not in home(cast.dave)  # his health check is overdue
