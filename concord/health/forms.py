"""Forms for the health pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.alliances.models import Alliance, Phase
from concord.core.forms import ConcordForm, search_field
from concord.health.models import MIN_RESPONDENTS, Dimension, Instrument, Kind
from concord.health.selectors import PortfolioFilters
from concord.health.services import DimensionWording

AGREEMENT = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]


class AnswerForm(ConcordForm):
    """One person's answers to a round: a 1–5 choice per statement, and two optional comments."""

    comment = forms.CharField(
        label="A comment for both parties (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown without your name, among your party's comments, once enough of you answer.",
    )
    internal_comment = forms.CharField(
        label="A comment for your own organisation only (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Never shown to the partner; shown to your colleagues without your name.",
    )

    def __init__(self, *args: Any, dimensions: list[Dimension], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        for dimension in dimensions:
            for statement in dimension.statements.all():
                self.fields[f"s{statement.pk}"] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=AGREEMENT,
                    coerce=int,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Choose how far you agree."},
                )
        # The comments come after the statements.
        self.order_fields([name for name in self.fields if name.startswith("s")])

    def groups(self) -> list[tuple[Dimension, list[forms.BoundField]]]:
        """The statements' fields under their dimensions, for the page."""
        return [(d, [self[f"s{s.pk}"] for s in d.statements.all()]) for d in self.dimensions]

    def scores(self) -> dict[int, int]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("s") and name[1:].isdigit()
        }


def _instrument_choices(instruments: QuerySet[Instrument], kind: str) -> list[tuple[str, str]]:
    chosen = [(str(i.pk), i.name) for i in instruments if i.kind == kind and not i.is_builtin]
    return [("", "Concord's built-in " + Kind(kind).label.lower()), *chosen]


class CadenceForm(ConcordForm):
    """How often the alliance runs each check, with which instrument, and its threshold."""

    pulse_enabled = forms.BooleanField(label="Run a monthly pulse", required=False)
    pulse_every_months = forms.TypedChoiceField(
        label="Pulse every",
        coerce=int,
        choices=[(1, "month"), (2, "2 months"), (3, "3 months")],
    )
    pulse_instrument = forms.ChoiceField(label="Pulse instrument", required=False)
    health_enabled = forms.BooleanField(label="Run periodic health checks", required=False)
    health_every_months = forms.TypedChoiceField(
        label="Health check every",
        coerce=int,
        choices=[(3, "3 months"), (6, "6 months"), (12, "12 months")],
    )
    health_at_gates = forms.BooleanField(
        label="Also run a health check whenever a gate passes", required=False
    )
    health_instrument = forms.ChoiceField(label="Health-check instrument", required=False)
    window_days = forms.IntegerField(
        label="Days each round stays open",
        min_value=3,
        max_value=30,
        help_text="People who have not answered get one reminder after 60% of the time.",
    )
    min_respondents = forms.IntegerField(
        label="Anonymity threshold",
        min_value=MIN_RESPONDENTS,
        max_value=50,
        help_text=f"A party's results show only when at least this many of its people answered "
        f"(never fewer than {MIN_RESPONDENTS}; each organisation's own threshold also applies).",
    )

    def __init__(self, *args: Any, instruments: QuerySet[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instruments = {str(i.pk): i for i in instruments}
        for kind, name in (
            (Kind.PULSE, "pulse_instrument"),
            (Kind.HEALTH_CHECK, "health_instrument"),
        ):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = _instrument_choices(instruments, kind)

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("pulse_instrument", "health_instrument"):
            data[name] = self.instruments.get(data.get(name) or "")
        return data


def cadence_initial(cadence: Any) -> dict[str, Any]:
    return {
        "pulse_enabled": cadence.pulse_enabled,
        "pulse_every_months": cadence.pulse_every_months,
        "pulse_instrument": cadence.pulse_instrument_id or "",
        "health_enabled": cadence.health_enabled,
        "health_every_months": cadence.health_every_months,
        "health_at_gates": cadence.health_at_gates,
        "health_instrument": cadence.health_instrument_id or "",
        "window_days": cadence.window_days,
        "min_respondents": cadence.min_respondents,
    }


class RoundStartForm(ConcordForm):
    """Start a pulse or health check now."""

    kind = forms.ChoiceField(label="Check", choices=Kind.choices, widget=forms.RadioSelect)


class KudosForm(ConcordForm):
    """Thank people on the alliance; both parties see it, with your name."""

    message = forms.CharField(
        label="Kudos",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Both parties see it, with your name: say who you are thanking, and for what.",
    )


class ThresholdForm(ConcordForm):
    """The organisation's own anonymity threshold."""

    min_respondents = forms.IntegerField(
        label="Minimum respondents per party",
        min_value=MIN_RESPONDENTS,
        max_value=50,
        help_text=f"Applies to every alliance your organisation is party to; never below "
        f"{MIN_RESPONDENTS}.",
    )


class InstrumentCopyForm(ConcordForm):
    """Copy an instrument into the organisation's library."""

    name = forms.CharField(label="Name of the copy", max_length=200, required=False)


class InstrumentForm(ConcordForm):
    """An instrument's wording: each dimension's name and its statements, one per line."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    change_note = forms.CharField(
        label="What changed",
        required=False,
        max_length=300,
        help_text="Kept with the new version, so trends can say why the wording changed.",
    )

    EXTRA = 1  # empty dimensions offered for adding one

    def __init__(self, *args: Any, dimensions: list[Dimension], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = [d.key for d in dimensions] + [""] * self.EXTRA
        for i, dimension in enumerate([*dimensions, *[None] * self.EXTRA]):
            self.fields[f"d{i}_name"] = forms.CharField(
                label=f"Dimension {i + 1}", max_length=100, required=False
            )
            self.fields[f"d{i}_statements"] = forms.CharField(
                label=f"Statements of dimension {i + 1}, one per line",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="Leave a dimension empty to remove it."
                if dimension is not None
                else "Add a dimension: name it and write its statements.",
            )
            if dimension is not None:
                self.initial.setdefault(f"d{i}_name", dimension.name)
                self.initial.setdefault(
                    f"d{i}_statements", "\n".join(s.text for s in dimension.statements.all())
                )

    def dimension_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"d{i}_name"], self[f"d{i}_statements"]) for i in range(len(self.keys))]

    def wording(self) -> list[DimensionWording]:
        data = self.cleaned_data
        return [
            DimensionWording(
                name=data.get(f"d{i}_name", ""),
                statements=data.get(f"d{i}_statements", "").splitlines(),
                key=key,
            )
            for i, key in enumerate(self.keys)
        ]


ATTENTION_CHOICES = [
    ("", "All alliances"),
    ("any", "Needing attention"),
    ("gap", "Perception gap flagged"),
    ("warning", "Early warning in the last 90 days"),
    ("overdue", "Health check overdue"),
    ("low_response", "Not enough responses"),
]
SORT_CHOICES = [
    ("attention", "Needing attention first"),
    ("gap", "Widest perception gap"),
    ("partner", "Lowest partner pulse"),
    ("own", "Lowest own pulse"),
    ("response", "Lowest response rate"),
    ("name", "Name (A–Z)"),
]


class PortfolioFilterForm(ConcordForm):
    """The organisation-wide page's filters: whole alliances, never parts of a round."""

    search = search_field("Alliance name")
    tier = forms.ChoiceField(
        label="Tier", required=False, choices=[("", "Any"), *Alliance.Tier.choices]
    )
    phase = forms.ChoiceField(label="Phase", required=False, choices=[("", "Any"), *Phase.choices])
    attention = forms.ChoiceField(label="Show", required=False, choices=ATTENTION_CHOICES)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def filters(self) -> PortfolioFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        return PortfolioFilters(
            search=data.get("search") or "",
            tier=data.get("tier") or "",
            phase=data.get("phase") or "",
            attention=data.get("attention") or "",
            sort=data.get("sort") or "attention",
        )


class TrendForm(ConcordForm):
    """Which check's results and trend the Health tab shows, and for which dimension."""

    kind = forms.ChoiceField(label="Check", required=False, choices=Kind.choices)
    dimension = forms.SlugField(label="Trend of", required=False, max_length=50)
