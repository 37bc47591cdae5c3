"""Pages of the homework: the alliance's homework (fit, drift, alerts, partner profile), the
stakeholder map, onboarding, and the briefing book (page and PDF). Private to the reader's
organisation: every read goes through the selectors, which scope to it."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.alliances.models import Alliance
from concord.core.exports import csv_cell, csv_download, download
from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView, act
from concord.core.pdf import PdfUnavailable
from concord.homework import briefing, charts, selectors, services
from concord.homework.forms import (
    FACT_FORMS,
    FitForm,
    StakeholderForm,
    StepForm,
    stakeholder_initial,
)
from concord.homework.models import Stakeholder
from concord.orgs.models import User


def homework_url(pk: int) -> str:
    return reverse("homework:alliance-homework", args=[pk])


def stakeholders_url(pk: int) -> str:
    return reverse("homework:stakeholders", args=[pk])


def _writer(request: MemberRequest[User]) -> bool:
    membership = getattr(request.user, "membership", None)
    return membership is not None and not membership.is_read_only


def _manager(request: MemberRequest[User]) -> bool:
    membership = getattr(request.user, "membership", None)
    return membership is not None and membership.can_manage_alliances


class HomeworkView(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class AllianceHomeworkView(HomeworkView):
    """Our fit history and its drift chart, our alerts, and what we know of the partner."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        history = selectors.fit_history(user=request.user, alliance=alliance)
        alerts = list(selectors.alert_list(user=request.user, alliance=alliance))
        partners = selectors.partners(user=request.user, alliance=alliance)
        context = {
            "alliance": alliance,
            "history": list(reversed(history)),
            "latest": history[-1] if history else None,
            "drift_chart": charts.drift_chart(history),
            "open_alerts": [a for a in alerts if a.is_open],
            "resolved_alerts": [a for a in alerts if not a.is_open][:20],
            "profiles": selectors.profiles(user=request.user, partners=partners),
            "age": selectors.homework_age(user=request.user, alliance=alliance),
            "can_write": _writer(request),
        }
        return render(request, "homework/alliance_homework.html", context)


class HomeworkFormView(ServiceFormView, HomeworkView):
    alliance: Alliance  # set by each page's load, as is where Cancel goes
    cancel_url: str

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.service_arguments())


class FitCreateView(HomeworkFormView):
    title = "Assess the fit"
    lead = (
        "Score each dimension from 1 to 5 with a sentence of rationale. Private to your "
        "organisation; a fall of 10 points or more since the last assessment raises a drift alert."
    )
    submit = "Record assessment"
    success = "Fit assessment recorded."
    service = staticmethod(services.fit_assess)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_writer(request), "Viewers can read the homework but not add to it.")
        self.cancel_url = homework_url(self.alliance.pk)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> FitForm:
        return FitForm(data)

    def done_url(self, result: Any) -> str:
        return homework_url(self.alliance.pk)


class FactCreateView(HomeworkFormView):
    submit = "Record"
    success = "Recorded in the partner profile."
    service = staticmethod(services.partner_fact_record)

    def get(self, request: Any, pk: int | None = None, kind: str = "") -> HttpResponse:
        self.kind = kind
        return super().get(request, pk)

    def post(self, request: Any, pk: int | None = None, kind: str = "") -> HttpResponse:
        self.kind = kind
        return super().post(request, pk)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        if self.kind not in FACT_FORMS:
            raise Http404("No such kind of fact.")
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_writer(request), "Viewers can read the homework but not add to it.")
        self.partners = selectors.partners(user=request.user, alliance=self.alliance)
        self.cancel_url = homework_url(self.alliance.pk)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> Any:
        return FACT_FORMS[self.kind][0](data, partners=self.partners)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"kind": self.kind, **form.service_arguments()}

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": FACT_FORMS[self.kind][1]}

    def done_url(self, result: Any) -> str:
        return homework_url(self.alliance.pk) + "#profile"


class AlertResolveView(ActionView, HomeworkView):
    lookup = staticmethod(selectors.alert_get)
    record = "alert"
    service = staticmethod(services.alert_resolve)
    success = "Alert resolved."

    def back_url(self, found: Any) -> str:
        return homework_url(found.alliance_id)


class StakeholdersView(HomeworkView):
    """Our private map of the partner's people: the picture, the list, the peer matrix."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        people = selectors.stakeholder_list(user=request.user, alliance=alliance)
        order = request.GET.get("sort", "level")
        if order in ("name", "role", "last_contact", "strength"):
            people.sort(key=lambda s: (getattr(s, order) is None, getattr(s, order) or 0))
        alerts = selectors.alert_list(user=request.user, alliance=alliance).filter(resolved_at=None)
        context = {
            "alliance": alliance,
            "people": people,
            "sort": order,
            "picture": charts.stakeholder_map(people),
            "peers": peer_matrix(people),
            "alerts": [a for a in alerts if not a.is_drift],
            "can_write": _writer(request),
        }
        return render(request, "homework/stakeholders.html", context)


def peer_matrix(people: list[Stakeholder]) -> list[tuple[Any, list[Stakeholder]]]:
    """Each of our relationship owners with the partner's people they are the peer of."""
    by_owner: dict[int, tuple[Any, list[Stakeholder]]] = {}
    for person in people:
        if person.left_on is None:
            by_owner.setdefault(person.owner_id, (person.owner, []))[1].append(person)
    return sorted(by_owner.values(), key=lambda row: str(row[0]))


class StakeholdersCsvView(HomeworkView):
    """The stakeholder map as CSV, for our own organisation."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        response = csv_download(f"Stakeholders – {alliance.name}.csv")
        writer = csv.writer(response)
        writer.writerow(
            ["Name", "Title", "Level", "Function", "Role", "Stance", "Strength", "Owner",
             "Last contact", "Left on"]
        )  # fmt: skip
        for s in selectors.stakeholder_list(user=request.user, alliance=alliance):
            row = [s.name, s.title, s.get_level_display(), s.get_function_display(),
                   s.get_role_display(), s.get_stance_display(), s.strength, s.owner,
                   s.last_contact, s.left_on]  # fmt: skip
            writer.writerow([csv_cell(value) for value in row])
        return response


class StakeholderFormView(HomeworkFormView):
    submit = "Save"
    success = "Stakeholder map updated."

    def setup_people(self, request: MemberRequest[User]) -> None:
        self.require(_writer(request), "Viewers can read the map but not change it.")
        self.colleagues = selectors.colleagues(user=request.user)
        self.partner_people = selectors.partner_people(user=request.user, alliance=self.alliance)
        self.cancel_url = stakeholders_url(self.alliance.pk)

    def form(self, data: Any = None, initial: Any = None) -> StakeholderForm:
        return StakeholderForm(
            data,
            initial=initial,
            colleagues=self.colleagues,
            partner_people=self.partner_people,
        )

    def done_url(self, result: Any) -> str:
        return stakeholders_url(self.alliance.pk)


class StakeholderCreateView(StakeholderFormView):
    title = "Add a stakeholder"
    lead = "One of the partner's people, as your organisation sees them. Private to you."
    service = staticmethod(services.stakeholder_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.setup_people(request)
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> StakeholderForm:
        return self.form(data, initial={"owner": request.user.pk})


class StakeholderUpdateView(StakeholderFormView):
    service = staticmethod(services.stakeholder_update)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.stakeholder = selectors.stakeholder_get(user=request.user, pk=pk)
        self.alliance = self.stakeholder.alliance
        self.setup_people(request)
        if self.stakeholder.owner not in self.colleagues:
            self.colleagues.append(self.stakeholder.owner)  # a departed owner, to reassign
        self.about(request, "stakeholder", self.stakeholder)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> StakeholderForm:
        return self.form(data, initial=stakeholder_initial(self.stakeholder))

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Update {self.stakeholder.name}"}


class StakeholderContactView(HomeworkView):
    """Log a contact today with one of the partner's people."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        stakeholder = selectors.stakeholder_get(user=request.user, pk=pk)
        return act(
            request,
            services.stakeholder_contact,
            f"Contact with {stakeholder.name} logged.",
            stakeholders_url(stakeholder.alliance_id),
            actor=request.user,
            stakeholder=stakeholder,
        )


class OnboardingView(HomeworkView):
    """Our team's onboarding on the alliance: each person's steps and the share onboarded."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        progress = selectors.onboarding(user=request.user, alliance=alliance)
        rows = [
            (p, [(s, selectors.step_ref(s), p.is_done(s)) for s in progress.steps])
            for p in progress.people
        ]
        context = {
            "alliance": alliance,
            "progress": progress,
            "rows": rows,
            "can_write": _writer(request),
            "can_manage": _manager(request),
            "step_form": StepForm(),
        }
        return render(request, "homework/onboarding.html", context)

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_writer(request), "Viewers cannot tick onboarding steps.")
        person = next(
            (
                p.member.user
                for p in selectors.onboarding(user=request.user, alliance=alliance).people
                if str(p.member.user_id) == request.POST.get("person", "")
            ),
            request.user,
        )
        return act(
            request,
            services.onboarding_step_done,
            "Step done.",
            reverse("homework:onboarding", args=[alliance.pk]),
            actor=request.user,
            alliance=alliance,
            step=str(request.POST.get("step", "")),
            person=person,
        )


class OnboardingStepAddView(HomeworkView):
    """Add a step to the organisation's onboarding checklist (managers), from an alliance's page."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_manager(request), "Only alliance managers edit the onboarding checklist.")
        form = StepForm(request.POST)
        back = reverse("homework:onboarding", args=[alliance.pk])
        if not form.is_valid():
            messages.error(request, "Name the step.")
            return redirect(back)
        return act(
            request,
            services.onboarding_step_add,
            "Step added to your organisation's checklist.",
            back,
            actor=request.user,
            title=form.cleaned_data["title"],
        )


class BriefingView(HomeworkView):
    """The briefing book as a page."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        context = briefing.briefing_context(user=request.user, alliance=alliance)
        return render(request, "homework/briefing.html", context)


class BriefingPdfView(HomeworkView):
    """The briefing book as a PDF, for the reader's organisation."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        try:
            pdf = briefing.briefing_pdf(user=request.user, alliance=alliance)
        except PdfUnavailable:
            messages.error(request, briefing.UNAVAILABLE)
            return redirect(reverse("homework:briefing", args=[alliance.pk]))
        return download(pdf, "application/pdf", f"{alliance.name} briefing book.pdf")
