"""Meetings: scheduling, agenda, attendance and quorum, decisions, minutes, the meeting pack."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from concord.core import clock
from concord.core.attachments import attachments_for
from concord.core.exports import download
from concord.core.packs import meeting_sections
from concord.core.pages import ActionView, MemberRequest
from concord.core.signatures import signatures_by_subject, signatures_of
from concord.governance import pack, selectors, services
from concord.governance.forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    CategoryDisputeForm,
    CommentForm,
    CorrectionForm,
    DecisionForm,
    DeferForm,
    MeetingForm,
    MinutesApproveForm,
    MinutesForm,
    meeting_initial,
)
from concord.governance.models import Abstention, Committee, Meeting
from concord.governance.selectors import MeetingRecord
from concord.governance.views.base import (
    GovernanceFormView,
    GovernanceView,
    form_errors_to_messages,
    page,
)
from concord.governance.views.committees import committee_url
from concord.orgs.models import User


def meeting_url(meeting_id: int, anchor: str = "") -> str:
    url = reverse("governance:meeting-detail", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


class CommitteeRunView(GovernanceView):
    """Pages that run a committee's business: its members and the alliance managers."""

    def committee_run(self, request: MemberRequest[User], committee: Committee) -> None:
        can = self.can(request, committee.alliance)
        self.require(
            can.runs(committee),
            "Only the committee's members and the alliance managers can do this.",
        )

    def meeting_of(self, request: MemberRequest[User], pk: int) -> Meeting:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        self.committee_run(request, meeting.committee)
        return meeting


class MeetingFormView(GovernanceFormView, CommitteeRunView):
    """A form on one meeting, for those who run its committee; Cancel goes back to the meeting."""

    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.meeting = self.meeting_of(request, pk)
        self.alliance = self.meeting.alliance
        self.cancel_url = meeting_url(self.meeting.pk, self.anchor)
        self.about(request, "meeting", self.meeting)

    def done_url(self, result: Any) -> str:
        return meeting_url(self.meeting.pk, self.anchor)


class MeetingCreateView(GovernanceFormView, CommitteeRunView):
    """Schedule a committee meeting in its own time zone."""

    lead = (
        "The time is kept in the meeting's own time zone; everyone's calendar shows it in theirs."
    )
    submit = "Schedule meeting"
    service = staticmethod(services.meeting_schedule)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.committee = selectors.committee_get(user=request.user, pk=pk)
        self.committee_run(request, self.committee)
        self.alliance = self.committee.alliance
        self.cancel_url = committee_url(self.committee.pk)
        self.about(request, "committee", self.committee)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> MeetingForm:
        return MeetingForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.meeting_data())

    def success_message(self, result: Any) -> str:
        return f"{result.title} scheduled; its members are told by email."

    def done_url(self, result: Any) -> str:
        return meeting_url(result.pk)

    def page_context(self) -> dict[str, Any]:
        title = f"Schedule a {self.committee.short_name} meeting"
        return {**super().page_context(), "title": title}


class MeetingUpdateView(MeetingFormView):
    """Move a meeting or change where it happens."""

    submit = "Save"
    success = "Meeting updated."
    service = staticmethod(services.meeting_update)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> MeetingForm:
        return MeetingForm(
            data, initial=None if data is not None else meeting_initial(self.meeting)
        )

    def arguments(self, form: Any) -> dict[str, Any]:
        data = form.meeting_data()
        return {**data, "title": data["title"] or self.meeting.title}

    def refused(self) -> None:
        self.meeting.refresh_from_db()

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Change {self.meeting.title}"}


class MeetingButtonView(ActionView, CommitteeRunView):
    """One button on a meeting's page, for those who run its committee: back to `anchor`."""

    anchor = ""

    def find(self, request: MemberRequest[User], pk: int) -> Any:
        found = super().find(request, pk)
        meeting = found if isinstance(found, Meeting) else found.meeting
        self.committee_run(request, meeting.committee)
        return found

    def back_url(self, found: Any) -> str:
        return meeting_url(
            found.pk if isinstance(found, Meeting) else found.meeting_id, self.anchor
        )


class MeetingCancelView(MeetingButtonView):
    lookup = staticmethod(selectors.meeting_get)
    record = "meeting"
    service = staticmethod(services.meeting_cancel)
    success = "Meeting cancelled."


def meeting_forms(request: MemberRequest[User], record: MeetingRecord) -> dict[str, Any]:
    """The forms a meeting page offers, prefilled from the record."""
    meeting = record.meeting
    people = selectors.alliance_people(user=request.user, alliance=meeting.alliance)
    approvable = []
    if record.quorum and record.quorum.met and record.previous_minutes:
        approvable = [meeting]
    return {
        "agenda_form": AgendaItemForm(people=people),
        "attendance_form": AttendanceForm(
            members=record.members, initial={"present": list(record.present)}
        ),
        "decision_form": DecisionForm(
            agenda=record.agenda,
            parties=record.parties,
            carve_outs=record.charter.carve_out_topics,
            abstain=record.charter.abstention != Abstention.NOT_ALLOWED,
        ),
        "dispute_form": CategoryDisputeForm(),
        "defer_form": DeferForm(agenda=record.agenda),
        "action_form": ActionForm(people=people),
        "approve_form": MinutesApproveForm(meetings=approvable, initial={"at_meeting": meeting.pk}),
        "comment_form": CommentForm(),
    }


class MeetingDetailView(GovernanceView):
    """The meeting: agenda, attendance and quorum, decisions and votes, minutes, actions."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        record = selectors.meeting_record(user=request.user, meeting=meeting)
        can = self.can(request, meeting.alliance)
        context = {
            "meeting": meeting,
            "record": record,
            "can": can,
            "runs": can.runs(meeting.committee),
            # The service takes attendance from half an hour before the start (late arrivals).
            "started": meeting.starts_at <= clock.now() + datetime.timedelta(minutes=30),
            "pre_reads": attachments_for(request.user, meeting),
            # What other capabilities bring before this committee (core/packs.py).
            "sections": meeting_sections(request.user, meeting),
        }
        shown = [m for m in (record.current_minutes, record.previous_minutes) if m is not None]
        context["minutes_signatures"] = signatures_by_subject(user=request.user, subjects=shown)
        if context["runs"]:
            context |= meeting_forms(request, record)
        return page(request, "governance/meeting_detail.html", meeting.alliance, **context)


class MeetingSectionFormView(MeetingFormView):
    """A form in a section of the meeting's page (sent, never shown alone): a refusal lists the
    form's errors at the top of the page, at the section."""

    http_method_names = ["post"]

    def show(self, request: MemberRequest[User], form: Any) -> HttpResponse:
        form_errors_to_messages(request, form)
        return redirect(self.cancel_url)

    def record(self, request: MemberRequest[User]) -> Any:
        return selectors.meeting_record(user=request.user, meeting=self.meeting)


class AgendaItemAddView(MeetingSectionFormView):
    anchor = "agenda"
    service = staticmethod(services.agenda_item_add)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AgendaItemForm:
        people = selectors.alliance_people(user=request.user, alliance=self.alliance)
        return AgendaItemForm(data, people=people)

    def success_message(self, result: Any) -> str:
        return f"“{result.title}” is on the agenda."


class AgendaItemRemoveView(MeetingButtonView):
    lookup = staticmethod(selectors.agenda_item_get)
    record = "item"
    service = staticmethod(services.agenda_item_remove)
    anchor = "agenda"

    def success_message(self, found: Any, result: Any) -> str:
        return f"“{found.title}” is off the agenda."


class AgendaItemCategoryDisputeView(GovernanceFormView, CommitteeRunView):
    """A party disputes an agenda item's category with its own reading (sent from the meeting's
    page, never shown alone)."""

    http_method_names = ["post"]
    service = staticmethod(services.agenda_item_category_dispute)
    success = "Your party's reading of the category is recorded and shown to every party."

    def load(self, request: MemberRequest[User], pk: int) -> None:
        item = selectors.agenda_item_get(user=request.user, pk=pk)
        self.alliance = item.meeting.alliance
        self.committee_run(request, item.meeting.committee)
        self.cancel_url = meeting_url(item.meeting_id, "agenda")
        self.about(request, "item", item)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CategoryDisputeForm:
        return CategoryDisputeForm(data)

    def done_url(self, result: Any) -> str:
        return self.cancel_url

    def show(self, request: MemberRequest[User], form: Any) -> HttpResponse:
        form_errors_to_messages(request, form)
        return redirect(self.cancel_url)


class AttendanceView(MeetingSectionFormView):
    """Record who attended; the page then says whether the meeting was quorate."""

    anchor = "attendance"
    service = staticmethod(services.attendance_record)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AttendanceForm:
        return AttendanceForm(data, members=self.record(request).members)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"present": list(form.cleaned_data["present"])}

    def success_level(self, result: Any) -> int:
        return messages.SUCCESS if result.met else messages.WARNING

    def success_message(self, result: Any) -> str:
        if result.met:
            return "Attendance recorded: the meeting is quorate."
        return (
            f"Attendance recorded: no quorum ({', '.join(result.missing)} short). "
            "The meeting cannot decide; defer its decisions."
        )


class DecisionRecordView(MeetingSectionFormView):
    """Put a resolution to the vote, with the recorder's own party's vote."""

    anchor = "decisions"
    service = staticmethod(services.decision_record)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DecisionForm:
        record = self.record(request)
        return DecisionForm(
            data,
            agenda=record.agenda,
            parties=record.parties,
            carve_outs=record.charter.carve_out_topics,
            abstain=record.charter.abstention != Abstention.NOT_ALLOWED,
        )

    def arguments(self, form: Any) -> dict[str, Any]:
        fields = ("title", "text", "carve_out", "agenda_item")
        own = cast(User, self.request.user).membership.organisation_id
        chosen = {name: form.cleaned_data[name] for name in fields}
        return {**chosen, "votes": form.votes(own), **form.signature()}

    def success_level(self, result: Any) -> int:
        return messages.WARNING if result.outcome == "deadlocked" else messages.SUCCESS

    def success_message(self, result: Any) -> str:
        if result.outcome == "deadlocked":
            return f"{result.reference} is deadlocked: it goes to the executives under the charter."
        if result.outcome == "pending":
            return (
                f"{result.reference} is put to the vote: each party casts its own by "
                f"{result.votes_close_at:%-d %b %Y}."
            )
        return f"{result.reference} {result.outcome}."


class DecisionDeferView(MeetingSectionFormView):
    anchor = "decisions"
    level = messages.INFO
    service = staticmethod(services.decision_defer)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DeferForm:
        return DeferForm(data, agenda=self.record(request).agenda)

    def success_message(self, result: Any) -> str:
        return f"{result.reference} deferred."


class MinutesSaveView(MeetingFormView):
    """Draft the minutes, or revise a draft not yet approved."""

    anchor = "minutes"
    lead = "A draft until approved at the committee's next meeting; approved minutes are locked."
    submit = "Save draft"
    success = "Minutes saved as a draft. Circulate them when ready."
    service = staticmethod(services.minutes_save)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> MinutesForm:
        if data is not None:
            return MinutesForm(data)
        meeting = self.meeting
        latest = selectors.meeting_record(user=request.user, meeting=meeting).current_minutes
        body = latest.body if latest else _minutes_template(request, meeting)
        return MinutesForm(initial={"body": body})

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"body": form.cleaned_data["body"]}

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Minutes of {self.meeting.title}"}


def _minutes_template(request: MemberRequest[User], meeting: Meeting) -> str:
    """A starting draft: the agenda items and the decisions already recorded."""
    record = selectors.meeting_record(user=request.user, meeting=meeting)
    present = [str(m.user) for m in record.members if m.pk in record.present]
    lines = [f"Present: {', '.join(present) or '—'}", ""]
    for number, item in enumerate(record.agenda, start=1):
        lines += [f"{number}. {item.title}", ""]
    for decision in record.decisions:
        lines.append(f"{decision.reference} {decision.title}: {decision.get_outcome_display()}")
    return "\n".join(lines).strip()


class MinutesDetailView(GovernanceView):
    """One version of the minutes; older versions stay readable."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        minutes = selectors.minutes_get(user=request.user, pk=pk)
        versions = selectors.meeting_record(user=request.user, meeting=minutes.meeting).minutes
        return page(
            request,
            "governance/minutes_detail.html",
            minutes.meeting.alliance,
            minutes=next(m for m in versions if m.pk == minutes.pk),
            versions=versions,
            meeting=minutes.meeting,
            signatures=signatures_of(user=request.user, subject=minutes),
        )


class MinutesCirculateView(MeetingButtonView):
    lookup = staticmethod(selectors.minutes_get)
    record = "minutes"
    service = staticmethod(services.minutes_circulate)
    success = "Minutes circulated for comment."
    anchor = "minutes"


class MinutesSectionFormView(GovernanceFormView):
    """A form on the minutes in the meeting's page (sent, never shown alone): a refusal lists the
    form's errors at the top of the page, at the minutes."""

    http_method_names = ["post"]

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.minutes = selectors.minutes_get(user=request.user, pk=pk)
        self.alliance = self.minutes.meeting.alliance
        self.allowed_on(request, self.minutes.meeting)
        self.cancel_url = meeting_url(self.minutes.meeting_id, "minutes")
        self.about(request, "minutes", self.minutes)

    def allowed_on(self, request: MemberRequest[User], meeting: Meeting) -> None:
        raise NotImplementedError

    def done_url(self, result: Any) -> str:
        return self.cancel_url

    def show(self, request: MemberRequest[User], form: Any) -> HttpResponse:
        form_errors_to_messages(request, form)
        return redirect(self.cancel_url)


class MinutesCommentView(MinutesSectionFormView):
    success = "Comment added."
    service = staticmethod(services.minutes_comment)

    def allowed_on(self, request: MemberRequest[User], meeting: Meeting) -> None:
        self.allowed(request, meeting.alliance, "write", "Viewers read the minutes only.")

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommentForm:
        return CommentForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"body": form.cleaned_data["body"]}


class MinutesApproveView(MinutesSectionFormView, CommitteeRunView):
    service = staticmethod(services.minutes_approve)

    def allowed_on(self, request: MemberRequest[User], meeting: Meeting) -> None:
        self.committee_run(request, meeting.committee)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> MinutesApproveForm:
        meeting = self.minutes.meeting
        later = selectors.meeting_list(user=request.user, alliance=meeting.alliance).filter(
            committee=meeting.committee_id
        )
        return MinutesApproveForm(data, meetings=list(later))

    def arguments(self, form: Any) -> dict[str, Any]:
        self.at_meeting = form.cleaned_data["at_meeting"]
        return {"at_meeting": self.at_meeting, **form.signature()}

    def success_message(self, result: Any) -> str:
        if not result.is_locked:
            return (
                "Your party's approval is recorded; the minutes lock when every party has "
                "approved them."
            )
        return f"The minutes of {self.minutes.meeting.title} are approved and locked."

    def done_url(self, result: Any) -> str:
        return meeting_url(self.at_meeting.pk, "minutes")


class MinutesCorrectView(GovernanceFormView, CommitteeRunView):
    """Correct approved minutes: a new version; the approved text stays readable."""

    submit = "Draft the correction"
    service = staticmethod(services.minutes_correct)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.minutes = selectors.minutes_get(user=request.user, pk=pk)
        self.committee_run(request, self.minutes.meeting.committee)
        self.alliance = self.minutes.meeting.alliance
        self.cancel_url = meeting_url(self.minutes.meeting_id, "minutes")
        self.about(request, "minutes", self.minutes)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CorrectionForm:
        if data is not None:
            return CorrectionForm(data)
        return CorrectionForm(initial={"body": self.minutes.body})

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"body": form.cleaned_data["body"], "note": form.cleaned_data["note"]}

    def success_message(self, result: Any) -> str:
        return f"Version {result.version} drafted; approve it at the next meeting."

    def done_url(self, result: Any) -> str:
        return self.cancel_url

    def page_context(self) -> dict[str, Any]:
        minutes = self.minutes
        lead = (
            f"Version {minutes.version} stays as approved; the correction becomes version "
            f"{minutes.version + 1}, approved like any minutes."
        )
        title = f"Correct the minutes of {minutes.meeting.title}"
        return {**super().page_context(), "title": title, "lead": lead}


class MeetingPackView(GovernanceView):
    """The meeting pack as a PDF: agenda, last minutes, open actions, decisions since the last
    meeting, phase and gate status, and the operating model."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        try:
            pdf = pack.pack_pdf(user=request.user, meeting=meeting)
        except pack.PackUnavailable:
            messages.error(request, pack.UNAVAILABLE)
            return redirect(meeting_url(meeting.pk))
        return download(pdf, "application/pdf", f"{meeting.alliance.name} {meeting.title} pack.pdf")
