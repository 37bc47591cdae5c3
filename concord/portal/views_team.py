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
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    QueryDict,
)
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.core import clock
from concord.core.pages import (
    MemberRequest,
    ScopedView,
    ServiceFormView,
    list_page,
    paginate,
)
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
    Criterion,
    Portal,
    Review,
    Submission,
)


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

    def require_deciding(self, request: MemberRequest[User], message: str) -> None:
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

    def get(self, request: MemberRequest[User]) -> HttpResponse:
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
        listing = paginate(request, rows, PAGE_SIZE)
        context = {
            "portal": portal,
            "can": can,
            "form": form,
            **listing,
            "filtered": form.is_filtered,
            "hidden_ids": self.hidden_ids(request.user, portal, list(listing["page_obj"])),
            "querystring": request.GET.urlencode(),
            "assign_form": AssignForm(people=reviewers) if can.decide else None,
        }
        return list_page(
            request,
            "portal/team/queue.html",
            context,
            results="portal/team/_queue_results.html",
            target="queue-results",
        )

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

    def post(self, request: MemberRequest[User]) -> HttpResponse:
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
    request: MemberRequest[User],
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

    def get(self, request: MemberRequest[User], pk: int) -> HttpResponse:
        return render_file(request, received_submission(request.user, pk))


class SubmissionFormView(ServiceFormView, PortalTeamView):
    """A form on a submission's page (sent, never shown alone): a refusal shows the page again
    with the form and its errors in place, under `not_yet` if set; success goes to `anchor`."""

    http_method_names = ["post"]
    form_name = ""  # the submission page's name for the form
    not_yet = ""
    anchor = ""

    def load(self, request: MemberRequest[User], pk: int) -> None:
        self.submission = self.about(request, "submission", received_submission(request.user, pk))

    def done_url(self, result: Any) -> str:
        return detail_url(self.submission.pk, self.anchor)

    def show(self, request: MemberRequest[User], form: Any) -> HttpResponse:
        if self.not_yet:
            messages.error(request, self.not_yet)
        return render_file(request, self.submission, **{self.form_name: form})


class SubmissionReviewView(SubmissionFormView):
    """Score the submission on the rubric (BD or R&D track, by the reviewer's role)."""

    form_name = "review_form"
    not_yet = "Your review is not saved yet: see the rubric below."
    anchor = "reviews"
    service = staticmethod(services.review_submit)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> ReviewForm:
        return ReviewForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"scores": form.scores()}

    def success_message(self, result: Any) -> str:
        return (
            f"Your {result.get_track_display()} review is saved: {result.weighted_score} weighted."
        )


class SubmissionMessageView(SubmissionFormView):
    """Write to the submitter, or leave an internal note."""

    form_name = "message_form"
    anchor = "dialogue"
    service = staticmethod(services.message_post)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> MessageForm:
        return MessageForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"body": form.cleaned_data["body"], "internal": form.is_internal}

    def success_message(self, result: Any) -> str:
        if result.is_internal:
            return "Internal note saved; only your team reads it."
        return "Message sent to the submitter."


class SubmissionAskView(SubmissionFormView):
    """Ask the submitter for more information."""

    form_name = "ask_form"
    anchor = "dialogue"
    success = "Question sent. The clocks stand still until the submitter answers."
    service = staticmethod(services.submission_request_info)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AskForm:
        return AskForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"question": form.cleaned_data["question"]}


class SubmissionDecideView(SubmissionFormView):
    """Decline with reasons and feedback, or advance (optionally proposing an alliance)."""

    form_name = "decide_form"
    not_yet = "Not decided yet: see the decision form below."
    service = staticmethod(services.submission_decide)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DecideForm:
        return DecideForm(data)

    def success_message(self, result: Any) -> str:
        decided = result.submission
        return f"{decided.reference}: {decided.get_status_display()}. The submitter is told."

    def succeeded(self, request: MemberRequest[User], result: Any) -> HttpResponse:
        response = super().succeeded(request, result)
        if result.alliance is None:
            return response
        messages.info(request, f"Proposed alliance “{result.alliance}” created.")
        return redirect("alliances:alliance-detail", pk=result.alliance.pk)


class AttachmentView(PortalTeamView):
    """A received submission's PDF, for the receiving team."""

    def get(self, request: MemberRequest[User], pk: int) -> FileResponse:
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

    def get(self, request: MemberRequest[User]) -> HttpResponse:
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


class PortalSettingsView(ServiceFormView, PortalTeamView):
    """Open the portal or change its settings; list its areas of interest."""

    template_name = "portal/team/settings.html"
    service = staticmethod(services.portal_save)

    def load(self, request: MemberRequest[User], pk: None) -> None:
        self.require_deciding(request, SETTINGS_REFUSED)
        self.portal = selectors.own_portal(user=request.user)
        self.areas = list(selectors.area_list(user=request.user)) if self.portal else []
        self.can = team_permissions(request.user)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> PortalSettingsForm:
        if data is not None:
            return PortalSettingsForm(data=data, people=people(request.user))
        initial = portal_initial(self.portal, organisation_of(request.user))
        return PortalSettingsForm(people=people(request.user), initial=initial)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.portal_fields())

    def success_message(self, result: Any) -> str:
        return "Portal settings saved." if self.portal else "Your partnering portal is open."

    def done_url(self, result: Any) -> str:
        return reverse("portal:settings")

    def page_context(self) -> dict[str, Any]:
        return {"portal": self.portal, "areas": self.areas, "can": self.can}


class AreaFormView(ServiceFormView, PortalTeamView):
    """Shared by creating and editing an area of interest."""

    template_name = "portal/team/area_form.html"
    lead = (
        "Published on your public page. Submissions that fall in an area you seek are matched "
        "to it and routed to its reviewers; an area you do not seek tells submitters what to "
        "spare you."
    )
    service = staticmethod(services.area_save)

    def load(self, request: MemberRequest[User], pk: int | None) -> None:
        # Another organisation's area is a 404 before any question of role.
        area = None if pk is None else selectors.area_list(user=request.user).get(pk=pk)
        self.require_deciding(request, SETTINGS_REFUSED)
        self.about(request, "area", area)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> AreaForm:
        if data is not None:
            return AreaForm(data, people=people(request.user))
        area = self.subject["area"]
        return AreaForm(initial=area_initial(area) if area else {}, people=people(request.user))

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.area_fields())

    def success_message(self, result: Any) -> str:
        return f"Area of interest “{result}” saved."

    def done_url(self, result: Any) -> str:
        return reverse("portal:settings") + "#areas"

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("portal:settings") + "#areas"}


class AreaCreateView(AreaFormView):
    title = "New area of interest"
    submit = "Publish area"


class AreaUpdateView(AreaFormView):
    title = "Edit area of interest"
    submit = "Save area"


class InternalProgrammeView(ServiceFormView, PortalTeamView):
    """Put an internal programme on the rubric, so external and internal compare on one scale."""

    template_name = "portal/team/internal_form.html"
    title = "Score an internal programme"
    lead = (
        "Internal programmes go through the same rubric and reviewers as submissions, "
        "so the two compare on one scale. Nobody outside sees them, and they stay out of the "
        "portal's statistics."
    )
    submit = "Put it on the rubric"
    service = staticmethod(services.internal_programme_add)

    def load(self, request: MemberRequest[User], pk: None) -> None:
        self.require_deciding(request, INTERNAL_REFUSED)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> InternalProgrammeForm:
        return InternalProgrammeForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return {"data": form.cleaned_data}

    def success_message(self, result: Any) -> str:
        return f"{result.asset_name} is on the rubric as {result.reference}."

    def done_url(self, result: Any) -> str:
        return reverse("portal:submission-detail", args=[result.pk])

    def page_context(self) -> dict[str, Any]:
        return {"cancel_url": reverse("portal:queue")}


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
