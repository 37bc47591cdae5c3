"""Meetings: the agenda, who attended, and the minutes each party approves."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.governance.models.committees import (
    Committee,
    CommitteeMember,
    MatterCategory,
    budget_change_field,
    matter_category_field,
)


class Meeting(TenantModel):
    """A committee meeting: when and where, its agenda, who attended, and whether it was quorate."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_meetings"
    )
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    quorum_met = models.BooleanField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    # When the co-chairs were told the draft minutes are past their turnaround (once per meeting).
    minutes_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "starts_at"]),
            models.Index(fields=["alliance", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD


class AgendaItem(TenantModel):
    """One item on a meeting's agenda, with what the meeting should do about it."""

    class Objective(models.TextChoices):
        INFORM = "inform", "Inform"
        DISCUSS = "discuss", "Discuss"
        DECIDE = "decide", "Decide"

    tenancy = Tenancy(alliance="meeting__alliance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    objective = models.CharField(
        max_length=10, choices=Objective.choices, default=Objective.DISCUSS
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_allotted = models.PositiveIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notes = models.TextField(max_length=5000, blank=True)
    concern = models.ForeignKey(
        "Concern", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    escalation = models.ForeignKey(
        "Escalation", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    # The matter's category is set when it goes on the agenda, for every party to see; the other
    # party may dispute it, and while disputed the reading that makes it a carve-out applies.
    category = matter_category_field()
    budget_change = budget_change_field("The change to the budget it asks for, if any.")
    budget_currency = models.CharField(max_length=3, blank=True)
    disputed_category = models.CharField(max_length=12, choices=MatterCategory.choices, blank=True)
    category_disputed_by = models.ForeignKey(
        "alliances.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category_dispute_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(TenantModel):
    """Whether a committee member was at a meeting; quorum is counted from these rows."""

    tenancy = Tenancy(alliance="meeting__alliance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "member__party", "member__role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="gov_one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.member} {'present' if self.present else 'absent'}"


class Minutes(TenantModel):
    """One version of a meeting's minutes. Approved versions are locked; a correction is a new
    version, and the approved text it corrects stays readable."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated for comment"
        APPROVED = "approved", "Approved"

    tenancy = Tenancy(alliance="meeting__alliance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveIntegerField(default=1)
    body = models.TextField(max_length=50_000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    correction_note = models.CharField(max_length=300, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="approved_minutes"
    )

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="gov_one_minutes_version")
        ]
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting} (v{self.version})"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class MinutesApproval(TenantModel):
    """One party's own approval of a version of the minutes, at a quorate later meeting; the
    minutes lock when every party has approved them."""

    tenancy = Tenancy(alliance="minutes__meeting__alliance")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=clock.now)
    at_meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["minutes", "approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "party"], name="gov_one_minutes_approval")
        ]

    def __str__(self) -> str:
        return f"{self.party} approved {self.minutes}"


class MinutesComment(TenantModel):
    """A comment on circulated minutes, for the drafter to take in before approval."""

    tenancy = Tenancy(alliance="minutes__meeting__alliance")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author}"
