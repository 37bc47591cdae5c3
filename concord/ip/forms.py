"""Forms for the IP register's pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.alliances.models import Party
from concord.core.forms import ConcordForm
from concord.ip.models import Disclosure, Filing, IpAsset, Use


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(parties: list[Party]) -> list[tuple[int, str]]:
    return [(p.pk, p.organisation.name) for p in parties]


class AssetForm(ConcordForm):
    kind = forms.ChoiceField(label="Kind", choices=IpAsset.Kind.choices)
    title = forms.CharField(label="Title", max_length=200)
    numbers = forms.CharField(label="Patent numbers", required=False, max_length=500)
    territories = forms.CharField(
        label="Territories", required=False, max_length=300, help_text="Country codes: EP, US, JP"
    )


class DisclosureForm(ConcordForm):
    """An invention disclosure with up to three inventors, each with their party."""

    title = forms.CharField(label="Title", max_length=200)
    disclosed_on = forms.DateField(label="Disclosed on", widget=_date_input())
    rule = forms.ChoiceField(label="Ownership by the agreement", choices=Disclosure.Rule.choices)
    assigned_party_id = forms.TypedChoiceField(
        label="Assigned to", coerce=int, required=False, empty_value=None
    )
    prosecuting_party_id = forms.TypedChoiceField(label="Prosecutes and pays", coerce=int)
    inventor_1 = forms.CharField(label="Inventor", max_length=200)
    inventor_1_party = forms.TypedChoiceField(label="Inventor's party", coerce=int)
    inventor_2 = forms.CharField(label="Second inventor", max_length=200, required=False)
    inventor_2_party = forms.TypedChoiceField(
        label="Second inventor's party", coerce=int, required=False, empty_value=None
    )
    restricted = forms.BooleanField(
        label="Restrict its details to the patent committee's members",
        required=False,
        help_text="Others see that it exists, when it was disclosed and who prosecutes it.",
    )

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _choices(parties)
        for name in ("prosecuting_party_id", "inventor_1_party"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        for name in ("assigned_party_id", "inventor_2_party"):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", "—"), *choices]


class FilingForm(ConcordForm):
    kind = forms.ChoiceField(label="Kind", choices=Filing.Kind.choices)
    office = forms.CharField(label="Office", max_length=20, help_text="EP, US, WO…")
    number = forms.CharField(label="Number", required=False, max_length=100)
    filed_on = forms.DateField(label="Filed on", widget=_date_input())


class UseForm(ConcordForm):
    """Who may use what: a party, a field, a territory and a use."""

    party = forms.TypedChoiceField(label="Party", coerce=int)
    field = forms.CharField(label="Field", required=False, max_length=200)
    territory = forms.CharField(label="Territory", max_length=10, help_text="A country code: DE")
    use = forms.ChoiceField(
        label="Use", choices=[(Use.RESEARCH, "Research"), (Use.COMMERCIAL, "Commercial")]
    )

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["party"]).choices = _choices(parties)


class RoyaltyPatentForm(ConcordForm):
    """A patent of the family that bears one of the deal's royalties in one country."""

    royalty_term_id = forms.TypedChoiceField(label="Royalty term", coerce=int)
    country = forms.CharField(label="Country", max_length=2, help_text="Two letters: DE, US, JP")
    number = forms.CharField(label="Patent number", max_length=100)
    expires_on = forms.DateField(
        label="Last valid claim expires on", widget=_date_input(), help_text="With extensions."
    )

    def __init__(self, *args: Any, terms: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["royalty_term_id"]).choices = list(terms.items())
