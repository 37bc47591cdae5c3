"""Permission-matrix entries for the expectations pages and API; see tests/test_permission_matrix.py.

In each world the lead's party owes the partner three commitments: one open, one delivered and
awaiting the partner's verdict, one the lead has put in dispute. The partner, who is owed, judges,
waives and settles; the lead, who owes, delivers. A learning objective belongs to the lead.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from concord.alliances.models import Party
from concord.expectations import services
from tests.matrix import (
    API_SCOPED_READ,
    MANAGERS,
    MEMBERS,
    READERS,
    Operation,
    Page,
    World,
    alliance_pk,
    body,
    expect,
    lead_of,
    no_kwargs,
    object_pk,
)

DUE = datetime.date(2030, 6, 30)


def _owed(world: World, title: str) -> Any:
    lead = lead_of(world)
    return services.commitment_create(
        actor=world.cast.bob,
        alliance=world.alliance,
        title=title,
        acceptance_criteria="Signed, in the agreed template.",
        owner_party=world.objects["party"],
        owner=lead,
        due_date=DUE,
    )


def build(world: World) -> dict[str, Any]:
    """The expectations records this capability's routes point at, for one of the two alliances."""
    lead = lead_of(world)
    delivered = _owed(world, "Delivered report")
    disputed = _owed(world, "Disputed report")
    return {
        "commitment": _owed(world, "Open report"),
        "delivery": services.commitment_deliver(actor=lead, commitment=delivered),
        "commitment_dispute": services.commitment_dispute(
            actor=lead, commitment=disputed, reason="Never agreed"
        ),
        "learning_objective": services.objective_create(
            actor=lead,
            alliance=world.alliance,
            title="Decide faster",
            rationale="Slow decisions cost us.",
            measure="Days from proposal to decision",
            owner=lead,
            target_date=DUE,
        ),
    }


def _commitment_body(world: World) -> dict[str, Any]:
    return {
        "title": "New report",
        "acceptance_criteria": "QA-signed.",
        "owner_party_id": world.objects["party"].pk,
        "owner_id": lead_of(world).pk,
        "due_date": DUE.isoformat(),
    }


def _commitment_form(world: World) -> dict[str, Any]:
    partner = Party.objects.unscoped().get(
        alliance=world.alliance, organisation=world.cast.bob.membership.organisation
    )
    return _commitment_body(world) | {
        "kind": "report",
        "owner_party": world.objects["party"].pk,
        "receiving_party": partner.pk,
        "owner": lead_of(world).pk,
    }


# Only the party that owes delivers; only the party owed judges and waives.
OWER_ONLY = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=200)

PAGES: dict[str, Page] = {
    # Every joined alliance at once: an outsider gets the page, listing nothing of these worlds.
    "expectations:portfolio-commitments": Page(no_kwargs, MEMBERS),
    "expectations:portfolio-commitments-export": Page(no_kwargs, MEMBERS),
    "expectations:commitment-list": Page(alliance_pk, READERS),
    "expectations:commitment-export": Page(alliance_pk, READERS),
    "expectations:commitment-create": Page(alliance_pk, MANAGERS),
    "expectations:scorecard": Page(alliance_pk, READERS),
    "expectations:learning-plan": Page(alliance_pk, READERS),
    "expectations:objective-create": Page(alliance_pk, MANAGERS),
    "expectations:commitment-detail": Page(object_pk("commitment"), READERS),
    "expectations:commitment-update": Page(object_pk("commitment"), MANAGERS),
    "expectations:commitment-deliver": Page(object_pk("commitment"), OWER_ONLY),
    # The partner accepts; the lead may not judge its own delivery.
    "expectations:delivery-judge": Page(
        object_pk("delivery"),
        expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=403),
        post=body(decision="accept", comment="Meets the criteria."),
    ),
    "expectations:commitment-waive": Page(
        object_pk("commitment"),
        expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=403),
        post=body(**{"waive-reason": "No longer needed"}),
    ),
    # The partner disputes; the lead then finds it in dispute already and sees why.
    "expectations:commitment-dispute": Page(
        object_pk("commitment"),
        expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=200),
        post=body(**{"dispute-reason": "The criteria changed"}),
    ),
    "expectations:dispute-resolve": Page(
        object_pk("commitment_dispute"),
        expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=200),
        post=body(outcome="stands", resolution="Agreed at the JSC."),
    ),
    "expectations:objective-detail": Page(object_pk("learning_objective"), READERS),
    "expectations:objective-update": Page(object_pk("learning_objective"), MANAGERS),
    "expectations:review-create": Page(
        object_pk("learning_objective"),
        expect(anonymous=302, outsider=404, viewer=403, others=302),
        post=body(value="12.5", comment="Better."),
    ),
}

API_PARTNER_ONLY = expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=403)

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/commitments"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/commitments"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201), _commitment_body
    ),
    ("get", "/api/v1/commitments/{commitment_id}"): Operation(API_SCOPED_READ),
    ("patch", "/api/v1/commitments/{commitment_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(title="Renamed report")
    ),
    ("post", "/api/v1/commitments/{commitment_id}/deliveries"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=201),
        body(note="Here it is.", reference="DR/1"),
    ),
    ("post", "/api/v1/deliveries/{delivery_id}/accept"): Operation(
        API_PARTNER_ONLY, body(comment="Good.")
    ),
    ("post", "/api/v1/deliveries/{delivery_id}/reject"): Operation(
        API_PARTNER_ONLY, body(comment="No QA signature.")
    ),
    ("post", "/api/v1/commitments/{commitment_id}/waive"): Operation(
        API_PARTNER_ONLY, body(reason="Not needed")
    ),
    ("post", "/api/v1/commitments/{commitment_id}/disputes"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        body(reason="The criteria changed"),
    ),
    ("post", "/api/v1/commitment-disputes/{commitment_dispute_id}/resolve"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422),
        body(resolution="Agreed at the JSC.", outcome="stands"),
    ),
    ("get", "/api/v1/alliances/{alliance_id}/scorecard"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/alliances/{alliance_id}/learning-objectives"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/learning-objectives"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {
            "title": "Share data faster",
            "rationale": "Data sits for weeks.",
            "measure": "Days to share a dataset",
            "unit": "days",
            "baseline": "30",
            "target": "7",
            "owner_id": lead_of(w).pk,
            "target_date": DUE.isoformat(),
        },
    ),
    ("get", "/api/v1/learning-objectives/{learning_objective_id}"): Operation(API_SCOPED_READ),
    ("patch", "/api/v1/learning-objectives/{learning_objective_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200), body(target="5")
    ),
    ("post", "/api/v1/learning-objectives/{learning_objective_id}/reviews"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        body(value=str(Decimal("21.5")), comment="Getting there."),
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "commitment_id": lambda w: w.objects["commitment"].pk,
    "delivery_id": lambda w: w.objects["delivery"].pk,
    "commitment_dispute_id": lambda w: w.objects["commitment_dispute"].pk,
    "learning_objective_id": lambda w: w.objects["learning_objective"].pk,
}
