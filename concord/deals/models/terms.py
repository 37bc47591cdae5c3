"""The deal's terms: its currency and signature, fees and milestones."""

from __future__ import annotations

from django.db import models

from concord.alliances.models import Alliance, Party, Programme
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.models._common import USER, currency_field, money_field, party_field
from concord.deals.money import format_money


class DealTerms(TenantModel):
    """The agreement's frame: when it was signed, payment terms and the nudge for unbilled sums."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.OneToOneField(Alliance, on_delete=models.CASCADE, related_name="deal_terms")
    signed_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True, max_length=5000)
    payment_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after a payment falls due (milestone, royalty…) to pay it."
    )
    nudge_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days a due payment may stay un-invoiced before both sides are told."
    )
    updated_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Deal terms of {self.alliance}"


class Fee(TenantModel):
    """A fixed payment the agreement sets on a date: upfront, equity investment or option fee."""

    class Kind(models.TextChoices):
        UPFRONT = "upfront", "Upfront payment"
        EQUITY = "equity", "Equity investment"
        OPTION_FEE = "option_fee", "Option fee"
        OTHER = "other", "Other fee"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    amount = money_field()
    currency = currency_field()
    payer = party_field("+")
    payee = party_field("+")
    due_date = models.DateField()
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Milestone(TenantModel):
    """A contractual event that triggers a payment, payable once per programme (asset in one
    indication). Development milestones form an ordered sequence per programme."""

    class Kind(models.TextChoices):
        DEVELOPMENT = "development", "Development"
        REGULATORY = "regulatory", "Regulatory"
        COMMERCIAL = "commercial", "Commercial"

    class Event(models.TextChoices):
        CANDIDATE_SELECTED = "candidate_selected", "Development candidate selected"
        IND_FILED = "ind_filed", "IND / CTA filed"
        PHASE_1 = "phase_1", "First patient dosed in Phase 1"
        PHASE_2 = "phase_2", "First patient dosed in Phase 2"
        PHASE_3 = "phase_3", "First patient dosed in Phase 3"
        FILING_ACCEPTED = "filing_accepted", "Marketing application accepted"
        APPROVAL = "approval", "Marketing approval"
        NET_SALES = "net_sales", "Annual net sales reach a threshold"

    class Region(models.TextChoices):
        US = "US", "United States"
        EU = "EU", "European Union"
        UK = "UK", "United Kingdom"
        JP = "JP", "Japan"
        CN = "CN", "China"
        ROW = "ROW", "Rest of world"

    class ThresholdRule(models.TextChoices):
        """How annual net sales meet a sales threshold, in the agreement's own words."""

        REACHES = "reaches", "reaches"  # sales >= threshold: "reach" or "equal or exceed"
        EXCEEDS = "exceeds", "exceeds"  # sales > threshold

    class Status(models.TextChoices):
        PENDING = "pending", "Not yet achieved"
        NOTIFIED = "notified", "Achievement notified"
        ACHIEVED = "achieved", "Achieved"

    # The order development milestones are reached in: a later one achieved makes every earlier
    # one unpaid in the same programme payable at the same time (the skipped-milestone rule).
    DEVELOPMENT_SEQUENCE = [
        Event.CANDIDATE_SELECTED,
        Event.IND_FILED,
        Event.PHASE_1,
        Event.PHASE_2,
        Event.PHASE_3,
    ]
    KIND_OF_EVENT = {
        **dict.fromkeys(DEVELOPMENT_SEQUENCE, Kind.DEVELOPMENT),
        Event.FILING_ACCEPTED: Kind.REGULATORY,
        Event.APPROVAL: Kind.REGULATORY,
        Event.NET_SALES: Kind.COMMERCIAL,
    }

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="milestones")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="milestones")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    event = models.CharField(max_length=30, choices=Event.choices)
    region = models.CharField(max_length=3, choices=Region.choices, blank=True)
    sales_threshold = money_field(null=True, blank=True)
    threshold_rule = models.CharField(
        max_length=10,
        choices=ThresholdRule.choices,
        default=ThresholdRule.REACHES,
        help_text="Sales milestones: whether annual net sales must reach (≥) or exceed (>) it.",
    )
    # event, region and threshold in one string, unique per programme: "payable once".
    key = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    amount = money_field()
    currency = currency_field()
    payer = party_field("+")
    payee = party_field("+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    achieved_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True, max_length=5000)
    notifying_party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notified_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True, max_length=5000)
    skipped_for = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The later milestone whose achievement made this skipped one payable.",
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["programme_id", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "key"], name="deals_milestone_payable_once"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sequence(self) -> int | None:
        """The milestone's place in the development sequence, or None outside it."""
        if self.event in self.DEVELOPMENT_SEQUENCE:
            return self.DEVELOPMENT_SEQUENCE.index(self.Event(self.event))
        return None

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def threshold_condition(self) -> str:
        """A sales milestone's condition in words: "Annual net sales reach USD 250,000,000.00"."""
        if self.sales_threshold is None:
            return ""
        verb = "reach" if self.threshold_rule == self.ThresholdRule.REACHES else "exceed"
        return f"Annual net sales {verb} {format_money(self.sales_threshold, self.currency)}"
