"""Alliance pages: each view parses input, calls a selector or a service, and renders."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from concord.alliances import selectors, services
from concord.alliances.forms import (
    PAGE_SIZE,
    ActivityFilterForm,
    AllianceCreateForm,
    AllianceFilterForm,
    AllianceForm,
    GateDeclineForm,
    GateForm,
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
from concord.core import clock
from concord.core.exports import csv_cell
from concord.core.forms import ConcordForm
from concord.core.pages import ScopedView, attempt
from concord.core.tenancy import organisation_of
from concord.orgs.models import User

ACTIVITY_PAGE_SIZE = 50


class MemberRequest(HttpRequest):
    """A signed-in person's request (AllianceView requires login), with django-htmx's details."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


def detail_url(alliance_id: int, anchor: str = "") -> str:
    """The alliance page, optionally at one of its sections."""
    url = reverse("alliances:alliance-detail", args=[alliance_id])
    return f"{url}#{anchor}" if anchor else url


class AllianceView(ScopedView):
    """Base for alliance pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = "alliances/forbidden.html"

    def permitted(
        self, request: MemberRequest, alliance: Alliance, right: str, message: str
    ) -> selectors.AlliancePermissions:
        """What the user may do on a visible alliance, refusing the page unless `right` holds."""
        can = selectors.alliance_permissions_for(user=request.user, alliance=alliance)
        self.require(getattr(can, right), message)
        return can


def render_workspace(
    request: MemberRequest, alliance: Alliance, **forms: ConcordForm
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
    context: dict[str, Any] = {
        "alliance": alliance,
        "ws": workspace,
        "can": workspace.permissions,
        "invited_parties": [p for p in workspace.parties if p.status == Party.Status.INVITED],
        "respond_form": forms.get("respond_form") or PartyRespondForm(),
        "decline_form": forms.get("decline_form") or GateDeclineForm(),
    }
    if own is not None and workspace.permissions and workspace.permissions.manage_team:
        candidates = selectors.team_candidates(user=request.user, party=own)
        context["team_form"] = forms.get("team_form") or TeamMemberForm(candidates=candidates)
    return render(request, "alliances/alliance_detail.html", context)


def form_page(request: MemberRequest, form: ConcordForm, **context: Any) -> HttpResponse:
    """A page holding one form: title, lead, submit label, where Cancel goes."""
    return render(request, "alliances/form_page.html", {"form": form, **context})


class AllianceListView(AllianceView):
    """The portfolio: every alliance the organisation is party to, searchable and sortable."""

    def get(self, request: MemberRequest) -> HttpResponse:
        form = AllianceFilterForm(
            request.GET, partners=selectors.alliance_partners(user=request.user)
        )
        filters = form.filters()
        alliances = selectors.alliance_list(user=request.user, filters=filters)
        page = Paginator(alliances, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page_obj": page,
            "sort": filters.sort,
            "filtered": any(request.GET.get(k) for k in form.fields if k != "sort"),
            "querystring_without_page": query.urlencode(),
            "can_create": selectors.alliance_create_allowed(user=request.user),
        }
        template = "alliances/alliance_list.html"
        if request.htmx and request.htmx.target == "alliance-results":
            template = "alliances/_alliance_results.html"
        response = render(request, template, context)
        # The same URL answers with the whole page or only the results: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response


class AllianceExportView(AllianceView):
    """The filtered alliance list as CSV, for the portfolio review spreadsheet."""

    def get(self, request: MemberRequest) -> HttpResponse:
        form = AllianceFilterForm(
            request.GET, partners=selectors.alliance_partners(user=request.user)
        )
        alliances = selectors.alliance_list(user=request.user, filters=form.filters())
        stamp = clock.today().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="alliances-{stamp}.csv"'
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
            timezone.localtime(alliance.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        writer.writerow([csv_cell(v) for v in row])


class AllianceCreateView(AllianceView):
    """Start an alliance; the partner is invited from its page next."""

    def get(self, request: MemberRequest) -> HttpResponse:
        self.require(
            selectors.alliance_create_allowed(user=request.user),
            "Only alliance managers and admins can create alliances.",
        )
        return self.show(request, AllianceCreateForm(initial={"effective_date": clock.today()}))

    def post(self, request: MemberRequest) -> HttpResponse:
        form = AllianceCreateForm(request.POST)
        if form.is_valid():
            alliance = attempt(
                form, services.alliance_create, actor=request.user, **form.alliance_data()
            )
            if alliance is not None:
                messages.success(request, f"{alliance} created. Now invite your partner.")
                return redirect("alliances:party-invite", pk=alliance.pk)
        return self.show(request, form)

    def show(self, request: MemberRequest, form: AllianceCreateForm) -> HttpResponse:
        return render(request, "alliances/alliance_create.html", {"form": form})


class AllianceDetailView(AllianceView):
    """The shared workspace both (or all) partners see, each with their own private records."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        return render_workspace(request, selectors.alliance_get(user=request.user, pk=pk))


class AllianceUpdateView(AllianceView):
    """Edit the alliance's overview (the phase changes only through gates)."""

    def dispatch_alliance(self, request: MemberRequest, pk: int) -> Alliance:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        self.permitted(
            request,
            alliance,
            "edit",
            "Only your organisation's alliance managers can edit this alliance.",
        )
        return alliance

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.dispatch_alliance(request, pk)
        return self.show(request, alliance, AllianceForm(initial=alliance_initial(alliance)))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.dispatch_alliance(request, pk)
        form = AllianceForm(request.POST)
        if form.is_valid():
            saved = attempt(
                form,
                services.alliance_update,
                actor=request.user,
                alliance=alliance,
                **form.cleaned_data,
            )
            if saved is not None:
                messages.success(request, "Alliance updated.")
                return redirect(detail_url(alliance.pk))
            alliance.refresh_from_db()  # the service may have set fields before refusing
        return self.show(request, alliance, form)

    def show(self, request: MemberRequest, alliance: Alliance, form: AllianceForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title=f"Edit {alliance}",
            lead="The overview every party sees. The phase changes only through a gate.",
            submit="Save changes",
            cancel_url=detail_url(alliance.pk),
        )


class ProgrammeCreateView(AllianceView):
    """Name another programme the alliance works on."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.allowed_alliance(request, pk)
        return self.show(request, alliance, ProgrammeForm())

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.allowed_alliance(request, pk)
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            programme = attempt(
                form,
                services.programme_add,
                actor=request.user,
                alliance=alliance,
                **form.cleaned_data,
            )
            if programme is not None:
                messages.success(request, f"Programme {programme} added.")
                return redirect(detail_url(alliance.pk, "programmes"))
        return self.show(request, alliance, form)

    def allowed_alliance(self, request: MemberRequest, pk: int) -> Alliance:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        self.permitted(
            request,
            alliance,
            "edit",
            "Only your organisation's alliance managers can add programmes.",
        )
        return alliance

    def show(self, request: MemberRequest, alliance: Alliance, form: ProgrammeForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Add a programme",
            lead="An asset the alliance works on, in one indication.",
            submit="Add programme",
            cancel_url=detail_url(alliance.pk, "programmes"),
        )


class ProgrammeUpdateView(AllianceView):
    """Edit a programme, for example when its stage advances."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        programme = self.allowed_programme(request, pk)
        return self.show(request, programme, ProgrammeForm(initial=programme_initial(programme)))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        programme = self.allowed_programme(request, pk)
        form = ProgrammeForm(request.POST)
        if form.is_valid():
            saved = attempt(
                form,
                services.programme_update,
                actor=request.user,
                programme=programme,
                **form.cleaned_data,
            )
            if saved is not None:
                messages.success(request, f"Programme {saved} updated.")
                return redirect(detail_url(programme.alliance_id, "programmes"))
        return self.show(request, programme, form)

    def allowed_programme(self, request: MemberRequest, pk: int) -> Any:
        programme = selectors.programme_get(user=request.user, pk=pk)
        self.permitted(
            request,
            programme.alliance,
            "edit",
            "Only your organisation's alliance managers can edit programmes.",
        )
        return programme

    def show(self, request: MemberRequest, programme: Any, form: ProgrammeForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=programme.alliance,
            title=f"Edit {programme.asset_name}",
            lead="Every party sees the programmes of the alliance.",
            submit="Save programme",
            cancel_url=detail_url(programme.alliance_id, "programmes"),
        )


class PartyInviteView(AllianceView):
    """Invite a partner organisation: from the directory, or by its admin's email."""

    blocker = ""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.allowed_alliance(request, pk)
        return self.show(request, alliance, self.form(request, alliance))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.allowed_alliance(request, pk)
        form = self.form(request, alliance, request.POST)
        if form.is_valid():
            invited = attempt(
                form,
                services.party_invite,
                actor=request.user,
                alliance=alliance,
                organisation=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"] or "",
            )
            if invited is not None:
                if invited.party is not None:
                    note = f"{invited.party.organisation} is invited; they see the overview and can accept it."
                else:
                    note = f"We emailed {invited.invitation.email} a link to bring their organisation onto Concord."
                messages.success(request, note)
                return redirect(detail_url(alliance.pk, "parties"))
        return self.show(request, alliance, form)

    def form(self, request: MemberRequest, alliance: Alliance, data: Any = None) -> PartyInviteForm:
        candidates = selectors.party_invite_candidates(user=request.user, alliance=alliance)
        return PartyInviteForm(data, candidates=candidates)

    def allowed_alliance(self, request: MemberRequest, pk: int) -> Alliance:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        can = self.permitted(
            request,
            alliance,
            "edit",
            "Only your organisation's alliance managers can invite partners.",
        )
        self.blocker = can.invite_blocker
        return alliance

    def show(
        self, request: MemberRequest, alliance: Alliance, form: PartyInviteForm
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Invite a partner",
            blocker=self.blocker,
            lead="Until it accepts, an invited organisation sees only the alliance's overview and "
            "parties. A new alliance stays proposed until every invited organisation has answered; "
            "an alliance may have more than two parties.",
            submit="Send invitation",
            cancel_url=detail_url(alliance.pk, "parties"),
        )


class PartyRespondView(AllianceView):
    """An invited organisation accepts the alliance, or declines it with a reason."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        party = selectors.party_get(user=request.user, pk=pk)
        form = PartyRespondForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            answered = attempt(
                form,
                services.party_respond,
                actor=request.user,
                party=party,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
            if answered is not None and accept:
                messages.success(request, f"Your organisation has joined {party.alliance}.")
                return redirect(detail_url(party.alliance_id))
            if answered is not None:
                messages.info(request, f"You declined {party.alliance}; it is no longer listed.")
                return redirect("core:home")
        return render_workspace(request, party.alliance, respond_form=form)


class PartyWithdrawView(AllianceView):
    """A party that has joined withdraws another organisation's pending invitation."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        party = selectors.party_get(user=request.user, pk=pk)
        try:
            services.party_invitation_withdraw(actor=request.user, party=party)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, f"The invitation of {party.organisation} is withdrawn.")
        return redirect(detail_url(party.alliance_id, "parties"))


class TeamMemberAddView(AllianceView):
    """A party names one of its people to its alliance team."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        party = selectors.party_get(user=request.user, pk=pk)
        can = selectors.alliance_permissions_for(user=request.user, alliance=party.alliance)
        own = party.organisation_id == request.user.membership.organisation_id
        self.require(can.manage_team and own, "Each party names its own team.")
        candidates = selectors.team_candidates(user=request.user, party=party)
        form = TeamMemberForm(request.POST, candidates=candidates)
        if form.is_valid():
            member = attempt(
                form,
                services.team_member_add,
                actor=request.user,
                party=party,
                **form.member_data(),
            )
            if member is not None:
                messages.success(request, f"{member.user} joined the team.")
                return redirect(detail_url(party.alliance_id, "parties"))
        return render_workspace(request, party.alliance, team_form=form)


class TeamMemberRemoveView(AllianceView):
    """A party takes one of its people off its team."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        member = selectors.team_member_get(user=request.user, pk=pk)
        services.team_member_remove(actor=request.user, member=member)
        messages.success(request, f"{member.user} is no longer on the team.")
        return redirect(detail_url(member.party.alliance_id, "parties"))


class GateCreateView(AllianceView):
    """Propose a phase change for every party to sign off."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, can = self.allowed(request, pk)
        return self.show(request, alliance, GateForm(current_phase=alliance.phase), can)

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, can = self.allowed(request, pk)
        form = GateForm(request.POST, current_phase=alliance.phase)
        if form.is_valid():
            gate = attempt(
                form,
                services.gate_propose,
                actor=request.user,
                alliance=alliance,
                **form.cleaned_data,
            )
            if gate is not None:
                messages.success(request, f"Gate to {gate.get_to_phase_display()} proposed.")
                return redirect(detail_url(alliance.pk, "gate"))
        return self.show(request, alliance, form, can)

    def allowed(self, request: MemberRequest, pk: int) -> tuple[Alliance, Any]:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        can = self.permitted(
            request,
            alliance,
            "propose_gate",
            "Only alliance managers and executive sponsors of a party can propose a gate.",
        )
        return alliance, can

    def show(
        self, request: MemberRequest, alliance: Alliance, form: GateForm, can: Any
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Propose a phase change",
            lead=f"The alliance is in {alliance.get_phase_display()}. It moves only when every "
            "party's alliance manager or executive sponsor signs off: a recommitment.",
            blocker=can.gate_blocker,
            submit="Propose gate",
            cancel_url=detail_url(alliance.pk),
        )


class GateSignView(AllianceView):
    """Sign off the pending gate for the user's party."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        gate = selectors.gate_get(user=request.user, pk=pk)
        try:
            gate = services.gate_sign(actor=request.user, gate=gate)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(detail_url(gate.alliance_id, "gate"))
        if gate.status == gate.Status.PASSED:
            messages.success(
                request,
                f"Every party signed: the alliance is now in {gate.get_to_phase_display()}.",
            )
        else:
            messages.success(request, "Signed. Waiting for the other parties.")
        return redirect(detail_url(gate.alliance_id, "gate"))


class GateDeclineView(AllianceView):
    """Decline the pending gate, with a reason."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        gate = selectors.gate_get(user=request.user, pk=pk)
        form = GateDeclineForm(request.POST)
        if form.is_valid():
            declined = attempt(
                form,
                services.gate_decline,
                actor=request.user,
                gate=gate,
                reason=form.cleaned_data["reason"],
            )
            if declined is not None:
                messages.info(request, "Gate declined; the alliance stays in its phase.")
                return redirect(detail_url(gate.alliance_id, "past-gates"))
        return render_workspace(request, gate.alliance, decline_form=form)


class GateWithdrawView(AllianceView):
    """The proposing party withdraws its pending gate."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        gate = selectors.gate_get(user=request.user, pk=pk)
        try:
            services.gate_withdraw(actor=request.user, gate=gate)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, "Gate withdrawn.")
        return redirect(detail_url(gate.alliance_id))


class NoteCreateView(AllianceView):
    """Write a note: private to the organisation by default, or shared with every party."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.allowed_alliance(request, pk)
        return self.show(request, alliance, self.form(request))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = self.allowed_alliance(request, pk)
        form = self.form(request, request.POST)
        if form.is_valid():
            note = attempt(
                form,
                services.note_create,
                actor=request.user,
                alliance=alliance,
                **form.cleaned_data,
            )
            if note is not None:
                where = (
                    "shared with all parties" if note.is_shared else "private to your organisation"
                )
                messages.success(request, f"Note saved, {where}.")
                return redirect(detail_url(alliance.pk, "notes"))
        return self.show(request, alliance, form)

    def form(self, request: MemberRequest, data: Any = None) -> NoteForm:
        return NoteForm(data, organisation=organisation_of(request.user))

    def allowed_alliance(self, request: MemberRequest, pk: int) -> Alliance:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        self.permitted(
            request, alliance, "write_note", "Viewers can read notes but not write them."
        )
        return alliance

    def show(self, request: MemberRequest, alliance: Alliance, form: NoteForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Write a note",
            lead="Notes are private to your organisation unless you share them.",
            submit="Save note",
            cancel_url=detail_url(alliance.pk, "notes"),
        )


class AllianceActivityView(AllianceView):
    """The alliance's full history from the audit trail, newest first."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance = selectors.alliance_get(user=request.user, pk=pk)
        actions = selectors.alliance_activity_actions(user=request.user, alliance=alliance)
        form = ActivityFilterForm(request.GET, actions=actions)
        action = form.cleaned_data.get("action", "") if form.is_valid() else ""
        events = selectors.alliance_activity(user=request.user, alliance=alliance, action=action)
        page = Paginator(events, ACTIVITY_PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "alliance": alliance,
            "form": form,
            "page_obj": page,
            "action_label": action_label(action) if action else "",
            "querystring_without_page": query.urlencode(),
        }
        return render(request, "alliances/alliance_activity.html", context)
