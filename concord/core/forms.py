"""Form helpers shared by every app: accessible field rendering and service errors on forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class ConcordForm(forms.Form):
    """A form whose inputs point at their hints and errors (aria-describedby, aria-invalid)."""

    template_name = "includes/form.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # labels read as "Name", not "Name:"
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"{self[name].auto_id}-help")
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                errors_id = f"{self[name].auto_id}-errors"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {errors_id}".strip()

    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's ValidationError on the fields it names (or on the form)."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


def search_field(placeholder: str) -> forms.CharField:
    """The free-text search box of a list's filters, read from the query string."""
    return forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )
