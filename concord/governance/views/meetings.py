"""Meetings: scheduling, agenda, attendance and quorum, decisions, minutes, the meeting pack."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify

from concord.core import clock
from concord.core.pages import attempt
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
from concord.governance.models import Abstention, Committee, Meeting, Minutes
from concord.governance.selectors import MeetingRecord
from concord.governance.views.base import (
    GovernanceView,
    MemberRequest,
    act,
    form_errors_to_messages,
    form_page,
    page,
)
from concord.governance.views.committees import committee_url


def meeting_url(meeting_id: int, anchor: str = "") -> str:
    url = reverse("governance:meeting-detail", args=[meeting_id])
    return f"{url}#{anchor}" if anchor else url


class CommitteeRunView(GovernanceView):
    """Pages that run a committee's business: its members and the alliance managers."""

    def committee_run(self, request: MemberRequest, committee: Committee) -> None:
        can = self.can(request, committee.alliance)
        self.require(
            can.runs(committee),
            "Only the committee's members and the alliance managers can do this.",
        )

    def meeting(self, request: MemberRequest, pk: int) -> Meeting:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        self.committee_run(request, meeting.committee)
        return meeting


class MeetingCreateView(CommitteeRunView):
    """Schedule a committee meeting in its own time zone."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        committee = self.committee(request, pk)
        return self.show(request, committee, MeetingForm())

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        committee = self.committee(request, pk)
        form = MeetingForm(request.POST)
        if form.is_valid():
            meeting = attempt(
                form,
                services.meeting_schedule,
                actor=request.user,
                committee=committee,
                **form.meeting_data(),
            )
            if meeting is not None:
                messages.success(
                    request, f"{meeting.title} scheduled; its members are told by email."
                )
                return redirect(meeting_url(meeting.pk))
        return self.show(request, committee, form)

    def committee(self, request: MemberRequest, pk: int) -> Committee:
        committee = selectors.committee_get(user=request.user, pk=pk)
        self.committee_run(request, committee)
        return committee

    def show(self, request: MemberRequest, committee: Committee, form: MeetingForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=committee.alliance,
            title=f"Schedule a {committee.short_name} meeting",
            lead="The time is kept in the meeting's own time zone; everyone's calendar shows it in theirs.",
            submit="Schedule meeting",
            cancel_url=committee_url(committee.pk),
        )


class MeetingUpdateView(CommitteeRunView):
    """Move a meeting or change where it happens."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        return self.show(request, meeting, MeetingForm(initial=meeting_initial(meeting)))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        form = MeetingForm(request.POST)
        if form.is_valid():
            data = form.meeting_data()
            data["title"] = data["title"] or meeting.title
            saved = attempt(
                form, services.meeting_update, actor=request.user, meeting=meeting, **data
            )
            if saved is not None:
                messages.success(request, "Meeting updated.")
                return redirect(meeting_url(meeting.pk))
            meeting.refresh_from_db()
        return self.show(request, meeting, form)

    def show(self, request: MemberRequest, meeting: Meeting, form: MeetingForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=meeting.alliance,
            title=f"Change {meeting.title}",
            submit="Save",
            cancel_url=meeting_url(meeting.pk),
        )


class MeetingCancelView(CommitteeRunView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        return act(
            request,
            services.meeting_cancel,
            "Meeting cancelled.",
            meeting_url(pk),
            actor=request.user,
            meeting=meeting,
        )


def meeting_forms(request: MemberRequest, record: MeetingRecord) -> dict[str, Any]:
    """The forms a meeting page offers, prefilled from the record."""
    meeting = record.meeting
    people = selectors.alliance_people(user=request.user, alliance=meeting.alliance)
    approvable = []
    if record.quorum and record.quorum.met and record.previous_minutes:
        approvable = [meeting]
    return {
        "agenda_form": AgendaItemForm(people=people),
        "dispute_form": CategoryDisputeForm(),
        "attendance_form": AttendanceForm(
            members=record.members, initial={"present": list(record.present)}
        ),
        "decision_form": DecisionForm(
            agenda=record.agenda,
            parties=record.parties,
            carve_outs=record.charter.carve_out_topics,
            abstain=record.charter.abstention != Abstention.NOT_ALLOWED,
        ),
        "defer_form": DeferForm(agenda=record.agenda),
        "action_form": ActionForm(people=people),
        "approve_form": MinutesApproveForm(meetings=approvable, initial={"at_meeting": meeting.pk}),
        "comment_form": CommentForm(),
    }


class MeetingDetailView(GovernanceView):
    """The meeting: agenda, attendance and quorum, decisions and votes, minutes, actions."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
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
        }
        if context["runs"]:
            context |= meeting_forms(request, record)
        return page(request, "governance/meeting_detail.html", meeting.alliance, **context)


class AgendaItemAddView(CommitteeRunView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        people = selectors.alliance_people(user=request.user, alliance=meeting.alliance)
        form = AgendaItemForm(request.POST, people=people)
        if form.is_valid():
            item = attempt(
                form,
                services.agenda_item_add,
                actor=request.user,
                meeting=meeting,
                **form.cleaned_data,
            )
            if item is not None:
                messages.success(request, f"“{item.title}” is on the agenda.")
        form_errors_to_messages(request, form)
        return redirect(meeting_url(pk, "agenda"))


class AgendaItemRemoveView(CommitteeRunView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        item = selectors.agenda_item_get(user=request.user, pk=pk)
        self.committee_run(request, item.meeting.committee)
        return act(
            request,
            services.agenda_item_remove,
            f"“{item.title}” is off the agenda.",
            meeting_url(item.meeting_id, "agenda"),
            actor=request.user,
            item=item,
        )


class AgendaItemCategoryDisputeView(CommitteeRunView):
    """A party disputes an agenda item's category with its own reading."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        item = selectors.agenda_item_get(user=request.user, pk=pk)
        form = CategoryDisputeForm(request.POST)
        back = meeting_url(item.meeting_id, "agenda")
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(back)
        return act(
            request,
            services.agenda_item_category_dispute,
            "Your party's reading of the category is recorded and shown to every party.",
            back,
            actor=request.user,
            item=item,
            **form.cleaned_data,
        )


class AttendanceView(CommitteeRunView):
    """Record who attended; the page then says whether the meeting was quorate."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        record = selectors.meeting_record(user=request.user, meeting=meeting)
        form = AttendanceForm(request.POST, members=record.members)
        if form.is_valid():
            quorum = attempt(
                form,
                services.attendance_record,
                actor=request.user,
                meeting=meeting,
                present=list(form.cleaned_data["present"]),
            )
            if quorum is not None and quorum.met:
                messages.success(request, "Attendance recorded: the meeting is quorate.")
            elif quorum is not None:
                messages.warning(
                    request,
                    f"Attendance recorded: no quorum ({', '.join(quorum.missing)} short). "
                    "The meeting cannot decide; defer its decisions.",
                )
        form_errors_to_messages(request, form)
        return redirect(meeting_url(pk, "attendance"))


class DecisionRecordView(CommitteeRunView):
    """Put a resolution to the vote, with the recorder's own party's vote."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        record = selectors.meeting_record(user=request.user, meeting=meeting)
        form = DecisionForm(
            request.POST,
            agenda=record.agenda,
            parties=record.parties,
            carve_outs=record.charter.carve_out_topics,
        )
        if form.is_valid():
            decision = attempt(
                form,
                services.decision_record,
                actor=request.user,
                meeting=meeting,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                carve_out=form.cleaned_data["carve_out"],
                agenda_item=form.cleaned_data["agenda_item"],
                votes=form.votes(request.user.membership.organisation_id),
            )
            if decision is not None and decision.outcome == "deadlocked":
                messages.warning(
                    request,
                    f"{decision.reference} is deadlocked: it goes to the executives under the charter.",
                )
            elif decision is not None and decision.outcome == "pending":
                messages.success(
                    request,
                    f"{decision.reference} is put to the vote: each party casts its own by "
                    f"{decision.votes_close_at:%-d %b %Y}.",
                )
            elif decision is not None:
                messages.success(request, f"{decision.reference} {decision.outcome}.")
        form_errors_to_messages(request, form)
        return redirect(meeting_url(pk, "decisions"))


class DecisionDeferView(CommitteeRunView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        record = selectors.meeting_record(user=request.user, meeting=meeting)
        form = DeferForm(request.POST, agenda=record.agenda)
        if form.is_valid():
            decision = attempt(
                form,
                services.decision_defer,
                actor=request.user,
                meeting=meeting,
                **form.cleaned_data,
            )
            if decision is not None:
                messages.info(request, f"{decision.reference} deferred.")
        form_errors_to_messages(request, form)
        return redirect(meeting_url(pk, "decisions"))


class MinutesSaveView(CommitteeRunView):
    """Draft the minutes, or revise a draft not yet approved."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        latest = selectors.meeting_record(user=request.user, meeting=meeting).current_minutes
        initial = {"body": latest.body if latest else _minutes_template(request, meeting)}
        return self.show(request, meeting, MinutesForm(initial=initial))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = self.meeting(request, pk)
        form = MinutesForm(request.POST)
        if form.is_valid():
            minutes = attempt(
                form,
                services.minutes_save,
                actor=request.user,
                meeting=meeting,
                body=form.cleaned_data["body"],
            )
            if minutes is not None:
                messages.success(request, "Minutes saved as a draft. Circulate them when ready.")
                return redirect(meeting_url(pk, "minutes"))
        return self.show(request, meeting, form)

    def show(self, request: MemberRequest, meeting: Meeting, form: MinutesForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=meeting.alliance,
            title=f"Minutes of {meeting.title}",
            lead="A draft until approved at the committee's next meeting; approved minutes are locked.",
            submit="Save draft",
            cancel_url=meeting_url(meeting.pk, "minutes"),
        )


def _minutes_template(request: MemberRequest, meeting: Meeting) -> str:
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

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        minutes = selectors.minutes_get(user=request.user, pk=pk)
        versions = selectors.meeting_record(user=request.user, meeting=minutes.meeting).minutes
        return page(
            request,
            "governance/minutes_detail.html",
            minutes.meeting.alliance,
            minutes=next(m for m in versions if m.pk == minutes.pk),
            versions=versions,
            meeting=minutes.meeting,
        )


class MinutesCirculateView(CommitteeRunView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        minutes = selectors.minutes_get(user=request.user, pk=pk)
        self.committee_run(request, minutes.meeting.committee)
        return act(
            request,
            services.minutes_circulate,
            "Minutes circulated for comment.",
            meeting_url(minutes.meeting_id, "minutes"),
            actor=request.user,
            minutes=minutes,
        )


class MinutesCommentView(GovernanceView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        minutes = selectors.minutes_get(user=request.user, pk=pk)
        self.allowed(request, minutes.meeting.alliance, "write", "Viewers read the minutes only.")
        form = CommentForm(request.POST)
        if form.is_valid():
            comment = attempt(
                form,
                services.minutes_comment,
                actor=request.user,
                minutes=minutes,
                body=form.cleaned_data["body"],
            )
            if comment is not None:
                messages.success(request, "Comment added.")
        form_errors_to_messages(request, form)
        return redirect(meeting_url(minutes.meeting_id, "minutes"))


class MinutesApproveView(CommitteeRunView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        minutes = selectors.minutes_get(user=request.user, pk=pk)
        self.committee_run(request, minutes.meeting.committee)
        later = selectors.meeting_list(user=request.user, alliance=minutes.meeting.alliance).filter(
            committee=minutes.meeting.committee_id
        )
        form = MinutesApproveForm(request.POST, meetings=list(later))
        if form.is_valid():
            approved = attempt(
                form,
                services.minutes_approve,
                actor=request.user,
                minutes=minutes,
                at_meeting=form.cleaned_data["at_meeting"],
            )
            if approved is not None and approved.is_locked:
                messages.success(
                    request, f"The minutes of {minutes.meeting.title} are approved and locked."
                )
            elif approved is not None:
                messages.success(
                    request,
                    "Your party's approval is recorded; the minutes lock when every party has "
                    "approved them.",
                )
                return redirect(meeting_url(form.cleaned_data["at_meeting"].pk, "minutes"))
        form_errors_to_messages(request, form)
        return redirect(meeting_url(minutes.meeting_id, "minutes"))


class MinutesCorrectView(CommitteeRunView):
    """Correct approved minutes: a new version; the approved text stays readable."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        minutes = self.minutes(request, pk)
        return self.show(request, minutes, CorrectionForm(initial={"body": minutes.body}))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        minutes = self.minutes(request, pk)
        form = CorrectionForm(request.POST)
        if form.is_valid():
            correction = attempt(
                form,
                services.minutes_correct,
                actor=request.user,
                minutes=minutes,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            )
            if correction is not None:
                messages.success(
                    request,
                    f"Version {correction.version} drafted; approve it at the next meeting.",
                )
                return redirect(meeting_url(minutes.meeting_id, "minutes"))
        return self.show(request, minutes, form)

    def minutes(self, request: MemberRequest, pk: int) -> Minutes:
        minutes = selectors.minutes_get(user=request.user, pk=pk)
        self.committee_run(request, minutes.meeting.committee)
        return minutes

    def show(self, request: MemberRequest, minutes: Minutes, form: CorrectionForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=minutes.meeting.alliance,
            title=f"Correct the minutes of {minutes.meeting.title}",
            lead=f"Version {minutes.version} stays as approved; the correction becomes version "
            f"{minutes.version + 1}, approved like any minutes.",
            submit="Draft the correction",
            cancel_url=meeting_url(minutes.meeting_id, "minutes"),
        )


class MeetingPackView(GovernanceView):
    """The meeting pack as a PDF: agenda, last minutes, open actions, decisions since the last
    meeting, phase and gate status, and the operating model."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        meeting = selectors.meeting_get(user=request.user, pk=pk)
        pdf = pack.pack_pdf(user=request.user, meeting=meeting)
        response = HttpResponse(pdf, content_type="application/pdf")
        name = slugify(f"{meeting.title}-pack") or "meeting-pack"
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
