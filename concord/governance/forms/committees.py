"""Forms for committees, their charters and members."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.alliances.models import Party
from concord.core.forms import ConcordForm
from concord.governance.forms._common import PartyField, PeopleMultipleField, _text
from concord.governance.models import (
    Charter,
    Committee,
    CommitteeMember,
    MatterCategory,
)
from concord.orgs.models import Membership, User


class CommitteeForm(ConcordForm):
    """A committee: what kind, its name, whom it reports to."""

    kind = forms.ChoiceField(choices=Committee.Kind.choices, initial=Committee.Kind.JSC)
    name = forms.CharField(
        max_length=200, required=False, help_text="Leave blank for the usual name of its kind."
    )
    reports_to = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        required=False,
        empty_label="— Nobody: it is the top committee —",
        label="Reports to",
    )

    def __init__(self, *args: Any, committees: QuerySet[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reports_to"]).queryset = committees


class CommitteeUpdateForm(CommitteeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["name"].required = True
        self.fields["name"].help_text = ""


class CarveOutRulesFields(ConcordForm):
    """The carve-out rules a charter lists, which the system applies whatever anyone tags: the
    matter categories no party decides alone, and a budget change above an amount."""

    carve_out_categories = forms.MultipleChoiceField(
        label="Carve-out matter categories",
        choices=MatterCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A matter in a ticked category never goes to the party with final say.",
    )
    budget_carve_out_above = forms.DecimalField(
        label="Budget changes above",
        required=False,
        min_value=0,
        max_digits=18,
        decimal_places=2,
        help_text="Leave empty for no budget threshold.",
    )
    budget_carve_out_currency = forms.CharField(
        label="Currency of the threshold",
        required=False,
        max_length=3,
        help_text="ISO 4217, e.g. EUR; money is never compared across currencies.",
    )


def carve_out_rules(data: dict[str, Any]) -> dict[str, Any]:
    """The carve-out rules from a form's cleaned data, as the charter services take them."""
    return {
        "carve_out_categories": list(data.get("carve_out_categories") or []),
        "budget_carve_out_above": data.get("budget_carve_out_above"),
        "budget_carve_out_currency": (data.get("budget_carve_out_currency") or "").upper(),
    }


class CarveOutRulesForm(CarveOutRulesFields):
    """Propose a charter version whose only change is to its carve-out rules."""

    rationale = forms.CharField(
        label="Why the change",
        max_length=5000,
        widget=_text(3),
        help_text="Every party sees this, and approves or rejects the new version.",
    )

    def rules(self) -> dict[str, Any]:
        return {"rationale": self.cleaned_data["rationale"], **carve_out_rules(self.cleaned_data)}


class CharterForm(CarveOutRulesFields):
    """Every rule of a charter, each defaulting to typical collaboration agreements."""

    scope = forms.CharField(label="May decide", required=False, max_length=5000, widget=_text())
    out_of_scope = forms.CharField(
        label="May not decide", required=False, max_length=5000, widget=_text()
    )
    seats_per_party = forms.IntegerField(label="Voting seats per party", min_value=1, max_value=20)
    parity_required = forms.BooleanField(
        label="Parity: each party holds as many seats", required=False
    )
    cadence_days = forms.IntegerField(
        label="Meets at least every (days)", min_value=1, max_value=365, help_text="92 ≈ quarterly."
    )
    first_meeting_days = forms.IntegerField(
        label="First meeting within (days of the effective date)", min_value=1, max_value=365
    )
    quorum_per_party = forms.IntegerField(
        label="Quorum: voting members present per party", min_value=1, max_value=20
    )
    unanimous = forms.BooleanField(
        label="Decisions unanimous (one vote per party)",
        required=False,
        help_text="Unticked: a majority of the parties decides.",
    )
    written_consent = forms.BooleanField(
        label="Written consent outside meetings allowed", required=False
    )
    minutes_draft_days = forms.IntegerField(
        label="Draft minutes circulated within (days)", min_value=1, max_value=90
    )
    team_days = forms.IntegerField(label="Working team has (days)", min_value=1, max_value=180)
    committee_days = forms.IntegerField(label="Committee has (days)", min_value=1, max_value=180)
    executive_days = forms.IntegerField(label="Executives have (days)", min_value=1, max_value=180)
    executives = PeopleMultipleField(
        queryset=User.objects.none(),
        required=False,
        label="Named executives",
        widget=forms.CheckboxSelectMultiple,
        help_text="Who a deadlock is referred to, usually one per party.",
    )
    final_say_party = PartyField(
        queryset=Party.objects.none(),
        required=False,
        empty_label="— No party: deadlocks go to dispute resolution —",
        label="Party with final say after the executives",
    )
    carve_outs = forms.CharField(
        label="Carve-outs",
        required=False,
        max_length=5000,
        widget=_text(),
        help_text="Topics the party with final say may not decide alone, one per line; "
        "they go to dispute resolution.",
    )

    def __init__(
        self, *args: Any, people: QuerySet[User], parties: list[Party], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["executives"]).queryset = people
        field = cast(forms.ModelChoiceField, self.fields["final_say_party"])
        field.queryset = (
            Party.objects.unscoped()
            .filter(pk__in=[p.pk for p in parties])
            .select_related("organisation")
        )

    def rules(self) -> dict[str, Any]:
        """The charter values, for committee_create or charter_propose."""
        data = dict(self.cleaned_data)
        data.pop("rationale", None)
        data["executives"] = list(data.get("executives") or [])
        return data | carve_out_rules(data)


class CharterProposalForm(CharterForm):
    rationale = forms.CharField(
        label="Why the change",
        max_length=5000,
        widget=_text(3),
        help_text="Every party sees this, and approves or rejects the new version.",
    )

    field_order = ["rationale"]


def charter_initial(charter: Charter | None) -> dict[str, Any]:
    """The charter's values to prefill a form; the defaults when there is none yet."""
    if charter is None:
        from concord.governance.services.committees import committee_default

        return {f: committee_default("jsc", f) for f in Charter.RULE_FIELDS}
    values = {f: getattr(charter, f) for f in Charter.RULE_FIELDS}
    values["executives"] = list(charter.executives.all())
    return values


class CommitteeCreateForm(CommitteeForm, CharterForm):
    """A committee with its first charter."""


class CharterAnswerForm(ConcordForm):
    reason = forms.CharField(
        label="Why your party rejects it", max_length=2000, widget=_text(2), required=False
    )


class MemberForm(ConcordForm):
    """Seat a colleague on the committee."""

    user = forms.ModelChoiceField(queryset=Membership.objects.none(), label="Colleague")
    role = forms.ChoiceField(choices=CommitteeMember.Role.choices, initial="member")

    def __init__(self, *args: Any, candidates: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = candidates
        field.label_from_instance = lambda m: f"{m.user} ({m.get_role_display()})"  # type: ignore[method-assign,assignment]
