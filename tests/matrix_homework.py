"""Permission-matrix entries for the homework pages and API; see tests/test_permission_matrix.py.

Homework is private to the organisation that keeps it. In each world the lead has assessed the
fit twice (a drift alert), recorded a competing programme of the partner and put one of the
partner's people on its stakeholder map. The partner reaches the alliance-level pages (its own
homework, empty) but gets a 404 for every record of the lead's; the read-only colleague reads
its organisation's homework and may not change it; outsiders get a 404.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from concord.core import clock
from concord.homework import services
from concord.homework.models import Alert
from tests.matrix import (
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
    object_pk,
)


def build(world: World) -> dict[str, Any]:
    """The lead's private homework on this world's alliance."""
    lead, today = lead_of(world), clock.today()
    scores = {"strategic_fit": 5, "priority": 5, "market": 4, "competition": 4}
    for days, sponsor in ((120, 5), (0, 1)):
        services.fit_assess(
            actor=lead,
            alliance=world.alliance,
            assessed_on=today - datetime.timedelta(days=days),
            sponsor_strength=sponsor,
            **(scores if days else {k: 2 for k in scores}),
        )
    stakeholder = services.stakeholder_create(
        actor=lead,
        alliance=world.alliance,
        name="Vera Vance",
        level="executive",
        function="research",
        role="sponsor",
        stance="champion",
        strength=4,
        owner=lead,
    )
    alert = Alert.objects.visible_to(lead).filter(alliance=world.alliance).first()
    return {"stakeholder": stakeholder, "homework_alert": alert}


OWN_RECORD_POST = expect(anonymous=302, outsider=404, partner=404, viewer=403, lead=302)
OWN_RECORD_PAGE = expect(anonymous=302, outsider=404, partner=404, viewer=403, lead=200)
API_OWN_WRITE = expect(anonymous=401, outsider=404, partner=404, viewer=403, lead=200)
API_NAMES_LEADS = expect(anonymous=401, outsider=404, viewer=403, partner=422, lead=201)

PAGES: dict[str, Page] = {
    "homework:alliance-homework": Page(alliance_pk, READERS),
    "homework:fit-create": Page(alliance_pk, MANAGERS),
    "homework:fact-create": Page(lambda w: {"pk": w.alliance.pk, "kind": "programme"}, MANAGERS),
    "homework:alert-resolve": Page(object_pk("homework_alert"), OWN_RECORD_POST, post=body()),
    "homework:stakeholders": Page(alliance_pk, READERS),
    "homework:stakeholders-csv": Page(alliance_pk, READERS),
    "homework:stakeholder-create": Page(alliance_pk, MANAGERS),
    "homework:stakeholder-update": Page(object_pk("stakeholder"), OWN_RECORD_PAGE),
    "homework:stakeholder-contact": Page(object_pk("stakeholder"), OWN_RECORD_POST, post=body()),
    "homework:onboarding": Page(alliance_pk, READERS),
    "homework:onboarding-step-add": Page(
        alliance_pk,
        expect(anonymous=302, outsider=404, viewer=403, others=302),
        post=body(title="Read the agreement"),
    ),
    "homework:briefing": Page(alliance_pk, READERS),
    "homework:briefing-pdf": Page(alliance_pk, READERS),
}


def _fact(**fields: Any) -> Callable[[World], dict[str, Any]]:
    """A fact about Borealis, the partner in both worlds: the partner's own is refused."""
    return lambda w: {
        "partner_id": w.cast.borealis.pk,
        "source": "Annual report 2025",
        "as_of": clock.today().isoformat(),
        **fields,
    }


OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/fit-assessments"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/fit-assessments"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {
            "assessed_on": clock.today().isoformat(),
            "strategic_fit": 3,
            "priority": 3,
            "market": 3,
            "competition": 3,
            "sponsor_strength": 3,
            "rationale": {"priority": "Mid-table in their oncology list."},
        },
    ),
    ("get", "/api/v1/alliances/{alliance_id}/partner-profile"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/partner-areas"): Operation(
        API_NAMES_LEADS, _fact(therapeutic_area="oncology", weight_percent=35)
    ),
    ("post", "/api/v1/alliances/{alliance_id}/partner-programmes"): Operation(
        API_NAMES_LEADS,
        _fact(
            name="BOR-7",
            therapeutic_area="oncology",
            modality="adc",
            indication="Breast cancer",
            phase="phase_2",
            relation="complements",
        ),
    ),
    ("post", "/api/v1/alliances/{alliance_id}/partner-alliances"): Operation(
        API_NAMES_LEADS,
        _fact(counterparty="Quartz Bio", therapeutic_area="oncology", announced_on="2025-06-01"),
    ),
    ("get", "/api/v1/alliances/{alliance_id}/stakeholders"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/stakeholders"): Operation(
        # Each names the lead as the relationship's owner: only the lead's organisation may.
        API_NAMES_LEADS,
        lambda w: {
            "name": "Walt Wu",
            "level": "working",
            "function": "clinical",
            "role": "counterpart",
            "strength": 3,
            "owner_id": lead_of(w).pk,
        },
    ),
    ("patch", "/api/v1/stakeholders/{stakeholder_id}"): Operation(
        API_OWN_WRITE, body(stance="supportive")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/homework-alerts"): Operation(API_SCOPED_READ),
    # The lead resolves it; a second time would be a 422, so the lead comes last.
    ("post", "/api/v1/homework-alerts/{alert_id}/resolve"): Operation(API_OWN_WRITE),
    ("get", "/api/v1/alliances/{alliance_id}/onboarding"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/onboarding"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(step="default-0")
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "stakeholder_id": lambda w: w.objects["stakeholder"].pk,
    "alert_id": lambda w: w.objects["homework_alert"].pk,
}
