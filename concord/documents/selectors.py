"""Every read of the document room, through visible_to: a private document, its versions, its
sections and its links reach only its own organisation, whatever the path (list, search, count,
pack, panel, API)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.attachments import (
    EVIDENCE,
    SECTION,
    Attachment,
    TrackedObligation,
    linkables,
)
from concord.documents import search as search_module
from concord.documents.models import (
    AgreementSection,
    Document,
    DocumentLink,
    DocumentVersion,
    Folder,
)

SEARCH_MIN = 2  # characters: a one-letter search would match nearly everything
SEARCH_LIMIT = 50


def own_party(*, user: Any, alliance: Alliance) -> Party | None:
    """The user's organisation's joined party (an organisation only invited sees no documents)."""
    return alliance_selectors.accepted_party(user=user, alliance=alliance)


def joined_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance the user's organisation has joined, or DoesNotExist (a 404)."""
    alliance = alliance_selectors.alliance_get(user=user, pk=pk)
    if own_party(user=user, alliance=alliance) is None:
        raise Alliance.DoesNotExist
    return alliance


def documents(*, user: Any) -> QuerySet[Document]:
    """Every document the user may read, with what lists show."""
    return Document.objects.visible_to(user).select_related(
        "current", "folder", "organisation", "alliance"
    )


def document_list(
    *,
    user: Any,
    alliance: Alliance,
    folder: Folder | None = None,
    search: str = "",
    snippets: bool = False,
) -> QuerySet[Document]:
    """The alliance's documents the user may read, in one folder or all; searched, best match
    first (see search.py), or latest first. The extracted text stays in the database."""
    found = documents(user=user).filter(alliance=alliance).defer("search_text")
    if folder is not None:
        found = found.filter(folder=folder)
    if search.strip():
        if len(search.strip()) < SEARCH_MIN:
            return found.none()
        return search_module.search(found, search, snippets=snippets)
    return found.order_by("-updated_at", "pk")


def document_search(*, user: Any, term: str, alliance: Alliance | None = None) -> list[Document]:
    """Documents whose title or text matches `term`, among those the user may read, best match
    first (at most 50)."""
    if len(term.strip()) < SEARCH_MIN:
        return []
    found = documents(user=user).defer("search_text")
    if alliance is not None:
        found = found.filter(alliance=alliance)
    return list(search_module.search(found, term)[:SEARCH_LIMIT])


def folder_list(*, user: Any, alliance: Alliance) -> list[Folder]:
    """The alliance's folders the user may read, with how many of their documents they see."""
    visible = Q(documents__in=Document.objects.visible_to(user).values("pk"))
    return list(
        Folder.objects.visible_to(user)
        .filter(alliance=alliance)
        .annotate(shown=Count("documents", filter=visible))
    )


def folder_get(*, user: Any, pk: int) -> Folder:
    return Folder.objects.visible_to(user).select_related("alliance").get(pk=pk)


def document_get(*, user: Any, pk: int) -> Document:
    return documents(user=user).get(pk=pk)


def version_list(*, user: Any, document: Document) -> list[DocumentVersion]:
    return list(
        DocumentVersion.objects.visible_to(user)
        .filter(document=document)
        .select_related("uploaded_by")
        .order_by("-number")
    )


def version_get(*, user: Any, pk: int) -> DocumentVersion:
    return (
        DocumentVersion.objects.visible_to(user)
        .select_related("document__alliance", "document__organisation")
        .get(pk=pk)
    )


def link_list(*, user: Any, document: Document) -> list[DocumentLink]:
    return list(
        DocumentLink.objects.visible_to(user)
        .filter(document=document)
        .select_related("section", "content_type")
    )


def link_get(*, user: Any, pk: int) -> DocumentLink:
    return DocumentLink.objects.visible_to(user).select_related("document__alliance").get(pk=pk)


def section_get(*, user: Any, pk: int) -> AgreementSection:
    return AgreementSection.objects.visible_to(user).select_related("document").get(pk=pk)


def section_list(*, user: Any, document: Document) -> list[AgreementSection]:
    return list(AgreementSection.objects.visible_to(user).filter(document=document))


def record_url(link: DocumentLink) -> str:
    """The linked record's page, where its kind has one."""
    for kind in linkables():
        if kind.key == f"{link.content_type.app_label}.{link.content_type.model}":
            if kind.url_name:
                try:
                    return reverse(kind.url_name, args=[link.object_id])
                except NoReverseMatch:
                    return ""
    return ""


def size_label(size: int) -> str:
    """Bytes in words a reader scans: 820 B, 14 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def attachment(document: Document, role: str) -> Attachment:
    """A document as another capability's page shows it."""
    version = document.current
    parts = [f"v{version.number}", size_label(version.size)] if version else []
    if document.is_private:
        parts.append(f"private to {document.organisation}")
    return Attachment(
        title=document.title,
        url=reverse("documents:document-detail", args=[document.pk]),
        role=role,
        detail=" · ".join(parts),
    )


def attachments(user: Any, subject: Any) -> list[Attachment]:
    """Core's attachment source: the documents linked to `subject` that `user` may read."""
    if getattr(subject, "pk", None) is None:
        return []
    content_type = ContentType.objects.get_for_model(type(subject))
    links = (
        DocumentLink.objects.visible_to(user)
        .filter(content_type=content_type, object_id=subject.pk)
        .exclude(role=SECTION)
        .select_related("document__current", "document__organisation")
    )
    return [attachment(link.document, link.role) for link in links]


@dataclass
class TrackedSection:
    """A section of the agreement with what Concord tracks from it."""

    section: AgreementSection
    links: list[DocumentLink] = field(default_factory=list)

    @property
    def untracked(self) -> bool:
        return self.section.tracked_expected and not self.links


@dataclass
class AgreementView:
    """The agreement's page: each section and its tracked records, and what names no section."""

    document: Document | None
    sections: list[TrackedSection]
    # Records of kinds that should come from a section but name none: (kind label, records).
    unreferenced: list[tuple[str, list[Any]]]

    @property
    def untracked_sections(self) -> list[TrackedSection]:
        return [row for row in self.sections if row.untracked]


def agreement_get(*, user: Any, alliance: Alliance) -> Document | None:
    """The alliance's agreement (the latest one uploaded as such), if the user may read it."""
    return (
        documents(user=user)
        .filter(alliance=alliance, kind=Document.Kind.AGREEMENT)
        .order_by("-created_at", "-pk")
        .first()
    )


def agreement_view(*, user: Any, alliance: Alliance) -> AgreementView:
    """Every section with the records that name it, and the records that name no section."""
    document = agreement_get(user=user, alliance=alliance)
    if document is None:
        return AgreementView(None, [], [])
    links = (
        DocumentLink.objects.visible_to(user)
        .filter(document=document, role=SECTION)
        .select_related("content_type")
    )
    by_section: dict[int, list[DocumentLink]] = defaultdict(list)
    named: set[tuple[str, int]] = set()
    for link in links:
        by_section[link.section_id or 0].append(link)
        named.add((f"{link.content_type.app_label}.{link.content_type.model}", link.object_id))
    sections = [
        TrackedSection(section, by_section.get(section.pk, []))
        for section in section_list(user=user, document=document)
    ]
    unreferenced = []
    for kind in linkables(SECTION):
        missing = [r for r in kind.records(user, alliance) if (kind.key, r.pk) not in named]
        if missing:
            unreferenced.append((kind.label, missing))
    return AgreementView(document, sections, unreferenced)


def tracked_obligations(user: Any, alliance: Alliance) -> list[TrackedObligation]:
    """Core's agreement source: each section of the shared agreement that creates an obligation,
    once per record tracked from it (by the label every party sees on the agreement's page), or
    once alone while nothing is tracked from it. Two queries."""
    document = (
        documents(user=user)
        .filter(alliance=alliance, kind=Document.Kind.AGREEMENT, visibility="shared")
        .order_by("-created_at", "-pk")
        .first()
    )
    if document is None:
        return []
    labels = {kind.key: kind.label for kind in linkables(SECTION)}
    sections = (
        AgreementSection.objects.visible_to(user)
        .filter(document=document)
        .prefetch_related(
            Prefetch(
                "links",
                queryset=DocumentLink.objects.visible_to(user)
                .filter(role=SECTION)
                .select_related("content_type"),
            )
        )
    )
    rows: list[TrackedObligation] = []
    for section in sections:
        links = list(section.links.all())
        if not links and section.tracked_expected:
            rows.append(TrackedObligation(section.number, section.heading))
        for link in links:
            key = f"{link.content_type.app_label}.{link.content_type.model}"
            rows.append(
                TrackedObligation(
                    section.number, section.heading, key, labels.get(key, ""), link.label
                )
            )
    return rows


def pending_gate_evidence(*, user: Any, alliance: Alliance) -> list[Attachment]:
    """The evidence attached to the alliance's pending gate that the user may read, in one query
    (the alliance page's query budget is shared by every panel)."""
    links = (
        DocumentLink.objects.visible_to(user)
        .filter(
            alliance=alliance,
            role=EVIDENCE,
            content_type__app_label="alliances",
            content_type__model="gate",
            object_id__in=alliance_selectors.gate_list(user=user)
            .filter(alliance=alliance, status="pending")
            .values("pk"),
        )
        .select_related("document__current", "document__organisation")
    )
    return [attachment(link.document, link.role) for link in links]


def room_counts(*, user: Any, alliance: Alliance) -> dict[str, int]:
    """How many documents the user sees in the alliance, and how many are their own private ones."""
    found = Document.objects.visible_to(user).filter(alliance=alliance)
    return found.aggregate(total=Count("pk"), private=Count("pk", filter=Q(visibility="private")))
