"""Permission-matrix entries for the health pages and API; see tests/test_permission_matrix.py.

A partner sees the shared aggregates and answers its own invitations; it never sees the other
party's own instruments (a copy is the copying organisation's), and outsiders see nothing. The
read-only colleague reads results but, not being on the team, was not invited to answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concord.core.tokens import new_secret
from concord.health import services
from concord.health.models import Kind, Respondent, Statement
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
    body,
    by_person,
    expect,
    lead_of,
    no_kwargs,
    object_pk,
)


def build(world: World) -> dict[str, Any]:
    """An open pulse both teams are invited to, a closed health check, and the lead's own copy
    of the pulse instrument; plus a personal link of the lead's (only its hash is stored)."""
    lead = lead_of(world)
    builtin = services.builtin_instruments_ensure()
    checked = services.round_start(actor=lead, alliance=world.alliance, kind=Kind.HEALTH_CHECK)
    services.round_close(round_pk=checked.pk)
    pulse = services.round_start(actor=lead, alliance=world.alliance, kind=Kind.PULSE)
    token, token_hash = new_secret()
    Respondent.objects.unscoped().filter(round=pulse, user=lead).update(token_hash=token_hash)
    own = services.instrument_copy(actor=lead, instrument=builtin[Kind.PULSE], name="Own pulse")
    return {
        "round": pulse,
        "closed_round": checked,
        "builtin_instrument": builtin[Kind.HEALTH_CHECK],
        "own_instrument": own,
        "answer_token": token,
    }


def every_answer(world: World) -> dict[str, Any]:
    """A complete answer to the open pulse."""
    ids = Statement.objects.unscoped().filter(dimension__version=world.objects["round"].version_id)
    return {"scores": [{"statement_id": pk, "score": 4} for pk in ids.values_list("pk", flat=True)]}


# The lead's own instrument: the lead's organisation reads it (the viewer too), only the lead
# changes it, and to every other organisation, the partner included, it does not exist.
OWN_INSTRUMENT_READ = expect(anonymous=401, outsider=404, partner=404, viewer=200, lead=200)
# Answering needs an invitation: the viewer is not on the team.
INVITED = expect(anonymous=302, outsider=404, viewer=403, others=200)
MANAGERS_BY_JOB = by_person(302, carol=403, anonymous=302)

PAGES: dict[str, Page] = {
    "health:portfolio": Page(no_kwargs, MEMBERS),
    "health:portfolio-export": Page(no_kwargs, MEMBERS),
    "health:instrument-list": Page(no_kwargs, MEMBERS),
    "health:instrument-detail": Page(object_pk("builtin_instrument"), MEMBERS),
    "health:instrument-copy": Page(object_pk("builtin_instrument"), MANAGERS_BY_JOB, post=body()),
    "health:instrument-update": Page(
        object_pk("own_instrument"),
        expect(anonymous=302, outsider=404, partner=404, viewer=403, lead=200),
    ),
    "health:threshold-update": Page(no_kwargs, MANAGERS_BY_JOB, post=body(min_respondents="4")),
    "health:alliance-health": Page(alliance_pk, READERS),
    "health:cadence-update": Page(alliance_pk, MANAGERS),
    "health:round-start": Page(alliance_pk, MANAGERS),
    "health:kudos-create": Page(alliance_pk, MANAGERS),
    "health:round-detail": Page(object_pk("closed_round"), READERS),
    "health:round-export": Page(object_pk("closed_round"), READERS),
    "health:round-answer": Page(object_pk("round"), INVITED),
    # The personal link needs no sign-in: the token is the credential.
    "health:answer": Page(lambda w: {"token": w.objects["answer_token"]}, expect(others=200)),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/health/instruments"): Operation(API_READ),
    ("get", "/api/v1/health/instruments/{instrument_id}"): Operation(OWN_INSTRUMENT_READ),
    ("post", "/api/v1/health/instruments/{instrument_id}/copy"): Operation(
        expect(anonymous=401, outsider=404, partner=404, viewer=403, lead=201), body(name="Copy")
    ),
    ("put", "/api/v1/health/instruments/{instrument_id}"): Operation(
        expect(anonymous=401, outsider=404, partner=404, viewer=403, lead=200),
        body(
            name="Own pulse",
            change_note="Shorter",
            dimensions=[
                {
                    "name": "Speed",
                    "statements": [
                        "Decisions come in time.",
                        "Decisions stick.",
                        "Nobody waits for a reply.",
                    ],
                }
            ],
        ),
    ),
    ("get", "/api/v1/health/threshold"): Operation(API_READ),
    ("put", "/api/v1/health/threshold"): Operation(
        by_person(200, carol=403, anonymous=401), body(min_respondents=4)
    ),
    ("get", "/api/v1/alliances/{alliance_id}/health/cadence"): Operation(API_SCOPED_READ),
    ("patch", "/api/v1/alliances/{alliance_id}/health/cadence"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(window_days=7)
    ),
    ("get", "/api/v1/alliances/{alliance_id}/health/rounds"): Operation(API_SCOPED_READ),
    # The partner starts a health check; the lead then finds one already open.
    ("post", "/api/v1/alliances/{alliance_id}/health/rounds"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        body(kind="health_check"),
    ),
    ("get", "/api/v1/health/rounds/{round_id}"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/health/rounds/{round_id}/responses"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201), every_answer
    ),
    ("get", "/api/v1/health/rounds/{round_id}/results"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/health/invitations"): Operation(API_READ),
    ("get", "/api/v1/alliances/{alliance_id}/health/trend"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/health/portfolio"): Operation(API_READ),
    ("get", "/api/v1/alliances/{alliance_id}/celebrations"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/kudos"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201), body(message="Thank you!")
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "instrument_id": lambda w: w.objects["own_instrument"].pk,
    "round_id": lambda w: w.objects["round"].pk,
}
