"""Royalties: terms in tiers, quarterly reports and their restatements."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from concord.alliances.models import Alliance, Programme
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.models._common import (
    USER,
    currency_field,
    money_field,
    party_field,
    quarter_label,
)


class RoyaltyTerm(TenantModel):
    """A royalty on a product's annual net sales, in tiers; reported per quarter."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="royalty_terms")
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    currency = currency_field()
    payer = party_field("+")
    payee = party_field("+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class RoyaltyTier(TenantModel):
    """One band of annual net sales and its rate (percent) on the part of sales inside it."""

    tenancy = Tenancy(alliance="term__alliance")

    term = models.ForeignKey(RoyaltyTerm, on_delete=models.CASCADE, related_name="tiers")
    floor = money_field()
    ceiling = money_field(null=True, blank=True)
    rate = models.DecimalField(max_digits=7, decimal_places=4)

    class Meta:
        ordering = ["term_id", "floor"]

    def __str__(self) -> str:
        return f"{self.rate}% from {self.floor}"


class RoyaltyReport(TenantModel):
    """Net sales reported for one quarter, and the royalty computed on them (with its working)."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="royalty_reports")
    term = models.ForeignKey(RoyaltyTerm, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    net_sales = money_field()
    earlier_sales = money_field(help_text="Net sales reported earlier in the same year.")
    royalty = money_field()
    # The tier slices: [{"floor", "ceiling", "rate", "base", "royalty"}], as strings (exact).
    calculation = models.JSONField(default=list)
    reporting_party = party_field("+")
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-year", "-quarter", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "year", "quarter"], name="deals_one_royalty_report_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.term} {self.period_label}"

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def latest_restatement(self) -> RoyaltyRestatement | None:
        """The restatement in force, if any (reads prefetched restatements when there are some)."""
        restatements = list(self.restatements.all())
        return max(restatements, key=lambda r: (r.restated_at, r.pk)) if restatements else None

    @property
    def current_net_sales(self) -> Decimal:
        """The quarter's net sales as they stand: the latest restatement's, else as reported."""
        latest = self.latest_restatement
        return self.net_sales if latest is None else latest.net_sales


class RoyaltyRestatement(TenantModel):
    """A reported quarter's net sales restated, with the reason and the year's royalty recomputed.

    The report and every earlier restatement stay as they were (a regulated record keeps what was
    there before); the difference in the year's royalty is a further payment or a credit.
    """

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="royalty_restatements"
    )
    report = models.ForeignKey(RoyaltyReport, on_delete=models.PROTECT, related_name="restatements")
    previous_net_sales = money_field(help_text="The quarter's net sales before this restatement.")
    net_sales = money_field(help_text="The quarter's net sales as restated.")
    reason = models.TextField(max_length=5000)
    year_sales_before = money_field(help_text="The year's reported net sales before.")
    year_sales_after = money_field(help_text="The year's reported net sales after.")
    year_royalty_before = money_field(help_text="The royalty owed on the year before, rounded.")
    year_royalty_after = money_field(help_text="The royalty owed on the year after, rounded.")
    adjustment = money_field(help_text="After less before: a further payment, or a credit (< 0).")
    # The year's tier slices after the restatement, as in RoyaltyReport.calculation.
    calculation = models.JSONField(default=list)
    restating_party = party_field("+")
    restated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    restated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["report_id", "restated_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} restated"

    @property
    def is_credit(self) -> bool:
        return self.adjustment < 0

    @property
    def difference(self) -> Decimal:
        """The size of the adjustment, whichever way it goes."""
        return abs(self.adjustment)
