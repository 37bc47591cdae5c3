"""Forms of the wind-down; the services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from concord.alliances.models import Party
from concord.core.forms import ConcordForm
from concord.winddown.models import ChecklistItem, SurvivingObligation, WindDown

DATE = forms.DateInput(attrs={"type": "date"})


def _party_field(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, coerce=int)


def _parties(form: forms.Form, name: str, parties: list[Party]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = [(p.pk, str(p.organisation)) for p in parties]


class StartForm(ConcordForm):
    reason = forms.ChoiceField(label="How the alliance ends", choices=WindDown.Reason.choices)
    notice_given_on = forms.DateField(label="Notice given on", widget=DATE)
    notice_days = forms.IntegerField(
        label="Notice period (days)",
        min_value=0,
        max_value=730,
        initial=0,
        help_text="Termination for convenience runs a notice period; the countdown starts here.",
    )
    section = forms.CharField(
        required=False, max_length=40, help_text="The agreement's clause it ends under (§ 14.2)."
    )
    explanation = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(ConcordForm):
    area = forms.ChoiceField(choices=ChecklistItem.Area.choices)
    title = forms.CharField(label="What is to be done", max_length=300)
    owner_party_id = _party_field("Whose it is")
    due_on = forms.DateField(required=False, widget=DATE)

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _parties(self, "owner_party_id", parties)


class ObligationForm(ConcordForm):
    kind = forms.ChoiceField(choices=SurvivingObligation.Kind.choices)
    description = forms.CharField(max_length=500)
    owed_by_party_id = _party_field("Owed by")
    ends_on = forms.DateField(label="Ends on", widget=DATE)
    section = forms.CharField(required=False, max_length=40)

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _parties(self, "owed_by_party_id", parties)


class EvidenceForm(ConcordForm):
    evidence = forms.CharField(
        label="Evidence",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What shows it is done: a certificate, a receipt, a transfer letter.",
    )


class LessonsForm(ConcordForm):
    lessons = forms.CharField(
        label="Lessons learned", max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )


class CloseForm(ConcordForm):
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
