"""The governance page, committees, their members and their charters."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core.pages import MemberRequest, act, attempt
from concord.governance import selectors, services
from concord.governance.forms import (
    CarveOutRulesForm,
    CharterAnswerForm,
    CharterProposalForm,
    CommitteeCreateForm,
    CommitteeUpdateForm,
    MemberForm,
    charter_initial,
)
from concord.governance.models import Charter
from concord.governance.views.base import (
    GovernanceFormView,
    GovernanceView,
    RecordActionView,
    page,
)
from concord.orgs.models import User


def committee_url(committee_id: int, anchor: str = "") -> str:
    url = reverse("governance:committee-detail", args=[committee_id])
    return f"{url}#{anchor}" if anchor else url


class AllianceGovernanceView(GovernanceView):
    """The alliance's governance: committees and their health, meetings, decisions, actions,
    escalations and concerns."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        self.require_joined(request, alliance)
        overview = selectors.governance_overview(user=request.user, alliance=alliance)
        return page(request, "governance/overview.html", alliance, ov=overview, can=overview.can)

    def require_joined(self, request: MemberRequest[User], alliance: Alliance) -> None:
        # An organisation only invited so far sees the overview and parties, nothing more.
        joined = selectors.parties_of(user=request.user, alliance=alliance)
        org_id = request.user.membership.organisation_id
        if not any(p.organisation_id == org_id for p in joined):
            raise Alliance.DoesNotExist


def _people_and_parties(request: MemberRequest[User], alliance: Alliance) -> dict[str, Any]:
    return {
        "people": selectors.alliance_people(user=request.user, alliance=alliance),
        "parties": selectors.parties_of(user=request.user, alliance=alliance),
    }


class CommitteeCreateView(GovernanceFormView):
    """Set up a committee with its charter, prefilled from typical collaboration agreements."""

    template_name = "governance/committee_form.html"
    service = staticmethod(services.committee_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
        self.allowed(request, self.alliance, "manage", "Only alliance managers set up committees.")
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommitteeCreateForm:
        committees = selectors.committee_list(user=request.user, alliance=self.alliance)
        people = _people_and_parties(request, self.alliance)
        if data is not None:
            return CommitteeCreateForm(committees=committees, **people, data=data)
        return CommitteeCreateForm(committees=committees, **people, initial=charter_initial(None))

    def arguments(self, form: Any) -> dict[str, Any]:
        data = form.rules()
        return {
            "kind": data.pop("kind"),
            "name": data.pop("name"),
            "reports_to": data.pop("reports_to"),
            **data,
        }

    def success_message(self, result: Any) -> str:
        return f"{result.name} set up. Now each party seats its members."

    def done_url(self, result: Any) -> str:
        return committee_url(result.pk, "members")

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance}


class CommitteeDetailView(GovernanceView):
    """A committee: members per party, its charter and its history, meetings and decisions."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        committee = selectors.committee_get(user=request.user, pk=pk)
        alliance = committee.alliance
        statuses = selectors.committee_statuses(user=request.user, alliance=alliance)
        status = next(s for s in statuses if s.committee.pk == committee.pk)
        can = self.can(request, alliance)
        context: dict[str, Any] = {
            "committee": committee,
            "status": status,
            "parties": selectors.parties_of(user=request.user, alliance=alliance),
            "charters": selectors.charter_history(user=request.user, committee=committee),
            "meetings": selectors.meeting_list(user=request.user, alliance=alliance).filter(
                committee=committee
            ),
            "decisions": list(
                selectors.decision_log(user=request.user, alliance=alliance).filter(
                    committee=committee
                )[:10]
            ),
            "can": can,
        }
        if can.manage:
            candidates = selectors.seat_candidates(user=request.user, committee=committee)
            context["member_form"] = MemberForm(candidates=candidates)
        return page(request, "governance/committee_detail.html", alliance, **context)


class CommitteeUpdateView(GovernanceFormView):
    """Rename a committee or change whom it reports to."""

    lead = "Its rules change through the charter, which every party approves."
    submit = "Save"
    success = "Committee updated."
    service = staticmethod(services.committee_update)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.committee = selectors.committee_get(user=request.user, pk=pk)
        self.alliance = self.committee.alliance
        self.allowed(request, self.alliance, "manage", "Only alliance managers edit committees.")
        self.cancel_url = committee_url(self.committee.pk)
        self.about(request, "committee", self.committee)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommitteeUpdateForm:
        others = selectors.committee_list(user=request.user, alliance=self.alliance).exclude(
            pk=self.committee.pk
        )
        if data is not None:
            return CommitteeUpdateForm(committees=others, data=data)
        initial = {"name": self.committee.name, "reports_to": self.committee.reports_to}
        return CommitteeUpdateForm(committees=others, initial=initial)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"name": form.cleaned_data["name"], "reports_to": form.cleaned_data["reports_to"]}

    def done_url(self, result: Any) -> str:
        return committee_url(self.committee.pk)

    def refused(self) -> None:
        self.committee.refresh_from_db()

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Edit {self.committee.name}"}


class MemberAddView(GovernanceView):
    """A party seats one of its people on the committee."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        committee = selectors.committee_get(user=request.user, pk=pk)
        self.allowed(request, committee.alliance, "manage", "Only alliance managers seat members.")
        candidates = selectors.seat_candidates(user=request.user, committee=committee)
        form = MemberForm(request.POST, candidates=candidates)
        if form.is_valid():
            member = attempt(
                form,
                services.committee_member_add,
                actor=request.user,
                committee=committee,
                user=form.cleaned_data["user"].user,
                role=form.cleaned_data["role"],
            )
            if member is not None:
                messages.success(request, f"{member.user} now sits on the {committee.name}.")
                return redirect(committee_url(committee.pk, "members"))
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(committee_url(committee.pk, "members"))


class MemberRemoveView(GovernanceView):
    """A party takes one of its people off the committee."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        member = selectors.member_get(user=request.user, pk=pk)
        return act(
            request,
            services.committee_member_remove,
            f"{member.user} no longer sits on the {member.committee.name}.",
            committee_url(member.committee_id, "members"),
            actor=request.user,
            member=member,
        )


class CharterProposeView(GovernanceFormView):
    """Propose a new charter version; it comes into force when every party approves."""

    template_name = "governance/charter_form.html"
    service = staticmethod(services.charter_propose)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.committee = selectors.committee_get(user=request.user, pk=pk)
        self.alliance = self.committee.alliance
        self.allowed(
            request, self.alliance, "manage", "Only alliance managers propose charter changes."
        )
        self.about(request, "committee", self.committee)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CharterProposalForm:
        people = _people_and_parties(request, self.alliance)
        if data is not None:
            return CharterProposalForm(**people, data=data)
        current = selectors.charter_history(user=request.user, committee=self.committee)
        in_force = next((c for c in current if c.status == Charter.Status.IN_FORCE), None)
        return CharterProposalForm(**people, initial=charter_initial(in_force))

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"rationale": form.cleaned_data["rationale"], **form.rules()}

    def success_message(self, result: Any) -> str:
        if result.status == Charter.Status.IN_FORCE:
            return f"Version {result.version} is in force."
        return f"Version {result.version} proposed; it comes into force when every party approves."

    def done_url(self, result: Any) -> str:
        return reverse("governance:charter-detail", args=[result.pk])

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "committee": self.committee}


class CharterCarveOutsView(CharterProposeView):
    """Propose a charter version that adds or removes carve-out rules (matter categories, a
    budget threshold), all else as in force; every party approves it, as any charter change."""

    template_name = "governance/carve_outs_form.html"

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CarveOutRulesForm:  # type: ignore[override]
        if data is not None:
            return CarveOutRulesForm(data)
        history = selectors.charter_history(user=request.user, committee=self.committee)
        in_force = next((c for c in history if c.status == Charter.Status.IN_FORCE), None)
        return CarveOutRulesForm(initial=charter_initial(in_force))

    def arguments(self, form: Any) -> dict[str, Any]:
        return form.rules()


class CharterDetailView(GovernanceView):
    """One charter version, beside the one in force, with each party's answer."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        charter = selectors.charter_get(user=request.user, pk=pk)
        committee = charter.committee
        history = selectors.charter_history(user=request.user, committee=committee)
        shown = next(c for c in history if c.pk == charter.pk)
        in_force = next((c for c in history if c.status == Charter.Status.IN_FORCE), None)
        can = self.can(request, committee.alliance)
        answered = {a.party_id for a in shown.approvals.all()}
        return page(
            request,
            "governance/charter_detail.html",
            committee.alliance,
            committee=committee,
            charter=shown,
            in_force=in_force,
            history=history,
            can=can,
            may_answer=can.manage
            and shown.status == Charter.Status.PROPOSED
            and can.party is not None
            and can.party.pk not in answered,
            answer_form=CharterAnswerForm(),
            parties=selectors.parties_of(user=request.user, alliance=committee.alliance),
            proposal_pending=any(c.status == Charter.Status.PROPOSED for c in history),
        )


class CharterRecord:
    """The charter a button on its page acts on."""

    lookup = staticmethod(selectors.charter_get)
    record = "charter"
    back_to = "governance:charter-detail"


class CharterApproveView(CharterRecord, RecordActionView):
    service = staticmethod(services.charter_approve)
    success = "Approved for your party."


class CharterRejectView(CharterRecord, RecordActionView):
    service = staticmethod(services.charter_reject)
    form_class, field = CharterAnswerForm, "reason"
    success = "Rejected; the charter in force stays."


class CharterWithdrawView(CharterRecord, RecordActionView):
    service = staticmethod(services.charter_withdraw)
    success = "Proposal withdrawn."
