"""What the governance forms share: widgets, blank choices and the people and party fields."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.core.forms import ConcordForm
from concord.governance.models import MatterCategory
from concord.orgs.models import User

PAGE_SIZE = 25


def _blank(label: str, choices: Any) -> list[tuple[Any, str]]:
    return [("", label), *choices]


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _person_label(user: User) -> str:
    membership = getattr(user, "membership", None)
    return f"{user} ({membership.organisation})" if membership else str(user)


class PeopleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class PeopleMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class PartyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.organisation.name


class MatterFields(ConcordForm):
    """What a matter is about, which the charter's carve-out rules read: its category, set for
    every party to see, and any change to the budget it asks for."""

    category = forms.ChoiceField(
        label="Matter",
        choices=MatterCategory.choices,
        initial=MatterCategory.GENERAL,
        help_text="Shown to every party; the charter's carve-out categories follow from it.",
    )
    budget_change = forms.DecimalField(
        label="Budget change", required=False, max_digits=18, decimal_places=2
    )
    budget_currency = forms.CharField(
        label="Currency", required=False, max_length=3, help_text="ISO 4217, e.g. EUR"
    )
