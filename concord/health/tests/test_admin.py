"""The site admin shows health records through visible_to(), writes nothing, and never lists the
tallies, comments or invitations that could break the anonymity threshold."""

import pytest
from django.contrib import admin
from django.urls import reverse

from concord.health import services
from concord.health.models import Comment, DimensionTally, Kind, Respondent, RoundParty

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_alice(cast):
    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save(update_fields=["is_staff", "is_superuser"])
    return cast.alice


@pytest.mark.parametrize("model", ["instrument", "round", "cadence", "earlywarning", "celebration"])
def test_health_records_are_listed_read_only(client, cast, staff_alice, model):
    services.round_start(actor=cast.dave, alliance=cast.cobalt_borealis, kind=Kind.PULSE)
    services.round_start(actor=cast.alice, alliance=cast.helix_borealis, kind=Kind.PULSE)
    services.cadence_update(actor=cast.alice, alliance=cast.helix_borealis, window_days=7)
    client.force_login(staff_alice)
    response = client.get(reverse(f"admin:health_{model}_changelist"))
    assert response.status_code == 200
    assert "Cobalt" not in response.content.decode()
    assert client.get(reverse(f"admin:health_{model}_add")).status_code == 403


def test_tallies_comments_and_invitations_have_no_admin():
    for model in (RoundParty, DimensionTally, Comment, Respondent):
        assert not admin.site.is_registered(model)
