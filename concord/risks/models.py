"""The alliance's risk register: each risk scored on likelihood × impact (4 × 4), with its trigger,
mitigation plan, escalation plan and next review; shared with every party or private to its
owner organisation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from concord.core import clock
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel

SCALE = 4  # likelihood and impact run from 1 to 4
LIKELIHOOD = {1: "Unlikely", 2: "Possible", 3: "Likely", 4: "Almost certain"}
IMPACT = {1: "Minor", 2: "Moderate", 3: "Major", 4: "Severe"}


def level_of(score: int) -> str:
    """A score's band: low (1–3), medium (4–6), high (8–9), critical (12–16)."""
    if score >= 12:
        return "critical"
    if score >= 8:
        return "high"
    if score >= 4:
        return "medium"
    return "low"


def one_to_four(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        choices=list((LIKELIHOOD if label == "likelihood" else IMPACT).items()),
        validators=[MinValueValidator(1), MaxValueValidator(SCALE)],
    )


class Risk(TenantModel):
    """Something that may go wrong for the alliance, who owns it, and what is done about it."""

    class Category(models.TextChoices):
        SCIENTIFIC = "scientific", "Scientific"
        CLINICAL = "clinical", "Clinical"
        REGULATORY = "regulatory", "Regulatory"
        COMMERCIAL = "commercial", "Commercial"
        FINANCIAL = "financial", "Financial"
        IP = "ip", "Intellectual property"
        RELATIONSHIP = "relationship", "Relationship"
        OPERATIONAL = "operational", "Operational"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MATERIALISED = "materialised", "Materialised"
        CLOSED = "closed", "Closed"

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="risks"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=SHARED)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    category = models.CharField(max_length=20, choices=Category.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    likelihood = one_to_four("likelihood")
    impact = one_to_four("impact")
    trigger = models.TextField(
        blank=True, max_length=2000, help_text="What would tell us it is happening."
    )
    mitigation = models.TextField(blank=True, max_length=5000)
    mitigation_starts = models.DateField(null=True, blank=True)
    mitigation_due = models.DateField(null=True, blank=True)
    escalation_plan = models.TextField(blank=True, max_length=5000)
    review_on = models.DateField()
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    materialised_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The review date the sweep last sent a reminder for: one reminder per review falling due.
    review_reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-likelihood", "-impact", "review_on", "pk"]
        indexes = [models.Index(fields=["alliance", "status"]), models.Index(fields=["review_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        return level_of(self.score)

    @property
    def is_private(self) -> bool:
        return self.visibility == PRIVATE

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class RiskReview(TenantModel):
    """A review of a risk: its scores then, what was noted, and the next review date."""

    tenancy = Tenancy(
        alliance="risk__alliance",
        organisation="risk__organisation",
        private_field="risk__visibility",
    )

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    likelihood = one_to_four("likelihood")
    impact = one_to_four("impact")
    note = models.TextField(blank=True, max_length=2000)
    next_review_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.risk}"
