"""Pages of the risk register: the register with its heat map, a risk and its reviews, and the
forms that record, revise, review, materialise and close risks."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.alliances.models import Alliance
from concord.core.pages import ActionView, MemberRequest, ScopedView, ServiceFormView, attempt
from concord.orgs.models import User
from concord.risks import selectors, services
from concord.risks.charts import heat_map_svg
from concord.risks.forms import CloseForm, MaterialiseForm, ReviewForm, RiskForm, risk_initial
from concord.risks.models import Risk


def risk_url(pk: int) -> str:
    return reverse("risks:risk-detail", args=[pk])


def _writer(request: MemberRequest[User]) -> bool:
    membership = getattr(request.user, "membership", None)
    return membership is not None and not membership.is_read_only


class RisksView(ScopedView):
    forbidden_template = "alliances/forbidden.html"


class RegisterView(RisksView):
    """The alliance's risks the reader may see, with the heat map of the open ones."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance = selectors.joined_alliance(user=request.user, pk=pk)
        status = request.GET.get("status", "open")
        status = status if status in (*Risk.Status.values, "all") else "open"
        risks = list(selectors.risk_list(user=request.user, alliance=alliance))
        shown = [r for r in risks if status == "all" or r.status == status]
        context = {
            "alliance": alliance,
            "risks": shown,
            "status": status,
            "statuses": [
                ("open", "Open"),
                ("materialised", "Materialised"),
                ("closed", "Closed"),
                ("all", "All"),
            ],
            "heat_map": heat_map_svg(selectors.heat_map(risks)),
            "open_count": sum(1 for r in risks if r.is_open),
            "can_write": _writer(request),
        }
        return render(request, "risks/register.html", context)


class RiskFormView(ServiceFormView, RisksView):
    alliance: Alliance  # set by each page's load, as is where Cancel goes
    cancel_url: str

    template_name = "form_page.html"

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.service_arguments())

    def done_url(self, result: Any) -> str:
        return risk_url(result.pk)


class RiskCreateView(RiskFormView):
    title = "Record a risk"
    lead = "Score it on likelihood and impact (1–4 each), say what would trigger it, how it is mitigated and how it is escalated."
    submit = "Record risk"
    service = staticmethod(services.risk_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance = selectors.joined_alliance(user=request.user, pk=pk)
        self.require(_writer(request), "Viewers can read the register but not add to it.")
        self.people = selectors.owner_candidates(user=request.user)
        self.cancel_url = reverse("risks:register", args=[self.alliance.pk])
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> RiskForm:
        if data is not None:
            return RiskForm(data, people=self.people)
        return RiskForm(people=self.people, initial={"owner": request.user.pk})

    def success_message(self, result: Any) -> str:
        return f"Risk “{result}” recorded."


class RiskUpdateView(RiskFormView):
    submit = "Save risk"
    success = "Risk revised."
    service = staticmethod(services.risk_update)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.risk = selectors.risk_get(user=request.user, pk=pk)
        self.alliance = self.risk.alliance
        self.require(_writer(request), "Viewers can read the register but not change it.")
        self.people = selectors.owner_candidates(user=request.user)
        if self.risk.owner not in self.people:
            self.people.append(self.risk.owner)
        self.cancel_url = risk_url(self.risk.pk)
        self.about(request, "risk", self.risk)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> RiskForm:
        if data is not None:
            return RiskForm(data, people=self.people)
        return RiskForm(people=self.people, initial=risk_initial(self.risk))

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Revise “{self.risk}”"}


class RiskDetailView(RisksView):
    """One risk: scores, plans, reviews, and what can be done with it."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        risk = selectors.risk_get(user=request.user, pk=pk)
        return self.show(
            request,
            risk,
            ReviewForm(initial={"likelihood": risk.likelihood, "impact": risk.impact}),
        )

    def show(self, request: MemberRequest[User], risk: Risk, form: ReviewForm) -> HttpResponse:
        context = {
            "alliance": risk.alliance,
            "risk": risk,
            "reviews": selectors.review_list(user=request.user, risk=risk),
            "overdue": selectors.overdue(risk),
            "can_act": _writer(request),
            "review_form": form,
            "materialise_form": MaterialiseForm(),
            "close_form": CloseForm(),
        }
        return render(request, "risks/risk_detail.html", context)


class RiskReviewView(RiskDetailView):
    """Record a review: the scores now and the next review date."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        risk = selectors.risk_get(user=request.user, pk=pk)
        self.require(_writer(request), "Viewers can read the register but not review it.")
        form = ReviewForm(request.POST)
        if form.is_valid():
            review = attempt(
                form, services.risk_review, actor=request.user, risk=risk, **form.cleaned_data
            )
            if review is not None:
                messages.success(request, "Review recorded.")
                return redirect(risk_url(risk.pk))
        return self.show(request, risk, form)

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        return redirect(risk_url(pk))


class RiskMaterialiseView(ActionView, RisksView):
    lookup = staticmethod(selectors.risk_get)
    record = "risk"
    service = staticmethod(services.risk_materialise)
    form_class = MaterialiseForm
    field = "note"
    success = "Recorded as materialised; a concern was raised for governance."
    back_to = "risks:risk-detail"


class RiskCloseView(ActionView, RisksView):
    lookup = staticmethod(selectors.risk_get)
    record = "risk"
    service = staticmethod(services.risk_close)
    form_class = CloseForm
    field = "reason"
    success = "Risk closed."
    back_to = "risks:risk-detail"
