"""Goals pages: the alliance's goals with their KPIs and benefits, each goal's versions, and
each KPI's trend and measurements."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView, attempt
from concord.goals import selectors, services
from concord.goals.charts import kpi_trend_chart
from concord.goals.forms import (
    AnswerForm,
    BenefitForm,
    GateReviewForm,
    GoalChangeForm,
    GoalForm,
    KpiForm,
    MeasurementForm,
)
from concord.goals.models import GateGoalReview, Goal, Kpi
from concord.goals.status import kpi_status, status_label
from concord.orgs.models import User


def goals_url(alliance_pk: int) -> str:
    return reverse("goals:alliance-goals", args=[alliance_pk])


def joined_alliance(request: MemberRequest[User], pk: int) -> tuple[Alliance, Party]:
    """An alliance the user's organisation has joined, and its party; otherwise a 404."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    party = selectors.own_party(user=request.user, alliance=alliance)
    if party is None:
        raise Alliance.DoesNotExist
    return alliance, party


def mark_awaited(versions: list[Any], party: Party) -> None:
    """Tell the template which pending versions still await the user's party's answer."""
    for version in versions:
        answered = {a.party_id for a in version.agreements.all()}
        version.awaits_us = version.is_pending and party.pk not in answered


def joined(request: MemberRequest[User], alliance: Alliance) -> Party:
    """The user's party of a record's alliance, or a 404 for an organisation only invited."""
    party = selectors.own_party(user=request.user, alliance=alliance)
    if party is None:
        raise Alliance.DoesNotExist
    return party


class GoalsView(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class GoalsFormView(ServiceFormView, GoalsView):
    """A goals page holding one form that runs one service; `load` sets the alliance."""

    alliance: Alliance
    cancel_url: str

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}

    def managing(self, request: MemberRequest[User], alliance: Alliance, message: str) -> None:
        self.alliance = alliance
        party = joined(request, alliance)
        self.require(selectors.can_manage(user=request.user, party=party), message)
        self.cancel_url = goals_url(alliance.pk)


class AllianceGoalsView(GoalsView):
    """The alliance's goals, each with its KPIs and their status, and the benefits one may read."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        goals = selectors.goal_list(user=request.user, alliance=alliance)
        for goal in goals:
            mark_awaited(goal.pending_versions, party)
            goal.kpi_rows = [selectors.KpiRow(k, kpi_status(k)) for k in goal.kpi_list]
        context = {
            "alliance": alliance,
            "party": party,
            "goals": goals,
            "benefits": selectors.benefit_list(user=request.user, alliance=alliance),
            "can_manage": selectors.can_manage(user=request.user, party=party),
        }
        return render(request, "goals/alliance_goals.html", context)


class KpiPanelView(GoalsView):
    """The KPI summary card of the alliance page (side column or pending gate), loaded by htmx."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        if request.GET.get("at") == "gate":
            at_gate = selectors.gate_goals(user=request.user, alliance=alliance)
            if at_gate is not None:
                return self.gate_card(request, alliance, party, at_gate)
        context = {
            "alliance": alliance,
            "summary": selectors.kpi_summary(user=request.user, alliance=alliance),
            "at_gate": request.GET.get("at") == "gate",
        }
        return render(request, "goals/_kpi_panel.html", context)

    def gate_card(
        self,
        request: MemberRequest[User],
        alliance: Alliance,
        party: Party,
        at_gate: selectors.GateGoals,
    ) -> HttpResponse:
        """The goals with their KPIs at the pending gate, each party's review, and the form
        for the user's party while it has not reviewed them."""
        own = at_gate.review_of(party)
        context = {
            "alliance": alliance,
            "at_gate": at_gate,
            "own_review": own,
            "form": GateReviewForm(goals=at_gate.goals) if own is None else None,
            "can_review": selectors.can_manage(user=request.user, party=party),
        }
        return render(request, "goals/_gate_goals.html", context)


class GoalCreateView(GoalsFormView):
    title = "Propose a shared goal"
    lead = (
        "Your organisation agrees by proposing it; it becomes the alliance's goal once every "
        "other party has agreed through its own people."
    )
    submit = "Propose goal"
    success = "Goal proposed; the other parties are asked to agree."
    service = staticmethod(services.goal_propose)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        alliance, _ = joined_alliance(request, pk)
        self.managing(request, alliance, "Only alliance managers propose the alliance's goals.")
        self.about(request, "alliance", alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> GoalForm:
        return GoalForm(data)

    def done_url(self, result: Any) -> str:
        return goals_url(self.alliance.pk)


class GoalChangeView(GoalsFormView):
    title = "Propose a change to this goal"
    lead = "The agreed wording stands until every party agrees to the new one."
    submit = "Propose change"
    success = "Change proposed; the other parties are asked to agree."
    service = staticmethod(services.goal_change_propose)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.goal = selectors.goal_get(user=request.user, pk=pk)
        self.managing(request, self.goal.alliance, "Only alliance managers propose changes.")
        self.about(request, "goal", self.goal)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> GoalChangeForm:
        if data is not None:
            return GoalChangeForm(data)
        return GoalChangeForm(
            initial={"title": self.goal.title, "description": self.goal.description}
        )

    def done_url(self, result: Any) -> str:
        return reverse("goals:goal-detail", args=[self.goal.pk])


class BenefitCreateView(GoalsFormView):
    title = "Record a benefit for your organisation"
    lead = "What your organisation expects to gain. Keep it private, or share it with the partner."
    submit = "Record benefit"
    success = "Benefit recorded."
    service = staticmethod(services.benefit_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        alliance, _ = joined_alliance(request, pk)
        self.managing(request, alliance, "Only alliance managers record benefits.")
        self.about(request, "alliance", alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> BenefitForm:
        return BenefitForm(data)

    def done_url(self, result: Any) -> str:
        return goals_url(self.alliance.pk) + "#benefits"


class KpiCreateView(GoalsFormView):
    title = "Add a KPI"
    lead = "From a baseline to a target by a date; its status follows the straight line between."
    submit = "Add KPI"
    success = "KPI added."
    service = staticmethod(services.kpi_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.goal = selectors.goal_get(user=request.user, pk=pk)
        self.managing(request, self.goal.alliance, "Only alliance managers add KPIs.")
        self.parties = list(
            alliance_selectors.party_list(user=request.user)
            .filter(alliance=self.alliance, status=Party.Status.ACCEPTED)
            .select_related("organisation")
        )
        self.about(request, "goal", self.goal)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> KpiForm:
        return KpiForm(data, parties=self.parties)

    def done_url(self, result: Any) -> str:
        return reverse("goals:kpi-detail", args=[result.pk])

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Add a KPI to “{self.goal}”"}


class GoalDetailView(GoalsView):
    """One goal: its agreed wording, every version proposed and each party's answers."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        goal: Goal = selectors.goal_get(user=request.user, pk=pk)
        party = joined(request, goal.alliance)
        versions = selectors.goal_versions(user=request.user, goal=goal)
        mark_awaited(versions, party)
        context = {
            "alliance": goal.alliance,
            "goal": goal,
            "party": party,
            "versions": versions,
            "kpi_rows": [
                selectors.KpiRow(k, kpi_status(k))
                for k in selectors.kpi_list(user=request.user, goal=goal)
            ],
            "can_manage": selectors.can_manage(user=request.user, party=party),
        }
        return render(request, "goals/goal_detail.html", context)


class VersionAnswerView(ActionView, GoalsView):
    lookup = staticmethod(selectors.version_get)
    record = "version"
    form_class = AnswerForm
    field = "comment"

    def back_url(self, found: Any) -> str:
        return reverse("goals:goal-detail", args=[found.goal_id])


class VersionAgreeView(VersionAnswerView):
    """The user's party agrees to a goal's proposed wording."""

    service = staticmethod(services.goal_version_agree)
    success = "Your organisation agreed to the goal."


class VersionRejectView(VersionAnswerView):
    """The user's party does not agree, saying why."""

    service = staticmethod(services.goal_version_reject)
    success = "Your organisation did not agree; the proposing party has been told why."
    level = messages.INFO


class KpiDetailView(GoalsView):
    """One KPI: where it stands against its trajectory, its trend, and every measurement."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        kpi = selectors.kpi_get(user=request.user, pk=pk)
        return self.show(request, kpi, MeasurementForm())

    def show(self, request: MemberRequest[User], kpi: Kpi, form: MeasurementForm) -> HttpResponse:
        party = joined(request, kpi.alliance)
        measurements = list(selectors.measurement_list(user=request.user, kpi=kpi))
        status = kpi_status(kpi)
        context = {
            "alliance": kpi.alliance,
            "kpi": kpi,
            "status": status,
            "status_label": status_label(status),
            "measurements": list(reversed(measurements)),
            "chart": kpi_trend_chart(kpi, measurements),
            "form": form,
            "can_measure": selectors.can_measure(user=request.user, party=party, kpi=kpi),
        }
        return render(request, "goals/kpi_detail.html", context)


class MeasurementCreateView(KpiDetailView):
    """The owner party records a measurement with its source."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        kpi = selectors.kpi_get(user=request.user, pk=pk)
        joined(request, kpi.alliance)
        form = MeasurementForm(request.POST)
        if form.is_valid():
            recorded = attempt(
                form, services.measurement_record, actor=request.user, kpi=kpi, **form.cleaned_data
            )
            if recorded is not None:
                messages.success(request, "Measurement recorded.")
                return redirect(reverse("goals:kpi-detail", args=[kpi.pk]))
        return self.show(request, kpi, form)

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:  # type: ignore[override]
        return redirect(reverse("goals:kpi-detail", args=[pk]))


class GateGoalsReviewView(ActionView, GoalsView):
    """The user's party confirms the goals and KPIs at the pending gate, or proposes a change."""

    lookup = staticmethod(alliance_selectors.gate_get)
    record = "gate"
    service = staticmethod(services.gate_goals_review)

    def arguments(self, request: Any, found: Any) -> dict[str, Any]:
        joined(request, found.alliance)
        goals = selectors.goal_list(user=request.user, alliance=found.alliance)
        form = GateReviewForm(request.POST, goals=goals)
        if not form.is_valid():
            raise ValidationError(
                [
                    f"{form.fields[name].label}: {' '.join(map(str, e))}"
                    for name, e in form.errors.items()
                ]
            )
        return dict(form.cleaned_data)

    def back_url(self, found: Any) -> str:
        return reverse("alliances:alliance-detail", args=[found.alliance_id]) + "#gate"

    def success_message(self, found: Any, result: Any) -> str:
        if result.answer == GateGoalReview.Answer.CHANGE:
            return "Your organisation proposed a change to the goals at this gate."
        return "Your organisation confirmed the goals at this gate."
