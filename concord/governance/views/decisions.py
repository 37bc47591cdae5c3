"""The decision log, written consent and action items."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.attachments import attachments_for
from concord.core.exports import csv_cell, csv_download
from concord.core.pages import MemberRequest, act, attempt, paginate
from concord.core.signatures import signatures_by_subject, signatures_of
from concord.governance import selectors, services
from concord.governance.forms import (
    ActionFilterForm,
    ActionForm,
    ActionStatusForm,
    DecisionFilterForm,
    VoteForm,
    WrittenConsentForm,
)
from concord.governance.models import (
    Abstention,
    ActionItem,
    Charter,
    Decision,
)
from concord.governance.views.base import (
    PAGE_SIZE,
    GovernanceFormView,
    GovernanceView,
    form_errors_to_messages,
    page,
    record_id,
)
from concord.governance.views.committees import committee_url
from concord.governance.views.records import _joined_alliance
from concord.orgs.models import User


def _decision_log(
    view: GovernanceView, request: MemberRequest[User], pk: int
) -> tuple[Alliance, DecisionFilterForm, QuerySet[Decision]]:
    """The alliance, the log's filter form as the query string fills it, and what it selects."""
    alliance = _joined_alliance(view, request, pk)
    committees = selectors.committee_choices(user=request.user, alliance=alliance)
    form = DecisionFilterForm(request.GET, committees=committees)
    decisions = selectors.decision_log(user=request.user, alliance=alliance, filters=form.filters())
    return alliance, form, decisions


class DecisionLogView(GovernanceView):
    """Every decision of the alliance: searchable, filtered by committee, outcome, method, date."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, form, decisions = _decision_log(self, request, pk)
        return page(
            request,
            "governance/decision_log.html",
            alliance,
            form=form,
            **paginate(request, decisions, PAGE_SIZE),
            filtered=any(request.GET.get(k) for k in form.fields),
            parties=selectors.parties_of(user=request.user, alliance=alliance),
        )


class DecisionExportView(GovernanceView):
    """The filtered decision log as CSV, for the board pack or the auditors."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, _, decisions = _decision_log(self, request, pk)
        stamp = clock.today().isoformat()
        response = csv_download(f"{alliance.name} decisions {stamp}.csv")
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
                "Signatures",
            ]
        )
        rows = list(decisions)
        signed = signatures_by_subject(user=request.user, subjects=rows)
        for d in rows:
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
                "; ".join(signature.manifest for signature in signed.get(d.pk, [])),
            ]
            writer.writerow([csv_cell(v) for v in row])
        return response


class DecisionDetailView(GovernanceView):
    """One decision: its wording, each party's vote, and the escalation a deadlock started."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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
            signatures=signatures_of(user=request.user, subject=decision),
            papers=attachments_for(request.user, decision),
        )


def _abstain_allowed(request: MemberRequest, decision: Decision) -> bool:
    charter = (
        Charter.objects.visible_to(request.user)
        .filter(committee=decision.committee_id, status=Charter.Status.IN_FORCE)
        .first()
    )
    return charter is not None and charter.abstention != Abstention.NOT_ALLOWED


class DecisionVoteView(GovernanceView):
    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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
            **form.signature(),
        )


class WrittenConsentView(GovernanceFormView):
    """Seek a decision by written consent between meetings, where the charter allows it."""

    lead = (
        "Each party casts its one vote through a voting member or an alliance manager. "
        "Under the charter a deadlock goes to the executives."
    )
    submit = "Ask every party"
    service = staticmethod(services.decision_propose)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.committee = selectors.committee_get(user=request.user, pk=pk)
        self.alliance = self.committee.alliance
        can = self.can(request, self.alliance)
        self.require(
            can.runs(self.committee),
            "Only the committee's members and the alliance managers can do this.",
        )
        history = selectors.charter_history(user=request.user, committee=self.committee)
        self.charter = next(c for c in history if c.status == Charter.Status.IN_FORCE)
        self.cancel_url = committee_url(self.committee.pk)
        self.about(request, "committee", self.committee)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> WrittenConsentForm:
        return WrittenConsentForm(data, carve_outs=self.charter.carve_out_topics)

    def success_message(self, result: Any) -> str:
        return f"{result.reference} sent to every party for its vote."

    def done_url(self, result: Any) -> str:
        return reverse("governance:decision-detail", args=[result.pk])

    def page_context(self) -> dict[str, Any]:
        title = f"Written consent of the {self.committee.short_name}"
        return {**super().page_context(), "title": title}


# --- Actions -------------------------------------------------------------------------------------


class ActionListView(GovernanceView):
    """The alliance's action items, overdue ones flagged; add one for either party's people."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        return self.show(request, alliance)

    def show(
        self,
        request: MemberRequest[User],
        alliance: Alliance,
        action_form: ActionForm | None = None,
    ) -> HttpResponse:
        committees = selectors.committee_choices(user=request.user, alliance=alliance)
        form = ActionFilterForm(request.GET, committees=committees)
        actions = selectors.action_list(
            user=request.user, alliance=alliance, filters=form.filters()
        )
        can = self.can(request, alliance)
        people = selectors.alliance_people(user=request.user, alliance=alliance)
        return page(
            request,
            "governance/action_list.html",
            alliance,
            form=form,
            **paginate(request, actions, PAGE_SIZE),
            can=can,
            today=clock.today(),
            action_form=action_form or ActionForm(people=people),
        )


class ActionCreateView(ActionListView):
    """Add an action (POST only; the form lives on the action list and the meeting page)."""

    http_method_names = ["post"]

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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
    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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
