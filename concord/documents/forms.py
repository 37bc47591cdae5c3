"""Forms of the document room; the services check everything again."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.core.attachments import ROLES, SECTION, linkables
from concord.core.forms import ConcordForm, search_field
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES
from concord.documents.models import AgreementSection, Document, Folder
from concord.documents.uploads import read_upload


class FileArguments:
    """A form with one `file` field hands its service the file's name and bytes."""

    cleaned_data: dict[str, Any]

    def file_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        upload = data.pop("file")
        return {**data, "name": upload.name or "document", "data": read_upload(upload)}


class FolderForm(ConcordForm):
    name = forms.CharField(max_length=120)
    visibility = forms.ChoiceField(choices=VISIBILITY_CHOICES, initial=SHARED)


class DocumentUploadForm(FileArguments, ConcordForm):
    title = forms.CharField(max_length=200)
    file = forms.FileField(
        help_text="PDF, Word, Excel, PowerPoint, PNG, JPEG or text; checked by its content."
    )
    visibility = forms.ChoiceField(
        choices=VISIBILITY_CHOICES,
        initial=SHARED,
        help_text="A private document is seen by your organisation only, wherever it is linked.",
    )
    folder = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(choices=Document.Kind.choices, initial=Document.Kind.GENERAL)
    description = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    note = forms.CharField(label="Version note", required=False, max_length=300)

    def __init__(self, *args: Any, folders: list[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folders = {folder.pk: folder for folder in folders}
        cast(forms.ChoiceField, self.fields["folder"]).choices = [("", "No folder")] + [
            (f.pk, f"{f.name}{' (private)' if f.visibility == PRIVATE else ''}") for f in folders
        ]

    def service_arguments(self) -> dict[str, Any]:
        arguments = self.file_arguments()
        arguments["folder"] = self.folders.get(arguments.pop("folder") or 0)
        return arguments


class VersionForm(FileArguments, ConcordForm):
    file = forms.FileField(help_text="The new version; earlier versions stay as they were.")
    note = forms.CharField(label="What changed", required=False, max_length=300)


def link_choices(user: Any, alliance: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every record a document may be linked to, grouped by kind: `"<kind>:<pk>"` values."""
    groups = []
    for kind in linkables():
        records = [(f"{kind.key}:{r.pk}", str(r)[:120]) for r in kind.records(user, alliance)]
        if records:
            groups.append((kind.label, records))
    return groups


class LinkForm(ConcordForm):
    role = forms.ChoiceField(choices=list(ROLES.items()))
    record = forms.ChoiceField(label="Linked to")
    section = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        help_text="For an agreement section link: the section the record comes from.",
    )

    def __init__(
        self,
        *args: Any,
        records: list[tuple[str, list[tuple[str, str]]]],
        sections: list[AgreementSection],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["record"]).choices = records
        self.sections = {section.pk: section for section in sections}
        cast(forms.ChoiceField, self.fields["section"]).choices = [("", "—")] + [
            (s.pk, str(s)) for s in sections
        ]
        if not sections:
            cast(forms.ChoiceField, self.fields["role"]).choices = [
                (k, v) for k, v in ROLES.items() if k != SECTION
            ]

    def service_arguments(self) -> dict[str, Any]:
        kind, _, pk = self.cleaned_data["record"].rpartition(":")
        return {
            "role": self.cleaned_data["role"],
            "kind": kind,
            "object_id": int(pk),
            "section": self.sections.get(self.cleaned_data["section"] or 0),
        }


class SectionForm(ConcordForm):
    number = forms.CharField(max_length=20, help_text="As the agreement numbers it: 5.2")
    heading = forms.CharField(max_length=200)
    summary = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
    tracked_expected = forms.BooleanField(
        label="Creates obligations Concord should track",
        required=False,
        initial=True,
    )


class RoomFilterForm(ConcordForm):
    q = search_field("Title or text")
    folder = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, folders: list[Folder], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["folder"]).choices = [("", "All folders")] + [
            (f.pk, f.name) for f in folders
        ]
