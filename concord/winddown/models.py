"""Ending an alliance: the wind-down with its notice countdown, the checklist each party works
through with evidence, the obligations that survive the end, each party's own act of closing,
and the lessons learned. Everything here is shared by the alliance's parties."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel


class WindDown(TenantModel):
    """An alliance on its way out: why it ends, when notice was given and when it takes effect."""

    class Reason(models.TextChoices):
        EXPIRY = "expiry", "Expiry of the term"
        CONVENIENCE = "convenience", "Termination for convenience"
        CAUSE = "cause", "Termination for cause"
        OPTION = "option", "Exercise of the option to acquire"

    class Status(models.TextChoices):
        ACTIVE = "active", "Winding down"
        CLOSED = "closed", "Closed"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.OneToOneField(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="wind_down"
    )
    reason = models.CharField(max_length=12, choices=Reason.choices)
    explanation = models.TextField(blank=True, max_length=5000)
    section = models.CharField(
        max_length=40, blank=True, help_text="The agreement's clause it ends under (§ 14.2)."
    )
    notice_given_on = models.DateField()
    notice_days = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    lessons = models.TextField(blank=True, max_length=10000)
    lessons_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Wind-down of {self.alliance}"

    @property
    def effective_on(self) -> datetime.date:
        """The day the termination takes effect: notice given plus the notice period."""
        return self.notice_given_on + datetime.timedelta(days=self.notice_days)

    @property
    def days_left(self) -> int:
        """Days of notice still to run (0 once it has taken effect)."""
        return max((self.effective_on - clock.today()).days, 0)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class ChecklistItem(TenantModel):
    """Something a party must do before the alliance can close, done with evidence."""

    class Area(models.TextChoices):
        CONFIDENTIAL = "confidential", "Confidential information"
        REGULATORY = "regulatory", "Regulatory filings and data"
        LICENCES = "licences", "Licences"
        PAYMENTS = "payments", "Final payments"
        AUDITS = "audits", "Reconciliations and audits"
        MATERIALS = "materials", "Materials and inventory"
        TRIALS = "trials", "Ongoing trials and patients"
        COMMUNICATIONS = "communications", "Communications"
        AGREEMENT = "agreement", "Obligations under the agreement"
        REVIEW = "review", "Final health check"
        OTHER = "other", "Other"

    tenancy = Tenancy(alliance="wind_down__alliance")

    wind_down = models.ForeignKey(WindDown, on_delete=models.CASCADE, related_name="items")
    area = models.CharField(max_length=16, choices=Area.choices)
    title = models.CharField(max_length=300)
    section = models.CharField(
        max_length=40, blank=True, help_text="The agreement's section it comes from (§ 5.2)."
    )
    owner = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class SurvivingObligation(TenantModel):
    """A duty that outlives the alliance (royalties, confidentiality, audit rights), to its end."""

    class Kind(models.TextChoices):
        ROYALTIES = "royalties", "Royalties"
        CONFIDENTIALITY = "confidentiality", "Confidentiality"
        AUDIT = "audit", "Audit rights"
        LICENCE = "licence", "Surviving licence"
        OTHER = "other", "Other"

    tenancy = Tenancy(alliance="wind_down__alliance")

    wind_down = models.ForeignKey(WindDown, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.CharField(max_length=500)
    owed_by = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=40, blank=True)
    ends_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["ends_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_running(self) -> bool:
        return self.ends_on >= clock.today()


class CloseAct(TenantModel):
    """One party's own act of closing the alliance: the alliance closes when every party has."""

    tenancy = Tenancy(alliance="wind_down__alliance")

    wind_down = models.ForeignKey(WindDown, on_delete=models.CASCADE, related_name="close_acts")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["wind_down", "party"], name="winddown_one_close_act")
        ]

    def __str__(self) -> str:
        return f"{self.party} closes {self.wind_down.alliance}"
