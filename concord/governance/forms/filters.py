"""The decision log's and the action list's filters."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.core.forms import ConcordForm
from concord.governance.forms._common import _blank, _date
from concord.governance.models import (
    Committee,
    Decision,
)
from concord.governance.selectors import ActionFilters, DecisionFilters


class DecisionFilterForm(ConcordForm):
    search = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, wording, D-012"}),
    )
    committee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(required=False, choices=_blank("Any", Decision.Outcome.choices))
    method = forms.ChoiceField(required=False, choices=_blank("Any", Decision.Method.choices))
    carve_out = forms.BooleanField(required=False, label="Carve-outs only")
    since = forms.DateField(required=False, widget=_date(), label="From")
    until = forms.DateField(required=False, widget=_date(), label="To")

    def __init__(self, *args: Any, committees: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["committee"]).choices = _blank(
            "Any", [(c.pk, c.name) for c in committees]
        )

    def filters(self) -> DecisionFilters:
        """The valid part of the query: a bad value is ignored rather than an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DecisionFilters(
            search=data.get("search") or "",
            committee=data.get("committee"),
            outcome=data.get("outcome") or "",
            method=data.get("method") or "",
            carve_out=bool(data.get("carve_out")),
            since=data.get("since"),
            until=data.get("until"),
        )


ACTION_STATUS_CHOICES = [
    ("open", "Open"),
    ("overdue", "Overdue"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("all", "All"),
]


class ActionFilterForm(ConcordForm):
    status = forms.ChoiceField(required=False, choices=ACTION_STATUS_CHOICES)
    mine = forms.BooleanField(required=False, label="Mine only")
    committee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    search = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )

    def __init__(self, *args: Any, committees: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["committee"]).choices = _blank(
            "Any", [(c.pk, c.name) for c in committees]
        )

    def filters(self) -> ActionFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ActionFilters(
            status=data.get("status") or "open",
            mine=bool(data.get("mine")),
            committee=data.get("committee"),
            search=data.get("search") or "",
        )
