"""The audit trail: append-only, hash-chained events of every change."""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel

GENESIS_HASH = "0" * 64


class AuditTenancy(Tenancy):
    """Alliance events follow the shared/private rule; organisation events stay in the organisation."""

    def visible_q(self, org: Any, user: Any) -> Q:
        in_alliance = Tenancy(
            alliance="alliance", organisation="organisation", private_field="visibility"
        ).visible_q(org, user)
        return Q(alliance__isnull=True, organisation=org) | (
            Q(alliance__isnull=False) & in_alliance
        )

    def editable_q(self, org: Any, user: Any) -> Q:
        return Q(pk__in=[])  # events are never edited


class AuditEvent(TenantModel):
    """One change to tenant data: who did what to which record, before and after."""

    tenancy = AuditTenancy()

    # The event's place in the hash chain, given by the sealer shortly after the write commits
    # (see core/audit.py); null, with empty hashes, until then.
    seq = models.PositiveBigIntegerField(unique=True, null=True, blank=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    alliance = models.ForeignKey(
        "alliances.Alliance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=100, db_index=True)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=SHARED)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-id"]  # the order of the writes; sealed events keep it in the chain too
        indexes = [
            models.Index(fields=["alliance", "-id"]),
            # An alliance's latest activity (the portfolio's last activity): events are written
            # with the moment they record, which need not follow the order of the ids.
            models.Index(fields=["alliance", "-created_at"], name="core_audit_alliance_latest"),
            # The sealer's work list: a partial index stays as small as the unsealed backlog.
            models.Index(fields=["id"], name="core_audit_unsealed", condition=Q(seq__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"#{self.seq or f'({self.pk}, unsealed)'} {self.action}"

    @property
    def is_private(self) -> bool:
        return self.visibility == PRIVATE

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a canonical form."""
        return {
            "seq": self.seq,
            "created_at": self.created_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "organisation_id": self.organisation_id,
            "alliance_id": self.alliance_id,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "action": self.action,
            "summary": self.summary,
            "before": self.before,
            "after": self.after,
            "request_id": self.request_id,
            "visibility": self.visibility,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self) -> str:
        """SHA-256 over the canonical JSON of the payload, which includes the previous hash."""
        text = json.dumps(self.payload(), sort_keys=True, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode()).hexdigest()


class AuditHead(models.Model):
    """The chain's single head row: locked by the sealer only, never on the write path."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit head at #{self.last_seq}"


class OutboxEmail(models.Model):
    """One outgoing message, written in the transaction that caused it and sent after commit.

    The row is the message's one identity: a task that runs twice finds it sent and does nothing,
    a mail outage leaves it pending for the retries, and after the last one it stays here, failed,
    for its recipients' organisations' admins to see and send again.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed after every retry"

    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)  # the Message-ID
    name = models.CharField(max_length=100)  # the message's templates, e.g. "gate-proposed"
    to = models.JSONField()
    subject = models.CharField(max_length=300)
    text = models.TextField()
    html = models.TextField()
    # Whose admins see the message if it fails: the organisations of its recipients, and the
    # sender's for recipients outside Concord (a portal's submitters).
    organisations = models.ManyToManyField("orgs.Organisation", related_name="+", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"

    @property
    def message_id(self) -> str:
        """The same Message-ID on every attempt, so a receiving server can drop a duplicate."""
        return f"<{self.key}@concord>"


class SignatureTenancy(Tenancy):
    """A signature is read by every party of the alliance of what it signs, and never edited."""

    def editable_q(self, org: Any, user: Any) -> Q:
        return Q(pk__in=[])  # a signature, once made, stays as it was made


class Signature(TenantModel):
    """An electronic signature in the sense of 21 CFR Part 11 (§11.50, §11.200): a person's own
    act, re-authenticated with their password at the moment of signing, stating what it means.

    It names what was signed (`subject_type`, `subject_id`), carries the hash of the content
    the signer saw, and keeps its manifest — printed name, date and time with time zone, meaning
    — as made, so the record's page, PDF and exports show the same words.
    """

    class Meaning(models.TextChoices):
        APPROVE = "approve", "Approval"
        REJECT = "reject", "Rejection"
        REVIEW = "review", "Review"

    tenancy = SignatureTenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.PROTECT, related_name="signatures"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_name = models.CharField(max_length=200)
    meaning = models.CharField(max_length=10, choices=Meaning.choices)
    statement = models.CharField(max_length=300, help_text="What the signer signed, in words.")
    signed_at = models.DateTimeField()
    time_zone = models.CharField(max_length=64, help_text="The signer's time zone when signing.")
    subject_type = models.CharField(max_length=100)  # "<app_label>.<model_name>"
    subject_id = models.CharField(max_length=64)
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at", "pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.printed_name}: {self.get_meaning_display()} ({self.statement})"

    @property
    def signed_at_local(self) -> datetime.datetime:
        """The moment of signing on the signer's clock."""
        try:
            zone = ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo("UTC")
        return self.signed_at.astimezone(zone)

    @property
    def signed_at_display(self) -> str:
        """Date and time with the time zone and its offset: "2026-12-06 12:04:31 CET (UTC+01:00)"."""
        local = self.signed_at_local
        offset = local.strftime("%z")
        return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()} (UTC{offset[:3]}:{offset[3:]})"

    @property
    def manifest(self) -> str:
        """The signature's manifest on one line, as exports print it."""
        return f"{self.printed_name}, {self.get_meaning_display()}, {self.signed_at_display}"
