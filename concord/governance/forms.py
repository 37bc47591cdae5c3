"""Forms for the governance pages: they parse input; the services decide what is allowed."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from concord.alliances.models import Party
from concord.core.forms import ConcordForm
from concord.core.tenancy import PRIVATE, SHARED
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Charter,
    Committee,
    CommitteeMember,
    Decision,
    DecisionVote,
    Escalation,
    MatterCategory,
    Meeting,
    Raci,
    Severity,
)
from concord.governance.selectors import ActionFilters, DecisionFilters
from concord.orgs.models import TIME_ZONE_CHOICES, Membership, User

PAGE_SIZE = 25


def _blank(label: str, choices: Any) -> list[tuple[Any, str]]:
    return [("", label), *choices]


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def _person_label(user: User) -> str:
    membership = getattr(user, "membership", None)
    return f"{user} ({membership.organisation})" if membership else str(user)


class PeopleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class PeopleMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class PartyField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.organisation.name


# --- Committees and charters ---------------------------------------------------------------------


class CommitteeForm(ConcordForm):
    """A committee: what kind, its name, whom it reports to."""

    kind = forms.ChoiceField(choices=Committee.Kind.choices, initial=Committee.Kind.JSC)
    name = forms.CharField(
        max_length=200, required=False, help_text="Leave blank for the usual name of its kind."
    )
    reports_to = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        required=False,
        empty_label="— Nobody: it is the top committee —",
        label="Reports to",
    )

    def __init__(self, *args: Any, committees: QuerySet[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["reports_to"]).queryset = committees


class CommitteeUpdateForm(CommitteeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        self.fields["name"].required = True
        self.fields["name"].help_text = ""


class CharterForm(ConcordForm):
    """Every rule of a charter, each defaulting to typical collaboration agreements."""

    scope = forms.CharField(label="May decide", required=False, max_length=5000, widget=_text())
    out_of_scope = forms.CharField(
        label="May not decide", required=False, max_length=5000, widget=_text()
    )
    seats_per_party = forms.IntegerField(label="Voting seats per party", min_value=1, max_value=20)
    parity_required = forms.BooleanField(
        label="Parity: each party holds as many seats", required=False
    )
    cadence_days = forms.IntegerField(
        label="Meets at least every (days)", min_value=1, max_value=365, help_text="92 ≈ quarterly."
    )
    first_meeting_days = forms.IntegerField(
        label="First meeting within (days of the effective date)", min_value=1, max_value=365
    )
    quorum_per_party = forms.IntegerField(
        label="Quorum: voting members present per party", min_value=1, max_value=20
    )
    unanimous = forms.BooleanField(
        label="Decisions unanimous (one vote per party)",
        required=False,
        help_text="Unticked: a majority of the parties decides.",
    )
    written_consent = forms.BooleanField(
        label="Written consent outside meetings allowed", required=False
    )
    minutes_draft_days = forms.IntegerField(
        label="Draft minutes circulated within (days)", min_value=1, max_value=90
    )
    team_days = forms.IntegerField(label="Working team has (days)", min_value=1, max_value=180)
    committee_days = forms.IntegerField(label="Committee has (days)", min_value=1, max_value=180)
    executive_days = forms.IntegerField(label="Executives have (days)", min_value=1, max_value=180)
    executives = PeopleMultipleField(
        queryset=User.objects.none(),
        required=False,
        label="Named executives",
        widget=forms.CheckboxSelectMultiple,
        help_text="Who a deadlock is referred to, usually one per party.",
    )
    final_say_party = PartyField(
        queryset=Party.objects.none(),
        required=False,
        empty_label="— No party: deadlocks go to dispute resolution —",
        label="Party with final say after the executives",
    )
    carve_outs = forms.CharField(
        label="Carve-outs",
        required=False,
        max_length=5000,
        widget=_text(),
        help_text="Topics the party with final say may not decide alone, one per line; "
        "they go to dispute resolution.",
    )

    def __init__(
        self, *args: Any, people: QuerySet[User], parties: list[Party], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["executives"]).queryset = people
        field = cast(forms.ModelChoiceField, self.fields["final_say_party"])
        field.queryset = (
            Party.objects.unscoped()
            .filter(pk__in=[p.pk for p in parties])
            .select_related("organisation")
        )

    def rules(self) -> dict[str, Any]:
        """The charter values, for committee_create or charter_propose."""
        data = dict(self.cleaned_data)
        data.pop("rationale", None)
        data["executives"] = list(data.get("executives") or [])
        return data


class CharterProposalForm(CharterForm):
    rationale = forms.CharField(
        label="Why the change",
        max_length=5000,
        widget=_text(3),
        help_text="Every party sees this, and approves or rejects the new version.",
    )

    field_order = ["rationale"]


def charter_initial(charter: Charter | None) -> dict[str, Any]:
    """The charter's values to prefill a form; the defaults when there is none yet."""
    if charter is None:
        from concord.governance.services.committees import committee_default

        return {f: committee_default("jsc", f) for f in Charter.RULE_FIELDS}
    values = {f: getattr(charter, f) for f in Charter.RULE_FIELDS}
    values["executives"] = list(charter.executives.all())
    return values


class CommitteeCreateForm(CommitteeForm, CharterForm):
    """A committee with its first charter."""


class CharterAnswerForm(ConcordForm):
    reason = forms.CharField(
        label="Why your party rejects it", max_length=2000, widget=_text(2), required=False
    )


class MemberForm(ConcordForm):
    """Seat a colleague on the committee."""

    user = forms.ModelChoiceField(queryset=Membership.objects.none(), label="Colleague")
    role = forms.ChoiceField(choices=CommitteeMember.Role.choices, initial="member")

    def __init__(self, *args: Any, candidates: QuerySet[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = candidates
        field.label_from_instance = lambda m: f"{m.user} ({m.get_role_display()})"  # type: ignore[method-assign,assignment]


# --- Meetings ------------------------------------------------------------------------------------


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


class AgendaItemForm(ConcordForm):
    """One agenda item."""

    prefix = "agenda"  # several forms share the meeting page: keep their ids apart

    title = forms.CharField(label="Item", max_length=200)
    objective = forms.ChoiceField(choices=AgendaItem.Objective.choices, initial="discuss")
    owner = PeopleField(queryset=User.objects.none(), required=False, empty_label="— Nobody —")
    minutes_allotted = forms.IntegerField(label="Minutes", min_value=1, max_value=600, initial=15)
    notes = forms.CharField(required=False, max_length=5000, widget=_text(2))
    category = forms.ChoiceField(
        label="Matter",
        choices=MatterCategory.choices,
        initial=MatterCategory.GENERAL,
        help_text="Shown to every party; the charter's carve-out categories follow from it.",
    )
    budget_change = forms.DecimalField(
        label="Budget change", required=False, max_digits=18, decimal_places=2
    )
    budget_currency = forms.CharField(
        label="Currency", required=False, max_length=3, help_text="ISO 4217, e.g. EUR"
    )

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


class DecisionForm(ConcordForm):
    """A resolution put to the vote at a meeting, with the recorder's own party's vote."""

    prefix = "decision"  # several forms share the meeting page: keep their ids apart

    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="— Not on the agenda —"
    )
    title = forms.CharField(label="Decision", max_length=200)
    text = forms.CharField(
        label="Resolution as worded", required=False, max_length=10_000, widget=_text(3)
    )
    carve_out = forms.ChoiceField(
        required=False,
        label="Carve-out topic",
        help_text="Topics the party with final say may not decide alone.",
    )

    def __init__(
        self,
        *args: Any,
        agenda: list[AgendaItem],
        parties: list[Party],
        carve_outs: list[str],
        abstain: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["agenda_item"])
        field.queryset = AgendaItem.objects.unscoped().filter(pk__in=[a.pk for a in agenda])
        cast(forms.ChoiceField, self.fields["carve_out"]).choices = _blank(
            "— None —", [(t, t) for t in carve_outs]
        )
        self.parties = parties
        if not abstain:
            _without_abstain(self.fields["vote"])

    vote = forms.ChoiceField(
        label="Your party's vote",
        choices=_blank("— Later —", DecisionVote.Vote.choices),
        required=False,
        help_text="Each party casts its own vote, here or within the charter's window after "
        "the meeting.",
    )

    def votes(self, organisation_id: int) -> dict[int, str]:
        """The actor's own party's vote, if they cast it now; no other party's."""
        own = [p.pk for p in self.parties if p.organisation_id == organisation_id]
        vote = self.cleaned_data.get("vote") or ""
        return {own[0]: vote} if vote and own else {}


class DeferForm(ConcordForm):
    prefix = "defer"  # several forms share the meeting page: keep their ids apart
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, empty_label="— Not on the agenda —"
    )
    title = forms.CharField(label="Matter deferred", max_length=200)
    note = forms.CharField(
        label="Why, and until when", required=False, max_length=5000, widget=_text(2)
    )

    def __init__(self, *args: Any, agenda: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["agenda_item"])
        field.queryset = AgendaItem.objects.unscoped().filter(pk__in=[a.pk for a in agenda])


class WrittenConsentForm(ConcordForm):
    title = forms.CharField(label="Decision sought", max_length=200)
    text = forms.CharField(label="Resolution as worded", max_length=10_000, widget=_text(5))
    carve_out = forms.ChoiceField(required=False, label="Carve-out topic")

    def __init__(self, *args: Any, carve_outs: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["carve_out"]).choices = _blank(
            "— None —", [(t, t) for t in carve_outs]
        )


def _without_abstain(field: forms.Field) -> None:
    """Where the charter does not allow abstaining, the form does not offer it."""
    choice = cast(forms.ChoiceField, field)
    offered = cast(list[tuple[str, str]], choice.choices)
    choice.choices = [(k, v) for k, v in offered if k != DecisionVote.Vote.ABSTAIN]


class VoteForm(ConcordForm):
    vote = forms.ChoiceField(choices=DecisionVote.Vote.choices)
    change = forms.BooleanField(
        required=False, label="Change my party's vote", help_text="Replaces the vote it cast."
    )

    def __init__(self, *args: Any, abstain: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not abstain:
            _without_abstain(self.fields["vote"])


class MinutesForm(ConcordForm):
    body = forms.CharField(label="Minutes", max_length=50_000, widget=_text(16))


class CorrectionForm(MinutesForm):
    note = forms.CharField(label="What the correction is", max_length=300)


class CommentForm(ConcordForm):
    prefix = "comment"  # several forms share the meeting page: keep their ids apart
    body = forms.CharField(label="Comment", max_length=5000, widget=_text(2))


class MinutesApproveForm(ConcordForm):
    at_meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Approved at")

    def __init__(self, *args: Any, meetings: list[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["at_meeting"])
        field.queryset = Meeting.objects.unscoped().filter(pk__in=[m.pk for m in meetings])


# --- Actions, concerns, escalations --------------------------------------------------------------


class ActionForm(ConcordForm):
    prefix = "action"  # several forms share the meeting page: keep their ids apart
    title = forms.CharField(label="Action", max_length=200)
    owner = PeopleField(queryset=User.objects.none(), help_text="A person of either party.")
    due_on = forms.DateField(label="Due", widget=_date())
    detail = forms.CharField(required=False, max_length=5000, widget=_text(2))

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = people


class ActionStatusForm(ConcordForm):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class ConcernForm(ConcordForm):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        label="What worries you", required=False, max_length=10_000, widget=_text(5)
    )
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)
    visibility = forms.ChoiceField(
        label="Who can read it",
        widget=forms.RadioSelect,
        initial=PRIVATE,
        choices=[
            (PRIVATE, "Private to my organisation — think it through first"),
            (SHARED, "Shared with all parties — ready to discuss together"),
        ],
    )


class AgendaMeetingForm(ConcordForm):
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), label="Put on the agenda of")

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["meeting"])
        field.queryset = meetings
        field.label_from_instance = lambda m: f"{m.title} ({m.committee.short_name})"  # type: ignore[method-assign,assignment]


class ResolutionForm(ConcordForm):
    resolution = forms.CharField(label="How it was resolved", max_length=5000, widget=_text(3))


class EscalationForm(ConcordForm):
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(), label="Through the ladder of"
    )
    title = forms.CharField(label="Matter", max_length=200)
    description = forms.CharField(required=False, max_length=10_000, widget=_text(4))
    level = forms.ChoiceField(
        label="Taken to",
        choices=Escalation.Level.choices,
        initial=Escalation.Level.TEAM,
        help_text="The agreed path starts with the working team. Raising it higher, or outside "
        "the ladder, is recorded as an end-run that every party's alliance managers see.",
    )
    addressed_to = forms.CharField(
        label="Whom, if outside the ladder", required=False, max_length=200
    )
    carve_out = forms.ChoiceField(required=False, label="Carve-out topic")

    def __init__(
        self, *args: Any, committees: QuerySet[Committee], carve_outs: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["committee"]).queryset = committees
        cast(forms.ChoiceField, self.fields["carve_out"]).choices = _blank(
            "— None —", [(t, t) for t in carve_outs]
        )


class NoteForm(ConcordForm):
    note = forms.CharField(label="Why", required=False, max_length=500)


class WorkstreamForm(ConcordForm):
    """A workstream and each party's part in it."""

    name = forms.CharField(label="Workstream", max_length=200)
    description = forms.CharField(required=False, max_length=500)
    committee = forms.ModelChoiceField(
        queryset=Committee.objects.none(),
        required=False,
        empty_label="— The top committee —",
        label="Overseen by",
    )

    def __init__(
        self,
        *args: Any,
        parties: list[Party],
        committees: QuerySet[Committee],
        form_id: str = "",
        **kwargs: Any,
    ) -> None:
        """`form_id` names the <form> the fields submit with: each row of the RACI table is a
        table row, which cannot hold a form of its own."""
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["committee"]).queryset = committees
        self.parties = parties
        for party in parties:
            self.fields[f"raci_{party.pk}"] = forms.ChoiceField(
                label=party.organisation.name,
                required=False,
                choices=_blank("–", Raci.Role.choices),
            )
        if form_id:
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id

    def raci(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(f"raci_{p.pk}") or "" for p in self.parties}


# --- Filters -------------------------------------------------------------------------------------


class DecisionFilterForm(ConcordForm):
    search = forms.CharField(
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Title, wording, D-012"}),
    )
    committee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    outcome = forms.ChoiceField(required=False, choices=_blank("Any", Decision.Outcome.choices))
    method = forms.ChoiceField(required=False, choices=_blank("Any", Decision.Method.choices))
    carve_out = forms.BooleanField(required=False, label="Carve-outs only")
    since = forms.DateField(required=False, widget=_date(), label="From")
    until = forms.DateField(required=False, widget=_date(), label="To")

    def __init__(self, *args: Any, committees: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["committee"]).choices = _blank(
            "Any", [(c.pk, c.name) for c in committees]
        )

    def filters(self) -> DecisionFilters:
        """The valid part of the query: a bad value is ignored rather than an error page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return DecisionFilters(
            search=data.get("search") or "",
            committee=data.get("committee"),
            outcome=data.get("outcome") or "",
            method=data.get("method") or "",
            carve_out=bool(data.get("carve_out")),
            since=data.get("since"),
            until=data.get("until"),
        )


ACTION_STATUS_CHOICES = [
    ("open", "Open"),
    ("overdue", "Overdue"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
    ("all", "All"),
]


class ActionFilterForm(ConcordForm):
    status = forms.ChoiceField(required=False, choices=ACTION_STATUS_CHOICES)
    mine = forms.BooleanField(required=False, label="Mine only")
    committee = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    search = forms.CharField(
        required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"})
    )

    def __init__(self, *args: Any, committees: list[Committee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["committee"]).choices = _blank(
            "Any", [(c.pk, c.name) for c in committees]
        )

    def filters(self) -> ActionFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ActionFilters(
            status=data.get("status") or "open",
            mine=bool(data.get("mine")),
            committee=data.get("committee"),
            search=data.get("search") or "",
        )
