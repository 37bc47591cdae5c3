"""What the alliance is for: shared goals agreed by every party (versioned), each party's
benefits (shared or private), and the KPIs that measure progress towards each goal."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel

if TYPE_CHECKING:
    from concord.goals.selectors import KpiRow

MAX_DIGITS, DECIMALS = 18, 4


class Goal(TenantModel):
    """A shared goal of the alliance: its words are those of its latest agreed version."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, awaiting agreement"
        AGREED = "agreed", "Agreed"
        REJECTED = "rejected", "Not agreed"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    version = models.PositiveIntegerField(default=0, help_text="The agreed version's number.")
    created_at = models.DateTimeField(default=clock.now)
    agreed_at = models.DateTimeField(null=True, blank=True)

    # Not columns: what selectors.goal_list prefetches onto the goals it returns, and the KPI
    # rows the pages then work out from them.
    pending_versions: list[GoalVersion]
    kpi_list: list[Kpi]
    kpi_rows: list[KpiRow]

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["alliance", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED


class GoalVersion(TenantModel):
    """A wording of a goal proposed by one party; it holds once every party has agreed to it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting agreement"
        AGREED = "agreed", "Agreed"
        REJECTED = "rejected", "Not agreed"
        WITHDRAWN = "withdrawn", "Superseded"

    tenancy = Tenancy(alliance="goal__alliance")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    reason = models.TextField(max_length=2000, blank=True, help_text="Why the change.")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposing_party = models.ForeignKey(
        "alliances.Party", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "number"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "number"], name="goal_version_number"),
            models.UniqueConstraint(
                fields=["goal"], condition=Q(status="pending"), name="one_pending_goal_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class GoalAgreement(TenantModel):
    """One party's own answer to a goal's version, by a person of that party."""

    class Answer(models.TextChoices):
        AGREED = "agreed", "Agreed"
        REJECTED = "rejected", "Did not agree"

    tenancy = Tenancy(alliance="version__goal__alliance")

    version = models.ForeignKey(GoalVersion, on_delete=models.CASCADE, related_name="agreements")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    comment = models.TextField(max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_goal_answer_per_party")
        ]


class Benefit(TenantModel):
    """What one party expects to gain from the alliance: shared with the partner or private."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="benefits"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=PRIVATE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility == SHARED


class KpiKind(models.TextChoices):
    """How practitioners measure alliances, with patient outcomes a kind of their own."""

    OUTCOME = "outcome", "Outcome"
    PATIENT_OUTCOME = "patient_outcome", "Patient outcome"
    ACTIVITY = "activity", "Activity"
    ALIGNMENT = "alignment", "Alignment"


class KpiStatus(models.TextChoices):
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    NO_DATA = "no_data", "Not measured yet"


class Kpi(TenantModel):
    """A measure of progress towards a goal: from its baseline to its target by a date, owned by
    one party, which records its measurements (or Concord does, for an automatic metric)."""

    class Direction(models.TextChoices):
        INCREASE = "increase", "Higher is better"
        DECREASE = "decrease", "Lower is better"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="kpis"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="kpis")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=KpiKind.choices)
    unit = models.CharField(max_length=40)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    baseline = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMALS)
    baseline_date = models.DateField()
    target = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMALS)
    target_date = models.DateField()
    owner_party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    metric = models.CharField(
        max_length=50,
        blank=True,
        help_text="An automatic metric's code; blank when recorded by hand.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    # The latest measurement, kept by the services so panels and Today read one row per KPI.
    latest_value = models.DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMALS, null=True, blank=True
    )
    latest_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "name", "pk"]
        indexes = [models.Index(fields=["alliance", "goal"]), models.Index(fields=["metric"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_automatic(self) -> bool:
        return bool(self.metric)

    def expected_on(self, day: datetime.date) -> Decimal:
        """Where the straight line from baseline to target stands on `day` (held at each end)."""
        span = (self.target_date - self.baseline_date).days
        if span <= 0 or day >= self.target_date:
            return self.target
        if day <= self.baseline_date:
            return self.baseline
        share = Decimal((day - self.baseline_date).days) / Decimal(span)
        return self.baseline + (self.target - self.baseline) * share


class Measurement(TenantModel):
    """One value of a KPI on a day, with where it came from."""

    tenancy = Tenancy(alliance="kpi__alliance")

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(max_digits=MAX_DIGITS, decimal_places=DECIMALS)
    measured_on = models.DateField()
    source = models.CharField(max_length=300)
    automatic = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["kpi", "measured_on", "pk"]
        indexes = [models.Index(fields=["kpi", "measured_on"])]
        constraints = [
            # The sweep may run twice, or twice at once: one automatic value per KPI and day.
            models.UniqueConstraint(
                fields=["kpi", "measured_on"],
                condition=Q(automatic=True),
                name="one_automatic_measurement_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} on {self.measured_on}"


class GateGoalReview(TenantModel):
    """One party's review of the alliance's goals and KPIs at a gate: it confirms them, or
    proposes a change. The review is complete once every party has answered through its own people."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed the goals"
        CHANGE = "change", "Proposed a change"

    tenancy = Tenancy(alliance="gate__alliance")

    gate = models.ForeignKey("alliances.Gate", on_delete=models.CASCADE, related_name="+")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    goal = models.ForeignKey(
        Goal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The goal the change is about, if one.",
    )
    comment = models.TextField(max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["gate", "party"], name="one_goal_review_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.get_answer_display()} at gate {self.gate_id}"

    @property
    def proposes_change(self) -> bool:
        return self.answer == self.Answer.CHANGE
