"""The decision log, written consent, action items, concerns and escalations."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.exports import csv_cell
from concord.core.pages import attempt
from concord.governance import rules, selectors, services
from concord.governance.forms import (
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    AgendaMeetingForm,
    ConcernForm,
    DecisionFilterForm,
    EscalationForm,
    NoteForm,
    ResolutionForm,
    VoteForm,
    WrittenConsentForm,
)
from concord.governance.models import (
    Abstention,
    ActionItem,
    Charter,
    Committee,
    Decision,
    Escalation,
    Meeting,
)
from concord.governance.views.base import (
    GovernanceView,
    MemberRequest,
    RecordActionView,
    act,
    form_errors_to_messages,
    form_page,
    page,
    paginate,
    record_id,
)
from concord.governance.views.committees import committee_url


def _joined_alliance(view: GovernanceView, request: MemberRequest, pk: int) -> Alliance:
    """An alliance the user's organisation has joined; an invited one reads no governance."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    if not any(
        p.organisation_id == request.user.membership.organisation_id
        for p in selectors.parties_of(user=request.user, alliance=alliance)
    ):
        raise Alliance.DoesNotExist
    return alliance


# --- Decisions -----------------------------------------------------------------------------------


class DecisionLogView(GovernanceView):
    """Every decision of the alliance: searchable, filtered by committee, outcome, method, date."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        committees = selectors.committee_choices(user=request.user, alliance=alliance)
        form = DecisionFilterForm(request.GET, committees=committees)
        decisions = selectors.decision_log(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        page_obj, query = paginate(request, decisions)
        return page(
            request,
            "governance/decision_log.html",
            alliance,
            form=form,
            page_obj=page_obj,
            querystring_without_page=query,
            filtered=any(request.GET.get(k) for k in form.fields),
            parties=selectors.parties_of(user=request.user, alliance=alliance),
        )


class DecisionExportView(GovernanceView):
    """The filtered decision log as CSV, for the board pack or the auditors."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        committees = selectors.committee_choices(user=request.user, alliance=alliance)
        form = DecisionFilterForm(request.GET, committees=committees)
        decisions = selectors.decision_log(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = clock.today().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="decisions-{alliance.pk}-{stamp}.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            [
                "Reference",
                "Date",
                "Committee",
                "Decision",
                "Outcome",
                "Method",
                "Votes",
                "Carve-out",
                "Resolution",
            ]
        )
        for d in decisions:
            votes = "; ".join(
                f"{v.party.organisation.name}: {v.get_vote_display()}" for v in d.votes.all()
            )
            when = d.decided_at or d.created_at
            row = [
                d.reference,
                when.date().isoformat(),
                d.committee.name,
                d.title,
                d.get_outcome_display(),
                d.get_method_display(),
                votes,
                d.carve_out,
                d.text,
            ]
            writer.writerow([csv_cell(v) for v in row])
        return response


class DecisionDetailView(GovernanceView):
    """One decision: its wording, each party's vote, and the escalation a deadlock started."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        decision = selectors.decision_get(user=request.user, pk=pk)
        can = self.can(request, decision.alliance)
        voted = {v.party_id for v in decision.votes.all()}
        may_vote = (
            decision.outcome == Decision.Outcome.PENDING
            and can.party is not None
            and (can.manage or decision.committee_id in can.seats)
        )
        has_voted = can.party is not None and can.party.pk in voted
        return page(
            request,
            "governance/decision_detail.html",
            decision.alliance,
            decision=decision,
            may_vote=may_vote,
            has_voted=has_voted,
            vote_form=VoteForm(
                initial={"change": has_voted}, abstain=_abstain_allowed(request, decision)
            ),
            parties=selectors.parties_of(user=request.user, alliance=decision.alliance),
        )


def _abstain_allowed(request: MemberRequest, decision: Decision) -> bool:
    charter = (
        Charter.objects.visible_to(request.user)
        .filter(committee=decision.committee_id, status=Charter.Status.IN_FORCE)
        .first()
    )
    return charter is not None and charter.abstention != Abstention.NOT_ALLOWED


class DecisionVoteView(GovernanceView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        decision = selectors.decision_get(user=request.user, pk=pk)
        form = VoteForm(request.POST)
        to = reverse("governance:decision-detail", args=[pk])
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(to)
        return act(
            request,
            services.decision_vote,
            "Your party's vote is recorded.",
            to,
            actor=request.user,
            decision=decision,
            vote=form.cleaned_data["vote"],
            change=form.cleaned_data["change"],
        )


class WrittenConsentView(GovernanceView):
    """Seek a decision by written consent between meetings, where the charter allows it."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        committee, charter = self.committee(request, pk)
        return self.show(
            request, committee, WrittenConsentForm(carve_outs=charter.carve_out_topics)
        )

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        committee, charter = self.committee(request, pk)
        form = WrittenConsentForm(request.POST, carve_outs=charter.carve_out_topics)
        if form.is_valid():
            decision = attempt(
                form,
                services.decision_propose,
                actor=request.user,
                committee=committee,
                **form.cleaned_data,
            )
            if decision is not None:
                messages.success(request, f"{decision.reference} sent to every party for its vote.")
                return redirect("governance:decision-detail", pk=decision.pk)
        return self.show(request, committee, form)

    def committee(self, request: MemberRequest, pk: int) -> tuple[Committee, Charter]:
        committee = selectors.committee_get(user=request.user, pk=pk)
        can = self.can(request, committee.alliance)
        self.require(
            can.runs(committee),
            "Only the committee's members and the alliance managers can do this.",
        )
        history = selectors.charter_history(user=request.user, committee=committee)
        return committee, next(c for c in history if c.status == Charter.Status.IN_FORCE)

    def show(
        self, request: MemberRequest, committee: Committee, form: WrittenConsentForm
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=committee.alliance,
            title=f"Written consent of the {committee.short_name}",
            lead="Each party casts its one vote through a voting member or an alliance manager. "
            "Under the charter a deadlock goes to the executives.",
            submit="Ask every party",
            cancel_url=committee_url(committee.pk),
        )


# --- Actions -------------------------------------------------------------------------------------


class ActionListView(GovernanceView):
    """The alliance's action items, overdue ones flagged; add one for either party's people."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        return self.show(request, alliance)

    def show(
        self, request: MemberRequest, alliance: Alliance, action_form: ActionForm | None = None
    ) -> HttpResponse:
        committees = selectors.committee_choices(user=request.user, alliance=alliance)
        form = ActionFilterForm(request.GET, committees=committees)
        actions = selectors.action_list(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        page_obj, query = paginate(request, actions)
        can = self.can(request, alliance)
        people = selectors.alliance_people(user=request.user, alliance=alliance)
        return page(
            request,
            "governance/action_list.html",
            alliance,
            form=form,
            page_obj=page_obj,
            querystring_without_page=query,
            can=can,
            today=clock.today(),
            action_form=action_form or ActionForm(people=people),
        )


class ActionCreateView(ActionListView):
    """Add an action (POST only; the form lives on the action list and the meeting page)."""

    http_method_names = ["post"]

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        self.allowed(request, alliance, "write", "Viewers read actions only.")
        people = selectors.alliance_people(user=request.user, alliance=alliance)
        form = ActionForm(request.POST, people=people)
        meeting_pk = record_id(request.POST.get("meeting"))
        meeting = selectors.meeting_get(user=request.user, pk=meeting_pk) if meeting_pk else None
        if form.is_valid():
            action = attempt(
                form,
                services.action_create,
                actor=request.user,
                alliance=alliance,
                meeting=meeting,
                **form.cleaned_data,
            )
            if action is not None:
                messages.success(
                    request, f"Action given to {action.owner}, due {action.due_on:%-d %b %Y}."
                )
                if meeting is not None:
                    return redirect(
                        reverse("governance:meeting-detail", args=[meeting.pk]) + "#actions"
                    )
                return redirect("governance:action-list", pk=alliance.pk)
        if meeting is not None:
            form_errors_to_messages(request, form)
            return redirect(reverse("governance:meeting-detail", args=[meeting.pk]) + "#actions")
        return self.show(request, alliance, form)


class ActionStatusView(GovernanceView):
    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        action = selectors.action_get(user=request.user, pk=pk)
        form = ActionStatusForm(request.POST)
        to = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            to = reverse("governance:action-list", args=[action.alliance_id])
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(to)
        status = form.cleaned_data["status"]
        return act(
            request,
            services.action_update,
            f"“{action.title}” is {ActionItem.Status(status).label.lower()}.",
            to,
            actor=request.user,
            action=action,
            status=status,
        )


# --- Concerns ------------------------------------------------------------------------------------


class ConcernListView(GovernanceView):
    """Concerns: shared ones, and the user's own organisation's private ones."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        status = request.GET.get("status", "open")
        concerns = selectors.concern_list(user=request.user, alliance=alliance, status=status)
        page_obj, query = paginate(request, concerns)
        return page(
            request,
            "governance/concern_list.html",
            alliance,
            page_obj=page_obj,
            status=status,
            querystring_without_page=query,
            can=self.can(request, alliance),
        )


class ConcernCreateView(GovernanceView):
    """Raise a concern early: private to think it through, or shared to discuss together."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        return self.show(request, alliance, ConcernForm())

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        form = ConcernForm(request.POST)
        if form.is_valid():
            concern = attempt(
                form,
                services.concern_raise,
                actor=request.user,
                alliance=alliance,
                **form.cleaned_data,
            )
            if concern is not None:
                messages.success(request, "Concern raised.")
                return redirect("governance:concern-detail", pk=concern.pk)
        return self.show(request, alliance, form)

    def alliance(self, request: MemberRequest, pk: int) -> Alliance:
        alliance = _joined_alliance(self, request, pk)
        self.allowed(
            request, alliance, "raise_concerns", "Only people on the alliance team raise concerns."
        )
        return alliance

    def show(self, request: MemberRequest, alliance: Alliance, form: ConcernForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Raise a concern",
            lead="Discuss concerns early, before they become problems. A shared concern can go on a "
            "committee's agenda or up the escalation ladder.",
            submit="Raise concern",
            cancel_url=reverse("governance:concern-list", args=[alliance.pk]),
        )


class ConcernDetailView(GovernanceView):
    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        concern = selectors.concern_get(user=request.user, pk=pk)
        alliance = concern.alliance
        can = self.can(request, alliance)
        own = (
            concern.is_shared or concern.organisation_id == request.user.membership.organisation_id
        )
        coming = _coming(request, alliance)
        return page(
            request,
            "governance/concern_detail.html",
            alliance,
            concern=concern,
            can=can,
            may_act=can.raise_concerns and own and concern.is_open,
            agenda_form=AgendaMeetingForm(meetings=coming),
            resolve_form=ResolutionForm(),
            escalations=list(
                selectors.escalation_list(user=request.user, alliance=alliance, status="").filter(
                    concern=concern
                )
            ),
        )


def _coming(request: MemberRequest, alliance: Alliance) -> QuerySet[Meeting]:
    """The alliance's meetings still to come, soonest first: where a matter can be put."""
    return (
        selectors.meeting_list(user=request.user, alliance=alliance)
        .filter(status="scheduled", starts_at__gte=clock.now())
        .order_by("starts_at")
    )


class ConcernShareView(RecordActionView):
    lookup = staticmethod(selectors.concern_get)
    record = "concern"
    service = staticmethod(services.concern_share)
    success = "Shared with every party."
    back_to = "governance:concern-detail"


class AgendaActionView(GovernanceView):
    """Put a record (a shared concern, an open escalation) on a coming meeting's agenda."""

    lookup: Callable[..., Any]
    record: str
    service: Callable[..., Any]
    back_to: str

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        found = type(self).lookup(user=request.user, pk=pk)
        coming = selectors.meeting_list(user=request.user, alliance=found.alliance)
        form = AgendaMeetingForm(request.POST, meetings=coming)
        to = reverse(self.back_to, args=[pk])
        if not form.is_valid():
            form_errors_to_messages(request, form)
            return redirect(to)
        return act(
            request,
            type(self).service,
            f"On the agenda of {form.cleaned_data['meeting'].title}.",
            to,
            actor=request.user,
            **{self.record: found},
            meeting=form.cleaned_data["meeting"],
        )


class ConcernAgendaView(AgendaActionView):
    lookup = staticmethod(selectors.concern_get)
    record = "concern"
    service = staticmethod(services.concern_to_agenda)
    back_to = "governance:concern-detail"


class EscalationAgendaView(AgendaActionView):
    lookup = staticmethod(selectors.escalation_get)
    record = "escalation"
    service = staticmethod(services.escalation_to_agenda)
    back_to = "governance:escalation-detail"


class ConcernResolveView(RecordActionView):
    lookup = staticmethod(selectors.concern_get)
    record = "concern"
    service = staticmethod(services.concern_resolve)
    form_class, field = ResolutionForm, "resolution"
    success = "Concern resolved."
    back_to = "governance:concern-detail"


# --- Escalations ---------------------------------------------------------------------------------


class EscalationListView(GovernanceView):
    """The alliance's escalations; end-runs flagged for every party's alliance managers."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        status = request.GET.get("status", "open")
        end_runs = request.GET.get("end_runs") == "1"
        escalations = selectors.escalation_list(
            user=request.user, alliance=alliance, status=status, end_runs=end_runs
        )
        page_obj, query = paginate(request, escalations)
        return page(
            request,
            "governance/escalation_list.html",
            alliance,
            page_obj=page_obj,
            status=status,
            end_runs=end_runs,
            querystring_without_page=query,
            can=self.can(request, alliance),
        )


class EscalationCreateView(GovernanceView):
    """Escalate a matter along the alliance's ladder (or record that it went around it)."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        concern = self.concern(request)
        initial = {"title": concern.title, "description": concern.body} if concern else {}
        return self.show(request, alliance, self.form(request, alliance, initial=initial), concern)

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        concern = self.concern(request)
        form = self.form(request, alliance, data=request.POST)
        if form.is_valid():
            escalation = attempt(
                form,
                services.escalation_raise,
                actor=request.user,
                alliance=alliance,
                concern=concern,
                **form.cleaned_data,
            )
            if escalation is not None:
                if escalation.is_end_run:
                    messages.warning(
                        request, "Recorded as an end-run: every party's alliance managers see it."
                    )
                else:
                    messages.success(
                        request, f"Escalated to {escalation.get_level_display().lower()}."
                    )
                return redirect("governance:escalation-detail", pk=escalation.pk)
        return self.show(request, alliance, form, concern)

    def alliance(self, request: MemberRequest, pk: int) -> Alliance:
        alliance = _joined_alliance(self, request, pk)
        self.allowed(
            request, alliance, "raise_concerns", "Only people on the alliance team escalate."
        )
        return alliance

    def concern(self, request: MemberRequest) -> Any:
        pk = record_id(request.GET.get("concern") or request.POST.get("concern"))
        return selectors.concern_get(user=request.user, pk=pk) if pk else None

    def form(self, request: MemberRequest, alliance: Alliance, **kwargs: Any) -> EscalationForm:
        statuses = selectors.committee_statuses(user=request.user, alliance=alliance)
        topics = sorted({t for s in statuses if s.charter for t in s.charter.carve_out_topics})
        committees = selectors.committee_list(user=request.user, alliance=alliance)
        return EscalationForm(committees=committees, carve_outs=topics, **kwargs)

    def show(
        self, request: MemberRequest, alliance: Alliance, form: EscalationForm, concern: Any
    ) -> HttpResponse:
        return page(
            request, "governance/escalation_form.html", alliance, form=form, concern=concern
        )


class EscalationDetailView(GovernanceView):
    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        escalation = selectors.escalation_get(user=request.user, pk=pk)
        alliance = escalation.alliance
        can = self.can(request, alliance)
        history = selectors.charter_history(user=request.user, committee=escalation.committee)
        charter = next((c for c in history if c.status == Charter.Status.IN_FORCE), None)
        final_say = charter is not None and charter.final_say_party_id is not None
        upper = rules.next_level(
            escalation.level, carve_out=bool(escalation.carve_out), final_say=final_say
        )
        return page(
            request,
            "governance/escalation_detail.html",
            alliance,
            escalation=escalation,
            can=can,
            charter=charter,
            note_form=NoteForm(),
            resolve_form=ResolutionForm(),
            ladder=_ladder(escalation, charter),
            reached={s.level for s in escalation.steps.all()},
            agenda_form=AgendaMeetingForm(meetings=_coming(request, alliance)),
            next_level=upper,
            next_level_label=Escalation.Level(upper).label if upper else "",
            may_resolve=(
                can.resolve
                or (
                    escalation.level == "executives"
                    and charter is not None
                    and request.user in charter.executives.all()
                )
            )
            and escalation.is_open
            and (
                escalation.level != "final_say"
                or (charter and can.party and charter.final_say_party_id == can.party.pk)
            ),
        )


def _ladder(escalation: Escalation, charter: Charter | None) -> list[tuple[str, str, int | None]]:
    """The rungs this escalation climbs, with each one's time limit under the charter."""
    Level = Escalation.Level
    rungs: list[tuple[str, str, int | None]] = []
    if escalation.level == Level.OUTSIDE or any(
        s.level == Level.OUTSIDE for s in escalation.steps.all()
    ):
        rungs.append((Level.OUTSIDE, Level.OUTSIDE.label, None))
    for level in Escalation.LADDER:
        rungs.append((level, Level(level).label, charter.days_for(level) if charter else None))
    final = (
        charter is not None and charter.final_say_party_id is not None and not escalation.carve_out
    )
    if final and charter is not None and charter.final_say_party is not None:
        rungs.append(
            (Level.FINAL_SAY, f"Final say: {charter.final_say_party.organisation.name}", None)
        )
    else:
        rungs.append((Level.DISPUTE, Level.DISPUTE.label, None))
    return rungs


class EscalationAdvanceView(RecordActionView):
    lookup = staticmethod(selectors.escalation_get)
    record = "escalation"
    service = staticmethod(services.escalation_advance)
    form_class, field = NoteForm, "note"
    success = "Moved up the ladder."
    back_to = "governance:escalation-detail"


class EscalationMoveOnView(RecordActionView):
    """A party's executive agrees to end the executives' period early (every party must)."""

    lookup = staticmethod(selectors.escalation_get)
    record = "escalation"
    service = staticmethod(services.escalation_executive_move_on)
    success = "Your party's agreement to move on is recorded."
    back_to = "governance:escalation-detail"


class EscalationResolveView(RecordActionView):
    lookup = staticmethod(selectors.escalation_get)
    record = "escalation"
    service = staticmethod(services.escalation_resolve)
    form_class, field = ResolutionForm, "resolution"
    success = "Resolution recorded."
    back_to = "governance:escalation-detail"


class EscalationWithdrawView(RecordActionView):
    lookup = staticmethod(selectors.escalation_get)
    record = "escalation"
    service = staticmethod(services.escalation_withdraw)
    form_class, field = NoteForm, "note"
    success = "Escalation withdrawn."
    back_to = "governance:escalation-detail"
