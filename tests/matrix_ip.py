"""Permission-matrix entries for the IP register's pages and API; see
tests/test_permission_matrix.py.

Both parties read the register; their alliance managers record background IP and inventions;
only an asset's owner grants rights to it and only an invention's prosecuting party (the
lead's here) records its filings; the read-only colleague reads; outsiders see nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from concord.alliances.models import Party
from concord.ip import services
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


def partner_party(world: World) -> Party:
    return Party.objects.unscoped().get(
        alliance=world.alliance, organisation=world.cast.bob.membership.organisation
    )


def build(world: World) -> dict[str, Any]:
    """The lead's background patent family, licensed to the partner for research, and an
    invention the lead prosecutes, with its priority filing."""
    lead = lead_of(world)
    own = world.objects["party"]
    asset = services.asset_create(
        actor=lead, alliance=world.alliance, kind="patent_family", title="Linker platform"
    )
    services.licence_grant(
        actor=lead, asset=asset, licensee_party_id=partner_party(world).pk, use="research"
    )
    disclosure = services.disclosure_create(
        actor=lead,
        alliance=world.alliance,
        title="Cleavable linker",
        disclosed_on=datetime.date(2026, 1, 5),
        rule="joint",
        inventors=[services.InventorIn("Hana Ito", own.pk)],
        prosecuting_party_id=own.pk,
    )
    services.filing_record(
        actor=lead,
        disclosure=disclosure,
        kind="priority",
        office="EP",
        filed_on=datetime.date(2026, 2, 1),
    )
    return {"ip_asset": asset, "disclosure": disclosure}


def filing(world: World) -> dict[str, Any]:
    return {"kind": "pct", "office": "WO", "filed_on": "2026-06-01"}


def disclosure_body(world: World) -> dict[str, Any]:
    own = world.objects["party"].pk
    return {
        "title": "Second linker",
        "disclosed_on": "2026-03-01",
        "rule": "inventorship",
        "inventors": [{"name": "Kai Berg", "party_id": own}],
        "prosecuting_party_id": own,
    }


# Only the prosecuting party (the lead's) records filings.
PROSECUTOR = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302)
# Only the family's owner (the lead's party) links its patents to a royalty.
FAMILY_OWNER = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=200)
MANAGER_WRITE = expect(anonymous=401, outsider=404, viewer=403, others=201)
OWNER_ONLY = expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=201)

PAGES: dict[str, Page] = {
    "ip:register": Page(alliance_pk, READERS),
    "ip:register-csv": Page(alliance_pk, READERS),
    "ip:register-xlsx": Page(alliance_pk, READERS),
    "ip:asset-create": Page(alliance_pk, MANAGERS),
    "ip:disclosure-create": Page(alliance_pk, MANAGERS),
    "ip:royalty-patent-create": Page(object_pk("ip_asset"), FAMILY_OWNER),
    "ip:disclosure-detail": Page(object_pk("disclosure"), READERS),
    "ip:filing-create": Page(object_pk("disclosure"), PROSECUTOR, post=filing),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/ip"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/ip/assets"): Operation(
        MANAGER_WRITE, body(kind="data", title="Assay data")
    ),
    ("post", "/api/v1/ip/assets/{asset_id}/licences"): Operation(
        OWNER_ONLY, lambda w: {"licensee_party_id": partner_party(w).pk, "use": "commercial"}
    ),
    ("post", "/api/v1/alliances/{alliance_id}/ip/disclosures"): Operation(
        MANAGER_WRITE, disclosure_body
    ),
    ("get", "/api/v1/ip/disclosures/{disclosure_id}"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/ip/disclosures/{disclosure_id}/filings"): Operation(OWNER_ONLY, filing),
    ("get", "/api/v1/alliances/{alliance_id}/ip/may-use"): Operation(
        API_SCOPED_READ,
        lambda w: {
            "asset_id": w.objects["ip_asset"].pk,
            "party_id": partner_party(w).pk,
            "territory": "DE",
            "use": "research",
        },
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "asset_id": lambda w: w.objects["ip_asset"].pk,
    "disclosure_id": lambda w: w.objects["disclosure"].pk,
}
