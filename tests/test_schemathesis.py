"""Schemathesis fuzzes every API operation from the OpenAPI schema, signed in as Alice.

Each operation gets valid and invalid requests (wrong types, missing fields, NUL bytes, huge
numbers); none may answer 5xx, and every answer must match the schema: a declared status code,
JSON, and a body of the declared shape. The cast is real, so small ids hit real records and the
happy paths run too, not only the 404s.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from concord.alliances import services as alliance_services
from concord.core import clock
from concord.core.models import OutboxEmail
from concord.orgs.services import api_token_create
from concord.portal import services as portal_services
from concord.portal.models import Criterion
from concord.portal.services import IssuedSubmission
from concord.wsgi import application
from conftest import Cast, signed
from tests.openapi import OPENAPI_PATH, openapi_schema
from tests.snapshot import Snapshot, capture

# The schema the API serves, built once per worker and shared with the permission matrix, handed
# over as a dict; requests still go through the whole WSGI application.
schema = schemathesis.openapi.from_dict(openapi_schema())
schema.app = application
schema.location = OPENAPI_PATH
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def keep_the_test_connection() -> Iterator[None]:
    """Call the WSGI app as Django's test client does, without closing the test's connection.

    Django closes "old" connections when a request finishes; inside a test's transaction that
    closes the connection the test is running in (on PostgreSQL), so unhook it meanwhile.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


SUBMISSION = {
    "contact_name": "Fay Founder",
    "contact_email": "fay@tinybio.test",
    "submitter_organisation_name": "Tiny Bio",
    "asset_name": "TB-7",
    "modality": "antibody",
    "therapeutic_area": "oncology",
    "indication": "Lung cancer",
    "stage": "preclinical",
    "mechanism": "EGFR antibody",
    "differentiation": "Active where others stop.",
    "data_summary": "One xenograft model.",
    "ip_status": "Filed.",
    "deal_type": "licence",
    "attested_non_confidential": True,
}


def helix_portal_open(cast: Cast) -> IssuedSubmission:
    """Alice's Helix takes submissions too, so her fuzzing of the portal meets real records.

    The first is scored, asked about and answered, so the team's reads and the submitter's
    status carry every part of their shape; the second waits untouched for a decision.
    """
    portal = portal_services.portal_save(actor=cast.alice, slug="helix", publish_statistics=True)
    portal_services.area_save(
        actor=cast.alice, title="Oncology", therapeutic_areas=["oncology"], reviewers=[cast.alice]
    )
    issued = portal_services.submission_create(portal=portal, data=SUBMISSION)
    submission = issued.submission
    scores = {c: {"score": 4, "comment": "Promising."} for c in Criterion.values}
    portal_services.review_submit(actor=cast.alice, submission=submission, scores=scores)
    portal_services.message_post(
        actor=cast.alice, submission=submission, body="Check the IP.", internal=True
    )
    portal_services.submission_request_info(
        actor=cast.alice, submission=submission, question="A second model?"
    )
    portal_services.submitter_reply(submission=submission, body="In Q3.")
    portal_services.submission_create(portal=portal, data=SUBMISSION | {"asset_name": "TB-8"})
    return issued


def alice_waits(cast: Cast) -> dict[str, str]:
    """Alice's token, with something waiting for her answer so accept, sign and decline can pass.

    Bob invites Helix into a new alliance and proposes a gate on the Helix–Borealis alliance;
    Helix's portal has submissions to triage. The ids are small, and hypothesis tries small
    integers early.
    """
    alliance = alliance_services.alliance_create(
        actor=cast.bob, name="Borealis–Helix RNA alliance", effective_date=datetime.date(2025, 5, 1)
    )
    alliance_services.party_invite(actor=cast.bob, alliance=alliance, organisation=cast.helix)
    alliance_services.gate_propose(
        actor=cast.bob,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Ready.",
        **signed(),
    )
    return {"Authorization": f"Bearer {api_token_create(actor=cast.alice).key}"}


@dataclass
class Fuzzing:
    """The cast, Helix's portal with its first submission, and Alice's headers."""

    cast: Cast
    helix_portal: IssuedSubmission
    alice_headers: dict[str, str]


def fuzzing_build(cast: Cast) -> Fuzzing:
    portal = helix_portal_open(cast)
    return Fuzzing(cast=cast, helix_portal=portal, alice_headers=alice_waits(cast))


@pytest.fixture(scope="session")
def fuzzing_snapshot(cast_snapshot: Snapshot[Cast], django_db_blocker: Any) -> Snapshot[Fuzzing]:
    """What every test here starts from, built once per worker (see tests/snapshot.py)."""
    with django_db_blocker.unblock():
        return capture(lambda: fuzzing_build(cast_snapshot.restore()))


@pytest.fixture
def fuzzing(db: None, fuzzing_snapshot: Snapshot[Fuzzing]) -> Fuzzing:
    return fuzzing_snapshot.restore()


@pytest.fixture
def cast(fuzzing: Fuzzing) -> Cast:
    """The cast of this module's story (the shared one, plus Helix's portal and what waits)."""
    return fuzzing.cast


@pytest.fixture
def helix_portal(fuzzing: Fuzzing) -> IssuedSubmission:
    return fuzzing.helix_portal


@pytest.fixture
def alice_headers(fuzzing: Fuzzing) -> dict[str, str]:
    return fuzzing.alice_headers


@pytest.fixture
def statuses() -> Iterator[Counter[int]]:
    """The status codes one operation answered; a run that sent no request at all fails."""
    seen: Counter[int] = Counter()
    yield seen
    assert sum(seen.values()) > 0, "schemathesis generated no cases for this operation"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    # The cast is built once per operation and shared by its examples, on purpose: state that
    # earlier examples leave behind (new alliances, gates) gives later ones more to hit.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_input_breaks_the_api_or_its_schema(case, alice_headers, statuses):
    response = case.call_and_validate(headers=alice_headers, checks=CHECKS)
    statuses[response.status_code] += 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/alliances/{alliance_id}",
        "/api/v1/alliances/{alliance_id}/parties",
        "/api/v1/alliances/{alliance_id}/programmes",
        "/api/v1/alliances/{alliance_id}/gates",
        "/api/v1/alliances/{alliance_id}/notes",
        "/api/v1/alliances/{alliance_id}/audit",
        "/api/v1/alliances/{alliance_id}/team",
    ],
)
def test_real_records_match_the_schema_too(cast, alice_headers, path):
    """The fuzzer hits real ids only now and then; these reads of Alice's alliance always do."""
    case = schema[path]["GET"].Case(path_parameters={"alliance_id": cast.helix_borealis.pk})
    response = case.call_and_validate(headers=alice_headers, checks=CHECKS)
    assert response.status_code == 200


@pytest.mark.django_db
def test_real_notifications_match_the_schema_too(cast, alice_headers):
    """Alice's outbox holds a sent message and one waiting for a retry, with and without `sent_at`."""
    for status, sent_at in (
        (OutboxEmail.Status.SENT, clock.now()),
        (OutboxEmail.Status.PENDING, None),
    ):
        email = OutboxEmail.objects.create(
            name="colleague-invitation",
            to=[cast.alice.email],
            subject=f"A {status} message",
            text="Text",
            html="<p>Text</p>",
            status=status,
            attempts=1,
            next_attempt_at=clock.now(),
            sent_at=sent_at,
        )
        email.organisations.set([cast.helix])
    case = schema["/api/v1/me/notifications"]["GET"].Case()
    response = case.call_and_validate(headers=alice_headers, checks=CHECKS)
    assert response.status_code == 200
    assert {"A sent message", "A pending message"} <= {
        item["subject"] for item in response.json()["items"]
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/portal/submissions/{submission_id}",
        "/api/v1/public/portals/{slug}",
        "/api/v1/public/submissions/{token}",
    ],
)
def test_real_portal_records_match_the_schema_too(helix_portal, alice_headers, path):
    """The fuzzer cannot guess a slug or a status token; these reads always hit real ones."""
    known = {
        "submission_id": helix_portal.submission.pk,
        "slug": "helix",
        "token": helix_portal.token,
    }
    params = {name: value for name, value in known.items() if f"{{{name}}}" in path}
    case = schema[path]["GET"].Case(path_parameters=params)
    response = case.call_and_validate(headers=alice_headers, checks=CHECKS)
    assert response.status_code == 200
