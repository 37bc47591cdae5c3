"""The receiving team's corrections to the path to a deal."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from concord.core.forms import ConcordForm
from concord.portal.forms.team import People, stage_day_field, stage_owner_field


class DealStepCorrectForm(ConcordForm):
    """Correct the day or the owner of a stage already recorded, saying why."""

    on = stage_day_field("Reached on")
    owner = stage_owner_field()
    reason = forms.CharField(
        label="Why the correction",
        max_length=500,
        help_text="Kept in the audit trail beside what the stage said before.",
        error_messages={"required": "Say why the stage is corrected."},
    )

    def __init__(self, *args: Any, people: People, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        choices = [("", "—"), *people.choices()]
        cast(forms.ChoiceField, self.fields["owner"]).choices = choices

    def correction(self) -> dict[str, Any]:
        """The arguments for deal_step_correct."""
        data = self.cleaned_data
        return {
            "on": data["on"],
            "owner": self.people.by_id[data["owner"]],
            "reason": data["reason"],
        }
