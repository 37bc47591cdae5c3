"""Cost sharing: workstreams, each party's share, costs entered and quarterly true-ups."""

from __future__ import annotations

from django.db import models

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.models._common import (
    USER,
    currency_field,
    money_field,
    party_field,
    quarter_label,
)


class CostWorkstream(TenantModel):
    """A shared piece of work whose costs the parties split in an agreed proportion."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="cost_workstreams"
    )
    name = models.CharField(max_length=200)
    currency = currency_field()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "name"], name="deals_one_workstream_per_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CostShare(TenantModel):
    """One party's agreed share (percent) of a workstream's costs."""

    tenancy = Tenancy(alliance="workstream__alliance")

    workstream = models.ForeignKey(CostWorkstream, on_delete=models.CASCADE, related_name="shares")
    party = party_field("+")
    percent = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["workstream_id", "party_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "party"], name="deals_one_share_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.percent}%"


class TrueUp(TenantModel):
    """A quarter of a workstream settled: each party's spend against its share, who owes whom."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="true_ups")
    workstream = models.ForeignKey(
        CostWorkstream, on_delete=models.PROTECT, related_name="true_ups"
    )
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    total = money_field()
    # Per party: {"party", "organisation", "percent", "spent", "fair_share", "balance"}.
    lines = models.JSONField(default=list)
    settled_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    settled_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-year", "-quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "year", "quarter"], name="deals_one_true_up_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workstream} {quarter_label(self.year, self.quarter)}"

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)


class CostEntry(TenantModel):
    """A cost one party incurred on a shared workstream in a quarter."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="cost_entries")
    workstream = models.ForeignKey(CostWorkstream, on_delete=models.PROTECT, related_name="entries")
    party = party_field("+")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    amount = money_field()
    description = models.CharField(max_length=300)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-year", "-quarter", "-pk"]
        indexes = [models.Index(fields=["workstream", "year", "quarter"])]

    def __str__(self) -> str:
        return self.description

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)
