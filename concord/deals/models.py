"""Deal terms and the fairness ledger: fees, milestones, royalties, Build-to-Buy, payments, costs.

Every record here is shared by the parties of its alliance (both sides see the same money),
except a party's finance notes, which are private to the organisation that wrote them. Amounts
are Decimal with an ISO 4217 code; three decimal places hold every currency Concord takes
(see money.MINOR_UNITS), and services refuse an amount finer than its currency's minor unit.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models.functions import Abs

from concord.alliances.models import Alliance, Party, Programme
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.money import CURRENCY_CHOICES, format_money
from concord.orgs.models import Organisation

USER = settings.AUTH_USER_MODEL


def money_field(**kwargs: object) -> models.DecimalField:
    """An amount: up to a thousand trillion with three decimals (KWD, BHD)."""
    return models.DecimalField(max_digits=18, decimal_places=3, **kwargs)  # type: ignore[arg-type]


def currency_field() -> models.CharField:
    return models.CharField(max_length=3, choices=CURRENCY_CHOICES)


def party_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(Party, on_delete=models.PROTECT, related_name=related_name)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year} Q{quarter}"


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar quarter."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    following = datetime.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


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


class Tranche(TenantModel):
    """A Build-to-Buy funding step, released when its named milestone is met, in order."""

    class Status(models.TextChoices):
        LOCKED = "locked", "Not yet released"
        RELEASED = "released", "Released"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="tranches")
    sequence = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    unlocks_when = models.CharField(
        max_length=300, help_text="The named milestone that releases this tranche."
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="tranches"
    )
    amount = money_field()
    currency = currency_field()
    payer = party_field("+")
    payee = party_field("+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOCKED)
    released_on = models.DateField(null=True, blank=True)
    released_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["alliance_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "sequence"], name="deals_one_tranche_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"Tranche {self.sequence}: {self.title}"


class BuyOption(TenantModel):
    """The option that ends a Build-to-Buy deal: license or acquire at a pre-agreed price, only
    inside its exercise window."""

    class Kind(models.TextChoices):
        LICENCE = "licence", "Option to license"
        ACQUISITION = "acquisition", "Option to acquire"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        EXERCISED = "exercised", "Exercised"
        LAPSED = "lapsed", "Lapsed"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.OneToOneField(Alliance, on_delete=models.CASCADE, related_name="buy_option")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    price = money_field()
    currency = currency_field()
    holder = party_field("+")
    grantor = party_field("+")
    window_opens = models.DateField()
    window_closes = models.DateField()
    terms = models.TextField(blank=True, max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    exercised_on = models.DateField(null=True, blank=True)
    exercised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.alliance}"

    def window_state(self, today: datetime.date) -> str:
        """ "before", "open" or "closed": where today stands against the exercise window."""
        if today < self.window_opens:
            return "before"
        return "open" if today <= self.window_closes else "closed"


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
