"""Concerns and the escalation ladder: each level reached, and the executives' acts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core import clock
from concord.core.records import OpenUntilClosed
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel
from concord.governance.models.committees import Committee
from concord.governance.models.decisions import Decision


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Concern(TenantModel):
    """A worry raised early, private to its organisation or shared; it may go on an agenda or up
    the escalation ladder. A concern the system raises (an early warning) has no person."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ON_AGENDA = "on_agenda", "On an agenda"
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_concerns"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose concern it is; empty when the system raised it.",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=10_000, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=PRIVATE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=40, blank=True, help_text="e.g. pulse, for early warnings")
    created_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility == SHARED

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED


class Escalation(OpenUntilClosed, TenantModel):
    """A disagreement moving up the alliance's ladder, each level with its charter time limit.
    One raised above the level the agreed path allows is recorded as an end-run."""

    class Level(models.TextChoices):
        TEAM = "team", "Working team"
        COMMITTEE = "committee", "Committee"
        EXECUTIVES = "executives", "Executives"
        FINAL_SAY = "final_say", "Party with final say"
        DISPUTE = "dispute", "Dispute resolution"
        OUTSIDE = "outside", "Outside the agreed path"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LADDER = [Level.TEAM, Level.COMMITTEE, Level.EXECUTIVES]

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_escalations"
    )
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="escalations")
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=10_000, blank=True)
    carve_out = models.CharField(max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raising_party = models.ForeignKey(
        "alliances.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = models.CharField(
        max_length=200, blank=True, help_text="Who it was taken to, when outside the ladder."
    )
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.TEAM)
    level_since = models.DateTimeField(default=clock.now)
    level_due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    is_end_run = models.BooleanField(default=False)
    end_run_reason = models.CharField(max_length=300, blank=True)
    resolution = models.TextField(max_length=5000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_expiry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "status"]),
            models.Index(fields=["status", "level_due_at"]),
        ]

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.level_due_at is not None and self.level_due_at < clock.now()


class EscalationStep(TenantModel):
    """The escalation's path: each level it reached, when, by whose hand and why."""

    tenancy = Tenancy(alliance="escalation__alliance")

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    level = models.CharField(max_length=12, choices=Escalation.Level.choices)
    entered_at = models.DateTimeField(default=clock.now)
    due_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["escalation", "entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.escalation} at {self.get_level_display()}"


class ExecutiveAct(TenantModel):
    """One party's executive acting at the executives' rung: agreeing to move on before the
    period ends, or to a resolution as worded. Either is a joint act of every party."""

    class Purpose(models.TextChoices):
        MOVE_ON = "move_on", "Move on early"
        RESOLVE = "resolve", "Resolve"

    tenancy = Tenancy(alliance="escalation__alliance")

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="executive_acts"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    resolution = models.TextField(max_length=5000, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acted_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["escalation", "acted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "purpose", "party"], name="gov_one_executive_act"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_purpose_display()}"
