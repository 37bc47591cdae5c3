"""The document room's pages: upload through the form, find it in the room, download it (recorded),
and a private document is a 404 to the partner."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.documents.models import Document
from concord.documents.tests.helpers import EXE, pdf

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def post_upload(cast, data, name="plan.pdf", visibility="shared"):
    url = reverse("documents:document-upload", args=[cast.helix_borealis.pk])
    return client(cast.alice).post(
        url,
        {
            "title": "Research plan",
            "file": SimpleUploadedFile(name, data),
            "visibility": visibility,
            "kind": "general",
        },
    )


def test_an_uploaded_document_is_in_the_room_and_its_download_recorded(cast):
    response = post_upload(cast, pdf("Assay transfer"))
    document = Document.objects.unscoped().get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:document-detail", args=[document.pk])
    room = reverse("documents:room", args=[cast.helix_borealis.pk])
    page = client(cast.bob).get(room, {"q": "assay"})
    assert b"Research plan" in page.content and b"<mark>Assay</mark> transfer" in page.content
    download = client(cast.bob).get(
        reverse("documents:version-download", args=[document.current.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf("Assay transfer")
    assert download["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.unscoped().filter(action="document.downloaded", actor=cast.bob)


def test_a_refused_upload_says_why_and_keeps_nothing(cast):
    response = post_upload(cast, EXE, name="plan.pdf")
    assert response.status_code == 200
    assert b"not taken here" in response.content
    assert not Document.objects.unscoped().exists()


def test_a_private_document_is_a_404_to_the_partner_and_absent_from_the_room(cast):
    post_upload(cast, pdf("Walk-away price"), visibility="private")
    document = Document.objects.unscoped().get()
    bob = client(cast.bob)
    assert bob.get(reverse("documents:document-detail", args=[document.pk])).status_code == 404
    url = reverse("documents:version-download", args=[document.current.pk])
    assert bob.get(url).status_code == 404
    room = bob.get(reverse("documents:room", args=[cast.helix_borealis.pk]), {"q": "walk"})
    assert b"Research plan" not in room.content
    assert client(cast.alice).get(url).status_code == 200
