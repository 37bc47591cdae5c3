"""Forms of the risk register; the services check everything again."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.core.forms import ConcordForm
from concord.core.tenancy import SHARED, VISIBILITY_CHOICES
from concord.orgs.models import User
from concord.risks.models import IMPACT, LIKELIHOOD, Risk

DATE = forms.DateInput(attrs={"type": "date"})


def _score(label: str, names: dict[int, str]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, choices=[(k, f"{k} – {v}") for k, v in names.items()]
    )


class RiskForm(ConcordForm):
    title = forms.CharField(max_length=200)
    category = forms.ChoiceField(choices=Risk.Category.choices)
    owner = forms.TypedChoiceField(coerce=int)
    likelihood = _score("Likelihood", LIKELIHOOD)
    impact = _score("Impact", IMPACT)
    visibility = forms.ChoiceField(choices=VISIBILITY_CHOICES, initial=SHARED)
    description = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    trigger = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What would tell us it is happening.",
    )
    mitigation = forms.CharField(
        label="Mitigation plan", required=False, max_length=5000, widget=forms.Textarea
    )
    mitigation_starts = forms.DateField(required=False, widget=DATE)
    mitigation_due = forms.DateField(required=False, widget=DATE)
    escalation_plan = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who is told, and how far up it goes, if it happens.",
    )
    review_on = forms.DateField(label="Next review", widget=DATE)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            (p.pk, p.get_full_name() or p.email) for p in people
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["owner"] = self.people[data["owner"]]
        return data


def risk_initial(risk: Risk) -> dict[str, Any]:
    names = [name for name in RiskForm.base_fields if name != "owner"]
    return {**{name: getattr(risk, name) for name in names}, "owner": risk.owner_id}


class ReviewForm(ConcordForm):
    likelihood = _score("Likelihood now", LIKELIHOOD)
    impact = _score("Impact now", IMPACT)
    next_review_on = forms.DateField(label="Next review", widget=DATE)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MaterialiseForm(ConcordForm):
    note = forms.CharField(
        label="What happened",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(ConcordForm):
    reason = forms.CharField(
        label="Why it is closed", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
