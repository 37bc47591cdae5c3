"""Forms of federated research; the services check everything again."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from concord.alliances.models import Party
from concord.core.forms import ConcordForm, search_field
from concord.orgs.models import User
from concord.research import fl
from concord.research.models import Study

# The form starts from a survival study of the schema the engine's demo sites hold (GBSG2's
# breast-cancer cohort), so the columns' text form shows by example how to write one.
EXAMPLE = fl.demo_spec("cox", rounds=10)


def columns_text(spec: fl.StudySpec) -> str:
    """A spec's columns as the form writes them: name, type, unit, allowed values."""
    lines = []
    for c in spec.columns:
        parts = [c.name, c.type, c.unit, "|".join(str(v) for v in c.allowed)]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(", ".join(parts))
    return "\n".join(lines)


def parse_columns(text: str) -> list[dict[str, Any]]:
    """One column a line: name, type, unit, allowed values separated by |."""
    columns = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        if len(parts) < 2:
            raise ValidationError(f"Line {number}: write name, type[, unit[, a|b|c]].")
        allowed = [v.strip() for v in (parts[3] if len(parts) > 3 else "").split("|") if v.strip()]
        columns.append(
            {
                "name": parts[0],
                "type": parts[1],
                "unit": parts[2] if len(parts) > 2 else "",
                "allowed": allowed,
            }
        )
    return columns


class StudyForm(ConcordForm):
    title = forms.CharField(max_length=200)
    question = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the parties want to learn together.",
    )
    committee_id = forms.TypedChoiceField(
        label="Committee to approve it",
        coerce=int,
        help_text="Asked by written consent; each party votes through its own people.",
    )
    party_ids = forms.TypedMultipleChoiceField(
        label="Parties taking part", coerce=int, widget=forms.CheckboxSelectMultiple
    )
    model = forms.ChoiceField(choices=Study.Model.choices)
    columns = forms.CharField(
        label="Data schema",
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono"}),
        initial=columns_text(EXAMPLE),
        help_text="One column a line: name, type (float, int, bool, category), unit, and for a "
        "category its allowed values separated by |.",
    )
    covariates = forms.CharField(
        max_length=2000,
        initial=", ".join(EXAMPLE.covariates),
        help_text="The columns the model uses, separated by commas.",
    )
    time_column = forms.CharField(
        required=False, max_length=100, initial=EXAMPLE.time_column, help_text="Cox: time to event."
    )
    event_column = forms.CharField(
        required=False,
        max_length=100,
        initial=EXAMPLE.event_column,
        help_text="Cox: 1 if the event happened.",
    )
    outcome_column = forms.CharField(
        required=False, max_length=100, help_text="Logistic: the binary outcome."
    )
    rounds = forms.IntegerField(min_value=1, max_value=100, initial=10)
    secure_aggregation = forms.BooleanField(required=False, initial=True)
    dp_epsilon = forms.FloatField(
        label="Differential privacy ε",
        required=False,
        min_value=0.01,
        max_value=100,
        help_text="Leave empty for no differential privacy.",
    )

    def __init__(
        self, *args: Any, committees: list[tuple[int, str]], parties: list[Party], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["committee_id"]).choices = committees
        cast(forms.ChoiceField, self.fields["party_ids"]).choices = [
            (p.pk, p.organisation.name) for p in parties
        ]

    def clean_columns(self) -> list[dict[str, Any]]:
        return parse_columns(self.cleaned_data["columns"])

    def clean_covariates(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data["covariates"].split(",") if c.strip()]


class StudyFilterForm(ConcordForm):
    q = search_field("Title or question")
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Study.Status.choices])
    model = forms.ChoiceField(required=False, choices=[("", "Any model"), *Study.Model.choices])


class AdmitForm(ConcordForm):
    public_key = forms.CharField(
        label="The node's public key (node_key.pub)",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="The line ecdsa-sha2-nistp384 AAAA… that ssh-keygen wrote, or a PEM public key.",
    )


class WithdrawForm(ConcordForm):
    reason = forms.CharField(
        label="Why your organisation withdraws",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StewardForm(ConcordForm):
    user = forms.TypedChoiceField(label="Colleague", coerce=int)

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        cast(forms.ChoiceField, self.fields["user"]).choices = [
            (p.pk, p.get_full_name() or p.email) for p in people
        ]

    def service_arguments(self) -> dict[str, Any]:
        return {"user": self.people[self.cleaned_data["user"]]}
