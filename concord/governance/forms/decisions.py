"""Forms for decisions: recording or deferring one, written consent and a party's vote."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.alliances.models import Party
from concord.core.forms import ConcordForm
from concord.core.signatures import SIGNATURE_FIELDS, SignatureForm
from concord.governance.forms._common import MatterFields, _blank, _text
from concord.governance.models import (
    AgendaItem,
    DecisionVote,
)


class DecisionForm(SignatureForm):
    """A resolution put to the vote at a meeting, with the recorder's own party's vote, which
    they sign with their password and its meaning if they cast it now."""

    prefix = "decision"  # several forms share the meeting page: keep their ids apart

    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="— Not on the agenda —"
    )
    title = forms.CharField(label="Decision", max_length=200)
    text = forms.CharField(
        label="Resolution as worded", required=False, max_length=10_000, widget=_text(3)
    )
    carve_out = forms.ChoiceField(
        required=False,
        label="Carve-out topic",
        help_text="Topics the party with final say may not decide alone.",
    )

    def __init__(
        self,
        *args: Any,
        agenda: list[AgendaItem],
        parties: list[Party],
        carve_outs: list[str],
        abstain: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["agenda_item"])
        field.queryset = AgendaItem.objects.unscoped().filter(pk__in=[a.pk for a in agenda])
        cast(forms.ChoiceField, self.fields["carve_out"]).choices = _blank(
            "— None —", [(t, t) for t in carve_outs]
        )
        self.parties = parties
        for name in SIGNATURE_FIELDS:
            self.fields[name].required = False
        self.fields["password"].help_text = (
            "To cast your party's vote now, sign it: re-enter your password and state its "
            "meaning (for: approval, against: rejection, abstain: review)."
        )
        if not abstain:
            _without_abstain(self.fields["vote"])

    vote = forms.ChoiceField(
        label="Your party's vote",
        choices=_blank("— Later —", DecisionVote.Vote.choices),
        required=False,
        help_text="Each party casts its own vote, here or within the charter's window after "
        "the meeting.",
    )

    def votes(self, organisation_id: int) -> dict[int, str]:
        """The actor's own party's vote, if they cast it now; no other party's."""
        own = [p.pk for p in self.parties if p.organisation_id == organisation_id]
        vote = self.cleaned_data.get("vote") or ""
        return {own[0]: vote} if vote and own else {}


class DeferForm(ConcordForm):
    prefix = "defer"  # several forms share the meeting page: keep their ids apart
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="— Not on the agenda —"
    )
    title = forms.CharField(label="Matter deferred", max_length=200)
    note = forms.CharField(
        label="Why, and until when", required=False, max_length=5000, widget=_text(2)
    )

    def __init__(self, *args: Any, agenda: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["agenda_item"])
        field.queryset = AgendaItem.objects.unscoped().filter(pk__in=[a.pk for a in agenda])


class WrittenConsentForm(MatterFields):
    """A decision sought by written consent, with its matter category and any budget change,
    which the charter's carve-out rules apply to."""

    field_order = ["title", "text", "category", "budget_change", "budget_currency", "carve_out"]

    title = forms.CharField(label="Decision sought", max_length=200)
    text = forms.CharField(label="Resolution as worded", max_length=10_000, widget=_text(5))
    carve_out = forms.ChoiceField(required=False, label="Carve-out topic")

    def __init__(self, *args: Any, carve_outs: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["carve_out"]).choices = _blank(
            "— None —", [(t, t) for t in carve_outs]
        )


def _without_abstain(field: forms.Field) -> None:
    """Where the charter does not allow abstaining, the form does not offer it."""
    choice = cast(forms.ChoiceField, field)
    offered = cast(list[tuple[str, str]], choice.choices)
    choice.choices = [(k, v) for k, v in offered if k != DecisionVote.Vote.ABSTAIN]


class VoteForm(SignatureForm):
    """A party's own vote, signed: the voter's password, re-entered, and the meaning that fits
    the vote (for: approval, against: rejection, abstain: review)."""

    vote = forms.ChoiceField(choices=DecisionVote.Vote.choices)
    change = forms.BooleanField(
        required=False, label="Change my party's vote", help_text="Replaces the vote it cast."
    )

    def __init__(self, *args: Any, abstain: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not abstain:
            _without_abstain(self.fields["vote"])
