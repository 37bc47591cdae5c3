"""Concerns and escalations, and the joined-alliance check the record pages share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.pages import MemberRequest, act, attempt, paginate
from concord.governance import rules, selectors, services
from concord.governance.forms import (
    AgendaMeetingForm,
    ConcernForm,
    EscalationForm,
    NoteForm,
    ResolutionForm,
)
from concord.governance.models import (
    Charter,
    Escalation,
    Meeting,
)
from concord.governance.views.base import (
    PAGE_SIZE,
    GovernanceFormView,
    GovernanceView,
    RecordActionView,
    form_errors_to_messages,
    page,
    record_id,
)
from concord.orgs.models import User


def _joined_alliance(view: GovernanceView, request: MemberRequest[User], pk: int) -> Alliance:
    """An alliance the user's organisation has joined; an invited one reads no governance."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    if not any(
        p.organisation_id == request.user.membership.organisation_id
        for p in selectors.parties_of(user=request.user, alliance=alliance)
    ):
        raise Alliance.DoesNotExist
    return alliance


# --- Concerns ------------------------------------------------------------------------------------


class ConcernListView(GovernanceView):
    """Concerns: shared ones, and the user's own organisation's private ones."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        status = request.GET.get("status", "open")
        concerns = selectors.concern_list(user=request.user, alliance=alliance, status=status)
        return page(
            request,
            "governance/concern_list.html",
            alliance,
            **paginate(request, concerns, PAGE_SIZE),
            status=status,
            can=self.can(request, alliance),
        )


class ConcernCreateView(GovernanceFormView):
    """Raise a concern early: private to think it through, or shared to discuss together."""

    title = "Raise a concern"
    lead = (
        "Discuss concerns early, before they become problems. A shared concern can go on a "
        "committee's agenda or up the escalation ladder."
    )
    submit = "Raise concern"
    success = "Concern raised."
    service = staticmethod(services.concern_raise)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = _joined_alliance(self, request, pk)
        self.allowed(
            request,
            self.alliance,
            "raise_concerns",
            "Only people on the alliance team raise concerns.",
        )
        self.cancel_url = reverse("governance:concern-list", args=[self.alliance.pk])
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ConcernForm:
        return ConcernForm(data)

    def done_url(self, result: Any) -> str:
        return reverse("governance:concern-detail", args=[result.pk])


class ConcernDetailView(GovernanceView):
    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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


def _coming(request: MemberRequest[User], alliance: Alliance) -> QuerySet[Meeting]:
    """The alliance's meetings still to come, soonest first: where a matter can be put."""
    return (
        selectors.meeting_list(user=request.user, alliance=alliance)
        .filter(status="scheduled", starts_at__gte=clock.now())
        .order_by("starts_at")
    )


class ConcernRecord:
    """The concern a button on its page acts on."""

    lookup = staticmethod(selectors.concern_get)
    record = "concern"
    back_to = "governance:concern-detail"


class EscalationRecord:
    """The escalation a button on its page acts on."""

    lookup = staticmethod(selectors.escalation_get)
    record = "escalation"
    back_to = "governance:escalation-detail"


class ConcernShareView(ConcernRecord, RecordActionView):
    service = staticmethod(services.concern_share)
    success = "Shared with every party."


class AgendaActionView(GovernanceView):
    """Put a record (a shared concern, an open escalation) on a coming meeting's agenda."""

    lookup: Callable[..., Any]
    record: str
    service: Callable[..., Any]
    back_to: str

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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


class ConcernAgendaView(ConcernRecord, AgendaActionView):
    service = staticmethod(services.concern_to_agenda)


class EscalationAgendaView(EscalationRecord, AgendaActionView):
    service = staticmethod(services.escalation_to_agenda)


class ConcernResolveView(ConcernRecord, RecordActionView):
    service = staticmethod(services.concern_resolve)
    form_class, field = ResolutionForm, "resolution"
    success = "Concern resolved."


# --- Escalations ---------------------------------------------------------------------------------


class EscalationListView(GovernanceView):
    """The alliance's escalations; end-runs flagged for every party's alliance managers."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = _joined_alliance(self, request, pk)
        status = request.GET.get("status", "open")
        end_runs = request.GET.get("end_runs") == "1"
        escalations = selectors.escalation_list(
            user=request.user, alliance=alliance, status=status, end_runs=end_runs
        )
        return page(
            request,
            "governance/escalation_list.html",
            alliance,
            **paginate(request, escalations, PAGE_SIZE),
            status=status,
            end_runs=end_runs,
            can=self.can(request, alliance),
        )


class EscalationCreateView(GovernanceView):
    """Escalate a matter along the alliance's ladder (or record that it went around it)."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = self.alliance(request, pk)
        concern = self.concern(request)
        initial = {"title": concern.title, "description": concern.body} if concern else {}
        return self.show(request, alliance, self.form(request, alliance, initial=initial), concern)

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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

    def alliance(self, request: MemberRequest[User], pk: int) -> Alliance:
        alliance = _joined_alliance(self, request, pk)
        self.allowed(
            request, alliance, "raise_concerns", "Only people on the alliance team escalate."
        )
        return alliance

    def concern(self, request: MemberRequest[User]) -> Any:
        pk = record_id(request.GET.get("concern") or request.POST.get("concern"))
        return selectors.concern_get(user=request.user, pk=pk) if pk else None

    def form(
        self, request: MemberRequest[User], alliance: Alliance, **kwargs: Any
    ) -> EscalationForm:
        statuses = selectors.committee_statuses(user=request.user, alliance=alliance)
        topics = sorted({t for s in statuses if s.charter for t in s.charter.carve_out_topics})
        committees = selectors.committee_list(user=request.user, alliance=alliance)
        return EscalationForm(committees=committees, carve_outs=topics, **kwargs)

    def show(
        self, request: MemberRequest[User], alliance: Alliance, form: EscalationForm, concern: Any
    ) -> HttpResponse:
        return page(
            request, "governance/escalation_form.html", alliance, form=form, concern=concern
        )


class EscalationDetailView(GovernanceView):
    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
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


class EscalationAdvanceView(EscalationRecord, RecordActionView):
    service = staticmethod(services.escalation_advance)
    form_class, field = NoteForm, "note"
    success = "Moved up the ladder."


class EscalationMoveOnView(EscalationRecord, RecordActionView):
    """A party's executive agrees to end the executives' period early (every party must)."""

    service = staticmethod(services.escalation_executive_move_on)
    success = "Your party's agreement to move on is recorded."


class EscalationResolveView(EscalationRecord, RecordActionView):
    service = staticmethod(services.escalation_resolve)
    form_class, field = ResolutionForm, "resolution"
    success = "Resolution recorded."


class EscalationWithdrawView(EscalationRecord, RecordActionView):
    service = staticmethod(services.escalation_withdraw)
    form_class, field = NoteForm, "note"
    success = "Escalation withdrawn."
