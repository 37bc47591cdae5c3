"""Permission-matrix entries for federated research's pages and API; see
tests/test_permission_matrix.py.

In each world the lead set up a joint research committee and each party made its alliance
manager its data steward. A finished study (approved by both parties' votes, both nodes admitted)
has run once on each party's share of GBSG2; a second study, approved, waits for the partner's
steward to admit its node. A study reaches only its parties: outsiders get a 404. Only a party's
own data steward admits or withdraws its node; viewers read.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from concord.orgs import services as org_services
from concord.research import fl, services
from concord.research.models import DataSteward
from conftest import PASSWORD
from tests.matrix import (
    API_READ,
    API_SCOPED_READ,
    MANAGERS,
    MEMBERS,
    READERS,
    Operation,
    Page,
    World,
    alliance_pk,
    expect,
    object_pk,
    person,
)
from tests.research_story import (
    admit,
    approve,
    node_public_key,
    parties_of,
    propose,
    ran,
    research_committee,
    stewards,
)


def _lead(world: World) -> Any:
    return person(world, next(who for who, role in world.roles.items() if role == "lead"))


def _newcomer(lead: Any) -> Any:
    issued = org_services.invitation_create(
        actor=lead, email=f"steward-{lead.pk}@research.test", role="scientist"
    )
    return org_services.invitation_accept(
        token=issued.token, password=PASSWORD, first_name="Stella", last_name="Steward"
    ).user


def build(world: World) -> dict[str, Any]:
    """The studies, run and people this capability's routes point at."""
    lead, partner = _lead(world), world.cast.bob
    committee = research_committee(lead, world.alliance)
    stewards(lead, partner)
    done = ran(lead, partner, committee, Path(tempfile.mkdtemp(prefix="concord-nodes-")))
    waiting = approve(propose(lead, world.alliance, committee, rounds=4), lead, partner)
    admit(waiting, lead)
    return {
        "committee": committee,
        "study": waiting,
        "done_study": done,
        "run": done.runs.get(),
        "newcomer": _newcomer(lead),
        "steward": DataSteward.objects.unscoped().get(user=lead),
    }


def _study_body(world: World) -> dict[str, Any]:
    spec = services.spec_arguments(fl.demo_spec("logistic"))
    return {
        "title": "Three-year recurrence",
        "question": "Who recurs within three years?",
        "committee_id": world.objects["committee"].pk,
        "party_ids": [p.pk for p in parties_of(world.alliance)],
        **spec,
    }


WRITERS_POST = expect(anonymous=302, outsider=404, viewer=403, others=302)

PAGES: dict[str, Page] = {
    "research:study-list": Page(alliance_pk, READERS),
    "research:study-create": Page(alliance_pk, MANAGERS),
    "research:study-detail": Page(object_pk("done_study"), READERS),
    "research:study-export": Page(object_pk("done_study"), READERS),
    "research:run-model": Page(object_pk("run"), READERS),
    # The partner's steward admits its node; the lead's re-admits it with a new key.
    "research:study-admit": Page(
        object_pk("study"), WRITERS_POST, post=lambda w: {"public_key": node_public_key()}
    ),
    # The coordinator's CA certificate, for the study's parties only.
    "research:coordinator-ca": Page(object_pk("study"), READERS),
    "research:study-withdraw": Page(
        object_pk("study"), WRITERS_POST, post=lambda w: {"reason": "A data-sharing review."}
    ),
    # Refused for a reason (the partner's node is not admitted): a message on the study's page.
    "research:run-start": Page(object_pk("study"), WRITERS_POST, post=lambda w: {}),
    # Every organisation's own stewards: anyone signed in reads theirs.
    "research:stewards": Page(lambda w: {}, MEMBERS),
    # A steward is their own organisation's business: the partner and outsiders find nothing.
    "research:steward-remove": Page(
        object_pk("steward"),
        expect(anonymous=302, outsider=404, viewer=403, partner=404, lead=302),
        post=lambda w: {},
    ),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/studies"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/studies"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201), _study_body
    ),
    ("get", "/api/v1/studies/{study_id}"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/studies/{study_id}/approval"): Operation(API_SCOPED_READ),
    # The partner's steward admits its node; the lead's re-admits it with a new key.
    ("post", "/api/v1/studies/{study_id}/admission"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200),
        lambda w: {"public_key": node_public_key()},
    ),
    ("post", "/api/v1/studies/{study_id}/withdrawal"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200),
        lambda w: {"reason": "A data-sharing review."},
    ),
    ("get", "/api/v1/studies/{study_id}/runs"): Operation(API_SCOPED_READ),
    # Refused with the reason: the partner's node is not admitted.
    ("post", "/api/v1/studies/{study_id}/runs"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422)
    ),
    ("get", "/api/v1/runs/{run_id}"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/runs/{run_id}/model"): Operation(
        API_SCOPED_READ, produces="application/octet-stream"
    ),
    ("get", "/api/v1/research/stewards"): Operation(API_READ),
    # The body names the lead's new colleague: only the lead's organisation may appoint them.
    ("post", "/api/v1/research/stewards"): Operation(
        expect(anonymous=401, outsider=422, viewer=403, partner=422, lead=201),
        lambda w: {"user_id": w.objects["newcomer"].pk},
    ),
    ("delete", "/api/v1/research/stewards/{steward_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=404, lead=204)
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "steward_id": lambda w: w.objects["steward"].pk,
    "study_id": lambda w: w.objects["study"].pk,
    "run_id": lambda w: w.objects["run"].pk,
}
