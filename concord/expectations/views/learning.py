"""Pages of the learning plan: objectives, their measures and progress reviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.core.pages import (
    MemberRequest,
    attempt,
)
from concord.expectations import selectors, services
from concord.expectations.charts import Series, trend_chart
from concord.expectations.forms import (
    ObjectiveEditForm,
    ObjectiveForm,
    ReviewForm,
    objective_initial,
)
from concord.expectations.models import LearningObjective
from concord.expectations.views._common import (
    ExpectationsFormView,
    ExpectationsView,
    _people,
    joined_alliance,
)
from concord.orgs.models import User


def objective_url(pk: int) -> str:
    return reverse("expectations:objective-detail", args=[pk])


class LearningPlanView(ExpectationsView):
    """The alliance's learning objectives, each with its latest measure against its target."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        summary = selectors.learning_summary(user=request.user, alliance=alliance)
        context = {
            "alliance": alliance,
            "summary": summary,
            "can_add": selectors.can_record(user=request.user, party=party, alliance=alliance),
            "lessons": selectors.lesson_list(user=request.user, alliance=alliance),
        }
        return render(request, "expectations/learning_plan.html", context)


class ObjectiveCreateView(ExpectationsFormView):
    """Add a learning objective."""

    title = "Add a learning objective"
    lead = (
        "What isn't measured won't happen: say how progress is measured, and every "
        "review records a value."
    )
    submit = "Add objective"
    service = staticmethod(services.objective_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance, party = joined_alliance(request, pk)
        self.require(
            selectors.can_record(user=request.user, party=party, alliance=self.alliance),
            "Only alliance managers can add learning objectives.",
        )
        self.parties = selectors.commitment_parties(user=request.user, alliance=self.alliance)
        self.cancel_url = reverse("expectations:learning-plan", args=[self.alliance.pk])
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ObjectiveForm:
        people = _people(request, self.parties)
        if data is not None:
            return ObjectiveForm(data, people=people)
        return ObjectiveForm(people=people, initial={"owner": request.user.pk})

    def success_message(self, result: Any) -> str:
        return f"Learning objective “{result}” added."

    def done_url(self, result: Any) -> str:
        return objective_url(result.pk)


def measures_chart(objective: LearningObjective, reviews: list[Any]) -> Any:
    """The measure at each review, with the target as a second line when there is one."""
    if len(reviews) < 2:
        return None
    labels = [f"{r.reviewed_on:%d %b %y}" for r in reviews]
    series = [Series("Measured", [float(r.value) for r in reviews])]
    if objective.target is not None:
        series.append(Series("Target", [float(objective.target)] * len(reviews)))
    return trend_chart(
        labels, series, chart_id="measures", title=f"{objective.measure}, at each review", unit=""
    )


class ObjectiveDetailView(ExpectationsView):
    """One objective: why, how it is measured, and every review's value."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        objective = selectors.objective_get(user=request.user, pk=pk)
        return self.show(request, objective, ReviewForm())

    def show(
        self, request: MemberRequest[User], objective: LearningObjective, form: ReviewForm
    ) -> HttpResponse:
        membership = getattr(request.user, "membership", None)
        party = selectors.own_party(user=request.user, alliance=objective.alliance)
        reviews = list(objective.reviews.all())
        context = {
            "alliance": objective.alliance,
            "objective": objective,
            "reviews": list(reversed(reviews)),
            "latest": reviews[-1] if reviews else None,
            "chart": measures_chart(objective, reviews),
            "form": form,
            "can_review": party is not None
            and membership is not None
            and not membership.is_read_only
            and objective.is_active,
            "can_edit": selectors.can_record(
                user=request.user, party=party, alliance=objective.alliance
            ),
        }
        return render(request, "expectations/objective_detail.html", context)


class ReviewCreateView(ObjectiveDetailView):
    """Record a progress review with the measure's value."""

    def post(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        objective = selectors.objective_get(user=request.user, pk=pk)
        form = ReviewForm(request.POST)
        if form.is_valid():
            review = attempt(
                form,
                services.review_record,
                actor=request.user,
                objective=objective,
                **form.cleaned_data,
            )
            if review is not None:
                messages.success(request, "Progress review recorded.")
                return redirect(objective_url(objective.pk))
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return self.show(request, objective, form)

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        return redirect(objective_url(pk))


class ObjectiveUpdateView(ExpectationsFormView):
    """Revise a learning objective, or mark it achieved or dropped."""

    lead = "Reviews already recorded stay as they were."
    submit = "Save objective"
    success = "Learning objective updated."
    service = staticmethod(services.objective_update)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.objective = selectors.objective_get(user=request.user, pk=pk)
        self.alliance = self.objective.alliance
        party = selectors.own_party(user=request.user, alliance=self.alliance)
        self.require(
            selectors.can_record(user=request.user, party=party, alliance=self.alliance),
            "Only alliance managers can change learning objectives.",
        )
        parties = selectors.commitment_parties(user=request.user, alliance=self.alliance)
        self.people = _people(request, parties)
        self.cancel_url = objective_url(self.objective.pk)
        self.about(request, "objective", self.objective)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ObjectiveEditForm:
        if data is not None:
            return ObjectiveEditForm(data, people=self.people)
        return ObjectiveEditForm(people=self.people, initial=objective_initial(self.objective))

    def done_url(self, result: Any) -> str:
        return objective_url(self.objective.pk)

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Edit “{self.objective}”"}
