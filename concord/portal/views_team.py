"""The receiving team's portal pages: each view parses input, calls a selector or a service, renders.

Only members of the receiving organisation reach a submission here: one received by another
organisation is a 404, so an outsider cannot even learn that it exists. What a person's role may
do decides which forms the page shows; the services check again on every write.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails

from concord.core import clock
from concord.core.pages import ScopedView, attempt
from concord.core.tenancy import organisation_of
from concord.orgs.models import User
from concord.orgs.selectors import member_list
from concord.portal import charts, selectors, services
from concord.portal.clock import next_deadline
from concord.portal.forms_team import (
    PAGE_SIZE,
    AreaForm,
    AskForm,
    AssignForm,
    DecideForm,
    InternalProgrammeForm,
    MessageForm,
    People,
    PortalSettingsForm,
    QueueFilterForm,
    ReviewForm,
    area_initial,
    portal_initial,
)
from concord.portal.models import (
    AreaOfInterest,
    Criterion,
    Portal,
    Review,
    Submission,
)


class TeamRequest(HttpRequest):
    """A signed-in person's request (the base view requires login), with django-htmx's details."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


@dataclass(frozen=True)
class TeamPermissions:
    """What the person's role lets them do on the portal pages (the services re-check)."""

    review: bool  # score, write to the submitter, leave internal notes
    decide: bool  # assign, ask for information, decide, change the settings


def team_permissions(user: User) -> TeamPermissions:
    """Scientists and sponsors review; BD and alliance managers also decide; viewers only read."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return TeamPermissions(review=False, decide=False)
    return TeamPermissions(
        review=membership.is_admin or membership.role in services.TEAM_ROLES,
        decide=membership.is_admin or membership.role in services.DECIDING_ROLES,
    )


def detail_url(pk: int, anchor: str = "") -> str:
    """A submission's team page, optionally at one of its sections."""
    url = reverse("portal:submission-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


class PortalTeamView(ScopedView):
    """Base for the team's pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = "portal/team/forbidden.html"

    def require_deciding(self, request: TeamRequest, message: str) -> None:
        """Refuse a page only deciding roles could submit (the service re-checks)."""
        if not team_permissions(request.user).decide:
            raise PermissionDenied(message)


def received_submission(user: User, pk: int) -> Submission:
    """A submission the user's organisation received; one it sent, or anyone else's, is 404."""
    return (
        selectors.received_submissions(user=user)
        .select_related("organisation", "alliance")
        .get(pk=pk)
    )


def people(user: User, *, reviewers_only: bool = False) -> People:
    """The user's organisation's active people (those who can review, if asked)."""
    return People.of(member_list(user=user), reviewers_only=reviewers_only)


def reviewed_ids(user: User, submission_ids: list[int]) -> set[int]:
    """Which of these submissions the user has scored (the blind first pass lifts for them)."""
    if not submission_ids:
        return set()
    return set(
        Review.objects.visible_to(user)
        .filter(reviewer=user, submission_id__in=submission_ids)
        .values_list("submission_id", flat=True)
    )


# --- The triage queue --------------------------------------------------------------------------


class QueueView(PortalTeamView):
    """The triage queue: received submissions by deadline, with flags, scores and bulk assignment."""

    def get(self, request: TeamRequest) -> HttpResponse:
        portal = selectors.own_portal(user=request.user)
        can = team_permissions(request.user)
        if portal is None:
            return render(request, "portal/team/queue.html", {"portal": None, "can": can})
        reviewers = people(request.user, reviewers_only=True)
        form = QueueFilterForm(
            request.GET,
            people=reviewers,
            counts=selectors.submission_counts(user=request.user),
        )
        rows = selectors.submission_queue(user=request.user, filters=form.filters())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "portal": portal,
            "can": can,
            "form": form,
            "page_obj": page,
            "filtered": form.is_filtered,
            "hidden_ids": self.hidden_ids(request.user, portal, list(page)),
            "querystring": request.GET.urlencode(),
            "querystring_without_page": query.urlencode(),
            "assign_form": AssignForm(people=reviewers) if can.decide else None,
        }
        template = "portal/team/queue.html"
        if request.htmx and request.htmx.target == "queue-results":
            template = "portal/team/_queue_results.html"
        response = render(request, template, context)
        # The same URL answers with the whole page or only the results: caches must tell them apart.
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        return response

    def hidden_ids(self, user: User, portal: Portal, rows: list[selectors.QueueRow]) -> set[int]:
        """Submissions whose submitter stays hidden from this viewer (blind first pass)."""
        if not portal.blind_first_pass:
            return set()
        undecided = [r.submission.pk for r in rows if not r.submission.is_decided]
        return set(undecided) - reviewed_ids(user, undecided)


def queue_url(querystring: str) -> str:
    """Back to the queue with the filters the person had (re-encoded, so never another site)."""
    query = QueryDict(querystring[:2000]).urlencode()
    return reverse("portal:queue") + (f"?{query}" if query else "")


class AssignView(PortalTeamView):
    """Bulk triage: add reviewers to the submissions ticked in the queue."""

    def post(self, request: TeamRequest) -> HttpResponse:
        back = queue_url(request.POST.get("querystring", ""))
        form = AssignForm(request.POST, people=people(request.user, reviewers_only=True))
        form.is_valid()
        # Scope first: a ticked submission that is not the organisation's is a 404, whatever
        # else is wrong with the form, so the answer never depends on what exists elsewhere.
        ids = set(form.cleaned_data.get("submissions", []))
        submissions = list(selectors.received_submissions(user=request.user).filter(pk__in=ids))
        if len(submissions) != len(ids):
            raise Http404("No such submission.")
        if form.errors:
            for field in form:
                for error in field.errors:
                    messages.error(request, str(error))
            return redirect(back)
        reviewers = form.chosen_reviewers()
        try:
            count = services.submission_assign(
                actor=request.user, submissions=submissions, reviewers=reviewers
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            names = ", ".join(str(r) for r in reviewers)
            messages.success(
                request, f"Assigned {names} to {count} submission{'s' * (count != 1)}."
            )
        return redirect(back)


# --- One submission ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewCard:
    """One reviewer's scores, criterion by criterion, as the page lists them."""

    review: Review
    lines: list[tuple[str, int | None, str]]


@dataclass(frozen=True)
class CriterionComparison:
    """BD's and R&D's average score on one criterion."""

    label: str
    bd: Decimal | None
    rnd: Decimal | None


def review_cards(reviews: list[Review]) -> list[ReviewCard]:
    """Each review's score and comment per criterion, in the rubric's order."""
    return [
        ReviewCard(
            review,
            [
                (
                    label,
                    review.scores.get(c, {}).get("score"),
                    review.scores.get(c, {}).get("comment", ""),
                )
                for c, label in Criterion.choices
            ],
        )
        for review in reviews
    ]


def criterion_comparison(reviews: list[Review]) -> list[CriterionComparison]:
    """Where BD and R&D disagree: the average score per criterion for each track."""
    scores: dict[tuple[str, str], list[int]] = defaultdict(list)
    for review in reviews:
        for criterion, entry in review.scores.items():
            scores[(review.track, criterion)].append(int(entry["score"]))

    def mean(values: list[int]) -> Decimal | None:
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1")) if values else None

    return [
        CriterionComparison(
            label, mean(scores[(Review.Track.BD, c)]), mean(scores[(Review.Track.RND, c)])
        )
        for c, label in Criterion.choices
    ]


def render_file(
    request: TeamRequest,
    submission: Submission,
    *,
    review_form: ReviewForm | None = None,
    message_form: MessageForm | None = None,
    ask_form: AskForm | None = None,
    decide_form: DecideForm | None = None,
) -> HttpResponse:
    """The submission's page, with a submitted form that failed shown in place with its errors."""
    file = selectors.submission_file(user=request.user, submission=submission)
    can = team_permissions(request.user)
    open_ = not submission.is_decided
    reviewed = any(r.reviewer_id == request.user.pk for r in file.reviews)
    review_form = review_form or ReviewForm()
    deadline = next_deadline(submission, file.portal)
    now = clock.now()
    context = {
        "s": submission,
        "file": file,
        "can": can,
        "reviewed": reviewed,
        "deadline": deadline,
        "overdue": deadline is not None and submission.paused_since is None and now > deadline,
        "due_soon": deadline is not None and now <= deadline <= now + selectors.DUE_SOON,
        "attachments": list(submission.attachments.all()),
        "review_cards": review_cards(file.reviews),
        "comparison": criterion_comparison(file.reviews) if file.reviews else [],
        "gap": file.bd_score - file.rnd_score
        if file.bd_score is not None and file.rnd_score is not None
        else None,
        "track": services.review_track(request.user.membership) if can.review else "",
        "rubric": review_form.rubric(file.portal)
        if can.review and open_ and not reviewed
        else None,
        "review_form": review_form,
        "message_form": (message_form or MessageForm()) if can.review else None,
        "ask_form": (ask_form or AskForm()) if can.decide and open_ else None,
        "decide_form": (decide_form or DecideForm()) if can.decide and open_ else None,
        "min_feedback": services.MIN_FEEDBACK_CHARS,
    }
    return render(request, "portal/team/submission_detail.html", context)


class SubmissionDetailView(PortalTeamView):
    """The submission in full: scores, the dialogue with internal notes, and the team's actions."""

    def get(self, request: TeamRequest, pk: int) -> HttpResponse:
        return render_file(request, received_submission(request.user, pk))


class SubmissionReviewView(PortalTeamView):
    """Score the submission on the rubric (BD or R&D track, by the reviewer's role)."""

    def post(self, request: TeamRequest, pk: int) -> HttpResponse:
        submission = received_submission(request.user, pk)
        form = ReviewForm(request.POST)
        if form.is_valid():
            review = attempt(
                form,
                services.review_submit,
                actor=request.user,
                submission=submission,
                scores=form.scores(),
            )
            if review is not None:
                messages.success(
                    request,
                    f"Your {review.get_track_display()} review is saved: {review.weighted_score} "
                    "weighted.",
                )
                return redirect(detail_url(pk, "reviews"))
        messages.error(request, "Your review is not saved yet: see the rubric below.")
        return render_file(request, submission, review_form=form)


class SubmissionMessageView(PortalTeamView):
    """Write to the submitter, or leave an internal note."""

    def post(self, request: TeamRequest, pk: int) -> HttpResponse:
        submission = received_submission(request.user, pk)
        form = MessageForm(request.POST)
        if form.is_valid():
            message = attempt(
                form,
                services.message_post,
                actor=request.user,
                submission=submission,
                body=form.cleaned_data["body"],
                internal=form.is_internal,
            )
            if message is not None:
                note = (
                    "Internal note saved; only your team reads it."
                    if message.is_internal
                    else "Message sent to the submitter."
                )
                messages.success(request, note)
                return redirect(detail_url(pk, "dialogue"))
        return render_file(request, submission, message_form=form)


class SubmissionAskView(PortalTeamView):
    """Ask the submitter for more information."""

    def post(self, request: TeamRequest, pk: int) -> HttpResponse:
        submission = received_submission(request.user, pk)
        form = AskForm(request.POST)
        if form.is_valid():
            asked = attempt(
                form,
                services.submission_request_info,
                actor=request.user,
                submission=submission,
                question=form.cleaned_data["question"],
            )
            if asked is not None:
                messages.success(
                    request, "Question sent. The clocks stand still until the submitter answers."
                )
                return redirect(detail_url(pk, "dialogue"))
        return render_file(request, submission, ask_form=form)


class SubmissionDecideView(PortalTeamView):
    """Decline with reasons and feedback, or advance (optionally proposing an alliance)."""

    def post(self, request: TeamRequest, pk: int) -> HttpResponse:
        submission = received_submission(request.user, pk)
        form = DecideForm(request.POST)
        if form.is_valid():
            decision = attempt(
                form,
                services.submission_decide,
                actor=request.user,
                submission=submission,
                **form.cleaned_data,
            )
            if decision is not None:
                decided = decision.submission
                messages.success(
                    request,
                    f"{decided.reference}: {decided.get_status_display()}. The submitter is told.",
                )
                if decision.alliance is not None:
                    messages.info(request, f"Proposed alliance “{decision.alliance}” created.")
                    return redirect("alliances:alliance-detail", pk=decision.alliance.pk)
                return redirect(detail_url(pk))
        messages.error(request, "Not decided yet: see the decision form below.")
        return render_file(request, submission, decide_form=form)


class AttachmentView(PortalTeamView):
    """A received submission's PDF, for the receiving team."""

    def get(self, request: TeamRequest, pk: int) -> FileResponse:
        attachment = selectors.received_attachment(user=request.user, pk=pk)
        # Downloaded, never shown inline: the file came from an anonymous stranger.
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/pdf",
        )


# --- Statistics --------------------------------------------------------------------------------


def month_range(first: str, last: str) -> list[str]:
    """Every 'YYYY-MM' month from the first to the last, inclusive."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


class StatisticsView(PortalTeamView):
    """How the portal keeps its promises: volumes, service levels, reasons and the BD–R&D gap."""

    def get(self, request: TeamRequest) -> HttpResponse:
        portal = selectors.own_portal(user=request.user)
        can = team_permissions(request.user)
        if portal is None:
            return render(request, "portal/team/statistics.html", {"portal": None, "can": can})
        stats = selectors.portal_statistics(portal)
        # Months without submissions count zero; months without a gap leave a break in the line.
        span = month_range(stats.months[0][0], stats.months[-1][0]) if stats.months else []
        counts, gaps = dict(stats.months), dict(stats.gap_by_month)
        months = [(m, counts.get(m, 0)) for m in span]
        context = {
            "portal": portal,
            "can": can,
            "stats": stats,
            "months": months,
            "months_chart": charts.column_chart(
                months, chart_id="chart-months", title="Submissions per month"
            ),
            "reasons_chart": charts.bar_chart(
                stats.decline_reasons, chart_id="chart-reasons", title="Decline reasons"
            ),
            "gap_month_chart": charts.line_chart(
                [(m, gaps.get(m)) for m in span],
                chart_id="chart-gap-month",
                title="BD minus R&D average score, by month of submission",
            ),
            "gap_area_chart": charts.bar_chart(
                stats.gap_by_area,
                chart_id="chart-gap-area",
                title="BD minus R&D average score, by therapeutic area",
            ),
        }
        return render(request, "portal/team/statistics.html", context)


# --- Settings and areas of interest ------------------------------------------------------------

SETTINGS_REFUSED = "Only business development, alliance managers and admins change the portal."


class PortalSettingsView(PortalTeamView):
    """Open the portal or change its settings; list its areas of interest."""

    def get(self, request: TeamRequest) -> HttpResponse:
        self.require_deciding(request, SETTINGS_REFUSED)
        portal = selectors.own_portal(user=request.user)
        initial = portal_initial(portal, organisation_of(request.user))
        return self.show(request, portal, self.form(request, initial=initial))

    def post(self, request: TeamRequest) -> HttpResponse:
        self.require_deciding(request, SETTINGS_REFUSED)
        portal = selectors.own_portal(user=request.user)
        form = self.form(request, data=request.POST)
        if form.is_valid():
            saved = attempt(form, services.portal_save, actor=request.user, **form.portal_fields())
            if saved is not None:
                messages.success(
                    request,
                    "Portal settings saved." if portal else "Your partnering portal is open.",
                )
                return redirect("portal:settings")
        return self.show(request, portal, form)

    def form(self, request: TeamRequest, **kwargs: Any) -> PortalSettingsForm:
        return PortalSettingsForm(people=people(request.user), **kwargs)

    def show(
        self, request: TeamRequest, portal: Portal | None, form: PortalSettingsForm
    ) -> HttpResponse:
        areas = list(selectors.area_list(user=request.user)) if portal else []
        return render(
            request,
            "portal/team/settings.html",
            {"portal": portal, "form": form, "areas": areas, "can": team_permissions(request.user)},
        )


class AreaFormView(PortalTeamView):
    """Shared by creating and editing an area of interest."""

    title = ""
    submit = ""

    def area(self, request: TeamRequest, pk: int | None) -> AreaOfInterest | None:
        # Another organisation's area is a 404 before any question of role.
        area = None if pk is None else selectors.area_list(user=request.user).get(pk=pk)
        self.require_deciding(request, SETTINGS_REFUSED)
        return area

    def get(self, request: TeamRequest, pk: int | None = None) -> HttpResponse:
        area = self.area(request, pk)
        initial = area_initial(area) if area else {}
        return self.show(request, AreaForm(initial=initial, people=people(request.user)))

    def post(self, request: TeamRequest, pk: int | None = None) -> HttpResponse:
        area = self.area(request, pk)
        form = AreaForm(request.POST, people=people(request.user))
        if form.is_valid():
            saved = attempt(
                form, services.area_save, actor=request.user, area=area, **form.area_fields()
            )
            if saved is not None:
                messages.success(request, f"Area of interest “{saved}” saved.")
                return redirect(reverse("portal:settings") + "#areas")
        return self.show(request, form)

    def show(self, request: TeamRequest, form: AreaForm) -> HttpResponse:
        context = {"form": form, "title": self.title, "submit": self.submit}
        return render(request, "portal/team/area_form.html", context)


class AreaCreateView(AreaFormView):
    title = "New area of interest"
    submit = "Publish area"


class AreaUpdateView(AreaFormView):
    title = "Edit area of interest"
    submit = "Save area"


class InternalProgrammeView(PortalTeamView):
    """Put an internal programme on the rubric, so external and internal compare on one scale."""

    def get(self, request: TeamRequest) -> HttpResponse:
        self.require_deciding(request, INTERNAL_REFUSED)
        return self.show(request, InternalProgrammeForm())

    def post(self, request: TeamRequest) -> HttpResponse:
        self.require_deciding(request, INTERNAL_REFUSED)
        form = InternalProgrammeForm(request.POST)
        if form.is_valid():
            programme = attempt(
                form, services.internal_programme_add, actor=request.user, data=form.cleaned_data
            )
            if programme is not None:
                messages.success(
                    request, f"{programme.asset_name} is on the rubric as {programme.reference}."
                )
                return redirect("portal:submission-detail", pk=programme.pk)
        return self.show(request, form)

    def show(self, request: TeamRequest, form: InternalProgrammeForm) -> HttpResponse:
        context = {
            "form": form,
            "title": "Score an internal programme",
            "lead": "Internal programmes go through the same rubric and reviewers as submissions, "
            "so the two compare on one scale. Nobody outside sees them, and they stay out of the "
            "portal's statistics.",
            "submit": "Put it on the rubric",
            "cancel_url": reverse("portal:queue"),
        }
        return render(request, "portal/team/internal_form.html", context)


INTERNAL_REFUSED = "Only business development, alliance managers and admins add programmes."


# The URL names in urls.py point at these.
queue = QueueView.as_view()
assign = AssignView.as_view()
submission_detail = SubmissionDetailView.as_view()
review = SubmissionReviewView.as_view()
message = SubmissionMessageView.as_view()
request_info = SubmissionAskView.as_view()
decide = SubmissionDecideView.as_view()
attachment = AttachmentView.as_view()
statistics = StatisticsView.as_view()
portal_settings = PortalSettingsView.as_view()
area_create = AreaCreateView.as_view()
area_update = AreaUpdateView.as_view()
internal_create = InternalProgrammeView.as_view()
