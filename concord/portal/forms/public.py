"""Forms of the public portal pages: they parse what a visitor sends; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from concord.core.forms import ConcordForm
from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea
from concord.portal import services
from concord.portal.models import Message, Submission

HONEYPOT = "website"


def _limit(model: Any, name: str) -> int:
    """The model's cap on a field, so the form and the database never disagree."""
    return int(model._meta.get_field(name).max_length)


def _text(name: str, label: str, *, rows: int = 0, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=_limit(Submission, name), widget=widget, help_text=help_text
    )


def _choice(label: str, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "Choose…"), *choices])


class MultipleFileInput(forms.FileInput):
    """A file input that lets the visitor pick several files at once."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploaded files as a list (Django's "Uploading multiple files" recipe)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_file_clean = super().clean
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [single_file_clean(f, initial) for f in files]


class SubmissionForm(ConcordForm):
    """The one anonymous door: an opportunity, its non-confidential PDFs and the attestation."""

    contact_name = _text("contact_name", "Your name")
    contact_email = forms.EmailField(
        label="Email",
        max_length=_limit(Submission, "contact_email"),
        help_text="Your reference and private status link are sent here.",
    )
    submitter_organisation_name = _text("submitter_organisation_name", "Organisation")
    asset_name = _text("asset_name", "Asset name", help_text="A code name is fine.")
    modality = _choice("Modality", Modality.choices)
    therapeutic_area = _choice("Therapeutic area", TherapeuticArea.choices)
    indication = _text("indication", "Indication")
    stage = _choice("Development stage", Stage.choices)
    mechanism = _text("mechanism", "Mechanism of action", rows=2)
    differentiation = _text(
        "differentiation",
        "Differentiation",
        rows=5,
        help_text="What it offers over existing and emerging options.",
    )
    data_summary = _text(
        "data_summary", "Data summary", rows=6, help_text="Non-confidential data only."
    )
    ip_status = _text(
        "ip_status", "IP status", rows=3, help_text="Patents filed or granted, ownership, freedom."
    )
    deal_type = _choice("What you are looking for", DealType.choices)
    attachments = MultipleFileField(
        label="Attachments (optional)",
        required=False,
        help_text=(
            f"Up to {services.MAX_ATTACHMENTS} non-confidential PDFs, 10 MB each. "
            "If the form shows an error, choose your files again."
        ),
    )
    attested_non_confidential = forms.BooleanField(
        label="This submission is non-confidential: it contains nothing I may not share.",
        error_messages={"required": "Confirm that the submission is non-confidential."},
    )
    # Bots fill every input; people never see this one (hidden, skipped by keyboard and screen
    # readers). If it comes back filled, the view pretends success and saves nothing.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    SECTIONS = [
        ("About you", ["contact_name", "contact_email", "submitter_organisation_name"]),
        (
            "The asset",
            ["asset_name", "modality", "therapeutic_area", "indication", "stage", "mechanism"],
        ),
        ("The case for it", ["differentiation", "data_summary", "ip_status", "deal_type"]),
        ("Documents", ["attachments"]),
    ]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the groups the page shows them in."""
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_attachments(self) -> list[UploadedFile]:
        # The service checks again; checking here too shows file errors with all the others.
        files: list[UploadedFile] = self.cleaned_data["attachments"]
        if len(files) > services.MAX_ATTACHMENTS:
            raise ValidationError(f"Attach at most {services.MAX_ATTACHMENTS} PDFs.")
        problems = []
        for upload in files:
            try:
                services.check_pdf(upload)
            except ValidationError as error:
                problems.extend(error.messages)
        if problems:
            raise ValidationError(problems)
        return files

    def submission_data(self) -> dict[str, Any]:
        """What submission_create takes as `data`."""
        names = [*services.SUBMISSION_FIELDS, "attested_non_confidential"]
        return {name: self.cleaned_data[name] for name in names}


class ReplyForm(ConcordForm):
    """The submitter's answer in the dialogue."""

    body = forms.CharField(
        label="Your reply",
        max_length=_limit(Message, "body"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CdaSubmitterForm(ConcordForm):
    """The submitter signs the CDA for its own side, naming who signs."""

    printed_name = forms.CharField(
        label="Full name of the person signing",
        max_length=200,
        error_messages={"required": "Type the full name of the person signing."},
    )
    authorised = forms.BooleanField(
        label="I am authorised to sign this confidentiality agreement for my organisation",
        required=False,
    )
