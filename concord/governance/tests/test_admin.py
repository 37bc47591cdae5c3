"""The site admin shows governance records through the same visible_to() rule, and writes nothing."""

import pytest
from django.apps import apps
from django.urls import reverse

from concord.governance import services

MODELS = [
    "committee",
    "charter",
    "committeemember",
    "meeting",
    "minutes",
    "decision",
    "actionitem",
    "concern",
    "escalation",
    "workstream",
    "calendarfeed",
]


@pytest.fixture
def staff_alice(board):
    cast = board.cast
    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save(update_fields=["is_staff", "is_superuser"])
    services.concern_raise(
        actor=cast.bob, alliance=cast.helix_borealis, title="Borealis-only worry"
    )
    cobalt = services.committee_create(
        actor=cast.dave, alliance=cast.cobalt_borealis, name="Cobalt secret JSC"
    )
    assert cobalt.pk
    return cast.alice


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_every_governance_model_is_listed_read_only(client, staff_alice, model):
    client.force_login(staff_alice)
    response = client.get(reverse(f"admin:governance_{model}_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cobalt secret JSC" not in page and "Borealis-only worry" not in page
    assert client.get(reverse(f"admin:governance_{model}_add")).status_code == 403
    record = apps.get_model("governance", model).objects.visible_to(staff_alice).first()
    if record is not None:
        assert (
            client.get(reverse(f"admin:governance_{model}_change", args=[record.pk])).status_code
            == 200
        )
