"""Permission-matrix entries for the risk register's pages and API; see
tests/test_permission_matrix.py.

In each world the lead has recorded a shared risk it owns. Any joined party's writer reviews,
revises, materialises and closes a shared risk; viewers read it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from concord.core import clock
from concord.risks import services
from tests.matrix import (
    API_SCOPED_READ,
    MANAGERS,
    READERS,
    Operation,
    Page,
    World,
    alliance_pk,
    body,
    days_ahead,
    expect,
    lead_of,
    object_pk,
)


def build(world: World) -> dict[str, Any]:
    """The risk this capability's routes point at, for one of the two alliances."""
    lead = lead_of(world)
    return {
        "risk": services.risk_create(
            actor=lead,
            alliance=world.alliance,
            title="Scale-up slips",
            category="operational",
            owner=lead,
            likelihood=3,
            impact=3,
            review_on=clock.today() + datetime.timedelta(days=5),
        )
    }


WRITERS_POST = expect(anonymous=302, outsider=404, viewer=403, others=302)

PAGES: dict[str, Page] = {
    "risks:register": Page(alliance_pk, READERS),
    "risks:risk-create": Page(alliance_pk, MANAGERS),
    "risks:risk-detail": Page(object_pk("risk"), READERS),
    "risks:risk-update": Page(object_pk("risk"), MANAGERS),
    "risks:risk-review": Page(
        object_pk("risk"),
        WRITERS_POST,
        post=lambda w: {"likelihood": "2", "impact": "3", "next_review_on": days_ahead(20)},
    ),
    # The partner records it happened; the lead is then told it has (a message, no change).
    "risks:risk-materialise": Page(object_pk("risk"), WRITERS_POST, post=body(note="Slipped.")),
    "risks:risk-close": Page(object_pk("risk"), WRITERS_POST, post=body(reason="Mitigated.")),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/risks"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/risks"): Operation(
        # Each names the lead as owner: only the lead's own organisation may.
        expect(anonymous=401, outsider=404, viewer=403, partner=422, lead=201),
        lambda w: {
            "title": "Key scientist leaves",
            "category": "relationship",
            "owner_id": lead_of(w).pk,
            "likelihood": 2,
            "impact": 3,
            "review_on": days_ahead(20),
        },
    ),
    ("get", "/api/v1/risks/{risk_id}"): Operation(API_SCOPED_READ),
    ("patch", "/api/v1/risks/{risk_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(impact=4)
    ),
    ("post", "/api/v1/risks/{risk_id}/reviews"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {"likelihood": 2, "impact": 2, "next_review_on": days_ahead(30)},
    ),
    # The partner records it happened; the lead then finds it is no longer open.
    ("post", "/api/v1/risks/{risk_id}/materialise"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422), body(note="It did.")
    ),
    ("post", "/api/v1/risks/{risk_id}/close"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422),
        body(reason="Passed."),
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "risk_id": lambda w: w.objects["risk"].pk,
}
