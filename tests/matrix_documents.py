"""Permission-matrix entries for the document room's pages and API; see
tests/test_permission_matrix.py.

In each world the lead has uploaded the shared agreement, listed one of its sections and linked
it as the pending gate's evidence. Any joined party's writer uploads and links;
the link is the lead's to remove; viewers read and download.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from concord.documents import services
from concord.documents.tests.helpers import pdf
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
    """The documents this capability's routes point at, for one of the two alliances."""
    lead = lead_of(world)
    agreement = services.document_upload(
        actor=lead,
        alliance=world.alliance,
        title="Collaboration agreement",
        name="agreement.pdf",
        data=pdf("Agreement"),
        kind="agreement",
    )
    return {
        "document": agreement,
        "version": agreement.current,
        "section": services.section_add(
            actor=lead, document=agreement, number="5.2", heading="Milestones"
        ),
        "document_link": services.link_create(
            actor=lead,
            document=agreement,
            kind="alliances.gate",
            object_id=world.objects["gate"].pk,
            role="evidence",
        ),
    }


def _content(text: str) -> str:
    return base64.b64encode(pdf(text)).decode()


PAGES: dict[str, Page] = {
    "documents:room": Page(alliance_pk, READERS),
    "documents:document-upload": Page(alliance_pk, MANAGERS),
    "documents:folder-create": Page(alliance_pk, MANAGERS),
    "documents:agreement": Page(alliance_pk, READERS),
    "documents:document-detail": Page(object_pk("document"), READERS),
    "documents:version-add": Page(object_pk("document"), MANAGERS),
    "documents:link-create": Page(object_pk("document"), MANAGERS),
    "documents:section-create": Page(object_pk("document"), MANAGERS),
    "documents:version-download": Page(object_pk("version"), READERS),
    # The lead linked it: the partner may not drop the lead's evidence.
    "documents:link-remove": Page(
        object_pk("document_link"),
        expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302),
        post=body(),
    ),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/documents"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/documents"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {"title": "Pre-read", "filename": "pre-read.pdf", "content": _content("Pre")},
    ),
    ("get", "/api/v1/documents/{document_id}"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/documents/{document_id}/versions"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/documents/{document_id}/versions"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=201),
        lambda w: {"filename": "plan-v2.pdf", "content": _content("Plan v2")},
    ),
    ("get", "/api/v1/document-versions/{version_id}/download"): Operation(
        API_SCOPED_READ, produces="application/octet-stream"
    ),
    # The partner links the agreement as the gate's evidence again: refused, it is linked already.
    ("post", "/api/v1/documents/{document_id}/links"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        lambda w: {"role": "evidence", "kind": "alliances.gate", "object_id": w.objects["gate"].pk},
    ),
    ("delete", "/api/v1/document-links/{link_id}"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=204)
    ),
    ("post", "/api/v1/documents/{document_id}/sections"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422),
        body(number="7.1", heading="Diligence"),
    ),
    ("get", "/api/v1/alliances/{alliance_id}/agreement"): Operation(API_SCOPED_READ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "document_id": lambda w: w.objects["document"].pk,
    "version_id": lambda w: w.objects["version"].pk,
    "link_id": lambda w: w.objects["document_link"].pk,
}
