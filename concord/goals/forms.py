"""Forms for the goals pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.alliances.models import Party
from concord.core import clock
from concord.core.forms import ConcordForm
from concord.core.metrics import alliance_metrics
from concord.core.tenancy import VISIBILITY_CHOICES
from concord.goals.models import DECIMALS, MAX_DIGITS, GateGoalReview, Goal, Kpi, KpiKind


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number(label: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label, max_digits=MAX_DIGITS, decimal_places=DECIMALS, help_text=help_text
    )


class GoalForm(ConcordForm):
    """A goal's words: proposed to every party, who agree through their own people."""

    title = forms.CharField(label="Goal", max_length=200)
    description = forms.CharField(
        label="What success looks like", required=False, max_length=5000, widget=forms.Textarea
    )


class GoalChangeForm(GoalForm):
    reason = forms.CharField(label="Why change it", max_length=2000, widget=forms.Textarea)


class AnswerForm(ConcordForm):
    """The one text field of an answer to a goal's version."""

    comment = forms.CharField(label="Comment", required=False, max_length=2000)


class BenefitForm(ConcordForm):
    title = forms.CharField(label="Benefit", max_length=200)
    description = forms.CharField(
        label="Details", required=False, max_length=5000, widget=forms.Textarea
    )
    visibility = forms.ChoiceField(
        label="Who sees it",
        choices=VISIBILITY_CHOICES,
        initial="private",
        help_text="A private benefit is never shown to the partner, in any form.",
    )


class KpiForm(ConcordForm):
    """A KPI: what is measured, from where to where by when, and which party owns it."""

    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=KpiKind.choices)
    unit = forms.CharField(label="Unit", max_length=40, help_text="patients, %, countries, days…")
    direction = forms.ChoiceField(label="Direction", choices=Kpi.Direction.choices)
    baseline = _number("Baseline")
    baseline_date = forms.DateField(label="Baseline date", widget=_date_input())
    target = _number("Target")
    target_date = forms.DateField(label="Target date", widget=_date_input())
    owner_party_id = forms.TypedChoiceField(label="Owner party", coerce=int)
    metric = forms.ChoiceField(
        label="Measured by",
        required=False,
        help_text="Concord can measure some KPIs itself, every day, from what it records.",
    )

    def __init__(self, *args: Any, parties: list[Party], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner_party_id"]).choices = [
            (p.pk, p.organisation.name) for p in parties
        ]
        cast(forms.ChoiceField, self.fields["metric"]).choices = [
            ("", "The owner party, by hand")
        ] + [(code, f"Concord: {metric.label}") for code, metric in alliance_metrics().items()]
        self.initial.setdefault("baseline_date", clock.today())


class MeasurementForm(ConcordForm):
    value = _number("Value")
    measured_on = forms.DateField(label="Measured on", widget=_date_input())
    source = forms.CharField(
        label="Source", max_length=300, help_text="Where the figure comes from."
    )


class GateReviewForm(ConcordForm):
    """A party's review of the goals at a gate: confirm them, or say what should change."""

    answer = forms.ChoiceField(
        label="Your organisation",
        choices=GateGoalReview.Answer.choices,
        widget=forms.RadioSelect,
        initial=GateGoalReview.Answer.CONFIRMED,
    )
    goal_id = forms.TypedChoiceField(
        label="About the goal", coerce=int, required=False, empty_value=None
    )
    comment = forms.CharField(
        label="What should change, and why",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, goals: list[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["goal_id"]).choices = [("", "The goals as a whole")] + [
            (goal.pk, goal.title) for goal in goals
        ]
