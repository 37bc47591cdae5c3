"""Forms for the money pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.alliances.models import Party, Programme
from concord.core.forms import ConcordForm, search_field
from concord.core.signatures import SIGNATURE_FIELDS, Meaning, SignatureForm
from concord.deals.models import BuyOption, Fee, Milestone, Payment
from concord.deals.money import CURRENCY_CHOICES
from concord.deals.selectors import LEDGER_SORTS, LEDGER_STATES, LedgerFilters

PAGE_SIZE = 50
QUARTERS = [(1, "Q1 (Jan–Mar)"), (2, "Q2 (Apr–Jun)"), (3, "Q3 (Jul–Sep)"), (4, "Q4 (Oct–Dec)")]
SORT_CHOICES = [
    ("open", "Overdue first, then soonest due"),
    ("-due", "Due date (latest first)"),
    ("due", "Due date (earliest first)"),
    ("-amount", "Amount (largest first)"),
    ("amount", "Amount (smallest first)"),
    ("status", "Status"),
    ("alliance", "Alliance (A–Z)"),
]


def _blank(label: str, choices: Any) -> list[tuple[Any, str]]:
    return [("", label), *choices]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def amount_field(label: str = "Amount", **kwargs: Any) -> forms.DecimalField:
    """An amount as typed; the service checks it against the currency's minor unit."""
    return forms.DecimalField(
        label=label, min_value=Decimal("0"), max_digits=18, decimal_places=3, **kwargs
    )


def currency_field(initial: str = "USD") -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=CURRENCY_CHOICES,
        initial=initial,
        help_text="Amounts are kept in their own currency and never converted.",
    )


class PartyChoiceField(forms.ModelChoiceField):
    """A party of the alliance, shown by its organisation's name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organisation)


class PartiesForm(ConcordForm):
    """A form with a payer and a payee chosen among the parties that have joined."""

    party_fields: tuple[str, ...] = ("payer", "payee")

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.party_fields:
            cast(forms.ModelChoiceField, self.fields[name]).queryset = parties


class DealTermsForm(ConcordForm):
    """The agreement's frame."""

    signed_on = forms.DateField(label="Signed on", required=False, widget=_date_input())
    summary = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The deal in a few lines, as both parties would describe it.",
    )
    payment_days = forms.IntegerField(
        label="Payment terms (days)",
        min_value=0,
        max_value=365,
        initial=30,
        help_text="Days after a milestone, royalty report or tranche release to pay.",
    )
    nudge_days = forms.IntegerField(
        label="Nudge after (days)",
        min_value=1,
        max_value=365,
        initial=14,
        help_text="A payment due but not invoiced this long: both sides are told, once.",
    )


class FeeForm(PartiesForm):
    """A fixed payment: upfront, equity investment, option fee."""

    kind = forms.ChoiceField(choices=Fee.Kind.choices)
    title = forms.CharField(max_length=200, help_text="e.g. “Upfront payment on signature”.")
    amount = amount_field()
    currency = currency_field()
    payer = PartyChoiceField(queryset=Party.objects.none())
    payee = PartyChoiceField(queryset=Party.objects.none())
    due_date = forms.DateField(widget=_date_input())


class MilestoneForm(PartiesForm):
    """A milestone on one programme."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), help_text="The asset in one indication."
    )
    event = forms.ChoiceField(choices=Milestone.Event.choices)
    region = forms.ChoiceField(
        required=False,
        choices=_blank("— Not regulatory —", Milestone.Region.choices),
        help_text="Regulatory milestones only: each region is a milestone of its own.",
    )
    sales_threshold = amount_field(
        "Annual net sales threshold",
        required=False,
        help_text="Commercial milestones only: paid when a year's net sales first meet it.",
    )
    threshold_rule = forms.ChoiceField(
        label="Met when annual net sales",
        choices=[
            (Milestone.ThresholdRule.REACHES, "reach the threshold (≥): the usual wording"),
            (Milestone.ThresholdRule.EXCEEDS, "exceed the threshold (>)"),
        ],
        initial=Milestone.ThresholdRule.REACHES,
        required=False,
        help_text="Commercial milestones only: as the agreement words it.",
    )
    amount = amount_field()
    currency = currency_field()
    payer = PartyChoiceField(queryset=Party.objects.none())
    payee = PartyChoiceField(queryset=Party.objects.none())
    title = forms.CharField(
        required=False, max_length=200, help_text="Leave blank to name it after its event."
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes


class MilestoneNotifyForm(ConcordForm):
    """Notify an achievement, for the other party to confirm."""

    achieved_on = forms.DateField(label="Achieved on", widget=_date_input())
    evidence = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What shows it: e.g. the dosing notification, the regulator's letter.",
    )


class ReasonForm(ConcordForm):
    """A reason the other party will read."""

    reason = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class AmendmentApproveForm(SignatureForm):
    """Approve an amendment for your party: your password, re-entered, and the meaning."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, meanings=[Meaning.APPROVE], **kwargs)


class AmendmentRejectForm(SignatureForm):
    """Reject an amendment with the reason the other party will read, signed as a rejection."""

    reason = forms.CharField(
        label="Reason to reject", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, meanings=[Meaning.REJECT], **kwargs)


class RoyaltyTermForm(PartiesForm):
    """A tiered royalty: each tier's rate applies to the part of the year's net sales inside it."""

    title = forms.CharField(max_length=200, help_text="e.g. “Royalty on net sales of BWB-417”.")
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), required=False, empty_label="— Any product —"
    )
    currency = currency_field()
    payer = PartyChoiceField(
        queryset=Party.objects.none(), help_text="The party that sells and pays the royalty."
    )
    payee = PartyChoiceField(queryset=Party.objects.none())
    rate_1 = forms.DecimalField(
        label="Tier 1 rate (%)", min_value=0, max_value=100, decimal_places=4
    )
    up_to_1 = amount_field(
        "Tier 1 up to", required=False, help_text="Blank: one rate on all sales."
    )
    rate_2 = forms.DecimalField(
        label="Tier 2 rate (%)", min_value=0, max_value=100, decimal_places=4, required=False
    )
    up_to_2 = amount_field("Tier 2 up to", required=False)
    rate_3 = forms.DecimalField(
        label="Tier 3 rate (%)", min_value=0, max_value=100, decimal_places=4, required=False
    )
    up_to_3 = amount_field("Tier 3 up to", required=False)
    rate_4 = forms.DecimalField(
        label="Tier 4 rate (%)", min_value=0, max_value=100, decimal_places=4, required=False
    )

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes

    def tiers(self) -> list[tuple[Decimal | None, Decimal]]:
        """[(upper bound, rate)], stopping at the first tier without an upper bound."""
        data, bands = self.cleaned_data, []
        for n in range(1, 5):
            rate = data.get(f"rate_{n}")
            if rate is None:
                break
            ceiling = data.get(f"up_to_{n}")
            bands.append((ceiling, rate))
            if ceiling is None:
                break
        return bands

    def term_data(self) -> dict[str, Any]:
        keep = ("title", "programme", "currency", "payer", "payee")
        return {k: self.cleaned_data[k] for k in keep} | {"tiers": self.tiers()}


class RoyaltyReportForm(ConcordForm):
    """A quarter's net sales."""

    year = forms.IntegerField(min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(choices=QUARTERS, coerce=int)
    net_sales = amount_field("Net sales", help_text="As defined in the agreement, for the quarter.")


class RoyaltyRestatementForm(ConcordForm):
    """A reported quarter's net sales restated, and why."""

    net_sales = amount_field(
        "Restated net sales", help_text="The quarter's net sales as they should stand, up or down."
    )
    reason = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why: e.g. returns and chargebacks booked after the report. The partner sees it.",
    )


class TrancheForm(PartiesForm):
    """The next Build-to-Buy funding tranche."""

    title = forms.CharField(max_length=200)
    unlocks_when = forms.CharField(
        label="Unlocks when",
        max_length=300,
        help_text="The named milestone that releases it, e.g. “In vivo proof of concept”.",
    )
    milestone = forms.ModelChoiceField(
        queryset=Milestone.objects.none(),
        required=False,
        empty_label="— Released by the funder —",
        help_text="Link a milestone and the tranche is released when it is confirmed.",
    )
    amount = amount_field()
    currency = currency_field()
    payer = PartyChoiceField(queryset=Party.objects.none(), label="Funder")
    payee = PartyChoiceField(queryset=Party.objects.none(), label="Funded party")

    def __init__(self, *args: Any, milestones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["milestone"]).queryset = milestones


class OptionForm(PartiesForm):
    """The option that ends a Build-to-Buy deal."""

    party_fields = ("holder", "grantor")

    kind = forms.ChoiceField(choices=BuyOption.Kind.choices)
    price = amount_field("Pre-agreed price")
    currency = currency_field()
    holder = PartyChoiceField(queryset=Party.objects.none(), help_text="Who may exercise it.")
    grantor = PartyChoiceField(queryset=Party.objects.none())
    window_opens = forms.DateField(widget=_date_input())
    window_closes = forms.DateField(widget=_date_input())
    terms = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class InvoiceForm(ConcordForm):
    invoice_number = forms.CharField(max_length=60)
    invoiced_on = forms.DateField(label="Invoice date", widget=_date_input())


class PaymentRecordForm(ConcordForm):
    amount = amount_field(help_text="The whole outstanding sum, or part of it.")
    paid_on = forms.DateField(label="Paid on", widget=_date_input())
    reference = forms.CharField(
        required=False, max_length=100, help_text="e.g. the bank reference."
    )


class WorkstreamForm(ConcordForm):
    """A shared workstream and its split: one share field per party."""

    name = forms.CharField(max_length=200, help_text="e.g. “Phase 2 clinical development”.")
    currency = currency_field("EUR")

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parties = parties
        even = (Decimal(100) / len(parties)).quantize(Decimal("0.0001")) if parties else 0
        for party in parties:
            self.fields[f"share_{party.pk}"] = forms.DecimalField(
                label=f"{party.organisation} share (%)",
                min_value=0,
                max_value=100,
                decimal_places=4,
                initial=even,
            )

    def shares(self) -> dict[Party, Decimal]:
        return {p: self.cleaned_data[f"share_{p.pk}"] for p in self.parties}


class CostEntryForm(ConcordForm):
    year = forms.IntegerField(min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(choices=QUARTERS, coerce=int)
    amount = amount_field()
    description = forms.CharField(max_length=300)


class TrueUpForm(ConcordForm):
    year = forms.IntegerField(min_value=2000, max_value=2100, widget=forms.HiddenInput)
    quarter = forms.TypedChoiceField(choices=QUARTERS, coerce=int, widget=forms.HiddenInput)


class AuditRequestForm(ConcordForm):
    audited_party = PartyChoiceField(queryset=Party.objects.none(), label="Party to audit")
    scope = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="e.g. “Net sales reported for royalties, and the deductions applied”.",
    )
    period_start = forms.DateField(widget=_date_input())
    period_end = forms.DateField(widget=_date_input())

    def __init__(self, *args: Any, parties: QuerySet[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["audited_party"]).queryset = parties


class FindingsForm(ConcordForm):
    findings = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))


class ResolutionForm(ConcordForm):
    resolution = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class FinanceNoteForm(ConcordForm):
    body = forms.CharField(
        label="Note",
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Private to your organisation: the partner never sees it, in pages, exports or emails.",
    )
    payment = forms.ModelChoiceField(
        queryset=Payment.objects.none(),
        required=False,
        empty_label="— The alliance's money in general —",
    )

    def __init__(self, *args: Any, payments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["payment"]).queryset = payments


class LedgerFilterForm(ConcordForm):
    """The ledger's search, filters and sort, read from the query string."""

    search = search_field("Description, invoice, alliance")
    state = forms.ChoiceField(
        label="Status", required=False, choices=_blank("Any", LEDGER_STATES.items())
    )
    source = forms.ChoiceField(
        label="From", required=False, choices=_blank("Any", Payment.Source.choices)
    )
    direction = forms.ChoiceField(
        label="Direction",
        required=False,
        choices=_blank("Both", [("payable", "We pay"), ("receivable", "We are paid")]),
    )
    currency = forms.ChoiceField(required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)
    closed = forms.BooleanField(label="Show paid", required=False)

    def __init__(self, *args: Any, currencies: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _blank("Any", [(c, c) for c in currencies])
        cast(forms.ChoiceField, self.fields["currency"]).choices = choices

    def filters(self) -> LedgerFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        sort = data.get("sort") or "open"  # what needs doing first: overdue, then soonest due
        return LedgerFilters(
            search=data.get("search") or "",
            state=data.get("state") or "",
            source=data.get("source") or "",
            currency=data.get("currency") or "",
            direction=data.get("direction") or "",
            sort=sort if sort in LEDGER_SORTS else "open",
            include_paid=bool(data.get("closed")),
        )


class AmendmentForm(SignatureForm):
    """A proposed change to one agreed term: the new value goes in the field its term takes.
    Proposing is your party's approval, signed with your password and the meaning `approve`."""

    what = forms.ChoiceField(label="Term to amend")
    value = forms.CharField(
        label="New amount or rule",
        required=False,
        max_length=40,
        help_text="An amount (milestone, threshold, option price, tranche), or “reaches” / "
        "“exceeds” for a sales milestone's rule.",
    )
    tiers = forms.CharField(
        label="New royalty tiers",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One tier a line: its upper bound and rate (“250000000 8”), the last a rate alone.",
    )
    window_opens = forms.DateField(label="Window opens", required=False, widget=_date_input())
    window_closes = forms.DateField(label="Window closes", required=False, widget=_date_input())
    effective_from = forms.DateField(
        label="In force from",
        widget=_date_input(),
        help_text="Royalty tiers change on 1 January, cost shares on a quarter's first day.",
    )
    reason = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: e.g. the protocol change that raised the cost of the trial. The partner reads it.",
    )

    def __init__(self, *args: Any, terms: list[Any], parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, meanings=[Meaning.APPROVE], **kwargs)
        cast(forms.ChoiceField, self.fields["what"]).choices = _blank(
            "— Choose a term —", [(t.key, f"{t.label} (now {t.current})") for t in terms]
        )
        self.parties = parties
        for party in parties:
            self.fields[f"share_{party.pk}"] = forms.DecimalField(
                label=f"New cost share of {party.organisation} (%)",
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=4,
            )
        self.order_fields(
            [*(n for n in self.fields if n not in SIGNATURE_FIELDS), *SIGNATURE_FIELDS]
        )

    def clean_tiers(self) -> list[tuple[str | None, str]] | None:
        lines = [line.split() for line in self.cleaned_data["tiers"].splitlines() if line.strip()]
        if not lines:
            return None
        if any(len(parts) not in (1, 2) for parts in lines):
            raise forms.ValidationError("Give each tier as an upper bound and a rate.")
        return [(parts[0], parts[1]) if len(parts) == 2 else (None, parts[0]) for parts in lines]

    def proposal(self) -> dict[str, Any]:
        """The service's keywords: the term, its record and the new value."""
        from concord.deals.services import Proposed

        data = self.cleaned_data
        term, subject_id = data["what"].rsplit(":", 1)
        shares = {p.pk: data[f"share_{p.pk}"] for p in self.parties}
        return {
            "term": term,
            "subject_id": int(subject_id),
            "effective_from": data["effective_from"],
            "reason": data["reason"],
            "proposed": Proposed(
                value=data["value"] or None,
                tiers=data["tiers"],
                shares={pk: v for pk, v in shares.items() if v is not None} or None,
                window_opens=data["window_opens"],
                window_closes=data["window_closes"],
            ),
            **self.signature(),
        }
