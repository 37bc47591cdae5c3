"""Alliance pages: each view parses input, calls a selector or a service, and renders."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.alliances import selectors, services
from concord.alliances.forms import (
    PAGE_SIZE,
    ActivityFilterForm,
    AllianceCreateForm,
    AllianceFilterForm,
    AllianceForm,
    GateDeclineForm,
    GateForm,
    GateSignForm,
    NoteForm,
    PartyInviteForm,
    PartyRespondForm,
    ProgrammeForm,
    TeamMemberForm,
    action_label,
    alliance_initial,
    programme_initial,
)
from concord.alliances.models import Alliance, Party
from concord.core import clock, sections
from concord.core.exports import csv_cell, csv_download
from concord.core.forms import ConcordForm
from concord.core.pages import (
    ActionView,
    MemberRequest,
    ScopedView,
    ServiceFormView,
    attempt,
    filtered,
    list_page,
    paginate,
)
from concord.core.signatures import signatures_by_subject
from concord.core.tenancy import organisation_of
from concord.orgs.models import User

ACTIVITY_PAGE_SIZE = 50


def detail_url(alliance_id: int, anchor: str = "") -> str:
    """The alliance page, optionally at one of its sections."""
    url = reverse("alliances:alliance-detail", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


class AllianceView(ScopedView):
    """Base for alliance pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def permitted(
        self, request: MemberRequest[User], alliance: Alliance, right: str, message: str
    ) -> selectors.AlliancePermissions:
        """What the user may do on a visible alliance, refusing the page unless `right` holds."""
        can = selectors.alliance_permissions_for(user=request.user, alliance=alliance)
        self.require(getattr(can, right), message)
        return can


def render_workspace(
    request: MemberRequest[User], alliance: Alliance, **forms: ConcordForm
) -> HttpResponse:
    """The alliance page, with any submitted form that failed shown in place with its errors."""
    for form in forms.values():
        # Errors that belong to no visible field (a gate already closed, say) become messages.
        hidden = [error for field in form.hidden_fields() for error in field.errors]
        for error in [*form.non_field_errors(), *hidden]:
            messages.error(request, error)
    workspace = selectors.alliance_workspace(
        user=request.user, alliance=alliance, all_notes=request.GET.get("notes") == "all"
    )
    own = workspace.own_party
    gates = [g for g in [workspace.pending_gate, *workspace.past_gates] if g is not None]
    context: dict[str, Any] = {
        "alliance": alliance,
        "ws": workspace,
        "gate_signatures": signatures_by_subject(user=request.user, subjects=gates),
        "can": workspace.permissions,
        "invited_parties": [p for p in workspace.parties if p.status == Party.Status.INVITED],
        "respond_form": forms.get("respond_form") or PartyRespondForm(),
        "sign_form": forms.get("sign_form") or GateSignForm(),
        "decline_form": forms.get("decline_form") or GateDeclineForm(),
    }
    if own is not None and own.is_accepted:
        # The capabilities' panels (shown to a party that has joined) read now, with the page's
        # own queries, not while the template renders; the gate's only under a pending gate.
        places = ("side", "gate") if workspace.pending_gate else ("side",)
        context["panels"] = sections.gather_alliance_panels(request, alliance, places)
        context["strip"] = sections.summary_facts(context["panels"])
    if own is not None and workspace.permissions and workspace.permissions.manage_team:
        candidates = selectors.team_candidates(user=request.user, party=own)
        context["team_form"] = forms.get("team_form") or TeamMemberForm(candidates=candidates)
    return render(request, "alliances/alliance_detail.html", context)


class AllianceFormView(ServiceFormView, AllianceView):
    """A page of one alliance holding one form that runs one service on the alliance.

    Only people with the alliance permission `right` see it; Cancel and success go back to the
    alliance page at `anchor`.
    """

    right = "edit"
    refusal = ""
    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about(request, "alliance", self.permitted_alliance(request, pk))

    def permitted_alliance(self, request: MemberRequest[User], alliance_pk: int) -> Alliance:
        self.alliance = selectors.alliance_get(user=request.user, pk=alliance_pk)
        self.can = self.permitted(request, self.alliance, self.right, self.refusal)
        return self.alliance

    def done_url(self, result: Any) -> str:
        return detail_url(self.alliance.pk, self.anchor)

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": detail_url(self.alliance.pk, self.anchor)}


class AllianceListView(AllianceView):
    """The portfolio: every alliance the organisation is party to, searchable and sortable."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = AllianceFilterForm(
            request.GET, partners=selectors.alliance_partners(user=request.user)
        )
        filters = form.filters()
        alliances = selectors.alliance_list(user=request.user, filters=filters)
        context = {
            "form": form,
            **paginate(request, alliances, PAGE_SIZE),
            "sort": filters.sort,
            "filtered": filtered(request, form.fields),
            "can_create": selectors.alliance_create_allowed(user=request.user),
        }
        return list_page(
            request,
            "alliances/alliance_list.html",
            context,
            results="alliances/_alliance_results.html",
            target="alliance-results",
        )


class AllianceExportView(AllianceView):
    """The filtered alliance list as CSV, for the portfolio review spreadsheet."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form = AllianceFilterForm(
            request.GET, partners=selectors.alliance_partners(user=request.user)
        )
        alliances = selectors.alliance_list(user=request.user, filters=form.filters())
        stamp = clock.today().isoformat()
        response = csv_download(f"Alliances {stamp}.csv")
        write_alliances_csv(response, alliances, organisation_of(request.user))
        return response


CSV_HEADER = [
    "Name",
    "Partners",
    "Phase",
    "Status",
    "Tier",
    "Type",
    "Programmes",
    "Pending gate",
    "Effective date",
    "Last activity",
]


def write_alliances_csv(out: Any, alliances: Any, organisation: Any) -> None:
    """One row per alliance; partners are the other parties, as the list page shows them."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for alliance in alliances:
        partners = [
            p.organisation.name + ("" if p.is_accepted else " (invited)")
            for p in alliance.parties.all()
            if p.organisation_id != getattr(organisation, "pk", None)
        ]
        row = [
            alliance.name,
            "; ".join(partners),
            alliance.get_phase_display(),
            alliance.get_status_display(),
            alliance.get_tier_display(),
            alliance.get_alliance_type_display(),
            alliance.programme_count,
            "yes" if alliance.has_pending_gate else "no",
            alliance.effective_date.isoformat(),
            timezone.localtime(alliance.last_activity).strftime("%Y-%m-%d %H:%M"),
        ]
        writer.writerow([csv_cell(v) for v in row])


class AllianceCreateView(AllianceView):
    """Start an alliance; the partner is invited from its page next."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        self.require(
            selectors.alliance_create_allowed(user=request.user),
            "Only alliance managers and admins can create alliances.",
        )
        return self.show(request, AllianceCreateForm(initial={"effective_date": clock.today()}))

    def post(self, request: MemberRequest[User]) -> HttpResponse:
        form = AllianceCreateForm(request.POST)
        if form.is_valid():
            alliance = attempt(
                form, services.alliance_create, actor=request.user, **form.alliance_data()
            )
            if alliance is not None:
                messages.success(request, f"{alliance} created. Now invite your partner.")
                return redirect("alliances:party-invite", pk=alliance.pk)
        return self.show(request, form)

    def show(self, request: MemberRequest[User], form: AllianceCreateForm) -> HttpResponse:
        return render(request, "alliances/alliance_create.html", {"form": form})


class AllianceDetailView(AllianceView):
    """The shared workspace both (or all) partners see, each with their own private records."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        return render_workspace(request, selectors.alliance_get(user=request.user, pk=pk))


class AllianceUpdateView(AllianceFormView):
    """Edit the alliance's overview (the phase changes only through gates)."""

    refusal = "Only your organisation's alliance managers can edit this alliance."
    lead = "The overview every party sees. The phase changes only through a gate."
    submit = "Save changes"
    success = "Alliance updated."
    service = staticmethod(services.alliance_update)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AllianceForm:
        return AllianceForm(
            data, initial=None if data is not None else alliance_initial(self.alliance)
        )

    def refused(self) -> None:
        self.alliance.refresh_from_db()  # the service may have set fields before refusing

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Edit {self.alliance}"}


class ProgrammeCreateView(AllianceFormView):
    """Name another programme the alliance works on."""

    refusal = "Only your organisation's alliance managers can add programmes."
    anchor = "programmes"
    title = "Add a programme"
    lead = "An asset the alliance works on, in one indication."
    submit = "Add programme"
    service = staticmethod(services.programme_add)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ProgrammeForm:
        return ProgrammeForm(data)

    def success_message(self, result: Any) -> str:
        return f"Programme {result} added."


class ProgrammeUpdateView(AllianceFormView):
    """Edit a programme, for example when its stage advances."""

    refusal = "Only your organisation's alliance managers can edit programmes."
    anchor = "programmes"
    lead = "Every party sees the programmes of the alliance."
    submit = "Save programme"
    service = staticmethod(services.programme_update)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.programme = selectors.programme_get(user=request.user, pk=pk)
        self.permitted_alliance(request, self.programme.alliance_id)
        self.about(request, "programme", self.programme)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ProgrammeForm:
        return ProgrammeForm(
            data, initial=None if data is not None else programme_initial(self.programme)
        )

    def success_message(self, result: Any) -> str:
        return f"Programme {result} updated."

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Edit {self.programme.asset_name}"}


class PartyInviteView(AllianceFormView):
    """Invite a partner organisation: from the directory, or by its admin's email."""

    refusal = "Only your organisation's alliance managers can invite partners."
    anchor = "parties"
    title = "Invite a partner"
    lead = (
        "Until it accepts, an invited organisation sees only the alliance's overview and "
        "parties. A new alliance stays proposed until every invited organisation has answered; "
        "an alliance may have more than two parties."
    )
    submit = "Send invitation"
    service = staticmethod(services.party_invite)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> PartyInviteForm:
        candidates = selectors.party_invite_candidates(user=request.user, alliance=self.alliance)
        return PartyInviteForm(data, candidates=candidates)

    def arguments(self, form: Any) -> dict[str, Any]:
        data = form.cleaned_data
        return {"organisation": data["organisation"], "email": data["email"] or ""}

    def success_message(self, result: Any) -> str:
        if result.party is not None:
            return (
                f"{result.party.organisation} is invited; they see the overview and can accept it."
            )
        return (
            f"We emailed {result.invitation.email} a link to bring their organisation onto Concord."
        )

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "blocker": self.can.invite_blocker}


class WorkspaceFormView(ServiceFormView, AllianceView):
    """A form on the alliance page (sent, never shown alone): a refusal shows the page again
    with the form and its errors in place."""

    http_method_names = ["post"]
    form_name = ""  # the alliance page's name for the form
    alliance: Alliance

    def show(self, request: MemberRequest[User], form: Any) -> HttpResponse:
        return render_workspace(request, self.alliance, **{self.form_name: form})


class PartyRespondView(WorkspaceFormView):
    """An invited organisation accepts the alliance, or declines it with a reason."""

    form_name = "respond_form"
    service = staticmethod(services.party_respond)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        party = self.about(request, "party", selectors.party_get(user=request.user, pk=pk))
        self.alliance = party.alliance

    def make_form(self, request: MemberRequest[User], data: Any = None) -> PartyRespondForm:
        return PartyRespondForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        self.accept = form.cleaned_data["decision"] == "accept"
        return {"accept": self.accept, "reason": form.cleaned_data["reason"]}

    def succeeded(self, request: MemberRequest[User], result: Any) -> HttpResponse:
        if self.accept:
            messages.success(request, f"Your organisation has joined {self.alliance}.")
            return redirect(detail_url(self.alliance.pk))
        messages.info(request, f"You declined {self.alliance}; it is no longer listed.")
        return redirect("core:home")


class PartyWithdrawView(ActionView, AllianceView):
    """A party that has joined withdraws another organisation's pending invitation."""

    lookup = staticmethod(selectors.party_get)
    record = "party"
    service = staticmethod(services.party_invitation_withdraw)
    level = messages.INFO

    def back_url(self, found: Any) -> str:
        return detail_url(found.alliance_id, "parties")

    def success_message(self, found: Any, result: Any) -> str:
        return f"The invitation of {found.organisation} is withdrawn."


class TeamMemberAddView(WorkspaceFormView):
    """A party names one of its people to its alliance team."""

    form_name = "team_form"
    service = staticmethod(services.team_member_add)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        party = self.about(request, "party", selectors.party_get(user=request.user, pk=pk))
        self.alliance = party.alliance
        can = selectors.alliance_permissions_for(user=request.user, alliance=self.alliance)
        own = party.organisation_id == request.user.membership.organisation_id
        self.require(can.manage_team and own, "Each party names its own team.")

    def make_form(self, request: MemberRequest[User], data: Any = None) -> TeamMemberForm:
        party = self.subject["party"]
        return TeamMemberForm(
            data, candidates=selectors.team_candidates(user=request.user, party=party)
        )

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.member_data())

    def success_message(self, result: Any) -> str:
        return f"{result.user} joined the team."

    def done_url(self, result: Any) -> str:
        return detail_url(self.alliance.pk, "parties")


class TeamMemberRemoveView(ActionView, AllianceView):
    """A party takes one of its people off its team."""

    lookup = staticmethod(selectors.team_member_get)
    record = "member"
    service = staticmethod(services.team_member_remove)

    def back_url(self, found: Any) -> str:
        return detail_url(found.party.alliance_id, "parties")

    def success_message(self, found: Any, result: Any) -> str:
        return f"{found.user} is no longer on the team."


class GateCreateView(AllianceFormView):
    """Propose a phase change for every party to sign off."""

    right = "propose_gate"
    refusal = "Only alliance managers and executive sponsors of a party can propose a gate."
    title = "Propose a phase change"
    submit = "Propose gate"
    service = staticmethod(services.gate_propose)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> GateForm:
        may_sign = request.user.membership.can_sign_gates
        return GateForm(data, current_phase=self.alliance.phase, may_sign=may_sign)

    def success_message(self, result: Any) -> str:
        return f"Gate to {result.get_to_phase_display()} proposed."

    def done_url(self, result: Any) -> str:
        return detail_url(self.alliance.pk, "gate")

    def page_context(self) -> dict[str, Any]:
        lead = (
            f"The alliance is in {self.alliance.get_phase_display()}. It moves only when every "
            "party's alliance manager or executive sponsor signs off: a recommitment."
        )
        return {**super().page_context(), "lead": lead, "blocker": self.can.gate_blocker}


class GateSignView(WorkspaceFormView):
    """Sign off the pending gate for the user's party, with an electronic signature."""

    form_name = "sign_form"
    service = staticmethod(services.gate_sign)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        gate = self.about(request, "gate", selectors.gate_get(user=request.user, pk=pk))
        self.alliance = gate.alliance

    def make_form(self, request: MemberRequest[User], data: Any = None) -> GateSignForm:
        return GateSignForm(data)

    def success_message(self, result: Any) -> str:
        if result.status == result.Status.PASSED:
            return f"Every party signed: the alliance is now in {result.get_to_phase_display()}."
        return "Signed. Waiting for the other parties."

    def done_url(self, result: Any) -> str:
        return detail_url(self.alliance.pk, "gate")


class GateDeclineView(WorkspaceFormView):
    """Decline the pending gate, with a reason, signed as a rejection."""

    form_name = "decline_form"
    level = messages.INFO
    success = "Gate declined; the alliance stays in its phase."
    service = staticmethod(services.gate_decline)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        gate = self.about(request, "gate", selectors.gate_get(user=request.user, pk=pk))
        self.alliance = gate.alliance

    def make_form(self, request: MemberRequest[User], data: Any = None) -> GateDeclineForm:
        return GateDeclineForm(data)

    def done_url(self, result: Any) -> str:
        return detail_url(self.alliance.pk, "past-gates")


class GateWithdrawView(ActionView, AllianceView):
    """The proposing party withdraws its pending gate."""

    lookup = staticmethod(selectors.gate_get)
    record = "gate"
    service = staticmethod(services.gate_withdraw)
    success = "Gate withdrawn."
    level = messages.INFO

    def back_url(self, found: Any) -> str:
        return detail_url(found.alliance_id)


class NoteCreateView(AllianceFormView):
    """Write a note: private to the organisation by default, or shared with every party."""

    right = "write_note"
    refusal = "Viewers can read notes but not write them."
    anchor = "notes"
    title = "Write a note"
    lead = "Notes are private to your organisation unless you share them."
    submit = "Save note"
    service = staticmethod(services.note_create)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> NoteForm:
        return NoteForm(data, organisation=organisation_of(request.user))

    def success_message(self, result: Any) -> str:
        where = "shared with all parties" if result.is_shared else "private to your organisation"
        return f"Note saved, {where}."


class AllianceActivityView(AllianceView):
    """The alliance's full history from the audit trail, newest first."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        actions = selectors.alliance_activity_actions(user=request.user, alliance=alliance)
        form = ActivityFilterForm(request.GET, actions=actions)
        action = form.cleaned_data.get("action", "") if form.is_valid() else ""
        events = selectors.alliance_activity(user=request.user, alliance=alliance, action=action)
        context = {
            "alliance": alliance,
            "form": form,
            **paginate(request, events, ACTIVITY_PAGE_SIZE),
            "action_label": action_label(action) if action else "",
        }
        return render(request, "alliances/alliance_activity.html", context)
