"""The site admin shows alliance records through the same visible_to() rule, and writes nothing."""

import pytest
from django.apps import apps
from django.urls import reverse

from concord.alliances.models import Alliance, Note


@pytest.fixture
def staff_alice(cast):
    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save(update_fields=["is_staff", "is_superuser"])
    return cast.alice


MODELS = [
    "alliance",
    "party",
    "partnerinvitation",
    "teammember",
    "programme",
    "gate",
    "gatesignoff",
    "phasetransition",
    "note",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_alliance_model_is_listed_read_only(client, cast, staff_alice, model):
    client.force_login(staff_alice)
    response = client.get(reverse(f"admin:alliances_{model}_changelist"))
    assert response.status_code == 200
    assert "Cobalt" not in response.content.decode()
    assert client.get(reverse(f"admin:alliances_{model}_add")).status_code == 403
    record = apps.get_model("alliances", model).objects.visible_to(staff_alice).first()
    if record is not None:
        change = client.get(reverse(f"admin:alliances_{model}_change", args=[record.pk]))
        assert change.status_code == 200


def test_staff_see_their_alliance_and_not_their_rivals(client, cast, staff_alice):
    client.force_login(staff_alice)
    page = client.get(reverse("admin:alliances_alliance_changelist")).content.decode()
    assert cast.helix_borealis.name in page
    assert cast.cobalt_borealis.name not in page

    rival = reverse("admin:alliances_alliance_change", args=[cast.cobalt_borealis.pk])
    assert client.get(rival).url == reverse("admin:index")
    own = reverse("admin:alliances_alliance_change", args=[cast.helix_borealis.pk])
    assert client.get(own).status_code == 200


def test_the_partners_private_notes_stay_out_of_the_admin(client, cast, staff_alice):
    client.force_login(staff_alice)
    page = client.get(reverse("admin:alliances_note_changelist")).content.decode()
    assert cast.helix_private_note.title in page and cast.shared_note.title in page
    assert cast.borealis_private_note.title not in page


def test_nothing_is_changed_or_deleted_from_the_admin(client, cast, staff_alice):
    client.force_login(staff_alice)
    alliance = cast.helix_borealis
    url = reverse("admin:alliances_alliance_change", args=[alliance.pk])
    client.post(url, {"name": "Renamed", "effective_date": "2025-01-01"})
    client.post(reverse("admin:alliances_alliance_delete", args=[alliance.pk]), {"post": "yes"})
    assert Alliance.objects.unscoped().get(pk=alliance.pk).name == alliance.name
    note = reverse("admin:alliances_note_delete", args=[cast.shared_note.pk])
    client.post(note, {"post": "yes"})
    assert Note.objects.unscoped().filter(pk=cast.shared_note.pk).exists()
