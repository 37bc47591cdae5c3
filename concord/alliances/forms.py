"""Forms for the alliance pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.alliances.models import Alliance, Phase, Programme, TeamMember
from concord.alliances.portfolio import PortfolioFilters
from concord.alliances.review import Quarter, quarters_offered
from concord.alliances.selectors import SORTS, AllianceFilters
from concord.core.forms import ConcordForm
from concord.core.signatures import Meaning, SignatureForm
from concord.core.tenancy import PRIVATE, SHARED
from concord.core.vocabulary import Modality, Stage, TherapeuticArea
from concord.orgs.models import Membership, Organisation

PAGE_SIZE = 25

SORT_CHOICES = [
    ("name", "Name (A–Z)"),
    ("-name", "Name (Z–A)"),
    ("phase", "Phase (earliest first)"),
    ("-phase", "Phase (latest first)"),
    ("-effective", "Effective date (newest)"),
    ("effective", "Effective date (oldest)"),
    ("-updated", "Last activity (recent first)"),
    ("updated", "Last activity (oldest first)"),
    ("tier", "Tier (strategic first)"),
]


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *choices]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AllianceFilterForm(ConcordForm):
    """The alliance list's search, filters and sort, read from the query string."""

    search = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Name, purpose, asset, indication, partner"}
        ),
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=_blank("Any", Phase.choices))
    tier = forms.ChoiceField(
        label="Tier", required=False, choices=_blank("Any", Alliance.Tier.choices)
    )
    partner = forms.TypedChoiceField(label="Partner", required=False, coerce=int, empty_value=None)
    alliance_type = forms.ChoiceField(
        label="Type", required=False, choices=_blank("Any", Alliance.Type.choices)
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=_blank("Any", Alliance.Status.choices)
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args: Any, partners: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _blank("Any", [(str(o.pk), o.name) for o in partners])
        cast(forms.ChoiceField, self.fields["partner"]).choices = choices

    def filters(self) -> AllianceFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        sort = data.get("sort") or "name"
        return AllianceFilters(
            search=data.get("search") or "",
            phase=[data["phase"]] if data.get("phase") else [],
            tier=[data["tier"]] if data.get("tier") else [],
            alliance_type=[data["alliance_type"]] if data.get("alliance_type") else [],
            partner=data.get("partner"),
            status=data.get("status") or "",
            sort=sort if sort in SORTS else "name",
        )


class AllianceForm(ConcordForm):
    """An alliance's overview: what it is for and on what terms."""

    name = forms.CharField(max_length=200)
    purpose = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the partners set out to achieve together.",
    )
    alliance_type = forms.ChoiceField(label="Type", choices=Alliance.Type.choices)
    tier = forms.ChoiceField(
        choices=Alliance.Tier.choices,
        initial=Alliance.Tier.CORE,
        help_text="Strategic alliances get the closest governance.",
    )
    effective_date = forms.DateField(widget=_date_input(), help_text="When the agreement starts.")


class ProgrammeForm(ConcordForm):
    """One programme: an asset in one indication."""

    asset_name = forms.CharField(label="Asset name", max_length=200)
    modality = forms.ChoiceField(choices=Modality.choices)
    therapeutic_area = forms.ChoiceField(label="Therapeutic area", choices=TherapeuticArea.choices)
    indication = forms.CharField(max_length=200)
    stage = forms.ChoiceField(choices=Stage.choices)


class AllianceCreateForm(AllianceForm):
    """A new alliance, with an optional first programme."""

    PROGRAMME_FIELDS = ("asset_name", "modality", "therapeutic_area", "indication", "stage")

    asset_name = forms.CharField(
        label="Asset name",
        required=False,
        max_length=200,
        help_text="Optional. You can add programmes later.",
    )
    modality = forms.ChoiceField(required=False, choices=_blank("—", Modality.choices))
    therapeutic_area = forms.ChoiceField(
        label="Therapeutic area", required=False, choices=_blank("—", TherapeuticArea.choices)
    )
    indication = forms.CharField(required=False, max_length=200)
    stage = forms.ChoiceField(required=False, choices=_blank("—", Stage.choices))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = [f for f in self.PROGRAMME_FIELDS if data.get(f)]
        if given:
            for name in self.PROGRAMME_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name, "Needed for the first programme (or leave them all blank)."
                    )
        return data

    def alliance_data(self) -> dict[str, Any]:
        """The arguments for alliance_create."""
        data = self.cleaned_data
        programme = {f: data[f] for f in self.PROGRAMME_FIELDS}
        return {
            "name": data["name"],
            "purpose": data["purpose"],
            "alliance_type": data["alliance_type"],
            "tier": data["tier"],
            "effective_date": data["effective_date"],
            "programmes": [programme] if data.get("asset_name") else [],
        }

    @property
    def overview_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in self.fields if f not in self.PROGRAMME_FIELDS]

    @property
    def programme_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in self.PROGRAMME_FIELDS]


def alliance_initial(alliance: Alliance) -> dict[str, Any]:
    """An alliance's current overview, to prefill the edit form."""
    return {f: getattr(alliance, f) for f in AllianceForm.base_fields}


def programme_initial(programme: Programme) -> dict[str, Any]:
    """A programme's current values, to prefill the edit form."""
    return {f: getattr(programme, f) for f in ProgrammeForm.base_fields}


class PartyInviteForm(ConcordForm):
    """Invite a partner: pick it from the directory, or give its admin's email."""

    organisation = forms.ModelChoiceField(
        label="Organisation on Concord",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="— Choose from the directory —",
        help_text="Organisations already party to this alliance are not listed.",
    )
    email = forms.EmailField(
        label="Or the email of the partner's admin",
        required=False,
        help_text="If their organisation is not on Concord yet, they get a link to sign it up.",
    )

    def __init__(self, *args: Any, candidates: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = candidates  # type: ignore[attr-defined]


class PartyRespondForm(ConcordForm):
    """An invited organisation's answer."""

    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline")], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label="Reason for declining",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you decline; the inviting organisation sees it.",
    )


class TeamMemberForm(ConcordForm):
    """Name a colleague to the alliance team."""

    user = forms.ModelChoiceField(
        label="Colleague", queryset=Membership.objects.none(), empty_label="— Choose —"
    )
    role = forms.ChoiceField(choices=TeamMember.Role.choices, initial=TeamMember.Role.SCIENTIST)

    def __init__(self, *args: Any, candidates: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.user} ({m.get_role_display()})"  # type: ignore[attr-defined]

    def member_data(self) -> dict[str, Any]:
        """The arguments for team_member_add."""
        return {"user": self.cleaned_data["user"].user, "role": self.cleaned_data["role"]}


class GateForm(SignatureForm):
    """Propose a phase change; a proposer who signs gates may sign for their party at once."""

    to_phase = forms.ChoiceField(label="Move to phase")
    rationale = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why now: the data, the decision criteria met, what each party recommits to.",
    )

    def __init__(self, *args: Any, current_phase: str, may_sign: bool, **kwargs: Any) -> None:
        super().__init__(*args, meanings=[Meaning.APPROVE], **kwargs)
        cast(forms.ChoiceField, self.fields["to_phase"]).choices = [
            (value, label) for value, label in Phase.choices if value != current_phase
        ]
        if not may_sign:
            del self.fields["password"], self.fields["meaning"]
            return
        for name in ("password", "meaning"):
            self.fields[name].required = False
        self.fields["password"].help_text = (
            "To sign off for your party now, re-enter your password and tick the meaning; "
            "leave both empty to sign later."
        )


class GateSignForm(SignatureForm):
    """Sign off a gate: the signer's password, re-entered, and the meaning, an approval."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_sign_%s")  # beside the decline form on the same page
        super().__init__(*args, meanings=[Meaning.APPROVE], **kwargs)


class GateDeclineForm(SignatureForm):
    """Decline a gate, with the reason every party will read, signed as a rejection."""

    reason = forms.CharField(
        label="Reason for declining",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Every party sees this reason; the alliance stays in its phase.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, meanings=[Meaning.REJECT], **kwargs)


class NoteForm(ConcordForm):
    """A note on the alliance, private unless the author chooses to share it."""

    title = forms.CharField(max_length=200)
    body = forms.CharField(max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}))
    visibility = forms.ChoiceField(
        label="Who can read it",
        widget=forms.RadioSelect,
        initial=PRIVATE,
        choices=[(PRIVATE, "Private to my organisation"), (SHARED, "Shared with all parties")],
    )

    def __init__(self, *args: Any, organisation: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = organisation or "my organisation"
        cast(forms.ChoiceField, self.fields["visibility"]).choices = [
            (PRIVATE, f"Private to {owner} — partners never see it"),
            (SHARED, "Shared with all parties — every organisation in the alliance sees it"),
        ]
        self.fields["visibility"].help_text = (
            "Notes are private unless you choose to share them. Use private notes for your own "
            "side's thinking (negotiating positions, portfolio fit)."
        )


class ActivityFilterForm(ConcordForm):
    """The full history's filter by kind of event."""

    action = forms.ChoiceField(label="Kind of event", required=False)

    def __init__(self, *args: Any, actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _blank("All events", [(a, action_label(a)) for a in actions])
        cast(forms.ChoiceField, self.fields["action"]).choices = choices


def action_label(action: str) -> str:
    """`gate.signed` → "Gate signed", for people reading the filter."""
    return action.replace(".", " ").replace("_", " ").capitalize()


PORTFOLIO_SORT_CHOICES = [
    ("attention", "Attention (most first)"),
    ("name", "Name (A–Z)"),
    ("tier", "Tier (strategic first)"),
    ("phase", "Phase (earliest first)"),
    ("activity", "Last activity (recent first)"),
]


class PortfolioFilterForm(ConcordForm):
    """The portfolio's filters and sort, read from the query string (the API takes the same)."""

    search = forms.CharField(label="Search", required=False, max_length=200)
    tier = forms.ChoiceField(
        label="Tier", required=False, choices=_blank("Any", Alliance.Tier.choices)
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=_blank("Any", Phase.choices))
    area = forms.ChoiceField(
        label="Therapeutic area", required=False, choices=_blank("Any", TherapeuticArea.choices)
    )
    partner = forms.TypedChoiceField(label="Partner", required=False, coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    flag = forms.ChoiceField(label="Flag", required=False)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=PORTFOLIO_SORT_CHOICES)

    def __init__(
        self,
        *args: Any,
        partners: list[Organisation],
        owners: list[Any],
        flags: dict[str, str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        cast(forms.ChoiceField, fields["partner"]).choices = _blank(
            "Any", [(str(o.pk), o.name) for o in partners]
        )
        cast(forms.ChoiceField, fields["owner"]).choices = _blank(
            "Anyone", [(str(u.pk), u.get_full_name() or u.email) for u in owners]
        )
        cast(forms.ChoiceField, fields["flag"]).choices = _blank("Any", sorted(flags.items()))

    def filters(self) -> PortfolioFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return PortfolioFilters(
            search=data.get("search") or "",
            tier=[data["tier"]] if data.get("tier") else [],
            phase=[data["phase"]] if data.get("phase") else [],
            area=[data["area"]] if data.get("area") else [],
            partner=data.get("partner"),
            owner=data.get("owner"),
            flag=data.get("flag") or "",
            sort=data.get("sort") or "attention",
        )


class AttentionWeightsForm(ConcordForm):
    """One weight per attention factor: how many points each unit of it adds to the score."""

    def __init__(self, *args: Any, factors: list[Any], weights: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for factor in factors:
            self.fields[factor.code] = forms.DecimalField(
                label=factor.label,
                min_value=0,
                max_value=100,
                decimal_places=2,
                initial=weights.get(factor.code, factor.default_weight),
                help_text=f"Default {factor.default_weight}.",
            )


class QuarterForm(ConcordForm):
    """Which quarter the review covers: the current one unless another is chosen."""

    quarter = forms.ChoiceField(label="Quarter", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = quarters_offered()
        quarter = cast(forms.ChoiceField, self.fields["quarter"])
        quarter.choices = [(str(q), q.label) for q in offered]
        self.default = offered[0]

    def chosen(self) -> Quarter:
        """The quarter asked for, or the current one when none (or one not offered) was."""
        if self.is_valid() and self.cleaned_data["quarter"]:
            return Quarter.parse(self.cleaned_data["quarter"]) or self.default
        return self.default


class SavedViewForm(ConcordForm):
    """A name for the portfolio's current filters and sort, which ride along hidden."""

    name = forms.CharField(label="Name this view", max_length=80)
    query = forms.CharField(required=False, max_length=1000, widget=forms.HiddenInput)
