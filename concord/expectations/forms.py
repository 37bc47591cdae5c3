"""Forms for the expectations pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.alliances.models import Alliance, Party
from concord.core.forms import ConcordForm, search_field
from concord.expectations.models import Commitment, CommitmentDispute, LearningObjective, Status
from concord.expectations.selectors import (
    DUE_WINDOWS,
    PORTFOLIO_SORTS,
    PORTFOLIO_STATUSES,
    SIDES,
    SORTS,
    CommitmentFilters,
    PortfolioFilters,
)
from concord.orgs.models import User

PAGE_SIZE = 25

SORT_CHOICES = [
    ("due", "Due date (soonest first)"),
    ("-due", "Due date (latest first)"),
    ("status", "Status (overdue first)"),
    ("party", "Owing party"),
    ("title", "Title (A–Z)"),
    ("-created", "Recently recorded"),
]


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *choices]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _party_choices(parties: list[Party]) -> list[tuple[str, str]]:
    return [(str(p.pk), p.organisation.name) for p in parties]


class CommitmentFilterForm(ConcordForm):
    """The commitment list's search, filters and sort, read from the query string."""

    search = search_field("Title, criteria, owner")
    party = forms.TypedChoiceField(label="Owed by", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label="Status", required=False, choices=_blank("Any", Status.choices)
    )
    due_within = forms.ChoiceField(
        label="Due", required=False, choices=_blank("Any time", DUE_WINDOWS.items())
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["party"])
        field.choices = _blank("Any party", _party_choices(parties))

    def filters(self) -> CommitmentFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        sort = data.get("sort") or "due"
        return CommitmentFilters(
            search=data.get("search") or "",
            party=data.get("party"),
            status=[data["status"]] if data.get("status") else [],
            due_within=data.get("due_within") or "",
            sort=sort if sort in SORTS else "due",
        )


PORTFOLIO_SORT_CHOICES = [
    ("due", "Due date (overdue first)"),
    ("-due", "Due date (latest first)"),
    ("alliance", "Alliance (A–Z)"),
    ("status", "Status (overdue first)"),
]


class PortfolioFilterForm(ConcordForm):
    """The organisation-wide commitment list's search, filters and sort, from the query string."""

    search = search_field("Commitment title")
    status = forms.ChoiceField(
        label="Status", required=False, choices=_blank("Any", PORTFOLIO_STATUSES.items())
    )
    side = forms.ChoiceField(
        label="Owed by", required=False, choices=_blank("Either side", SIDES.items())
    )
    alliance = forms.TypedChoiceField(
        label="Alliance", required=False, coerce=int, empty_value=None
    )
    due_from = forms.DateField(label="Due from", required=False, widget=_date_input())
    due_to = forms.DateField(label="Due until", required=False, widget=_date_input())
    sort = forms.ChoiceField(label="Sort by", required=False, choices=PORTFOLIO_SORT_CHOICES)
    closed = forms.BooleanField(label="Show closed (accepted, waived)", required=False)

    def __init__(self, *args: Any, alliances: list[Alliance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["alliance"])
        field.choices = _blank("Every alliance", [(str(a.pk), a.name) for a in alliances])

    def filters(self) -> PortfolioFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        sort = data.get("sort") or "due"
        return PortfolioFilters(
            search=data.get("search") or "",
            status=data.get("status") or "",
            side=data.get("side") or "",
            alliance=data.get("alliance"),
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
            sort=sort if sort in PORTFOLIO_SORTS else "due",
            include_closed=bool(data.get("closed")),
        )


class PersonChoiceField(forms.ModelChoiceField):
    """A person, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def _description_field() -> forms.CharField:
    return forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


def _criteria_field(help_text: str) -> forms.CharField:
    """What a delivery is judged against."""
    return forms.CharField(
        label="Acceptance criteria",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=help_text,
    )


class CommitmentForm(ConcordForm):
    """A commitment's terms: what, owed by whom to whom, by when, judged how."""

    title = forms.CharField(max_length=200, help_text="What is owed, in a few words.")
    kind = forms.ChoiceField(choices=Commitment.Kind.choices, initial=Commitment.Kind.DELIVERABLE)
    description = _description_field()
    acceptance_criteria = _criteria_field(
        "The quality, format and standard the delivery is judged against."
    )
    owner_party = forms.TypedChoiceField(label="Owed by", coerce=int)
    receiving_party = forms.TypedChoiceField(label="Owed to", coerce=int)
    owner = PersonChoiceField(
        label="Owner", queryset=User.objects.none(), help_text="The person who delivers it."
    )
    due_date = forms.DateField(label="Due date", widget=_date_input())

    def __init__(self, *args: Any, parties: list[Party], people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _party_choices(parties)
        cast(forms.ChoiceField, self.fields["owner_party"]).choices = choices
        cast(forms.ChoiceField, self.fields["receiving_party"]).choices = choices
        self.parties = {p.pk: p for p in parties}
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(pk__in=[p.pk for p in people]).order_by(
            "first_name", "last_name"
        )

    def commitment_data(self) -> dict[str, Any]:
        """The arguments for commitment_create."""
        data = dict(self.cleaned_data)
        data["owner_party"] = self.parties[data["owner_party"]]
        data["receiving_party"] = self.parties[data["receiving_party"]]
        return data


class CommitmentEditForm(ConcordForm):
    """A commitment's editable terms (the parties stay as recorded)."""

    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Commitment.Kind.choices)
    description = _description_field()
    acceptance_criteria = _criteria_field("Fixed once something has been delivered against it.")
    owner = PersonChoiceField(label="Owner", queryset=User.objects.none())
    due_date = forms.DateField(
        label="Due date", widget=_date_input(), help_text="Only the party owed can move it."
    )

    def __init__(
        self, *args: Any, people: list[User], can_move_due_date: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(pk__in=[p.pk for p in people])
        if not can_move_due_date:
            self.fields["due_date"].disabled = True


def commitment_initial(commitment: Commitment) -> dict[str, Any]:
    """A commitment's current terms, to prefill the edit form."""
    return {f: getattr(commitment, f) for f in CommitmentEditForm.base_fields}


class DeliveryForm(ConcordForm):
    """What the owing party hands over."""

    note = forms.CharField(
        label="Note to the party owed",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="How the delivery meets each acceptance criterion.",
    )
    reference = forms.CharField(
        label="Where to find it",
        required=False,
        max_length=500,
        help_text="A document link or data room path.",
    )


class JudgementForm(ConcordForm):
    """The party owed's verdict on a delivery."""

    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("reject", "Reject")], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to reject: say which acceptance criteria the delivery misses.",
    )


class ReasonForm(ConcordForm):
    """A reason both parties will read (waiving, disputing)."""

    reason = forms.CharField(
        label="Reason", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(ConcordForm):
    """How a dispute ended."""

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=CommitmentDispute.Outcome.choices,
        initial=CommitmentDispute.Outcome.STANDS,
        widget=forms.RadioSelect,
        help_text="Only the party owed can accept, waive or reschedule.",
    )
    resolution = forms.CharField(
        label="Resolution", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(
        label="New due date",
        required=False,
        widget=_date_input(),
        help_text="When rescheduling.",
    )


class ObjectiveForm(ConcordForm):
    """A learning objective: what, why, measured how, owned by whom, by when."""

    title = forms.CharField(label="What will the alliance learn?", max_length=200)
    rationale = forms.CharField(
        label="Why it matters", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    measure = forms.CharField(
        label="How it is measured",
        max_length=200,
        help_text="e.g. “Share of JSC decisions taken within 30 days”.",
    )
    unit = forms.CharField(label="Unit", required=False, max_length=30, help_text="e.g. %, days.")
    baseline = forms.DecimalField(label="Baseline", required=False, max_digits=14, decimal_places=2)
    target = forms.DecimalField(label="Target", required=False, max_digits=14, decimal_places=2)
    owner = PersonChoiceField(label="Owner", queryset=User.objects.none())
    target_date = forms.DateField(label="Target date", widget=_date_input())

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        owner.queryset = User.objects.filter(pk__in=[p.pk for p in people]).order_by(
            "first_name", "last_name"
        )


class ObjectiveEditForm(ObjectiveForm):
    """An objective's terms, and whether it is still active."""

    status = forms.ChoiceField(choices=LearningObjective.Status.choices)


def objective_initial(objective: LearningObjective) -> dict[str, Any]:
    """An objective's current values, to prefill the edit form."""
    return {f: getattr(objective, f) for f in ObjectiveEditForm.base_fields}


class ReviewForm(ConcordForm):
    """A progress review: the measure's value today, and what was learnt."""

    value = forms.DecimalField(label="Measured value", max_digits=14, decimal_places=2)
    reviewed_on = forms.DateField(label="Reviewed on", required=False, widget=_date_input())
    comment = forms.CharField(
        label="What we learnt",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
