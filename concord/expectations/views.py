"""Expectations pages: each view parses input, calls a selector or a service, and renders."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.exports import csv_cell
from concord.core.forms import ConcordForm
from concord.core.pages import ScopedView, attempt
from concord.expectations import selectors, services
from concord.expectations.charts import PERCENT, Series, trend_chart
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


class MemberRequest(HttpRequest):
    """A signed-in person's request, with django-htmx's details."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


def commitment_url(pk: int, anchor: str = "") -> str:
    url = reverse("expectations:commitment-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


def joined_alliance(request: MemberRequest, pk: int) -> tuple[Alliance, Party]:
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


def _people(request: MemberRequest, parties: list[Party]) -> list[User]:
    people: dict[int, User] = {}
    for party in parties:
        for person in selectors.owner_candidates(user=request.user, party=party):
            people[person.pk] = person
    return list(people.values())


def form_page(request: MemberRequest, form: ConcordForm, **context: Any) -> HttpResponse:
    """A page holding one form (the alliances' form page, with this section's breadcrumbs)."""
    return render(request, "alliances/form_page.html", {"form": form, **context})


# --- Commitments -------------------------------------------------------------------------------


def _listing(
    request: MemberRequest, alliance: Alliance
) -> tuple[CommitmentFilterForm, Any, list[Party]]:
    parties = selectors.commitment_parties(user=request.user, alliance=alliance)
    form = CommitmentFilterForm(request.GET, parties=parties)
    commitments = selectors.commitment_list(
        user=request.user, alliance=alliance, filters=form.filters()
    )
    return form, commitments, parties


class CommitmentListView(ExpectationsView):
    """What each party owes the alliance, searchable, filterable and sortable, with both records."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        form, commitments, _ = _listing(request, alliance)
        page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "alliance": alliance,
            "form": form,
            "page_obj": page,
            "sort": form.filters().sort,
            "filtered": any(request.GET.get(k) for k in form.fields if k != "sort"),
            "querystring_without_page": query.urlencode(),
            "scorecard": selectors.scorecard(user=request.user, alliance=alliance),
            "can_record": selectors.can_record(user=request.user, party=party, alliance=alliance),
        }
        template = "expectations/commitment_list.html"
        if request.htmx and request.htmx.target == "commitment-results":
            template = "expectations/_commitment_results.html"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response


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

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, _ = joined_alliance(request, pk)
        _, commitments, _ = _listing(request, alliance)
        stamp = clock.today().isoformat()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="commitments-{alliance.pk}-{stamp}.csv"'
        )
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


def _portfolio_listing(request: MemberRequest) -> tuple[PortfolioFilterForm, Any]:
    alliances = selectors.portfolio_alliances(user=request.user)
    form = PortfolioFilterForm(request.GET, alliances=alliances)
    commitments = selectors.portfolio_commitment_list(user=request.user, filters=form.filters())
    return form, commitments


class PortfolioCommitmentListView(ExpectationsView):
    """Every commitment of every alliance the organisation has joined: who owes what, by when."""

    def get(self, request: MemberRequest) -> HttpResponse:
        form, commitments = _portfolio_listing(request)
        page = Paginator(commitments, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page_obj": page,
            "sort": form.filters().sort,
            "filtered": any(request.GET.get(k) for k in form.fields if k != "sort"),
            "querystring_without_page": query.urlencode(),
            "summary": selectors.commitment_summary(commitments=commitments),
        }
        template = "expectations/portfolio_commitments.html"
        if request.htmx and request.htmx.target == "portfolio-commitment-results":
            template = "expectations/_portfolio_commitment_results.html"
        response = render(request, template, context)
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response


class PortfolioCommitmentExportView(ExpectationsView):
    """The organisation-wide commitment list, as filtered, as CSV for the portfolio review."""

    def get(self, request: MemberRequest) -> HttpResponse:
        _, commitments = _portfolio_listing(request)
        today = clock.today()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="commitments-{today}.csv"'
        write_portfolio_csv(response, commitments, today)
        return response


class CommitmentCreateView(ExpectationsView):
    """Record what one party owes the other."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, party, parties = self.allowed(request, pk)
        others = [p for p in parties if p.pk != party.pk]
        initial = {"owner_party": party.pk, "receiving_party": others[0].pk if others else ""}
        return self.show(request, alliance, self.form(request, parties, initial=initial))

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, _, parties = self.allowed(request, pk)
        form = self.form(request, parties, data=request.POST)
        if form.is_valid():
            commitment = attempt(
                form,
                services.commitment_create,
                actor=request.user,
                alliance=alliance,
                **form.commitment_data(),
            )
            if commitment is not None:
                messages.success(request, f"“{commitment}” recorded.")
                return redirect(commitment_url(commitment.pk))
        return self.show(request, alliance, form)

    def allowed(self, request: MemberRequest, pk: int) -> tuple[Alliance, Party, list[Party]]:
        alliance, party = joined_alliance(request, pk)
        self.require(
            selectors.can_record(user=request.user, party=party, alliance=alliance),
            "Only alliance managers can record commitments.",
        )
        return alliance, party, selectors.commitment_parties(user=request.user, alliance=alliance)

    def form(self, request: MemberRequest, parties: list[Party], **kwargs: Any) -> CommitmentForm:
        return CommitmentForm(parties=parties, people=_people(request, parties), **kwargs)

    def show(
        self, request: MemberRequest, alliance: Alliance, form: CommitmentForm
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Record a commitment",
            lead="What one party owes the alliance, by when, and the criteria the party owed "
            "will accept or reject the delivery against. Both parties see it.",
            submit="Record commitment",
            cancel_url=reverse("expectations:commitment-list", args=[alliance.pk]),
        )


def render_commitment(
    request: MemberRequest, commitment: Commitment, **forms: ConcordForm
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

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        return render_commitment(request, selectors.commitment_get(user=request.user, pk=pk))


class CommitmentUpdateView(ExpectationsView):
    """Edit a commitment's terms."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        commitment, can = self.allowed(request, pk)
        form = self.form(request, commitment, can, initial=commitment_initial(commitment))
        return self.show(request, commitment, form)

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        commitment, can = self.allowed(request, pk)
        form = self.form(
            request, commitment, can, data=request.POST, initial=commitment_initial(commitment)
        )
        if form.is_valid():
            saved = attempt(
                form,
                services.commitment_update,
                actor=request.user,
                commitment=commitment,
                **form.cleaned_data,
            )
            if saved is not None:
                messages.success(request, "Commitment updated.")
                return redirect(commitment_url(commitment.pk))
        return self.show(request, commitment, form)

    def allowed(self, request: MemberRequest, pk: int) -> tuple[Commitment, Any]:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        party = selectors.own_party(user=request.user, alliance=commitment.alliance)
        can = selectors.commitment_permissions(
            user=request.user, commitment=commitment, party=party
        )
        self.require(
            can.edit, "Only the two parties' alliance managers can edit an open commitment."
        )
        return commitment, can

    def form(
        self, request: MemberRequest, commitment: Commitment, can: Any, **kwargs: Any
    ) -> CommitmentEditForm:
        people = _people(request, [commitment.owner_party])
        return CommitmentEditForm(people=people, can_move_due_date=can.move_due_date, **kwargs)

    def show(
        self, request: MemberRequest, commitment: Commitment, form: CommitmentEditForm
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=commitment.alliance,
            title=f"Edit “{commitment}”",
            lead="Both parties see every change in the alliance's history.",
            submit="Save changes",
            cancel_url=commitment_url(commitment.pk),
        )


class CommitmentDeliverView(ExpectationsView):
    """The owing party delivers (again, after a rejection)."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        commitment = self.allowed(request, pk)
        return self.show(request, commitment, DeliveryForm())

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        commitment = self.allowed(request, pk)
        form = DeliveryForm(request.POST)
        if form.is_valid():
            delivery = attempt(
                form,
                services.commitment_deliver,
                actor=request.user,
                commitment=commitment,
                **form.cleaned_data,
            )
            if delivery is not None:
                messages.success(
                    request,
                    f"Delivered. {commitment.receiving_party.organisation} is asked to accept it.",
                )
                return redirect(commitment_url(commitment.pk, "deliveries"))
        return self.show(request, commitment, form)

    def allowed(self, request: MemberRequest, pk: int) -> Commitment:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        party = selectors.own_party(user=request.user, alliance=commitment.alliance)
        can = selectors.commitment_permissions(
            user=request.user, commitment=commitment, party=party
        )
        self.require(
            can.deliver,
            f"Only {commitment.owner_party.organisation}, which owes it, can deliver, "
            "and only while it is owed and not in dispute.",
        )
        return commitment

    def show(
        self, request: MemberRequest, commitment: Commitment, form: DeliveryForm
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=commitment.alliance,
            title=f"Deliver “{commitment}”",
            lead=f"{commitment.receiving_party.organisation} will judge it against these "
            f"criteria: {commitment.acceptance_criteria}",
            submit="Deliver",
            cancel_url=commitment_url(commitment.pk),
        )


class DeliveryJudgeView(ExpectationsView):
    """The party owed accepts a delivery, or rejects it saying why."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        delivery = selectors.delivery_get(user=request.user, pk=pk)
        form = JudgementForm(request.POST)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            service = services.delivery_accept if accept else services.delivery_reject
            judged = attempt(
                form,
                service,
                actor=request.user,
                delivery=delivery,
                comment=form.cleaned_data["comment"],
            )
            if judged is not None:
                verdict = (
                    "accepted: the commitment is met" if accept else "rejected; it is owed again"
                )
                messages.success(request, f"Delivery {verdict}.")
                return redirect(commitment_url(delivery.commitment_id, "deliveries"))
        return render_commitment(request, delivery.commitment, judgement_form=form)


class CommitmentWaiveView(ExpectationsView):
    """The party owed waives the commitment, saying why."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        form = ReasonForm(request.POST, prefix="waive")
        if form.is_valid():
            done = attempt(
                form,
                services.commitment_waive,
                actor=request.user,
                commitment=commitment,
                reason=form.cleaned_data["reason"],
            )
            if done is not None:
                messages.info(request, "Commitment waived; it leaves the scorecard.")
                return redirect(commitment_url(commitment.pk))
        return render_commitment(request, commitment, waive_form=form)


class CommitmentDisputeView(ExpectationsView):
    """Either party puts the commitment in dispute, with a reason."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
        form = ReasonForm(request.POST, prefix="dispute")
        if form.is_valid():
            dispute = attempt(
                form,
                services.commitment_dispute,
                actor=request.user,
                commitment=commitment,
                reason=form.cleaned_data["reason"],
            )
            if dispute is not None:
                messages.info(request, "The commitment is in dispute; both parties are told.")
                return redirect(commitment_url(commitment.pk, "disputes"))
        return render_commitment(request, commitment, dispute_form=form)


class DisputeResolveView(ExpectationsView):
    """Record how a dispute was resolved."""

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        dispute = selectors.dispute_get(user=request.user, pk=pk)
        form = ResolveForm(request.POST)
        if form.is_valid():
            resolved = attempt(
                form,
                services.dispute_resolve,
                actor=request.user,
                dispute=dispute,
                **form.cleaned_data,
            )
            if resolved is not None:
                messages.success(request, "Dispute resolved.")
                return redirect(commitment_url(dispute.commitment_id, "disputes"))
        return render_commitment(request, dispute.commitment, resolve_form=form)


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

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, _ = joined_alliance(request, pk)
        card = selectors.scorecard(user=request.user, alliance=alliance)
        context = {"alliance": alliance, "scorecard": card, **scorecard_charts(card)}
        return render(request, "expectations/scorecard.html", context)


# --- The learning plan -------------------------------------------------------------------------


def objective_url(pk: int) -> str:
    return reverse("expectations:objective-detail", args=[pk])


class LearningPlanView(ExpectationsView):
    """The alliance's learning objectives, each with its latest measure against its target."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, party = joined_alliance(request, pk)
        summary = selectors.learning_summary(user=request.user, alliance=alliance)
        context = {
            "alliance": alliance,
            "summary": summary,
            "can_add": selectors.can_record(user=request.user, party=party, alliance=alliance),
        }
        return render(request, "expectations/learning_plan.html", context)


class ObjectiveCreateView(ExpectationsView):
    """Add a learning objective."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, parties = self.allowed(request, pk)
        initial = {"owner": request.user.pk}
        return self.show(
            request, alliance, ObjectiveForm(people=_people(request, parties), initial=initial)
        )

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        alliance, parties = self.allowed(request, pk)
        form = ObjectiveForm(request.POST, people=_people(request, parties))
        if form.is_valid():
            objective = attempt(
                form,
                services.objective_create,
                actor=request.user,
                alliance=alliance,
                **form.cleaned_data,
            )
            if objective is not None:
                messages.success(request, f"Learning objective “{objective}” added.")
                return redirect(objective_url(objective.pk))
        return self.show(request, alliance, form)

    def allowed(self, request: MemberRequest, pk: int) -> tuple[Alliance, list[Party]]:
        alliance, party = joined_alliance(request, pk)
        self.require(
            selectors.can_record(user=request.user, party=party, alliance=alliance),
            "Only alliance managers can add learning objectives.",
        )
        return alliance, selectors.commitment_parties(user=request.user, alliance=alliance)

    def show(self, request: MemberRequest, alliance: Alliance, form: ObjectiveForm) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=alliance,
            title="Add a learning objective",
            lead="What isn't measured won't happen: say how progress is measured, and every "
            "review records a value.",
            submit="Add objective",
            cancel_url=reverse("expectations:learning-plan", args=[alliance.pk]),
        )


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

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        objective = selectors.objective_get(user=request.user, pk=pk)
        return self.show(request, objective, ReviewForm())

    def show(
        self, request: MemberRequest, objective: LearningObjective, form: ReviewForm
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

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
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

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        return redirect(objective_url(pk))


class ObjectiveUpdateView(ExpectationsView):
    """Revise a learning objective, or mark it achieved or dropped."""

    def get(self, request: MemberRequest, pk: int) -> HttpResponse:
        objective, people = self.allowed(request, pk)
        form = ObjectiveEditForm(people=people, initial=objective_initial(objective))
        return self.show(request, objective, form)

    def post(self, request: MemberRequest, pk: int) -> HttpResponse:
        objective, people = self.allowed(request, pk)
        form = ObjectiveEditForm(request.POST, people=people)
        if form.is_valid():
            saved = attempt(
                form,
                services.objective_update,
                actor=request.user,
                objective=objective,
                **form.cleaned_data,
            )
            if saved is not None:
                messages.success(request, "Learning objective updated.")
                return redirect(objective_url(objective.pk))
        return self.show(request, objective, form)

    def allowed(self, request: MemberRequest, pk: int) -> tuple[LearningObjective, list[User]]:
        objective = selectors.objective_get(user=request.user, pk=pk)
        party = selectors.own_party(user=request.user, alliance=objective.alliance)
        self.require(
            selectors.can_record(user=request.user, party=party, alliance=objective.alliance),
            "Only alliance managers can change learning objectives.",
        )
        parties = selectors.commitment_parties(user=request.user, alliance=objective.alliance)
        return objective, _people(request, parties)

    def show(
        self, request: MemberRequest, objective: LearningObjective, form: ObjectiveEditForm
    ) -> HttpResponse:
        return form_page(
            request,
            form,
            alliance=objective.alliance,
            title=f"Edit “{objective}”",
            lead="Reviews already recorded stay as they were.",
            submit="Save objective",
            cancel_url=objective_url(objective.pk),
        )
