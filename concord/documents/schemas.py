"""Schemas of the document room's API: documents, versions, links and the agreement's sections."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Field, Schema

from concord.alliances.schemas import PersonOut
from concord.core.api import Id, InputSchema, PageIn, PageOut, Visibility, one_of
from concord.core.attachments import ROLES
from concord.documents.models import Document, DocumentLink

DocumentKind = Annotated[str, one_of("DocumentKind", Document.Kind)]
LinkRole = Annotated[str, one_of("DocumentLinkRole", {key.upper(): key for key in ROLES})]
# Base64 of the largest upload the room takes by default (25 MB), with room for padding.
MAX_CONTENT = 35_000_000


class DocumentVersionOut(Schema):
    id: int
    number: int
    filename: str
    content_type: str
    size: int
    sha256: str
    note: str
    uploaded_by: PersonOut
    uploaded_at: datetime.datetime


class DocumentOut(Schema):
    id: int
    alliance_id: int
    title: str
    description: str
    kind: DocumentKind
    visibility: Visibility
    organisation_id: int = Field(description="The organisation that owns the document.")
    folder_id: int | None
    current: DocumentVersionOut | None
    updated_at: datetime.datetime


class DocumentPageOut(PageOut):
    items: list[DocumentOut]


class DocumentLinkOut(Schema):
    id: int
    document_id: int
    role: LinkRole
    kind: str = Field(description="The linked record's kind, `<app>.<model>`.")
    object_id: int
    label: str
    section_id: int | None

    @staticmethod
    def resolve_kind(obj: DocumentLink) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"


class DocumentDetailOut(DocumentOut):
    versions: list[DocumentVersionOut]
    links: list[DocumentLinkOut]


class DocumentListIn(PageIn):
    search: str = Field("", max_length=200, description="In titles and the text of documents.")


class UploadIn(InputSchema):
    filename: str = Field(min_length=1, max_length=200, description="The file's name.")
    content: str = Field(
        min_length=1, max_length=MAX_CONTENT, description="The file's bytes, base64-encoded."
    )
    note: str = Field("", max_length=300)


class DocumentIn(UploadIn):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    visibility: Visibility = "shared"
    kind: DocumentKind = "general"
    folder_id: Id | None = None


class DocumentLinkIn(InputSchema):
    role: LinkRole
    kind: str = Field(
        min_length=3, max_length=100, description="The record's kind: `governance.meeting`, …"
    )
    object_id: Id
    section_id: Id | None = Field(None, description="For an agreement section link.")


class AgreementSectionIn(InputSchema):
    number: str = Field(min_length=1, max_length=20, description="As the agreement numbers it.")
    heading: str = Field(min_length=1, max_length=200)
    summary: str = Field("", max_length=2000)
    tracked_expected: bool = True


class AgreementSectionOut(Schema):
    id: int
    number: str
    heading: str
    summary: str
    tracked_expected: bool


class TrackedSectionOut(Schema):
    section: AgreementSectionOut
    tracked: list[DocumentLinkOut]
    untracked: bool = Field(description="The section creates obligations and none is tracked.")


class UnreferencedOut(Schema):
    kind: str
    records: list[str]


class AgreementOut(Schema):
    document: DocumentOut | None
    sections: list[TrackedSectionOut]
    unreferenced: list[UnreferencedOut]

    @staticmethod
    def resolve_sections(obj: Any) -> list[dict[str, Any]]:
        return [
            {"section": row.section, "tracked": row.links, "untracked": row.untracked}
            for row in obj.sections
        ]

    @staticmethod
    def resolve_unreferenced(obj: Any) -> list[dict[str, Any]]:
        return [
            {"kind": label, "records": [str(r) for r in records]}
            for label, records in obj.unreferenced
        ]
