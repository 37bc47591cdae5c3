"""Every write of the document room: folders, uploads and versions, downloads (recorded), the
agreement's sections and links from documents to other capabilities' records."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction

from concord.alliances.acting import active_membership, joined_party, managing_membership
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.attachments import ROLES, SECTION, linkable
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.files import discard_unless_committed
from concord.core.tenancy import PRIVATE, SHARED, organisation_of
from concord.documents import emails, uploads
from concord.documents.models import (
    AgreementSection,
    Document,
    DocumentLink,
    DocumentVersion,
    Folder,
)
from concord.orgs.models import User


def _party(actor: User, alliance: Alliance) -> Party:
    """The actor's own joined party, not in a read-only role (alliances.acting's rule)."""
    return joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def _visibility(value: str) -> str:
    if value not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    return value


def _clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)


def _audit(actor: User, document: Document, action: str, summary: str, **extra: Any) -> None:
    """One event for the document, as visible as the document itself (a private document's
    events never reach the partner's feed)."""
    audit_record(
        actor=actor,
        action=action,
        obj=extra.pop("obj", document),
        organisation=organisation_of(actor),
        alliance=document.alliance,
        summary=summary,
        visibility=document.visibility,
        **extra,
    )


def _own(actor: User, document: Document) -> Party:
    """A joined party that may change the document: its owner, or any party for a shared one."""
    party = _party(actor, document.alliance)
    if document.is_private and document.organisation_id != party.organisation_id:
        raise forbidden("Only its own organisation changes a private document.")
    return party


@transaction.atomic
def folder_create(
    *, actor: User, alliance: Alliance, name: str, visibility: str = SHARED
) -> Folder:
    """Add a folder to the alliance's room, shared or private to the actor's organisation."""
    party = _party(actor, alliance)
    folder = Folder(
        alliance=alliance,
        organisation=party.organisation,
        visibility=_visibility(visibility),
        name=name.strip(),
        created_by=actor,
    )
    _clean(folder)
    folder.save()
    audit_record(
        actor=actor,
        action="document.folder_created",
        obj=folder,
        organisation=party.organisation,
        alliance=alliance,
        summary=f"{actor} added the folder “{folder.name}”",
        visibility=folder.visibility,
    )
    return folder


def _version(
    actor: User, document: Document, *, name: str, data: bytes, note: str
) -> DocumentVersion:
    """Store the next version; the document's current version and searchable text move to it."""
    checked = uploads.check(name=name, data=data)
    last = document.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        filename=(name.rsplit("/", 1)[-1] or "document")[:200],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=note.strip()[:300],
        uploaded_by=actor,
    )
    version.file.save(f"v{version.number}", ContentFile(data), save=False)
    stored = version.file.name
    assert stored is not None  # FieldFile.save names the file it stored
    discard_unless_committed(version.file.storage, stored)
    version.save()
    document.current = version
    document.search_text = checked.text
    document.updated_at = clock.now()
    document.save(update_fields=["current", "search_text", "updated_at"])
    return version


@transaction.atomic
def document_upload(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    name: str,
    data: bytes,
    visibility: str = SHARED,
    folder: Folder | None = None,
    kind: str = Document.Kind.GENERAL,
    description: str = "",
    note: str = "",
) -> Document:
    """Put a document in the room as its first version; the type is checked by content."""
    party = _party(actor, alliance)
    _visibility(visibility)
    if folder is not None:
        if folder.alliance_id != alliance.pk:
            raise invalid("folder", "Choose a folder of this alliance.")
        if folder.is_private and visibility != PRIVATE:
            raise invalid("visibility", "A document in a private folder is private too.")
    if kind == Document.Kind.AGREEMENT and visibility != SHARED:
        raise invalid("visibility", "The agreement is shared by every party.")
    document = Document(
        alliance=alliance,
        organisation=party.organisation,
        visibility=visibility,
        folder=folder,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        created_by=actor,
    )
    _clean(document)
    document.save()
    version = _version(actor, document, name=name, data=data, note=note)
    _audit(
        actor,
        document,
        "document.uploaded",
        f"{actor} uploaded “{document.title}” ({version.filename})",
        after={"sha256": version.sha256, "size": version.size, "visibility": visibility},
    )
    emails.send_document_shared(document, by=actor)
    return document


@transaction.atomic
def version_add(
    *, actor: User, document: Document, name: str, data: bytes, note: str = ""
) -> DocumentVersion:
    """A new version of a document; earlier versions stay as they were."""
    _own(actor, document)
    document = Document.objects.unscoped().select_for_update(of=("self",)).get(pk=document.pk)
    version = _version(actor, document, name=name, data=data, note=note)
    _audit(
        actor,
        document,
        "document.version_added",
        f"{actor} added version {version.number} of “{document.title}”",
        obj=version,
        after={"number": version.number, "sha256": version.sha256, "size": version.size},
    )
    return version


@transaction.atomic
def version_download(*, actor: User, version: DocumentVersion) -> DocumentVersion:
    """Record who read which version, when: the audit trail of a download (any reader may)."""
    active_membership(actor)
    document = version.document
    _audit(
        actor,
        document,
        "document.downloaded",
        f"{actor} downloaded version {version.number} of “{document.title}”",
        obj=version,
        after={"number": version.number, "sha256": version.sha256},
    )
    return version


@transaction.atomic
def section_add(
    *,
    actor: User,
    document: Document,
    number: str,
    heading: str,
    summary: str = "",
    tracked_expected: bool = True,
) -> AgreementSection:
    """Name a section of the agreement, so obligations tracked elsewhere can point at it."""
    managing_membership(actor)
    _own(actor, document)
    if document.kind != Document.Kind.AGREEMENT:
        raise invalid("document", "Only the agreement has sections.")
    number = number.strip().lstrip("§").strip()
    if document.sections.filter(number=number).exists():
        raise invalid("number", f"§ {number} is already listed.")
    section = AgreementSection(
        document=document,
        number=number,
        heading=heading.strip(),
        summary=summary.strip(),
        tracked_expected=tracked_expected,
    )
    _clean(section)
    section.save()
    _audit(actor, document, "document.section_added", f"{actor} listed {section}", obj=section)
    return section


def _record(actor: User, alliance: Alliance, key: str, object_id: int, role: str) -> Any:
    """The record a link points at, if it is of a kind offered for `role` and the actor sees it."""
    kind = linkable(key)
    if kind is None or role not in kind.roles:
        raise invalid("kind", f"A document cannot be a {ROLES.get(role, role).lower()} for that.")
    for record in kind.records(actor, alliance):
        if record.pk == object_id:
            return record
    raise invalid("object_id", f"Choose a {kind.label.lower()} of this alliance.")


@transaction.atomic
def link_create(
    *,
    actor: User,
    document: Document,
    kind: str,
    object_id: int,
    role: str,
    section: AgreementSection | None = None,
) -> DocumentLink:
    """Attach a document to a record (a pre-read, evidence) or name the agreement section a
    tracked obligation comes from."""
    _own(actor, document)
    if role not in ROLES:
        raise invalid("role", "Choose pre-read, evidence or agreement section.")
    if role == SECTION:
        if section is None or section.document_id != document.pk:
            raise invalid("section", "Choose a section of this agreement.")
    elif section is not None:
        raise invalid("section", "Only an agreement section link names a section.")
    record = _record(actor, document.alliance, kind, object_id, role)
    content_type = ContentType.objects.get_for_model(type(record))
    taken = DocumentLink.objects.unscoped().filter(
        document=document, role=role, content_type=content_type, object_id=record.pk
    )
    if taken.exists():
        raise invalid("object_id", "This document is linked to that record already.")
    link = DocumentLink(
        alliance=document.alliance,
        document=document,
        section=section,
        role=role,
        content_type=content_type,
        object_id=record.pk,
        label=str(record)[:200],
        created_by=actor,
    )
    link.save()
    what = str(section) if section is not None else ROLES[role].lower()
    _audit(
        actor,
        document,
        "document.linked",
        f"{actor} linked “{document.title}” ({what}) to {link.label}",
        obj=link,
    )
    return link


@transaction.atomic
def link_remove(*, actor: User, link: DocumentLink) -> None:
    """Take a link away; the document and the record stay. The document's organisation or the
    one that made the link removes it, so a partner cannot drop another's evidence."""
    document = link.document
    party = _own(actor, document)
    maker = getattr(link.created_by, "membership", None)
    if party.organisation_id not in (
        document.organisation_id,
        getattr(maker, "organisation_id", None),
    ):
        raise forbidden("Only the document's organisation or the one that linked it can unlink it.")
    _audit(
        actor,
        document,
        "document.unlinked",
        f"{actor} unlinked “{document.title}” from {link.label}",
        obj=link,
    )
    link.delete()
