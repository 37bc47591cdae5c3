"""The site admin shows staff only what their organisation may see, and writes nothing."""

import pytest
from django.urls import reverse


@pytest.fixture
def staff_alice(cast):
    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save(update_fields=["is_staff", "is_superuser"])
    return cast.alice


def test_staff_see_their_own_organisations_people_only(client, cast, staff_alice):
    client.force_login(staff_alice)

    page = client.get(reverse("admin:orgs_membership_changelist")).content.decode()

    assert "Carol Chen" in page
    assert "Bob Brennan" not in page and "Dave Dunmore" not in page


def test_another_organisations_records_are_not_found(client, cast, staff_alice):
    client.force_login(staff_alice)
    bobs = reverse("admin:orgs_membership_change", args=[cast.bob.membership.pk])
    carols = reverse("admin:orgs_membership_change", args=[cast.carol.membership.pk])

    assert client.get(bobs).url == reverse("admin:index")
    assert client.get(carols).status_code == 200


@pytest.mark.parametrize("model", ["organisation", "membership", "invitation", "apitoken"])
def test_the_admin_is_read_only(client, cast, staff_alice, model):
    client.force_login(staff_alice)

    assert client.get(reverse(f"admin:orgs_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:orgs_{model}_add")).status_code == 403


def test_a_membership_cannot_be_changed_or_deleted_from_the_admin(client, cast, staff_alice):
    client.force_login(staff_alice)
    carol = cast.carol.membership
    url = reverse("admin:orgs_membership_change", args=[carol.pk])

    client.post(url, {"role": "finance", "is_admin": "on", "is_active": "on"})
    delete = client.post(reverse("admin:orgs_membership_delete", args=[carol.pk]), {"post": "yes"})

    carol.refresh_from_db()
    assert carol.role == "viewer"
    assert delete.status_code == 403
