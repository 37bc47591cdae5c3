"""The alliance's document room: folders, documents with immutable versions, the agreement's
sections, and links from documents to the records of other capabilities.

A document is shared with every party of its alliance or private to its owner organisation; its
versions, sections and links follow it (their tenancy reads the document's visibility), so a
private document never reaches the partner by any path.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from concord.core import clock
from concord.core.attachments import ROLES
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel


class Folder(TenantModel):
    """A named place for documents in one alliance's room, shared or private like a document."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="document_folders"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=SHARED)
    name = models.CharField(max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_private(self) -> bool:
        return self.visibility == PRIVATE


class Document(TenantModel):
    """A document of the alliance; its content lives in its versions, the latest one current.

    `search_text` keeps the current version's extracted text (PDF and office documents), so a
    search reads one table.
    """

    class Kind(models.TextChoices):
        GENERAL = "general", "Document"
        AGREEMENT = "agreement", "Agreement"

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="documents"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=SHARED)
    folder = models.ForeignKey(
        Folder, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.GENERAL)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    current = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    search_text = models.TextField(blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["alliance", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_private(self) -> bool:
        return self.visibility == PRIVATE


def version_path(instance: DocumentVersion, filename: str) -> str:
    """Stored under a random name: the uploaded name is kept on the row, never trusted as a path."""
    return f"documents/{instance.document.alliance_id}/{uuid.uuid4().hex}"


class DocumentVersion(TenantModel):
    """One immutable version of a document: who uploaded it, when, its size and SHA-256."""

    tenancy = Tenancy(
        alliance="document__alliance",
        organisation="document__organisation",
        private_field="document__visibility",
    )

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=version_path, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["document_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class AgreementSection(TenantModel):
    """A numbered section of the agreement ("5.2"), which tracked obligations name."""

    tenancy = Tenancy(
        alliance="document__alliance",
        organisation="document__organisation",
        private_field="document__visibility",
    )

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(max_length=20)
    heading = models.CharField(max_length=200)
    summary = models.TextField(blank=True, max_length=2000)
    # A section that creates no obligation (definitions, boilerplate) needs nothing tracked.
    tracked_expected = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["document_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_section_once")
        ]

    def __str__(self) -> str:
        return f"§ {self.number} {self.heading}"


class DocumentLink(TenantModel):
    """A document tied to a record of another capability, keyed by content type and id: a
    meeting's pre-read, a gate's evidence, or the agreement section a milestone comes from."""

    tenancy = Tenancy(
        alliance="alliance",
        organisation="document__organisation",
        private_field="document__visibility",
    )

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="links")
    section = models.ForeignKey(
        AgreementSection, null=True, blank=True, on_delete=models.CASCADE, related_name="links"
    )
    role = models.CharField(max_length=12, choices=list(ROLES.items()))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=200)  # the record's name when linked, for lists
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "role", "content_type", "object_id"],
                name="documents_link_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.label}"
