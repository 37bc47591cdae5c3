"""Permission-matrix entries for the goals pages and API; see tests/test_permission_matrix.py.

Both parties read the goals and KPIs; their alliance managers propose goals, changes, benefits
and KPIs and answer for their own party only; a KPI's measurements are its owner party's (the
lead's here) to record; the read-only colleague reads; outsiders see nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from concord.core import clock
from concord.goals import services
from tests.matrix import (
    API_READ,
    API_SCOPED_READ,
    MANAGERS,
    READERS,
    Operation,
    Page,
    World,
    alliance_pk,
    body,
    expect,
    lead_of,
    lead_party,
    object_pk,
)


def build(world: World) -> dict[str, Any]:
    """Two goals both parties agreed, a change of the second proposed by the lead and awaiting
    the partner, and a KPI of the first owned by the lead's party."""
    lead = lead_of(world)
    partner = world.cast.bob
    goals = []
    for title in ("First patient dosed", "Access in ten countries"):
        goal = services.goal_propose(actor=lead, alliance=world.alliance, title=title)
        services.goal_version_agree(actor=partner, version=goal.versions.get())
        goals.append(goal)
    change = services.goal_change_propose(
        actor=lead, goal=goals[1], title="Access in twelve countries", reason="Two more filings"
    )
    kpi = services.kpi_create(
        actor=lead,
        goal=goals[0],
        name="Patients dosed",
        kind="patient_outcome",
        unit="patients",
        direction="increase",
        baseline=Decimal(0),
        baseline_date=clock.today() - datetime.timedelta(days=30),
        target=Decimal(40),
        target_date=clock.today() + datetime.timedelta(days=300),
        owner_party_id=lead_party(world).pk,
    )
    return {"goal": goals[0], "goal_version": change, "kpi": kpi}


def kpi_body(world: World) -> dict[str, Any]:
    return {
        "name": "Countries with access",
        "kind": "patient_outcome",
        "unit": "countries",
        "direction": "increase",
        "baseline": "0",
        "baseline_date": "2026-01-01",
        "target": "12",
        "target_date": "2029-12-31",
        "owner_party_id": lead_party(world).pk,
    }


def measurement(world: World) -> dict[str, Any]:
    return {"value": "3", "measured_on": clock.today().isoformat(), "source": "EDC export"}


# Answering a goal's version: the partner answers (the lead answered by proposing and is sent
# back to the goal with why not); each party answers only for itself.
ANSWER = expect(anonymous=302, outsider=404, viewer=403, others=302)
# Only the KPI's owner party records its measurements: the lead's here.
OWNER_RECORDS = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302)

PAGES: dict[str, Page] = {
    "goals:alliance-goals": Page(alliance_pk, READERS),
    "goals:kpi-panel": Page(alliance_pk, READERS),
    "goals:goal-create": Page(alliance_pk, MANAGERS),
    "goals:benefit-create": Page(alliance_pk, MANAGERS),
    "goals:goal-detail": Page(object_pk("goal"), READERS),
    "goals:goal-change": Page(object_pk("goal"), MANAGERS),
    "goals:kpi-create": Page(object_pk("goal"), MANAGERS),
    "goals:version-agree": Page(object_pk("goal_version"), ANSWER, post=body()),
    "goals:version-reject": Page(object_pk("goal_version"), ANSWER, post=body(comment="No")),
    # Each party reviews the goals at the pending gate for itself; a refusal returns to the gate.
    "goals:gate-review": Page(object_pk("gate"), ANSWER, post=body(answer="confirmed")),
    "goals:kpi-detail": Page(object_pk("kpi"), READERS),
    "goals:measurement-create": Page(object_pk("kpi"), OWNER_RECORDS, post=measurement),
}

MANAGER_WRITE = expect(anonymous=401, outsider=404, viewer=403, others=201)
# The partner answers the pending change; the lead then finds it answered.
API_ANSWER = expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422)

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/goals/metrics"): Operation(API_READ),
    ("get", "/api/v1/alliances/{alliance_id}/goals"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/goals"): Operation(
        MANAGER_WRITE, body(title="Ten thousand patients treated")
    ),
    ("get", "/api/v1/goals/{goal_id}"): Operation(API_SCOPED_READ),
    # The partner proposes a change; the lead then finds one already awaiting agreement.
    ("post", "/api/v1/goals/{goal_id}/versions"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        body(title="First patient dosed in 2027", reason="Tox delayed"),
    ),
    ("post", "/api/v1/goal-versions/{goal_version_id}/agree"): Operation(API_ANSWER),
    ("post", "/api/v1/goal-versions/{goal_version_id}/reject"): Operation(
        API_ANSWER, body(comment="Not two more")
    ),
    ("get", "/api/v1/gates/{gate_id}/goal-reviews"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/gates/{gate_id}/goal-reviews"): Operation(
        MANAGER_WRITE, body(answer="change", comment="Add a patient-access goal")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/benefits"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/benefits"): Operation(
        MANAGER_WRITE, body(title="Platform validation")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/kpis"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/goals/{goal_id}/kpis"): Operation(MANAGER_WRITE, kpi_body),
    ("get", "/api/v1/kpis/{kpi_id}"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/kpis/{kpi_id}/measurements"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/kpis/{kpi_id}/measurements"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=201), measurement
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "goal_id": lambda w: w.objects["goal"].pk,
    "goal_version_id": lambda w: w.objects["goal_version"].pk,
    "kpi_id": lambda w: w.objects["kpi"].pk,
}
