"""Forms for actions, concerns, escalations and the operating model's workstreams."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.alliances.models import Party
from concord.core.forms import ConcordForm
from concord.core.tenancy import PRIVATE, SHARED
from concord.governance.forms._common import PeopleField, _blank, _date, _text
from concord.governance.models import (
    ActionItem,
    Committee,
    Escalation,
    Meeting,
    Raci,
    Severity,
)
from concord.orgs.models import User


class ActionForm(ConcordForm):
    prefix = "action"  # several forms share the meeting page: keep their ids apart
    title = forms.CharField(label="Action", max_length=200)
    owner = PeopleField(queryset=User.objects.none(), help_text="A person of either party.")
    due_on = forms.DateField(label="Due", widget=_date())
    detail = forms.CharField(required=False, max_length=5000, widget=_text(2))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people


class ActionStatusForm(ConcordForm):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class ConcernForm(ConcordForm):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="What worries you", required=False, max_length=10_000, widget=_text(5)
    )
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)
    visibility = forms.ChoiceField(
        label="Who can read it",
        widget=forms.RadioSelect,
        initial=PRIVATE,
        choices=[
            (PRIVATE, "Private to my organisation — think it through first"),
            (SHARED, "Shared with all parties — ready to discuss together"),
        ],
    )


class AgendaMeetingForm(ConcordForm):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Put on the agenda of")

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["meeting"])
        field.queryset = meetings
        field.label_from_instance = lambda m: f"{m.title} ({m.committee.short_name})"  # type: ignore[method-assign,assignment]


class ResolutionForm(ConcordForm):
    resolution = forms.CharField(label="How it was resolved", max_length=5000, widget=_text(3))


class EscalationForm(ConcordForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), label="Through the ladder of"
    )
    title = forms.CharField(label="Matter", max_length=200)
    description = forms.CharField(required=False, max_length=10_000, widget=_text(4))
    level = forms.ChoiceField(
        label="Taken to",
        choices=Escalation.Level.choices,
        initial=Escalation.Level.TEAM,
        help_text="The agreed path starts with the working team. Raising it higher, or outside "
        "the ladder, is recorded as an end-run that every party's alliance managers see.",
    )
    addressed_to = forms.CharField(
        label="Whom, if outside the ladder", required=False, max_length=200
    )
    carve_out = forms.ChoiceField(required=False, label="Carve-out topic")

    def __init__(
        self, *args: Any, committees: QuerySet[Committee], carve_outs: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["committee"]).queryset = committees
        cast(forms.ChoiceField, self.fields["carve_out"]).choices = _blank(
            "— None —", [(t, t) for t in carve_outs]
        )


class NoteForm(ConcordForm):
    note = forms.CharField(label="Why", required=False, max_length=500)


class WorkstreamForm(ConcordForm):
    """A workstream and each party's part in it."""

    name = forms.CharField(label="Workstream", max_length=200)
    description = forms.CharField(required=False, max_length=500)
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        required=False,
        empty_label="— The top committee —",
        label="Overseen by",
    )

    def __init__(
        self,
        *args: Any,
        parties: list[Party],
        committees: QuerySet[Committee],
        form_id: str = "",
        **kwargs: Any,
    ) -> None:
        """`form_id` names the <form> the fields submit with: each row of the RACI table is a
        table row, which cannot hold a form of its own."""
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["committee"]).queryset = committees
        self.parties = parties
        for party in parties:
            self.fields[f"raci_{party.pk}"] = forms.ChoiceField(
                label=party.organisation.name,
                required=False,
                choices=_blank("–", Raci.Role.choices),
            )
        if form_id:
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def raci(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"raci_{p.pk}") or "" for p in self.parties}
