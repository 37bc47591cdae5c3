"""The fairness ledger: payments and receipts, disputes, audit requests and private finance notes."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models.functions import Abs

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.models._common import USER, currency_field, money_field, party_field
from concord.deals.models.buildtobuy import BuyOption, Tranche
from concord.deals.models.costshare import CostEntry, TrueUp
from concord.deals.models.royalties import RoyaltyReport, RoyaltyRestatement
from concord.deals.models.terms import Fee, Milestone
from concord.deals.money import format_money
from concord.orgs.models import Organisation


class Payment(TenantModel):
    """One line of the fairness ledger: a sum one party owes another, from due to paid."""

    class Source(models.TextChoices):
        FEE = "fee", "Fee"
        MILESTONE = "milestone", "Milestone"
        ROYALTY = "royalty", "Royalty"
        TRANCHE = "tranche", "Build-to-Buy tranche"
        OPTION = "option", "Option exercise"
        TRUE_UP = "true_up", "Cost-share true-up"

    class Status(models.TextChoices):
        DUE = "due", "Due, not invoiced"
        INVOICED = "invoiced", "Invoiced"
        PARTLY_PAID = "partly_paid", "Partly paid"
        PAID = "paid", "Paid"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="payments")
    source = models.CharField(max_length=12, choices=Source.choices)
    description = models.CharField(max_length=300)
    fee = models.OneToOneField(
        Fee, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    milestone = models.OneToOneField(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    royalty_report = models.OneToOneField(
        RoyaltyReport, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    royalty_restatement = models.OneToOneField(
        RoyaltyRestatement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment",
    )
    tranche = models.OneToOneField(
        Tranche, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    option = models.OneToOneField(
        BuyOption, null=True, blank=True, on_delete=models.PROTECT, related_name="payment"
    )
    true_up = models.ForeignKey(
        TrueUp, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field()
    currency = currency_field()
    payer = party_field("+")
    payee = party_field("+")
    became_due_on = models.DateField()
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DUE)
    invoice_number = models.CharField(max_length=60, blank=True)
    invoiced_on = models.DateField(null=True, blank=True)
    invoiced_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount_paid = money_field(default=Decimal(0))
    paid_on = models.DateField(null=True, blank=True)
    nudged_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["alliance", "due_date"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.amount_paid

    @property
    def is_credit(self) -> bool:
        """A negative amount: the payee owes it back to the payer (e.g. a restated royalty)."""
        return self.amount < 0

    @property
    def owed_by_id(self) -> int:
        """The party that sends the money: the payer, or the payee for a credit."""
        return self.payee_id if self.is_credit else self.payer_id

    @property
    def owed_to_id(self) -> int:
        """The party that receives the money, and so invoices it (or asks for its credit)."""
        return self.payer_id if self.is_credit else self.payee_id

    @property
    def owed_by(self) -> Party:
        return self.payee if self.is_credit else self.payer

    @property
    def owed_to(self) -> Party:
        return self.payer if self.is_credit else self.payee

    @property
    def owed_outstanding(self) -> Decimal:
        """What is still owed, by `owed_by` to `owed_to`: never negative, whichever way it goes."""
        return abs(self.outstanding)

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_paid and self.due_date < today

    @property
    def amount_display(self) -> str:
        return format_money(self.amount, self.currency)

    @property
    def outstanding_display(self) -> str:
        return format_money(self.outstanding, self.currency)


def owed_by_organisation(organisation: Organisation | None) -> models.Q:
    """Payments an organisation's party owes: as payer, or as the payee of a credit."""
    return models.Q(amount__gte=0, payer__organisation=organisation) | models.Q(
        amount__lt=0, payee__organisation=organisation
    )


def owed_to_organisation(organisation: Organisation | None) -> models.Q:
    """Payments owed to an organisation's party: as payee, or as the payer of a credit."""
    return models.Q(amount__gte=0, payee__organisation=organisation) | models.Q(
        amount__lt=0, payer__organisation=organisation
    )


def owed_outstanding() -> Abs:
    """In a query, what is still owed on each payment whichever way it goes (`owed_outstanding`),
    so that summing credits with ordinary payments never nets one against the other."""
    return Abs(models.F("amount") - models.F("amount_paid"))


class PaymentReceipt(TenantModel):
    """Money that arrived against a payment: all of it, or one part of a partial payment."""

    tenancy = Tenancy(alliance="payment__alliance")

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="receipts")
    amount = money_field()
    paid_on = models.DateField()
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.amount} on {self.paid_on}"


class Dispute(TenantModel):
    """A payment or cost line one party contests, with its reason and, later, the resolution."""

    class Status(models.TextChoices):
        OPEN = "open", "In dispute"
        RESOLVED = "resolved", "Resolved"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="disputes")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    cost_entry = models.ForeignKey(
        CostEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    reason = models.TextField(max_length=5000)
    raising_party = party_field("+")
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=clock.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(blank=True, max_length=5000)
    resolved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["payment"],
                condition=models.Q(status="open", payment__isnull=False),
                name="one_open_dispute_per_payment",
            ),
            models.UniqueConstraint(
                fields=["cost_entry"],
                condition=models.Q(status="open", cost_entry__isnull=False),
                name="one_open_dispute_per_cost_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"Dispute over {self.subject}"

    @property
    def subject(self) -> str:
        return str(self.payment or self.cost_entry)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AuditRequest(TenantModel):
    """One party's request to audit the other's books for a scope and period, and its findings."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed with findings"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="audit_requests")
    requesting_party = party_field("+")
    audited_party = party_field("+")
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=clock.now)
    scope = models.TextField(max_length=5000)
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    findings = models.TextField(blank=True, max_length=10_000)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Audit of {self.period_start} to {self.period_end}"


class FinanceNote(TenantModel):
    """A party's own note on the alliance's money; the partner never sees it."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", always_private=True)

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="finance_notes")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="finance_notes"
    )
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=10_000)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.body[:60]
