"""API of the document room: documents and their versions (upload, download), links to other
records, and the agreement's sections with what is tracked from each."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Query, Router, Status

from concord.core.api import Id, actor, paginate, responses
from concord.core.errors import invalid
from concord.documents import selectors, services
from concord.documents.models import AgreementSection, Document, DocumentLink, DocumentVersion
from concord.documents.schemas import (
    AgreementOut,
    AgreementSectionIn,
    AgreementSectionOut,
    DocumentDetailOut,
    DocumentIn,
    DocumentLinkIn,
    DocumentLinkOut,
    DocumentListIn,
    DocumentPageOut,
    DocumentVersionOut,
    UploadIn,
)
from concord.orgs.models import User

router = Router(tags=["documents"])
BINARY = {
    "responses": {
        200: {
            "description": "The version's file, as uploaded.",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


def _bytes(payload: UploadIn) -> bytes:
    """The upload's bytes, or a 422 naming `content`."""
    try:
        return base64.b64decode(payload.content, validate=True)
    except (binascii.Error, ValueError) as error:
        raise invalid("content", "Send the file's bytes base64-encoded.") from error


def _detail(user: User, document: Document) -> dict[str, Any]:
    document = selectors.document_get(user=user, pk=document.pk)
    return {
        **{
            field: getattr(document, field)
            for field in DocumentDetailOut.model_fields
            if hasattr(document, field)
        },
        "versions": selectors.version_list(user=user, document=document),
        "links": selectors.link_list(user=user, document=document),
    }


@router.get("/alliances/{alliance_id}/documents", response=responses({200: DocumentPageOut}))
def document_list(
    request: HttpRequest, alliance_id: Id, params: Query[DocumentListIn]
) -> dict[str, Any]:
    """The alliance's documents the caller may read, searched by title and text if asked."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return paginate(
        selectors.document_list(user=user, alliance=alliance, search=params.search.strip()), params
    )


@router.post("/alliances/{alliance_id}/documents", response=responses({201: DocumentDetailOut}))
def document_upload(
    request: HttpRequest, alliance_id: Id, payload: DocumentIn
) -> Status[dict[str, Any]]:
    """Upload a document (its first version), shared or private; its type is checked by content."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    folder = None
    if payload.folder_id is not None:
        folders = {f.pk: f for f in selectors.folder_list(user=user, alliance=alliance)}
        folder = folders.get(payload.folder_id)
        if folder is None:
            raise invalid("folder_id", "Choose a folder of this alliance.")
    document = services.document_upload(
        actor=user,
        alliance=alliance,
        title=payload.title,
        name=payload.filename,
        data=_bytes(payload),
        visibility=payload.visibility,
        folder=folder,
        kind=payload.kind,
        description=payload.description,
        note=payload.note,
    )
    return Status(201, _detail(user, document))


@router.get("/documents/{document_id}", response=responses({200: DocumentDetailOut}))
def document_detail(request: HttpRequest, document_id: Id) -> dict[str, Any]:
    """A document with every version and what it is linked to."""
    user = actor(request)
    return _detail(user, selectors.document_get(user=user, pk=document_id))


@router.get(
    "/documents/{document_id}/versions", response=responses({200: list[DocumentVersionOut]})
)
def version_list(request: HttpRequest, document_id: Id) -> list[DocumentVersion]:
    """Every version of a document, newest first; none is ever changed."""
    user = actor(request)
    return selectors.version_list(
        user=user, document=selectors.document_get(user=user, pk=document_id)
    )


@router.post("/documents/{document_id}/versions", response=responses({201: DocumentVersionOut}))
def version_add(
    request: HttpRequest, document_id: Id, payload: UploadIn
) -> Status[DocumentVersion]:
    """Upload a new version; earlier versions stay as they were."""
    user = actor(request)
    document = selectors.document_get(user=user, pk=document_id)
    version = services.version_add(
        actor=user,
        document=document,
        name=payload.filename,
        data=_bytes(payload),
        note=payload.note,
    )
    return Status(201, selectors.version_get(user=user, pk=version.pk))


@router.get(
    "/document-versions/{version_id}/download",
    response=responses({}),
    openapi_extra=BINARY,
)
def version_download(request: HttpRequest, version_id: Id) -> FileResponse:
    """The version's file; the download is recorded in the audit trail."""
    user = actor(request)
    version = selectors.version_get(user=user, pk=version_id)
    services.version_download(actor=user, version=version)
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.filename,
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.post("/documents/{document_id}/links", response=responses({201: DocumentLinkOut}))
def link_create(
    request: HttpRequest, document_id: Id, payload: DocumentLinkIn
) -> Status[DocumentLink]:
    """Link a document to a record: a meeting's pre-read, a gate's evidence, or the agreement
    section an obligation comes from."""
    user = actor(request)
    document = selectors.document_get(user=user, pk=document_id)
    section: AgreementSection | None = None
    if payload.section_id is not None:
        try:
            section = selectors.section_get(user=user, pk=payload.section_id)
        except AgreementSection.DoesNotExist as error:
            raise invalid("section_id", "Choose a section of this agreement.") from error
    link = services.link_create(
        actor=user,
        document=document,
        kind=payload.kind,
        object_id=payload.object_id,
        role=payload.role,
        section=section,
    )
    return Status(201, selectors.link_get(user=user, pk=link.pk))


@router.delete("/document-links/{link_id}", response=responses({204: None}))
def link_remove(request: HttpRequest, link_id: Id) -> Status[None]:
    """Take a link away; the document and the record stay."""
    user = actor(request)
    services.link_remove(actor=user, link=selectors.link_get(user=user, pk=link_id))
    return Status(204, None)


@router.post("/documents/{document_id}/sections", response=responses({201: AgreementSectionOut}))
def section_add(
    request: HttpRequest, document_id: Id, payload: AgreementSectionIn
) -> Status[AgreementSection]:
    """List a section of the agreement, so obligations can name it."""
    user = actor(request)
    document = selectors.document_get(user=user, pk=document_id)
    return Status(201, services.section_add(actor=user, document=document, **payload.model_dump()))


@router.get("/alliances/{alliance_id}/agreement", response=responses({200: AgreementOut}))
def agreement(request: HttpRequest, alliance_id: Id) -> Any:
    """The agreement's sections with what Concord tracks from each, and the records that name no
    section."""
    user = actor(request)
    alliance = selectors.joined_alliance(user=user, pk=alliance_id)
    return selectors.agreement_view(user=user, alliance=alliance)
