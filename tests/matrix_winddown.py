"""Permission-matrix entries for the wind-down's pages and API; see
tests/test_permission_matrix.py.

In each world the lead has started a wind-down for convenience, so the default checklist is
drawn and nothing is done yet. The alliance managers of either party shape the checklist and
record obligations; only the party owning an item completes it; closing is refused while items
are open; viewers read it all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from concord.core import clock
from concord.winddown import services
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
    lead_party,
    object_pk,
)


def build(world: World) -> dict[str, Any]:
    """The wind-down, and the lead's first checklist item, of one of the two alliances."""
    lead = lead_of(world)
    wind_down = services.winddown_start(
        actor=lead,
        alliance=world.alliance,
        reason="convenience",
        notice_given_on=clock.today(),
        notice_days=90,
    )
    return {
        "wind_down": wind_down,
        "wind_down_item": wind_down.items.filter(owner=lead_party(world)).first(),
    }


POSTED = expect(anonymous=302, outsider=404, viewer=403, others=302)
# Only the owning party completes an item: the partner can see it but is refused.
OWNER_POSTS = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302)

PAGES: dict[str, Page] = {
    "winddown:overview": Page(alliance_pk, READERS),
    "winddown:start": Page(alliance_pk, MANAGERS),
    "winddown:item-add": Page(object_pk("wind_down"), MANAGERS),
    "winddown:obligation-add": Page(object_pk("wind_down"), MANAGERS),
    "winddown:lessons": Page(object_pk("wind_down"), MANAGERS),
    # Refused while the checklist is open: a message on the tab, nothing changed.
    "winddown:close": Page(object_pk("wind_down"), POSTED, post=body(note="Done.")),
    "winddown:item-complete": Page(
        object_pk("wind_down_item"), OWNER_POSTS, post=body(evidence="Certificate")
    ),
    # The partner's manager removes the item; the lead then finds it gone.
    "winddown:item-remove": Page(
        object_pk("wind_down_item"),
        expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=404),
        post=body(),
    ),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/wind-down"): Operation(API_SCOPED_READ),
    # The world's alliance is winding down already: a second start is refused by name.
    ("post", "/api/v1/alliances/{alliance_id}/wind-down"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        body(reason="expiry", notice_given_on=clock.today().isoformat()),
    ),
    ("post", "/api/v1/wind-downs/{wind_down_id}/items"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {
            "area": "materials",
            "title": "Return the cell bank",
            "owner_party_id": lead_party(w).pk,
        },
    ),
    ("post", "/api/v1/wind-down-items/{item_id}/complete"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=200),
        body(evidence="Certificate of destruction"),
    ),
    # The partner's manager removes the item; the lead then finds it gone.
    ("delete", "/api/v1/wind-down-items/{item_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=204, lead=404)
    ),
    ("post", "/api/v1/wind-downs/{wind_down_id}/obligations"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {
            "kind": "confidentiality",
            "description": "Confidentiality for five years",
            "owed_by_party_id": lead_party(w).pk,
            "ends_on": days_ahead(5 * 365),
        },
    ),
    ("put", "/api/v1/wind-downs/{wind_down_id}/lessons"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=200),
        body(lessons="Agree the exit plan when signing."),
    ),
    ("post", "/api/v1/wind-downs/{wind_down_id}/close"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422), body(note="Closing.")
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "wind_down_id": lambda w: w.objects["wind_down"].pk,
    "item_id": lambda w: w.objects["wind_down_item"].pk,
}
