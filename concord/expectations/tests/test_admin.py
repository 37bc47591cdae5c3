"""The site admin shows expectations through the same visible_to() rule, and writes nothing."""

import pytest
from django.urls import reverse

from concord.expectations import services
from concord.expectations.tests.helpers import helix_owes, party


@pytest.fixture
def staff_alice(cast):
    cast.alice.is_staff = cast.alice.is_superuser = True
    cast.alice.save(update_fields=["is_staff", "is_superuser"])
    return cast.alice


@pytest.mark.parametrize(
    "model", ["commitment", "delivery", "commitmentdispute", "learningobjective", "progressreview"]
)
@pytest.mark.django_db
def test_every_expectations_model_is_listed_read_only_and_in_scope(
    client, cast, staff_alice, model
):
    helix_owes(cast, due="2027-01-10")
    secret = services.commitment_create(
        actor=cast.bob,
        alliance=cast.cobalt_borealis,
        title="Cobalt secret deliverable",
        acceptance_criteria="Anything.",
        owner_party=party(cast.cobalt_borealis, cast.cobalt),
        owner=cast.dave,
        due_date=cast.cobalt_borealis.effective_date,
    )
    services.commitment_deliver(actor=cast.dave, commitment=secret)
    client.force_login(staff_alice)
    response = client.get(reverse(f"admin:expectations_{model}_changelist"))
    assert response.status_code == 200
    assert "Cobalt secret" not in response.content.decode()
    assert client.get(reverse(f"admin:expectations_{model}_add")).status_code == 403
