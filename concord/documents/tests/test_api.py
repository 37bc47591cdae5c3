"""The document room's API: upload (base64, checked by content), versions, download recorded,
links and the agreement; a private document is a 404 to the partner; bad input is a 422 naming
the field and changes nothing."""

from __future__ import annotations

import base64

import pytest

from concord.core.models import AuditEvent
from concord.documents.models import Document
from concord.documents.tests.helpers import EXE, pdf
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def upload(client, alliance, **extra):
    body = {
        "title": "Research plan",
        "filename": "plan.pdf",
        "content": base64.b64encode(pdf("Research plan text")).decode(),
    } | extra
    return client.post(
        f"/api/v1/alliances/{alliance.pk}/documents", body, content_type="application/json"
    )


def test_upload_version_and_download_through_the_api(cast):
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    response = upload(alice, cast.helix_borealis)
    assert response.status_code == 201, response.content
    document = response.json()
    assert document["current"]["number"] == 1 and document["current"]["size"] > 0
    new = bob.post(
        f"/api/v1/documents/{document['id']}/versions",
        {"filename": "plan-v2.pdf", "content": base64.b64encode(pdf("v2")).decode()},
        content_type="application/json",
    )
    assert new.status_code == 201 and new.json()["number"] == 2
    versions = bob.get(f"/api/v1/documents/{document['id']}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]
    found = bob.get(f"/api/v1/alliances/{cast.helix_borealis.pk}/documents?search=research")
    assert found.json()["count"] == 1
    download = bob.get(f"/api/v1/document-versions/{versions[1]['id']}/download")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf("Research plan text")
    assert AuditEvent.objects.unscoped().filter(action="document.downloaded", actor=cast.bob)


def test_bad_uploads_are_422s_naming_the_field_and_keep_nothing(cast):
    alice = api_client(cast.alice)
    bad_base64 = upload(alice, cast.helix_borealis, content="not base64!")
    assert_api_error(bad_base64, 422, "content")
    program = upload(alice, cast.helix_borealis, content=base64.b64encode(EXE).decode())
    assert_api_error(program, 422, "file")
    assert not Document.objects.unscoped().exists()


def test_a_private_document_is_a_404_to_the_partner_and_not_counted(cast):
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    private = upload(alice, cast.helix_borealis, visibility="private").json()
    assert bob.get(f"/api/v1/documents/{private['id']}").status_code == 404
    url = f"/api/v1/document-versions/{private['current']['id']}/download"
    assert bob.get(url).status_code == 404
    listed = bob.get(f"/api/v1/alliances/{cast.helix_borealis.pk}/documents?search=research")
    assert listed.json()["count"] == 0
    assert api_client(cast.dave).get(f"/api/v1/documents/{private['id']}").status_code == 404


def test_the_agreement_lists_its_sections_and_what_they_track(cast):
    alice = api_client(cast.alice)
    agreement = upload(alice, cast.helix_borealis, kind="agreement", title="Agreement").json()
    section = alice.post(
        f"/api/v1/documents/{agreement['id']}/sections",
        {"number": "5.2", "heading": "Development milestones"},
        content_type="application/json",
    )
    assert section.status_code == 201
    view = api_client(cast.bob).get(f"/api/v1/alliances/{cast.helix_borealis.pk}/agreement")
    assert view.status_code == 200
    rows = view.json()["sections"]
    assert [(r["section"]["number"], r["untracked"]) for r in rows] == [("5.2", True)]
