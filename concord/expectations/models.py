"""Commitments one party owes an alliance, their deliveries and disputes, and the learning plan.

Every record here is shared by all parties of its alliance: expectations and the reliability they
add up to are the one thing both sides must read the same way ("trust and verify").
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel

# A commitment is "due soon" from this many days before its due date.
DUE_SOON_DAYS = 7


class Status(models.TextChoices):
    """What a commitment's status reads as now: its state, with dates applied to what is owed."""

    PENDING = "pending", "Pending"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    DELIVERED = "delivered", "Delivered"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    WAIVED = "waived", "Waived"
    IN_DISPUTE = "in_dispute", "In dispute"


class Commitment(TenantModel):
    """Something one party owes the alliance, by a date, judged against acceptance criteria.

    `state` records what people did (delivered, accepted, rejected, waived); whether an open
    commitment is pending, due soon or overdue is worked out from `due_at` at the moment of
    reading (see selectors.with_status), so it never goes stale.
    """

    class Kind(models.TextChoices):
        DELIVERABLE = "deliverable", "Deliverable"
        REPORT = "report", "Report"
        RESOURCE = "resource", "Resource"
        DECISION = "decision", "Decision"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        OPEN = "open", "Awaiting delivery"
        DELIVERED = "delivered", "Delivered"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WAIVED = "waived", "Waived"

    OPEN_STATES = (State.OPEN, State.REJECTED)  # the owner still has to deliver
    CLOSED_STATES = (State.ACCEPTED, State.WAIVED)

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="commitments"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=5000)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DELIVERABLE)
    acceptance_criteria = models.TextField(
        max_length=5000, help_text="Quality, format and standard the delivery is judged against."
    )
    owner_party = models.ForeignKey(
        "alliances.Party", on_delete=models.PROTECT, related_name="commitments_owed"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitments_owned"
    )
    receiving_party = models.ForeignKey(
        "alliances.Party", on_delete=models.PROTECT, related_name="commitments_received"
    )
    due_date = models.DateField()
    # The end of the due date in the owner's time zone: the instant the commitment turns overdue.
    due_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    in_dispute = models.BooleanField(default=False)
    waive_reason = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The due date each reminder was last sent for: a reminder goes once per commitment and
    # state, and again only if the due date moves.
    due_soon_reminded_for = models.DateField(null=True, blank=True)
    overdue_reminded_for = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["alliance", "due_date"]),
            models.Index(fields=["state", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_party=models.F("receiving_party")),
                name="commitment_owed_to_another_party",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """The owner still has to deliver (first time, or again after a rejection)."""
        return self.state in self.OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in self.CLOSED_STATES

    @property
    def days_past_due(self) -> int:
        """Whole days since the due date by today's local calendar; 0 until it has passed."""
        return max(0, (clock.today() - self.due_date).days)


class Delivery(TenantModel):
    """One delivery of a commitment, then the receiving party's verdict on it.

    `delivered_on` is the delivery's date in the owner's time zone and `days_late` how many
    days after the due date that was (0 when on time): facts of the moment, kept with the row so
    the scorecard adds them up in SQL.
    """

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting acceptance"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    tenancy = Tenancy(alliance="commitment__alliance")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="deliveries")
    sequence = models.PositiveSmallIntegerField(help_text="1 for the first delivery.")
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivered_at = models.DateTimeField(default=clock.now)
    delivered_on = models.DateField()
    days_late = models.PositiveIntegerField(default=0)
    note = models.TextField(blank=True, max_length=5000)
    reference = models.CharField(
        max_length=500, blank=True, help_text="Where to find it: a document link or data room path."
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    judgement_comment = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["commitment", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["commitment", "sequence"], name="one_delivery_number")
        ]
        indexes = [models.Index(fields=["sequence", "outcome"])]

    def __str__(self) -> str:
        return f"Delivery {self.sequence} of {self.commitment}"

    @property
    def is_pending(self) -> bool:
        return self.outcome == self.Outcome.PENDING

    @property
    def on_time(self) -> bool:
        return self.days_late == 0


class CommitmentDispute(TenantModel):
    """A party's challenge to a commitment (a rejection, a delivery, the terms), and its resolution."""

    class Outcome(models.TextChoices):
        STANDS = "stands", "The commitment stands as it was"
        ACCEPTED = "accepted", "The latest delivery is accepted"
        WAIVED = "waived", "The commitment is waived"
        RESCHEDULED = "rescheduled", "A new due date is agreed"

    tenancy = Tenancy(alliance="commitment__alliance")

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="disputes")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raising_party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(max_length=5000)
    raised_at = models.DateTimeField(default=clock.now)
    resolution = models.TextField(blank=True, max_length=5000)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_dispute_per_commitment",
            )
        ]

    def __str__(self) -> str:
        return f"Dispute on {self.commitment}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class LearningObjective(TenantModel):
    """What the alliance means to learn, why, and how it will be measured, by when.

    "What isn't measured won't happen": every progress review records a value of `measure`.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        DROPPED = "dropped", "Dropped"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="learning_objectives"
    )
    title = models.CharField(max_length=200, help_text="What the alliance will learn.")
    rationale = models.TextField(max_length=5000, help_text="Why it matters to the alliance.")
    measure = models.CharField(max_length=200, help_text="How progress is measured.")
    unit = models.CharField(max_length=30, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_objectives"
    )
    owner_party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    target_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def progress_share(self, value: object) -> int | None:
        """How far a measured value has come from the baseline to the target, in percent."""
        if value is None or self.target is None or self.baseline is None:
            return None
        span = self.target - self.baseline
        if span == 0:
            return 100 if value == self.target else 0
        share = (value - self.baseline) / span * 100  # type: ignore[operator]
        return max(0, min(100, round(share)))


class ProgressReview(TenantModel):
    """One look at a learning objective: the measure's value on the day, and what was learnt."""

    tenancy = Tenancy(alliance="objective__alliance")

    objective = models.ForeignKey(
        LearningObjective, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    comment = models.TextField(blank=True, max_length=5000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["objective", "reviewed_on", "pk"]
        indexes = [models.Index(fields=["objective", "-reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.objective} on {self.reviewed_on}"


def end_of_day(day: datetime.date, tz_name: str) -> datetime.datetime:
    """The last second of `day` in a time zone, in UTC: when a commitment due that day turns late."""
    tz = zoneinfo.ZoneInfo(tz_name)
    end = datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=tz)
    return end.astimezone(datetime.UTC)


class Lesson(TenantModel):
    """What the parties learned from the alliance, on its learning plan for the next one. A
    wind-down's lessons learned arrive here through core's `lessons_learned` signal, one row per
    source, revised when the source is."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="lessons"
    )
    source_key = models.CharField(max_length=60)  # "winddown.winddown:12"
    source = models.CharField(max_length=200)  # "Wind-down of Helix–Borealis"
    text = models.TextField(max_length=10_000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "source_key"], name="one_lesson_per_source")
        ]

    def __str__(self) -> str:
        return f"Lessons: {self.source}"
