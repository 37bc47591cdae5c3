"""Forms for the receiving team's portal pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.text import slugify

from concord.core.forms import ConcordForm
from concord.core.signatures import SignatureForm
from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea
from concord.orgs.models import User
from concord.portal import services
from concord.portal.models import (
    AreaOfInterest,
    Criterion,
    DealStage,
    DeclineReason,
    Portal,
    Submission,
)
from concord.portal.selectors import QueueFilters

PAGE_SIZE = 25
SORT_CHOICES = [
    ("deadline", "Deadline (soonest first)"),
    ("-submitted", "Newest first"),
    ("match", "Best match first"),
]
FLAG_CHOICES = [
    ("", "Any"),
    ("overdue", "Overdue"),
    ("due_soon", "Due soon"),
    ("nih", "“Not invented here” flag"),
]
MINE = "mine"
SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _blank(label: str, choices: Any) -> list[tuple[str, str]]:
    return [("", label), *choices]


def _checkboxes(label: str, choices: Any, **kwargs: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


@dataclass(frozen=True)
class People:
    """The organisation's active people, by user id, for choosing reviewers and the head of BD."""

    by_id: dict[int, User]

    @classmethod
    def of(cls, memberships: Any, *, reviewers_only: bool = False) -> People:
        """From a membership list; reviewers are those whose role lets them score."""
        return cls(
            {
                m.user_id: m.user
                for m in memberships
                if m.is_active
                and (not reviewers_only or m.is_admin or m.role in services.TEAM_ROLES)
            }
        )

    def choices(self) -> list[tuple[int, str]]:
        return [(pk, str(user)) for pk, user in self.by_id.items()]

    def users(self, ids: list[int]) -> list[User]:
        return [self.by_id[pk] for pk in ids if pk in self.by_id]


# --- The queue ---------------------------------------------------------------------------------


class QueueFilterForm(ConcordForm):
    """The triage queue's search, filters and sort, read from the query string."""

    search = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Reference, asset, indication, mechanism"}
        ),
    )
    status = forms.ChoiceField(label="Status", required=False)
    therapeutic_area = forms.ChoiceField(
        label="Therapeutic area", required=False, choices=_blank("Any", TherapeuticArea.choices)
    )
    reviewer = forms.ChoiceField(label="Reviewer", required=False)
    flag = forms.ChoiceField(label="Flag", required=False, choices=FLAG_CHOICES)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)
    closed = forms.BooleanField(label="Show decided", required=False)
    request = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: People, counts: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        statuses = [
            (value, f"{label} ({counts.get(value, 0)})")
            for value, label in Submission.Status.choices
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = _blank("Any", statuses)
        reviewers = [(MINE, "Assigned to me"), *((str(pk), n) for pk, n in people.choices())]
        cast(forms.ChoiceField, self.fields["reviewer"]).choices = _blank("Anyone", reviewers)

    def filters(self) -> QueueFilters:
        """The valid part of the query: an unknown value is ignored rather than an error page."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        reviewer = data.get("reviewer") or ""
        return QueueFilters(
            search=data.get("search") or "",
            status=[data["status"]] if data.get("status") else [],
            therapeutic_area=[data["therapeutic_area"]] if data.get("therapeutic_area") else [],
            mine=reviewer == MINE,
            reviewer=int(reviewer) if reviewer.isdigit() else None,
            flag=data.get("flag") or "",
            sort=data.get("sort") or "deadline",
            include_decided=bool(data.get("closed")),
            request=data.get("request"),
        )

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields if name != "sort")


class AssignForm(ConcordForm):
    """Bulk triage: the submissions ticked in the queue and the reviewers to add to them."""

    submissions = forms.TypedMultipleChoiceField(
        label="Submissions",
        coerce=int,
        error_messages={"required": "Tick at least one submission in the queue."},
    )
    reviewers = forms.TypedMultipleChoiceField(
        label="Assign to",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one reviewer."},
        help_text="Reviewers are added; those already assigned stay. The number is each "
        "reviewer's open submissions.",
    )

    def __init__(
        self, *args: Any, people: People, load: dict[int, int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        load = load or {}
        # Least loaded first, so the picker suggests who has room.
        choices = sorted(people.choices(), key=lambda c: (load.get(c[0], 0), c[1]))
        cast(forms.ChoiceField, self.fields["reviewers"]).choices = [
            (pk, f"{name} · {load.get(pk, 0)} open") for pk, name in choices
        ]
        # The ticked ids are checked against the organisation's submissions by the view's selector.
        ticked = self.data.getlist("submissions") if hasattr(self.data, "getlist") else []
        choices = [(v, v) for v in ticked if str(v).isdigit()]
        cast(forms.ChoiceField, self.fields["submissions"]).choices = choices

    def chosen_reviewers(self) -> list[User]:
        return self.people.users(self.cleaned_data["reviewers"])


# --- One submission ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricLine:
    """One criterion of the review form: its score radios, its comment and its weight."""

    label: str
    weight: Decimal
    score: forms.BoundField
    comment: forms.BoundField


def _in_sentence(label: str) -> str:
    """'Strategic fit' → 'strategic fit', but 'IP position' keeps its acronym."""
    return label if label[:2].isupper() else label[0].lower() + label[1:]


class ReviewForm(ConcordForm):
    """The one rubric: every criterion scored 1–5 with a comment saying why.

    The score field of a criterion is named after the criterion, so a service error naming it
    lands on that field.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Criterion.choices:
            self.fields[value] = forms.TypedChoiceField(
                label=label,
                coerce=int,
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": "Score this criterion from 1 to 5."},
            )
            self.fields[f"{value}_comment"] = forms.CharField(
                label=f"Why, on {_in_sentence(label)}",
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": "Say in a comment why you gave this score."},
            )

    def rubric(self, portal: Portal) -> list[RubricLine]:
        return [
            RubricLine(label, portal.weight(value), self[value], self[f"{value}_comment"])
            for value, label in Criterion.choices
        ]

    def scores(self) -> dict[str, dict[str, Any]]:
        """The arguments for review_submit: criterion → {score, comment}."""
        data = self.cleaned_data
        return {c: {"score": data[c], "comment": data[f"{c}_comment"]} for c in Criterion.values}


class MessageForm(ConcordForm):
    """Write to the submitter, or leave an internal note only the team reads."""

    audience = forms.ChoiceField(
        label="Who reads it",
        choices=[
            ("note", "Internal note — only your team reads it"),
            ("submitter", "Message to the submitter — they read it on their status page"),
        ],
        initial="note",
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label="Message", max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )

    @property
    def is_internal(self) -> bool:
        return self.cleaned_data["audience"] == "note"


class AskForm(ConcordForm):
    """Ask the submitter for more information; the clocks stand still until they answer."""

    question = forms.CharField(
        label="Your question",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The submitter reads it on their status page. The service-level clocks pause "
        "until they answer.",
    )


class DecideForm(ConcordForm):
    """Decline with coded reasons and real feedback, or advance the submission.

    Every error shows at once: a decline without reasons and with short feedback names both.
    """

    outcome = forms.ChoiceField(
        label="Decision",
        choices=[
            (Submission.Status.DECLINED, "Decline"),
            (Submission.Status.CDA, "Advance: request a confidentiality agreement (CDA)"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision."},
    )
    reasons = _checkboxes(
        "Reasons for declining", DeclineReason.choices, help_text="One or more, when declining."
    )
    feedback = forms.CharField(
        label="Feedback to the submitter",
        required=False,
        max_length=10000,
        widget=forms.Textarea(
            attrs={"rows": 8, "data-count-min": str(services.MIN_FEEDBACK_CHARS)}
        ),
        help_text=f"When declining, at least {services.MIN_FEEDBACK_CHARS} characters: the "
        "submitter reads it with the reasons. Say what would change your answer.",
    )
    create_alliance = forms.BooleanField(
        label="Create a proposed alliance with the submitter (when advancing)",
        required=False,
        help_text="Their organisation is invited to the alliance; it starts in the proposed state.",
    )

    def __init__(self, *args: Any, drafter: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # reasons → the letter the templates start it with (services.decline_draft)
        self.drafter = drafter or (lambda reasons: "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Submission.Status.DECLINED:
            reasons = data.get("reasons") or []
            draft = self.drafter(reasons) if reasons else ""
            problems = services.decline_problems(reasons, data.get("feedback") or "", draft)
            for field, message in problems.items():
                self.add_error(field, message)
        return data


def stage_day_field(label: str) -> forms.DateField:
    """The day a stage on the path to a deal was reached."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Say on which day the stage was reached."},
    )


def stage_owner_field() -> forms.TypedChoiceField:
    """Who owns a stage; its choices are the organisation's people, set by the form."""
    return forms.TypedChoiceField(
        label="Owner",
        coerce=int,
        help_text="Who carries the submission through this stage.",
        error_messages={"required": "Choose who owns this stage."},
    )


class DealStageForm(ConcordForm):
    """Record the next stage of the path to a deal: the day it was reached and its owner."""

    stage = forms.ChoiceField(label="Stage reached", choices=DealStage.choices)
    on = stage_day_field("On")
    owner = stage_owner_field()
    note = forms.CharField(label="Note", required=False, max_length=500)

    def __init__(self, *args: Any, people: People, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        cast(forms.ChoiceField, self.fields["owner"]).choices = _blank("—", people.choices())

    def stage_fields(self) -> dict[str, Any]:
        """The arguments for deal_stage_record."""
        data = self.cleaned_data
        return {
            "stage": data["stage"],
            "on": data["on"],
            "owner": self.people.by_id.get(data["owner"]),
            "note": data.get("note") or "",
        }


class CdaSignForm(SignatureForm):
    """Sign the CDA for your organisation: your password and the meaning, approval."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, meanings=("approve",), **kwargs)


class PartnerRequestForm(ConcordForm):
    """A request for partners: what you seek, in which area and modality, by when."""

    title = forms.CharField(max_length=200)
    seeking = forms.CharField(
        label="What you seek",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The problem, the asset or platform that would solve it, and why now.",
    )
    therapeutic_area = forms.ChoiceField(label="Therapeutic area", choices=TherapeuticArea.choices)
    modality = forms.ChoiceField(
        label="Modality", required=False, choices=_blank("Any modality", Modality.choices)
    )
    good_response = forms.CharField(
        label="What a good response contains",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    respond_by = forms.DateField(
        label="Responses by",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    decide_by = forms.DateField(
        label="Decision by",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Published: every respondent hears by this day.",
    )
    is_open = forms.BooleanField(label="Open for responses", required=False, initial=True)


class DeclineLettersForm(ConcordForm):
    """The organisation's decline letter templates, one per coded reason."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in DeclineReason.choices:
            self.fields[value] = forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def bodies(self) -> dict[str, str]:
        return {reason: self.cleaned_data.get(reason) or "" for reason in DeclineReason.values}


# --- Settings ----------------------------------------------------------------------------------


def _weight_field(label: str) -> forms.DecimalField:
    # No bounds here: the service owns the 0–10 rule, and its error is shown on the form.
    return forms.DecimalField(label=label, required=False, decimal_places=2)


class PortalSettingsForm(ConcordForm):
    """The portal's public page, service levels and rubric settings."""

    slug = forms.SlugField(
        label="Address of the public page",
        max_length=80,
        help_text="Letters, numbers and hyphens: the stable URL /partnering/<address>/.",
    )
    is_open = forms.BooleanField(label="Accepting submissions", required=False)
    introduction = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Shown on the public page above your areas of interest.",
    )
    first_response_days = forms.IntegerField(
        label="First response within (days)", min_value=1, max_value=365
    )
    decision_days = forms.IntegerField(label="Decision within (days)", min_value=1, max_value=730)
    publish_statistics = forms.BooleanField(
        label="Publish the headline statistics on the public page", required=False
    )
    blind_first_pass = forms.BooleanField(
        label="Blind first pass",
        required=False,
        help_text="Hide the submitter's identity from each reviewer until they have scored.",
    )
    nih_threshold = forms.DecimalField(
        label="“Not invented here” threshold",
        max_digits=3,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text="Flag a submission when R&D's average score is this far below BD's (1–5 scale).",
    )
    head_of_bd = forms.TypedChoiceField(
        label="Head of business development",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Told when a submission stays overdue after its reviewers were reminded.",
    )

    def __init__(self, *args: Any, people: People, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        cast(forms.ChoiceField, self.fields["head_of_bd"]).choices = _blank(
            "— Nobody —", people.choices()
        )
        for value, label in Criterion.choices:
            self.fields[f"weight_{value}"] = _weight_field(label)

    @property
    def weight_fields(self) -> list[forms.BoundField]:
        return [self[f"weight_{c}"] for c in Criterion.values]

    @property
    def general_fields(self) -> list[forms.BoundField]:
        return [self[f] for f in self.fields if not f.startswith("weight_")]

    def portal_fields(self) -> dict[str, Any]:
        """The arguments for portal_save."""
        data = self.cleaned_data
        fields = {name: data[name] for name in services.PORTAL_FIELDS if name in data}
        head = data.get("head_of_bd")
        fields["head_of_bd"] = self.people.by_id.get(head) if head else None
        fields["weights"] = {c: _number(data.get(f"weight_{c}")) for c in Criterion.values}
        return fields


def _number(value: Decimal | None) -> int | float:
    """A weight as JSON stores it; blank means the default weight of 1."""
    if value is None:
        return 1
    return int(value) if value == value.to_integral_value() else float(value)


def portal_initial(portal: Portal | None, organisation: Any) -> dict[str, Any]:
    """The portal's current settings, or sensible ones for opening it."""
    if portal is None:
        return {
            "slug": slugify(str(organisation))[:80],
            "is_open": True,
            "first_response_days": 30,
            "decision_days": 90,
            "nih_threshold": Decimal("1.00"),
            **{f"weight_{c}": 1 for c in Criterion.values},
        }
    initial = {name: getattr(portal, name) for name in services.PORTAL_FIELDS}
    initial["head_of_bd"] = portal.head_of_bd_id
    initial.update({f"weight_{c}": portal.weight(c) for c in Criterion.values})
    return initial


class AreaForm(ConcordForm):
    """One area of interest: what it covers and who reviews what falls in it."""

    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(
        label="Kind",
        choices=AreaOfInterest.Kind.choices,
        initial=AreaOfInterest.Kind.SEEK,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    therapeutic_areas = _checkboxes("Therapeutic areas", TherapeuticArea.choices)
    modalities = _checkboxes("Modalities", Modality.choices)
    stages = _checkboxes("Development stages", Stage.choices)
    deal_types = _checkboxes("Deal types", DealType.choices)
    reviewers = forms.TypedMultipleChoiceField(
        label="Reviewers",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="New submissions in this area are routed to them.",
    )

    FIELDS = (
        "title",
        "kind",
        "description",
        "therapeutic_areas",
        "modalities",
        "stages",
        "deal_types",
    )

    def __init__(self, *args: Any, people: People, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        cast(forms.ChoiceField, self.fields["reviewers"]).choices = people.choices()

    def area_fields(self) -> dict[str, Any]:
        """The arguments for area_save."""
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.FIELDS},
            "reviewers": self.people.users(data["reviewers"]),
        }


def area_initial(area: AreaOfInterest) -> dict[str, Any]:
    """An area's current values, to prefill the edit form."""
    return {
        **{name: getattr(area, name) for name in AreaForm.FIELDS},
        "reviewers": [u.pk for u in area.reviewers.all()],
    }


class InternalProgrammeForm(ConcordForm):
    """One of the organisation's own programmes, to score on the same rubric as submissions."""

    asset_name = forms.CharField(label="Asset name", max_length=200)
    modality = forms.ChoiceField(choices=Modality.choices)
    therapeutic_area = forms.ChoiceField(label="Therapeutic area", choices=TherapeuticArea.choices)
    indication = forms.CharField(max_length=200)
    stage = forms.ChoiceField(label="Development stage", choices=Stage.choices)
    mechanism = forms.CharField(label="Mechanism of action", max_length=500)
    differentiation = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    data_summary = forms.CharField(
        label="Data summary", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    ip_status = forms.CharField(
        label="IP status", max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    deal_type = forms.ChoiceField(
        label="Comparable deal",
        choices=DealType.choices,
        help_text="The deal an outside asset like this would come with, for a like-for-like view.",
    )
