"""Public partnering pages: a portal's page, the submission form, the private status page and the
sent submissions of an account. Each view parses input, calls a selector or a service, and renders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import TextChoices
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from concord.core.middleware import client_ip
from concord.core.pages import attempt
from concord.core.tenancy import organisation_of
from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea
from concord.orgs.models import User
from concord.portal import selectors, services
from concord.portal.clock import decision_due, first_response_due
from concord.portal.forms.public import CdaSubmitterForm, ReplyForm, SubmissionForm
from concord.portal.models import (
    AreaOfInterest,
    Attachment,
    DealStage,
    Message,
    PartnerRequest,
    Portal,
    Submission,
)

AREA_DIMENSIONS: list[tuple[str, str, type[TextChoices]]] = [
    ("therapeutic_areas", "Therapeutic areas", TherapeuticArea),
    ("modalities", "Modalities", Modality),
    ("stages", "Development stages", Stage),
    ("deal_types", "Deal types", DealType),
]


def _portal_or_404(slug: str) -> Portal:
    portal = selectors.portal_for_slug(slug)
    if portal is None:
        raise Http404("No such partnering portal.")
    return portal


def _submission_or_404(token: str) -> Submission:
    # The same 404 for a mistyped and a revoked link: the token is the only credential.
    submission = selectors.submission_for_token(token)
    if submission is None:
        raise Http404("No such submission.")
    return submission


def _portal_of(submission: Submission) -> Portal | None:
    try:
        return submission.organisation.portal
    except ObjectDoesNotExist:
        return None


# --- The portal's public page ------------------------------------------------------------------


@dataclass
class AreaSummary:
    """One area of interest as a visitor reads it: readable labels, not codes."""

    title: str
    description: str
    dimensions: list[tuple[str, list[str]]]

    @classmethod
    def of(cls, area: AreaOfInterest) -> AreaSummary:
        dimensions = []
        for name, label, choices in AREA_DIMENSIONS:
            values = [choices(v).label for v in getattr(area, name) if v in choices.values]
            if values:
                dimensions.append((label, values))
        return cls(area.title, area.description, dimensions)


class PortalPublicView(View):
    """An organisation's partnering page at its stable URL: what it seeks, and how fast it answers."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        portal = _portal_or_404(slug)
        areas = list(portal.areas.all())
        context = {
            "portal": portal,
            "seek": [AreaSummary.of(a) for a in areas if a.kind == AreaOfInterest.Kind.SEEK],
            "avoid": [AreaSummary.of(a) for a in areas if a.kind == AreaOfInterest.Kind.AVOID],
            "statistics": (
                selectors.portal_statistics(portal) if portal.publish_statistics else None
            ),
            "requests": selectors.public_partner_requests(portal),
        }
        return render(request, "portal/public/portal_page.html", context)


def _request_or_404(portal: Portal, pk: int) -> PartnerRequest:
    found = selectors.public_partner_request(portal, pk)
    if found is None:
        raise Http404("No such request for partners.")
    return found


class PartnerRequestPublicView(View):
    """One request for partners: what is sought, by when, how many answered, when it is decided."""

    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:
        portal = _portal_or_404(slug)
        context = {"portal": portal, "partner_request": _request_or_404(portal, pk)}
        return render(request, "portal/public/request.html", context)


# --- Submitting --------------------------------------------------------------------------------


def _account_initial(user: Any) -> dict[str, str]:
    """A signed-in submitter starts from their own name, email and organisation."""
    organisation = organisation_of(user)
    if organisation is None:
        return {}
    return {
        "contact_name": user.get_full_name(),
        "contact_email": user.email,
        "submitter_organisation_name": organisation.name,
    }


class SubmissionCreateView(View):
    """The one anonymous door into Concord: submit an opportunity, with or without an account."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        portal = _portal_or_404(slug)
        return self.show(request, portal, SubmissionForm(initial=_account_initial(request.user)))

    partner_request: PartnerRequest | None = None

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        portal = _portal_or_404(slug)
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_spam():
            # Look like success so the bot moves on; nothing is saved and nobody is emailed.
            return render(request, "portal/public/thanks.html", {"portal": portal})
        if portal.is_open and form.is_valid():
            issued = attempt(
                form,
                services.submission_create,
                portal=portal,
                data=form.submission_data(),
                attachments=form.cleaned_data["attachments"],
                submitter=request.user if request.user.is_authenticated else None,
                ip=client_ip(request),
                partner_request=self.partner_request,
            )
            if issued is not None:
                submission = issued.submission
                messages.success(
                    request,
                    f"Your reference is {submission.reference}. We emailed it to "
                    f"{submission.contact_email} with this page's link: keep the link private, "
                    "as anyone who has it can read and answer the dialogue.",
                )
                return redirect("portal:submission-status", token=issued.token)
        return self.show(request, portal, form)

    def show(self, request: HttpRequest, portal: Portal, form: SubmissionForm) -> HttpResponse:
        context = {"portal": portal, "form": form, "partner_request": self.partner_request}
        return render(request, "portal/public/submit.html", context)


class PartnerRequestRespondView(SubmissionCreateView):
    """Answer a request for partners: a submission like any other, linked to the request."""

    def get(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:  # type: ignore[override]
        self.partner_request = _request_or_404(_portal_or_404(slug), pk)
        initial = {
            "therapeutic_area": self.partner_request.therapeutic_area,
            "modality": self.partner_request.modality,
            **_account_initial(request.user),
        }
        return self.show(request, _portal_or_404(slug), SubmissionForm(initial=initial))

    def post(self, request: HttpRequest, slug: str, pk: int) -> HttpResponse:  # type: ignore[override]
        self.partner_request = _request_or_404(_portal_or_404(slug), pk)
        return super().post(request, slug)


# --- Following a submission --------------------------------------------------------------------


@dataclass
class Step:
    """One stage of a submission's way to a decision."""

    label: str
    state: str  # "done", "current" or "todo"
    when: datetime.datetime | None = None


@dataclass
class StatusCard:
    """What a submitter may read about their submission: never internal notes or scores."""

    submission: Submission
    portal: Portal | None
    first_response_due: datetime.datetime | None
    decision_due: datetime.datetime | None
    messages: list[Message]
    attachments: list[Attachment]
    steps: list[Step] = field(default_factory=list)
    path: selectors.DealPath | None = None

    @property
    def cda_signed_by_submitter(self) -> bool:
        return self.path is not None and self.path.signed_by("submitter") is not None

    @property
    def cda_open(self) -> bool:
        """The CDA is sent and waits for the submitter's own signature."""
        return self.submission.deal_stage == DealStage.CDA_SENT and not self.cda_signed_by_submitter


def _steps(submission: Submission, path: selectors.DealPath | None = None) -> list[Step]:
    status, Status = submission.status, Submission.Status
    reviewing = status in (Status.UNDER_REVIEW, Status.INFO_REQUESTED)
    review_label = (
        Status.INFO_REQUESTED.label if status == Status.INFO_REQUESTED else "Under review"
    )
    advanced = path is not None and status in (Status.CDA, Status.TERM_SHEET)
    steps = [
        Step(
            "Received", "current" if status == Status.RECEIVED else "done", submission.submitted_at
        ),
        Step(
            review_label,
            "current" if reviewing else "done" if submission.is_decided else "todo",
        ),
        Step(
            "Advanced"
            if advanced
            else submission.get_status_display()
            if submission.is_decided
            else "Decision",
            "done" if advanced else "current" if submission.is_decided else "todo",
            submission.decided_at,
        ),
    ]
    if advanced and path is not None:
        steps += _deal_steps(submission, path)
    return steps


def _deal_steps(submission: Submission, path: selectors.DealPath) -> list[Step]:
    """The path to a deal: each stage reached with its day, the current one marked."""
    reached = {step.stage: step.on for step in path.steps}
    steps = []
    for stage in DealStage:
        state = (
            "current" if stage == submission.deal_stage else "done" if stage in reached else "todo"
        )
        on = reached.get(stage)
        when = datetime.datetime.combine(on, datetime.time(12)) if on else None
        steps.append(Step(stage.label, state, when))
    return steps


def status_card(submission: Submission) -> StatusCard:
    """The submitter's view of one submission: stage, service-level dates, dialogue, files."""
    portal = _portal_of(submission)
    path = selectors.public_deal_path(submission) if submission.deal_stage else None
    return StatusCard(
        submission=submission,
        portal=portal,
        first_response_due=first_response_due(submission, portal) if portal else None,
        decision_due=decision_due(submission, portal) if portal else None,
        messages=selectors.public_messages(submission),
        attachments=list(submission.attachments.all()),
        steps=_steps(submission, path),
        path=path,
    )


def _submitter_account(user: Any, submission: Submission) -> User | None:
    # Sign a reply with the account only when it belongs to the submitting organisation;
    # anyone else holding the link writes as the submission's contact.
    organisation = organisation_of(user)
    if organisation is not None and organisation.pk == submission.submitter_organisation_id:
        return user  # type: ignore[no-any-return]
    return None


@method_decorator(never_cache, name="dispatch")
class SubmissionStatusView(View):
    """The private status page: anyone holding the link reads the stage and answers the team."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        submission = _submission_or_404(token)
        return self.show(request, token, submission, ReplyForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        submission = _submission_or_404(token)
        form = ReplyForm(request.POST)
        if form.is_valid():
            reply = attempt(
                form,
                services.submitter_reply,
                submission=submission,
                body=form.cleaned_data["body"],
                actor=_submitter_account(request.user, submission),
            )
            if reply is not None:
                messages.success(request, "Your reply was sent to the team.")
                return redirect("portal:submission-status", token=token)
        if submission.is_decided and form.errors:
            # The reply form is no longer on the page: say why it was refused.
            messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return self.show(request, token, submission, form)

    def show(
        self,
        request: HttpRequest,
        token: str,
        submission: Submission,
        form: ReplyForm,
        cda_form: CdaSubmitterForm | None = None,
    ) -> HttpResponse:
        context = {
            "card": status_card(submission),
            "token": token,
            "form": form,
            "cda_form": cda_form or CdaSubmitterForm(),
        }
        return render(request, "portal/public/status.html", context)


@method_decorator(never_cache, name="dispatch")
class StatusCdaSignView(SubmissionStatusView):
    """The submitter signs the CDA for its side, through its status link (or its account)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return redirect("portal:submission-status", token=token)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        submission = _submission_or_404(token)
        form = CdaSubmitterForm(request.POST)
        if form.is_valid():
            signed = attempt(
                form,
                services.cda_sign_for_submitter,
                submission=submission,
                printed_name=form.cleaned_data["printed_name"],
                authorised=form.cleaned_data["authorised"],
                actor=request.user,
            )
            if signed is not None:
                messages.success(request, "You signed the CDA for your side.")
                return redirect("portal:submission-status", token=token)
        if form.errors.get("cda"):
            messages.error(request, " ".join(map(str, form.errors["cda"])))
        return self.show(request, token, submission, ReplyForm(), form)


@method_decorator(never_cache, name="dispatch")
class StatusAttachmentView(View):
    """Download one of the submission's own PDFs through its status link."""

    def get(self, request: HttpRequest, token: str, pk: int) -> FileResponse:
        submission = _submission_or_404(token)
        attachment = submission.attachments.filter(pk=pk).first()
        if attachment is None:
            raise Http404("No such attachment.")
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("No such attachment.") from error
        return FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type="application/pdf",
        )


class SentSubmissionListView(LoginRequiredMixin, View):
    """An account's submissions to partnering portals, read-only, each with its dialogue."""

    def get(self, request: HttpRequest) -> HttpResponse:
        submissions = (
            selectors.sent_submissions(user=request.user)
            .select_related("organisation__portal")
            .prefetch_related("attachments")
        )
        cards = [status_card(s) for s in submissions]
        return render(request, "portal/public/sent.html", {"cards": cards})


portal_page = PortalPublicView.as_view()
request_page = PartnerRequestPublicView.as_view()
request_respond = PartnerRequestRespondView.as_view()
submit = SubmissionCreateView.as_view()
submission_status = SubmissionStatusView.as_view()
status_attachment = StatusAttachmentView.as_view()
status_cda_sign = StatusCdaSignView.as_view()
sent_submissions = SentSubmissionListView.as_view()
