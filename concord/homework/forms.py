"""Forms of the homework pages; the services check everything again."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.core import clock
from concord.core.forms import ConcordForm
from concord.core.vocabulary import Modality, Stage, TherapeuticArea
from concord.homework.models import DIMENSIONS, Relation, Stakeholder
from concord.orgs.models import Organisation, User

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})  # what a date input reads
SCORES = [(n, str(n)) for n in range(1, 6)]
NOTE = forms.TextInput(attrs={"placeholder": "Why, in a sentence"})


def _score(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int, choices=SCORES, initial=3)


class FitForm(ConcordForm):
    assessed_on = forms.DateField(label="Assessed on", widget=DATE, initial=clock.today)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in DIMENSIONS.items():
            self.fields[name] = _score(label)
            self.fields[f"{name}_note"] = forms.CharField(
                label="Rationale", required=False, max_length=500, widget=NOTE
            )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "assessed_on": data["assessed_on"],
            **{name: data[name] for name in DIMENSIONS},
            "rationale": {name: data[f"{name}_note"] for name in DIMENSIONS},
        }


class FactForm(ConcordForm):
    """What every fact about a partner asks: which partner, the source and its date."""

    partner = forms.TypedChoiceField(coerce=int)
    source = forms.CharField(max_length=300, help_text="An annual report, a press release, a talk…")
    as_of = forms.DateField(label="Source dated", widget=DATE, initial=clock.today)

    def __init__(self, *args: Any, partners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = {p.pk: p for p in partners}
        cast(forms.ChoiceField, self.fields["partner"]).choices = [(p.pk, p.name) for p in partners]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["partner"] = self.partners[data["partner"]]
        return data


class AreaForm(FactForm):
    therapeutic_area = forms.ChoiceField(choices=TherapeuticArea.choices)
    franchise = forms.CharField(max_length=200, required=False)
    weight_percent = forms.IntegerField(
        label="Weight in the partner's business (%)", min_value=0, max_value=100
    )


class ProgrammeForm(FactForm):
    name = forms.CharField(max_length=200)
    therapeutic_area = forms.ChoiceField(choices=TherapeuticArea.choices)
    modality = forms.ChoiceField(choices=Modality.choices)
    mechanism = forms.CharField(max_length=200, required=False)
    indication = forms.CharField(max_length=200)
    phase = forms.ChoiceField(choices=Stage.choices)
    relation = forms.ChoiceField(
        label="Against the alliance's programmes", choices=Relation.choices
    )


class PartnerAllianceForm(FactForm):
    counterparty = forms.CharField(max_length=200)
    therapeutic_area = forms.ChoiceField(choices=TherapeuticArea.choices)
    announced_on = forms.DateField(widget=DATE)
    competes = forms.BooleanField(label="Competes with ours", required=False)


FACT_FORMS: dict[str, tuple[type[FactForm], str]] = {
    "area": (AreaForm, "Record an area of the partner's business"),
    "programme": (ProgrammeForm, "Record one of the partner's programmes"),
    "alliance": (PartnerAllianceForm, "Record another alliance of the partner"),
}


class StakeholderForm(ConcordForm):
    name = forms.CharField(max_length=200)
    title = forms.CharField(max_length=200, required=False)
    person = forms.TypedChoiceField(
        label="On Concord as", coerce=int, required=False, empty_value=None
    )
    level = forms.ChoiceField(choices=Stakeholder.Level.choices)
    function = forms.ChoiceField(choices=Stakeholder.Function.choices)
    role = forms.ChoiceField(label="Role toward the alliance", choices=Stakeholder.Role.choices)
    stance = forms.ChoiceField(choices=Stakeholder.Stance.choices, initial="neutral")
    strength = forms.TypedChoiceField(
        label="Strength of relationship (1–5)", coerce=int, choices=SCORES, initial=3
    )
    owner = forms.TypedChoiceField(label="Relationship owner (ours)", coerce=int)
    last_contact = forms.DateField(required=False, widget=DATE)
    left_on = forms.DateField(label="Left the alliance on", required=False, widget=DATE)

    def __init__(
        self, *args: Any, colleagues: list[User], partner_people: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in [*colleagues, *partner_people]}
        cast(forms.ChoiceField, self.fields["owner"]).choices = [
            (p.pk, p.get_full_name() or p.email) for p in colleagues
        ]
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", "—")] + [
            (p.pk, p.get_full_name() or p.email) for p in partner_people
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["owner"] = self.people[data["owner"]]
        data["person"] = self.people.get(data["person"]) if data["person"] else None
        return data


def stakeholder_initial(stakeholder: Stakeholder) -> dict[str, Any]:
    names = [n for n in StakeholderForm.base_fields if n not in ("owner", "person")]
    return {
        **{n: getattr(stakeholder, n) for n in names},
        "owner": stakeholder.owner_id,
        "person": stakeholder.person_id,
    }


class StepForm(ConcordForm):
    title = forms.CharField(label="New step", max_length=200)
