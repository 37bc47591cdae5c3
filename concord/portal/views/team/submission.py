"""One received submission: its page, the review, message, ask and decide forms, its files."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render

from concord.core import clock
from concord.core.pages import MemberRequest, ServiceFormView
from concord.orgs.models import User
from concord.portal import selectors, services
from concord.portal.clock import next_deadline
from concord.portal.forms.deal import DealStepCorrectForm
from concord.portal.forms.team import (
    AskForm,
    CdaSignForm,
    DealStageForm,
    DecideForm,
    MessageForm,
    ReviewForm,
)
from concord.portal.models import (
    CdaSignature,
    Criterion,
    DealStage,
    DeclineReason,
    Review,
    Submission,
)
from concord.portal.views.team.base import (
    PortalTeamView,
    detail_url,
    people,
    received_submission,
    team_permissions,
)


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
    stage_form: DealStageForm | None = None,
    cda_form: CdaSignForm | None = None,
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
        **deal_context(request, submission, can.decide, stage_form, cda_form),
    }
    return render(request, "portal/team/submission_detail.html", context)


def deal_context(
    request: MemberRequest[User],
    submission: Submission,
    deciding: bool,
    stage_form: DealStageForm | None,
    cda_form: CdaSignForm | None,
) -> dict[str, Any]:
    """The path to a deal on the submission's page: stages, the CDA's signatures, next steps."""
    if submission.status not in (Submission.Status.CDA, Submission.Status.TERM_SHEET):
        return {"path": None}
    path = selectors.deal_path(user=request.user, submission=submission)
    upcoming = services.next_stage(submission)
    at_cda = submission.deal_stage == DealStage.CDA_SENT
    ours = path.signed_by(CdaSignature.Side.RECEIVER)
    can_record = deciding and upcoming is not None and upcoming != DealStage.CDA_SIGNED
    return {
        "path": path,
        "upcoming": DealStage(upcoming).label if upcoming else "",
        "cda_ours": ours,
        "cda_theirs": path.signed_by(CdaSignature.Side.SUBMITTER),
        "at_cda": at_cda,
        "stage_form": (
            stage_form
            or DealStageForm(
                initial={"stage": upcoming, "on": clock.today(), "owner": request.user.pk},
                people=people(request.user),
            )
        )
        if can_record
        else None,
        "cda_form": (cda_form or CdaSignForm()) if deciding and at_cda and ours is None else None,
    }


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
    """Decline with reasons and feedback, or advance (optionally proposing an alliance).

    "Start from our templates" posts the ticked reasons back and shows the form again with the
    letter drafted from the organisation's templates, for the reviewer to personalise.
    """

    form_name = "decide_form"
    not_yet = "Not decided yet: see the decision form below."
    service = staticmethod(services.submission_decide)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DecideForm:
        return DecideForm(data, drafter=self.drafter(request))

    def drafter(self, request: MemberRequest[User]) -> Any:
        portal = selectors.own_portal(user=request.user)

        def draft(reasons: list[str]) -> str:
            if portal is None:
                return ""
            return services.decline_draft(
                portal=portal, submission=self.submission, reasons=reasons
            )

        return draft

    def post(self, request: MemberRequest[User], pk: int | None = None) -> HttpResponse:
        if "draft" not in request.POST or pk is None:  # every route to this page names one
            return super().post(request, pk)
        self.load(request, pk)
        reasons = [r for r in request.POST.getlist("reasons") if r in DeclineReason.values]
        letter = self.drafter(request)(reasons)
        if not letter:
            messages.info(request, "Tick the reasons with a template first; then start from them.")
            letter = request.POST.get("feedback", "")
        form = DecideForm(
            initial={"outcome": Submission.Status.DECLINED, "reasons": reasons, "feedback": letter}
        )
        return render_file(request, self.submission, decide_form=form)

    def success_message(self, result: Any) -> str:
        decided = result.submission
        return f"{decided.reference}: {decided.get_status_display()}. The submitter is told."

    def succeeded(self, request: MemberRequest[User], result: Any) -> HttpResponse:
        response = super().succeeded(request, result)
        if result.alliance is None:
            return response
        messages.info(request, f"Proposed alliance “{result.alliance}” created.")
        return redirect("alliances:alliance-detail", pk=result.alliance.pk)


class SubmissionStageView(SubmissionFormView):
    """Record the next stage on the path to a deal, with its date and owner."""

    form_name = "stage_form"
    not_yet = "The stage is not recorded yet: see the path to a deal below."
    anchor = "deal"
    service = staticmethod(services.deal_stage_record)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DealStageForm:
        return DealStageForm(data, people=people(request.user))

    def arguments(self, form: Any) -> dict[str, Any]:
        return form.stage_fields()

    def success_message(self, result: Any) -> str:
        return f"{result.get_stage_display()} recorded; the submitter's status page says so."


class DealStepCorrectView(ServiceFormView, PortalTeamView):
    """Correct the day or the owner of a recorded stage; the audit keeps what it said and why."""

    title = "Correct a stage"
    lead = (
        "A stage keeps its place on the path: its day stays between the stages before and after "
        "it. What it said before and your reason are kept in the audit trail."
    )
    submit = "Save the correction"
    service = staticmethod(services.deal_step_correct)

    def load(self, request: MemberRequest[User], pk: int | None) -> None:
        # Another organisation's stage is a 404 before any question of role.
        step = selectors.received_deal_step(user=request.user, pk=pk or 0)
        self.require_deciding(request, "Only business development and alliance managers do this.")
        self.about(request, "step", step)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> DealStepCorrectForm:
        step = self.subject["step"]
        initial = {"on": step.on, "owner": step.owner_id}
        return DealStepCorrectForm(data, initial=initial, people=people(request.user))

    def arguments(self, form: Any) -> dict[str, Any]:
        return form.correction()

    def success_message(self, result: Any) -> str:
        return f"{result.get_stage_display()} corrected; the audit trail keeps what it said."

    def done_url(self, result: Any) -> str:
        return detail_url(result.submission_id, "deal")

    def page_context(self) -> dict[str, Any]:
        step = self.subject["step"]
        return {
            "title": f"Correct “{step.get_stage_display()}” of {step.submission.reference}",
            "cancel_url": detail_url(step.submission_id, "deal"),
        }


class SubmissionCdaSignView(SubmissionFormView):
    """Sign the CDA for the receiving organisation (the submitter signs for its own side)."""

    form_name = "cda_form"
    not_yet = "The CDA is not signed yet: see the path to a deal below."
    anchor = "deal"
    service = staticmethod(services.cda_sign_for_receiver)

    def make_form(self, request: MemberRequest[User], data: Any = None) -> CdaSignForm:
        return CdaSignForm(data)

    def arguments(self, form: Any) -> dict[str, Any]:
        return dict(form.signature())

    def success_message(self, result: Any) -> str:
        if result.submission.deal_stage == DealStage.CDA_SIGNED:
            return "The CDA is signed by both sides."
        return "You signed the CDA for your side; it is signed once the submitter signs too."


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
