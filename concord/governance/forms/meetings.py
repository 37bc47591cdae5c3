"""Forms for meetings: scheduling, the agenda, attendance and the minutes."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.core.forms import ConcordForm
from concord.core.signatures import Meaning, SignatureForm
from concord.governance.forms._common import MatterFields, PeopleField, _date, _text
from concord.governance.models import (
    AgendaItem,
    CommitteeMember,
    MatterCategory,
    Meeting,
)
from concord.orgs.models import TIME_ZONE_CHOICES, User


class MeetingForm(ConcordForm):
    """When and where a meeting takes place, in its own time zone."""

    title = forms.CharField(max_length=200, required=False, help_text="Blank: “JSC meeting, date”.")
    date = forms.DateField(widget=_date())
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_zone = forms.ChoiceField(
        choices=[("UTC", "UTC"), *TIME_ZONE_CHOICES], initial="Europe/London"
    )
    duration_minutes = forms.IntegerField(
        label="Length (minutes)", min_value=5, max_value=1440, initial=90
    )
    location = forms.CharField(label="Place", max_length=200, required=False)
    video_link = forms.URLField(
        label="Video link", max_length=500, required=False, assume_scheme="https"
    )

    def meeting_data(self) -> dict[str, Any]:
        """The arguments for meeting_schedule: the local date and time made a moment."""
        data = self.cleaned_data
        tz = zoneinfo.ZoneInfo(data["time_zone"])
        starts = datetime.datetime.combine(data["date"], data["time"], tzinfo=tz)
        return {
            "title": data["title"],
            "starts_at": starts.astimezone(datetime.UTC),
            "time_zone": data["time_zone"],
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "video_link": data["video_link"],
        }


def meeting_initial(meeting: Meeting) -> dict[str, Any]:
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    return {
        "title": meeting.title,
        "date": local.date(),
        "time": local.time(),
        "time_zone": meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "video_link": meeting.video_link,
    }


class AgendaItemForm(MatterFields):
    """One agenda item."""

    prefix = "agenda"  # several forms share the meeting page: keep their ids apart

    title = forms.CharField(label="Item", max_length=200)
    objective = forms.ChoiceField(choices=AgendaItem.Objective.choices, initial="discuss")
    owner = PeopleField(queryset=User.objects.none(), required=False, empty_label="— Nobody —")
    minutes_allotted = forms.IntegerField(label="Minutes", min_value=1, max_value=600, initial=15)
    notes = forms.CharField(required=False, max_length=5000, widget=_text(2))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people


class CategoryDisputeForm(ConcordForm):
    """A party's own reading of an agenda item's matter category, and why."""

    category = forms.ChoiceField(label="Our reading", choices=MatterCategory.choices)
    reason = forms.CharField(max_length=500)


class AttendanceForm(ConcordForm):
    prefix = "attendance"  # several forms share the meeting page: keep their ids apart
    present = forms.ModelMultipleChoiceField(
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Present",
    )

    def __init__(self, *args: Any, members: list[CommitteeMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["present"])
        field.queryset = CommitteeMember.objects.unscoped().filter(pk__in=[m.pk for m in members])
        field.label_from_instance = lambda m: f"{m.user} — {m.get_role_display()}"  # type: ignore[method-assign,assignment]


class MinutesForm(ConcordForm):
    body = forms.CharField(label="Minutes", max_length=50_000, widget=_text(16))


class CorrectionForm(MinutesForm):
    note = forms.CharField(label="What the correction is", max_length=300)


class CommentForm(ConcordForm):
    prefix = "comment"  # several forms share the meeting page: keep their ids apart
    body = forms.CharField(label="Comment", max_length=5000, widget=_text(2))


class MinutesApproveForm(SignatureForm):
    """A party's approval of circulated minutes, signed with the approver's password."""

    at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Approved at")

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, meanings=[Meaning.APPROVE], **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["at_meeting"])
        field.queryset = Meeting.objects.unscoped().filter(pk__in=[m.pk for m in meetings])
