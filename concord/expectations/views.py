"""Expectations pages: each view parses input, calls a selector or a service, and renders."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.charts import PERCENT
from concord.core.exports import csv_cell, csv_download
from concord.core.forms import ConcordForm
from concord.core.pages import (
    MemberRequest,
    ScopedView,
    ServiceFormView,
    attempt,
    filtered,
    list_page,
    paginate,
)
from concord.expectations import selectors, services
from concord.expectations.charts import Series, trend_chart
from concord.expectations.exports import write_portfolio_csv
from concord.expectations.forms import (
    PAGE_SIZE,
    CommitmentEditForm,
    CommitmentFilterForm,
    CommitmentForm,
    DeliveryForm,
    JudgementForm,
    ObjectiveEditForm,
    ObjectiveForm,
    PortfolioFilterForm,
    ReasonForm,
    ResolveForm,
    ReviewForm,
    commitment_initial,
    objective_initial,
)
from concord.expectations.models import Commitment, LearningObjective
from concord.orgs.models import User


def commitment_url(pk: int, anchor: str = "") -> str:
    url = reverse("expectations:commitment-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def joined_alliance(request: MemberRequest[User], pk: int) -> tuple[Alliance, Party]:
    """An alliance the user's organisation has joined, and its party; otherwise a 404.

    An organisation only invited so far sees the alliance's overview, never its commitments.
    """
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    party = selectors.own_party(user=request.user, alliance=alliance)
    if party is None:
        raise Alliance.DoesNotExist
    return alliance, party


class ExpectationsView(ScopedView):
    """Base for expectations pages: out of scope is 404, a refused role gets the 403 page."""

    forbidden_template = "alliances/forbidden.html"


def _people(request: MemberRequest[User], parties: list[Party]) -> list[User]:
    people: dict[int, User] = {}
    for party in parties:
        for person in selectors.owner_candidates(user=request.user, party=party):
            people[person.pk] = person
    return list(people.values())


class ExpectationsFormView(ServiceFormView, ExpectationsView):
    """An expectations page holding one form that runs one service (see core's ServiceFormView);
    `load` sets the alliance and where Cancel goes.
    """

    alliance: Alliance
    cancel_url: str

    def page_context(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "cancel_url": self.cancel_url}


# --- Commitments -------------------------------------------------------------------------------


def _listing(
    request: MemberRequest[User], alliance: Alliance
) -> tuple[CommitmentFilterForm, Any, list[Party]]:
    parties = selectors.commitment_parties(user=request.user, alliance=alliance)
    form = CommitmentFilterForm(request.GET, parties=parties)
    commitments = selectors.commitment_list(
        user=request.user, alliance=alliance, filters=form.filters()
    )
    return form, commitments, parties


class CommitmentListView(ExpectationsView):
    """What each party owes the alliance, searchable, filterable and sortable, with both records."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        form, commitments, _ = _listing(request, alliance)
        context = {
            "alliance": alliance,
            "form": form,
            **paginate(request, commitments, PAGE_SIZE),
            "sort": form.filters().sort,
            "filtered": filtered(request, form.fields),
            "scorecard": selectors.scorecard(user=request.user, alliance=alliance),
            "can_record": selectors.can_record(user=request.user, party=party, alliance=alliance),
        }
        return list_page(
            request,
            "expectations/commitment_list.html",
            context,
            results="expectations/_commitment_results.html",
            target="commitment-results",
        )


CSV_HEADER = [
    "Title",
    "Kind",
    "Owed by",
    "Owed to",
    "Owner",
    "Due date",
    "Status",
    "Acceptance criteria",
    "Recorded",
]


class CommitmentExportView(ExpectationsView):
    """The filtered commitments as CSV, for the steering committee's pack."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, _ = joined_alliance(request, pk)
        _, commitments, _ = _listing(request, alliance)
        stamp = clock.today().isoformat()
        response = csv_download(f"{alliance.name} commitments {stamp}.csv")
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        for c in commitments:
            row = [
                c.title,
                c.get_kind_display(),
                c.owner_party.organisation.name,
                c.receiving_party.organisation.name,
                str(c.owner),
                c.due_date.isoformat(),
                selectors.status_label(c.status),
                c.acceptance_criteria,
                timezone.localtime(c.created_at).strftime("%Y-%m-%d"),
            ]
            writer.writerow([csv_cell(v) for v in row])
        return response


# --- The portfolio ------------------------------------------------------------------------------


def _portfolio_listing(request: MemberRequest[User]) -> tuple[PortfolioFilterForm, Any]:
    alliances = selectors.portfolio_alliances(user=request.user)
    form = PortfolioFilterForm(request.GET, alliances=alliances)
    commitments = selectors.portfolio_commitment_list(user=request.user, filters=form.filters())
    return form, commitments


class PortfolioCommitmentListView(ExpectationsView):
    """Every commitment of every alliance the organisation has joined: who owes what, by when."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        form, commitments = _portfolio_listing(request)
        context = {
            "form": form,
            **paginate(request, commitments, PAGE_SIZE),
            "sort": form.filters().sort,
            "filtered": filtered(request, form.fields),
            "summary": selectors.commitment_summary(commitments=commitments),
        }
        return list_page(
            request,
            "expectations/portfolio_commitments.html",
            context,
            results="expectations/_portfolio_commitment_results.html",
            target="portfolio-commitment-results",
        )


class PortfolioCommitmentExportView(ExpectationsView):
    """The organisation-wide commitment list, as filtered, as CSV for the portfolio review."""

    def get(self, request: MemberRequest[User]) -> HttpResponse:
        _, commitments = _portfolio_listing(request)
        today = clock.today()
        response = csv_download(f"Commitments {today}.csv")
        write_portfolio_csv(response, commitments, today)
        return response


class CommitmentCreateView(ExpectationsFormView):
    """Record what one party owes the other."""

    title = "Record a commitment"
    lead = (
        "What one party owes the alliance, by when, and the criteria the party owed "
        "will accept or reject the delivery against. Both parties see it."
    )
    submit = "Record commitment"
    service = staticmethod(services.commitment_create)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.alliance, self.party = joined_alliance(request, pk)
        self.require(
            selectors.can_record(user=request.user, party=self.party, alliance=self.alliance),
            "Only alliance managers can record commitments.",
        )
        self.parties = selectors.commitment_parties(user=request.user, alliance=self.alliance)
        self.cancel_url = reverse("expectations:commitment-list", args=[self.alliance.pk])
        self.about(request, "alliance", self.alliance)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommitmentForm:
        people = _people(request, self.parties)
        if data is not None:
            return CommitmentForm(parties=self.parties, people=people, data=data)
        others = [p for p in self.parties if p.pk != self.party.pk]
        initial = {"owner_party": self.party.pk, "receiving_party": others[0].pk if others else ""}
        return CommitmentForm(parties=self.parties, people=people, initial=initial)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.commitment_data())

    def success_message(self, result: Any) -> str:
        return f"“{result}” recorded."

    def done_url(self, result: Any) -> str:
        return commitment_url(result.pk)


def render_commitment(
    request: MemberRequest[User], commitment: Commitment, **forms: ConcordForm
) -> HttpResponse:
    """The commitment page, with any submitted form that failed shown in place with its errors."""
    for form in forms.values():
        for error in form.non_field_errors():
            messages.error(request, str(error))
    commitment = selectors.commitment_history(user=request.user, commitment=commitment)
    party = selectors.own_party(user=request.user, alliance=commitment.alliance)
    deliveries = list(commitment.deliveries.all())
    disputes = list(commitment.disputes.all())
    context = {
        "alliance": commitment.alliance,
        "commitment": commitment,
        "deliveries": deliveries,
        "latest": deliveries[-1] if deliveries else None,
        "disputes": disputes,
        "open_dispute": next((d for d in disputes if d.is_open), None),
        "can": selectors.commitment_permissions(
            user=request.user, commitment=commitment, party=party
        ),
        "delivery_form": forms.get("delivery_form") or DeliveryForm(),
        "judgement_form": forms.get("judgement_form") or JudgementForm(),
        "waive_form": forms.get("waive_form") or ReasonForm(prefix="waive"),
        "dispute_form": forms.get("dispute_form") or ReasonForm(prefix="dispute"),
        "resolve_form": forms.get("resolve_form") or ResolveForm(),
    }
    return render(request, "expectations/commitment_detail.html", context)


class CommitmentDetailView(ExpectationsView):
    """One commitment: its terms, every delivery and verdict, disputes, and what one can do next."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        return render_commitment(request, selectors.commitment_get(user=request.user, pk=pk))


class CommitmentFormView(ExpectationsFormView):
    """A form on one commitment, for those its permission `right` allows; back to its page."""

    right = ""
    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.commitment = selectors.commitment_get(user=request.user, pk=pk)
        self.alliance = self.commitment.alliance
        party = selectors.own_party(user=request.user, alliance=self.alliance)
        self.can = selectors.commitment_permissions(
            user=request.user, commitment=self.commitment, party=party
        )
        self.require(getattr(self.can, self.right), self.refusal())
        self.cancel_url = commitment_url(self.commitment.pk)
        self.about(request, "commitment", self.commitment)

    def refusal(self) -> str:
        raise NotImplementedError

    def done_url(self, result: Any) -> str:
        return commitment_url(self.commitment.pk, self.anchor)


class CommitmentUpdateView(CommitmentFormView):
    """Edit a commitment's terms."""

    right = "edit"
    lead = "Both parties see every change in the alliance's history."
    submit = "Save changes"
    success = "Commitment updated."
    service = staticmethod(services.commitment_update)

    def refusal(self) -> str:
        return "Only the two parties' alliance managers can edit an open commitment."

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CommitmentEditForm:
        return CommitmentEditForm(
            data,
            people=_people(request, [self.commitment.owner_party]),
            can_move_due_date=self.can.move_due_date,
            initial=commitment_initial(self.commitment),
        )

    def page_context(self) -> dict[str, Any]:
        return {**super().page_context(), "title": f"Edit “{self.commitment}”"}


class CommitmentDeliverView(CommitmentFormView):
    """The owing party delivers (again, after a rejection)."""

    right = "deliver"
    anchor = "deliveries"
    submit = "Deliver"
    service = staticmethod(services.commitment_deliver)

    def refusal(self) -> str:
        return (
            f"Only {self.commitment.owner_party.organisation}, which owes it, can deliver, "
            "and only while it is owed and not in dispute."
        )

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DeliveryForm:
        return DeliveryForm(data)

    def success_message(self, result: Any) -> str:
        owed = self.commitment.receiving_party.organisation
        return f"Delivered. {owed} is asked to accept it."

    def page_context(self) -> dict[str, Any]:
        commitment = self.commitment
        lead = (
            f"{commitment.receiving_party.organisation} will judge it against these "
            f"criteria: {commitment.acceptance_criteria}"
        )
        return {**super().page_context(), "title": f"Deliver “{commitment}”", "lead": lead}


class CommitmentPageFormView(ServiceFormView, ExpectationsView):
    """A form on a commitment's own page (sent, never shown alone): a refusal shows the page
    again with the form and its errors in place; success goes back to the page at `anchor`."""

    http_method_names = ["post"]
    form_name = ""  # the commitment page's name for the form
    anchor = ""

    def about_commitment(self, request: MemberRequest[User], name: str, record: Any) -> None:
        self.commitment = record if isinstance(record, Commitment) else record.commitment
        self.about(request, name, record)

    def done_url(self, result: Any) -> str:
        return commitment_url(self.commitment.pk, self.anchor)

    def show(self, request: MemberRequest[User], form: ConcordForm) -> HttpResponse:
        return render_commitment(request, self.commitment, **{self.form_name: form})


def _delivery_judge(*, accept: bool, **kwargs: Any) -> Any:
    """Accept or reject a delivery, as the party owed decided."""
    return (services.delivery_accept if accept else services.delivery_reject)(**kwargs)


class DeliveryJudgeView(CommitmentPageFormView):
    """The party owed accepts a delivery, or rejects it saying why."""

    form_name = "judgement_form"
    anchor = "deliveries"
    service = staticmethod(_delivery_judge)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about_commitment(request, "delivery", selectors.delivery_get(user=request.user, pk=pk))

    def make_form(self, request: MemberRequest[User], data: Any = None) -> JudgementForm:
        return JudgementForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        self.accept = form.cleaned_data["decision"] == "accept"
        return {"accept": self.accept, "comment": form.cleaned_data["comment"]}

    def success_message(self, result: Any) -> str:
        verdict = "accepted: the commitment is met" if self.accept else "rejected; it is owed again"
        return f"Delivery {verdict}."


class CommitmentReasonView(CommitmentPageFormView):
    """Waive or dispute a commitment, saying why: the page's form of that name."""

    level = messages.INFO

    def load(self, request: MemberRequest[User], pk: int) -> None:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        self.about_commitment(request, "commitment", commitment)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ReasonForm:
        return ReasonForm(data, prefix=self.form_name.removesuffix("_form"))

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"reason": form.cleaned_data["reason"]}


class CommitmentWaiveView(CommitmentReasonView):
    """The party owed waives the commitment, saying why."""

    form_name = "waive_form"
    success = "Commitment waived; it leaves the scorecard."
    service = staticmethod(services.commitment_waive)


class CommitmentDisputeView(CommitmentReasonView):
    """Either party puts the commitment in dispute, with a reason."""

    form_name = "dispute_form"
    anchor = "disputes"
    success = "The commitment is in dispute; both parties are told."
    service = staticmethod(services.commitment_dispute)


class DisputeResolveView(CommitmentPageFormView):
    """Record how a dispute was resolved."""

    form_name = "resolve_form"
    anchor = "disputes"
    success = "Dispute resolved."
    service = staticmethod(services.dispute_resolve)

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.about_commitment(request, "dispute", selectors.dispute_get(user=request.user, pk=pk))

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ResolveForm:
        return ResolveForm(data)


# --- The scorecard -----------------------------------------------------------------------------


def scorecard_charts(card: selectors.Scorecard) -> dict[str, Any]:
    """The quarterly trend of on-time delivery and first-time acceptance, one line per party."""
    with_quarters = [s for s in card.parties if s.quarters]
    if not with_quarters:
        return {}
    labels = [q.label for q in with_quarters[0].quarters]

    def lines(attribute: str) -> list[Series]:
        return [
            Series(
                s.party.organisation.name,
                [getattr(q.rolling, attribute) for q in s.quarters],
            )
            for s in with_quarters
        ]

    return {
        "labels": labels,
        "on_time_chart": trend_chart(
            labels,
            lines("on_time_share"),
            chart_id="on-time-trend",
            title="Delivered on time over the rolling year, by quarter due",
            unit="%",
            fixed_scale=PERCENT,
        ),
        "first_time_chart": trend_chart(
            labels,
            lines("first_time_share"),
            chart_id="first-time-trend",
            title="Accepted first time over the rolling year, by quarter due",
            unit="%",
            fixed_scale=PERCENT,
        ),
    }


class ScorecardView(ExpectationsView):
    """Each party's reliability in the alliance: the same figures on both sides."""

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        alliance, _ = joined_alliance(request, pk)
        card = selectors.scorecard(user=request.user, alliance=alliance)
        context = {"alliance": alliance, "scorecard": card, **scorecard_charts(card)}
        return render(request, "expectations/scorecard.html", context)


# --- The learning plan -------------------------------------------------------------------------


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
