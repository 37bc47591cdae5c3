"""The expectations API's reads, on real records, match their declared schema.

The fuzzer in tests/test_schemathesis.py hits a real commitment only now and then; here Alice reads
a commitment with a rejected and an accepted delivery and a resolved dispute, the scorecard they
make, and a learning objective with reviews, so every part of each response's shape is checked.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from concord.alliances.models import Party
from concord.expectations import services
from concord.orgs.services import api_token_create
from tests.test_schemathesis import CHECKS, keep_the_test_connection, schema  # noqa: F401


@pytest.fixture
def records(cast) -> dict[str, int]:
    alliance = cast.helix_borealis
    helix = Party.objects.unscoped().get(alliance=alliance, organisation=cast.helix)
    commitment = services.commitment_create(
        actor=cast.bob,
        alliance=alliance,
        title="Tox report",
        acceptance_criteria="QA-signed.",
        owner_party=helix,
        owner=cast.alice,
        due_date=datetime.date(2020, 6, 30),
    )
    first = services.commitment_deliver(actor=cast.alice, commitment=commitment, note="Here.")
    services.delivery_reject(actor=cast.bob, delivery=first, comment="Unsigned.")
    dispute = services.commitment_dispute(actor=cast.alice, commitment=commitment, reason="Signed")
    services.dispute_resolve(actor=cast.bob, dispute=dispute, resolution="Redeliver signed.")
    second = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    services.delivery_accept(actor=cast.bob, delivery=second, comment="Good.")
    objective = services.objective_create(
        actor=cast.alice,
        alliance=alliance,
        title="Decide faster",
        rationale="Slow decisions.",
        measure="Days to decision",
        unit="days",
        baseline=Decimal("45"),
        target=Decimal("20"),
        owner=cast.bob,
        target_date=datetime.date(2027, 6, 30),
    )
    services.review_record(actor=cast.bob, objective=objective, value=Decimal("30.5"))
    return {
        "alliance_id": alliance.pk,
        "commitment_id": commitment.pk,
        "learning_objective_id": objective.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/alliances/{alliance_id}/commitments",
        "/api/v1/alliances/{alliance_id}/scorecard",
        "/api/v1/alliances/{alliance_id}/learning-objectives",
        "/api/v1/commitments/{commitment_id}",
        "/api/v1/learning-objectives/{learning_objective_id}",
    ],
)
def test_real_expectations_records_match_the_schema(cast, records, path):
    headers = {"Authorization": f"Bearer {api_token_create(actor=cast.alice).key}"}
    params = {name: value for name, value in records.items() if f"{{{name}}}" in path}
    case = schema[path]["GET"].Case(path_parameters=params)
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == 200
    assert response.json()
