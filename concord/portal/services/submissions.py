"""Submissions: the public form, internal programmes, assignment and reviews."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.tenancy import PRIVATE, organisation_of
from concord.core.tokens import new_secret
from concord.orgs.models import User
from concord.portal import emails, matching
from concord.portal.clock import deadlines_set
from concord.portal.models import (
    Attachment,
    Criterion,
    PartnerRequest,
    Portal,
    Review,
    Submission,
)
from concord.portal.services._common import (
    INTERNAL_FIELDS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    SUBMISSION_FIELDS,
    SUBMISSIONS_PER_HOUR_PER_EMAIL,
    SUBMISSIONS_PER_HOUR_PER_IP,
    _team_member,
    review_track,
)
from concord.portal.services.queue_counts import (
    reviewer_loads_add,
    submissions_lock_for_assignment,
)
from concord.portal.services.statistics import submission_kept_refresh


@dataclass
class IssuedSubmission:
    """A new submission and its private status link token (only the hash is stored)."""

    submission: Submission
    token: str


def _hash_ip(ip: str) -> str:
    return hashlib.sha256(f"concord-ip:{ip}".encode()).hexdigest() if ip else ""


def _check_rate(portal: Portal, email: str, ip_hash: str) -> None:
    since = clock.now() - datetime.timedelta(hours=1)
    recent = Submission.objects.unscoped().filter(submitted_at__gte=since)
    if recent.filter(contact_email__iexact=email).count() >= SUBMISSIONS_PER_HOUR_PER_EMAIL:
        raise invalid(
            "contact_email",
            "Too many submissions from this email in the last hour; try again later.",
        )
    if ip_hash and recent.filter(submitter_ip_hash=ip_hash).count() >= SUBMISSIONS_PER_HOUR_PER_IP:
        raise invalid(
            "__all__", "Too many submissions from your network in the last hour; try again later."
        )


def check_pdf(upload: UploadedFile) -> None:
    """A real PDF (by its content, not its name) of at most 10 MB."""
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise invalid("attachments", f"{upload.name} is larger than 10 MB.")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(b"%PDF-"):  # the header opens the file; not merely somewhere near it
        raise invalid("attachments", f"{upload.name} is not a PDF.")


def _match(portal: Portal, submission: Submission) -> tuple[int, list[dict[str, Any]], set[User]]:
    """How well the submission fits the areas sought, explained, and who should review it."""
    areas = list(portal.areas.prefetch_related("reviewers"))
    found = matching.match(areas, matching.values_of(submission))
    reviewers = {
        person
        for area in areas
        if area.pk in found.routed_area_ids
        for person in area.reviewers.all()
    }
    return found.score, found.explanation, reviewers


@transaction.atomic
def submission_create(
    *,
    portal: Portal,
    data: dict[str, Any],
    attachments: list[UploadedFile] | None = None,
    submitter: User | None = None,
    ip: str = "",
    partner_request: PartnerRequest | None = None,
) -> IssuedSubmission:
    """Receive a submission: saved whole in one transaction, acknowledged at once, routed."""
    # Lock the portal row: submissions to one portal are numbered one at a time.
    portal = (
        Portal.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=portal.pk)
    )
    if not portal.is_open:
        raise invalid("portal", "This portal is not accepting submissions at the moment.")
    if partner_request is not None and (
        partner_request.portal_id != portal.pk or not partner_request.accepts_responses
    ):
        raise invalid("request", "This request for partners no longer accepts responses.")
    if not data.get("attested_non_confidential"):
        raise invalid(
            "attested_non_confidential", "Confirm that the submission is non-confidential."
        )
    attachments = attachments or []
    if len(attachments) > MAX_ATTACHMENTS:
        raise invalid("attachments", f"Attach at most {MAX_ATTACHMENTS} PDFs.")
    for upload in attachments:
        check_pdf(upload)
    email = str(data.get("contact_email", "")).strip().lower()
    ip_hash = _hash_ip(ip)
    _check_rate(portal, email, ip_hash)
    token, token_hash = new_secret()
    now = clock.now()
    submission = Submission(
        organisation=portal.organisation,
        reference=_next_reference(portal),
        token_hash=token_hash,
        submitter_organisation=organisation_of(submitter),
        submitted_by=submitter if submitter is not None and submitter.is_authenticated else None,
        submitter_ip_hash=ip_hash,
        attested_non_confidential=True,
        submitted_at=now,
        acknowledged_at=now,
        request=partner_request,
        **{name: _clean_text(data.get(name, "")) for name in SUBMISSION_FIELDS},
    )
    submission.contact_email = email
    submission.full_clean(exclude=["token_hash", "reference"])
    deadlines_set([submission], portal)
    submission.match_score, submission.match_explanation, reviewers = _match(portal, submission)
    submission.save()
    submission.reviewers.set(reviewers)
    for upload in attachments:
        _attach(submission, upload)
    audit_record(
        actor=submitter,
        action="submission.received",
        obj=submission,
        organisation=portal.organisation,
        summary=f"Submission {submission.reference} received: {submission.asset_name} from {submission.submitter_organisation_name}",
        after={"reference": submission.reference, "match_score": submission.match_score},
        visibility=PRIVATE,
    )
    emails.send_acknowledgement(submission, token, portal)
    emails.send_new_submission(submission, sorted(reviewers, key=lambda u: u.pk))
    submission_kept_refresh(submission)
    return IssuedSubmission(submission, token)


@transaction.atomic
def internal_programme_add(*, actor: User, data: dict[str, Any]) -> Submission:
    """Put one of the organisation's own programmes on the rubric, to compare it with submissions.

    It goes through the queue and the reviews like a submission, but no one outside is told and
    it stays out of the portal's statistics and the "not invented here" flag.
    """
    membership = _team_member(actor, deciding=True)
    portal = (
        Portal.objects.unscoped()
        .select_for_update(of=("self",))
        .filter(organisation=membership.organisation)
        .first()
    )
    if portal is None:
        raise invalid("portal", "Open the portal before scoring programmes on its rubric.")
    _token, token_hash = new_secret()  # no status link is handed out for an internal programme
    now = clock.now()
    programme = Submission(
        organisation=membership.organisation,
        reference=_next_reference(portal),
        token_hash=token_hash,
        is_internal=True,
        contact_name=str(actor)[:200],
        contact_email=actor.email,
        submitter_organisation_name=membership.organisation.name,
        submitted_by=actor,
        attested_non_confidential=True,
        submitted_at=now,
        acknowledged_at=now,
        **{name: _clean_text(data.get(name, "")) for name in INTERNAL_FIELDS},
    )
    programme.full_clean(exclude=["token_hash", "reference"])
    deadlines_set([programme], portal)
    programme.match_score, programme.match_explanation, reviewers = _match(portal, programme)
    programme.save()
    programme.reviewers.set(reviewers)
    audit_record(
        actor=actor,
        action="submission.internal_added",
        obj=programme,
        organisation=membership.organisation,
        summary=f"{actor} put the internal programme {programme.asset_name} on the rubric",
        after={"reference": programme.reference},
        visibility=PRIVATE,
    )
    submission_kept_refresh(programme)
    return programme


def _clean_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _next_reference(portal: Portal) -> str:
    """A reference the submitter can quote: the portal's code, the year and a running number."""
    year = clock.now().year
    prefix = f"{portal.slug[:12].upper()}-{year}-"
    count = (
        Submission.objects.unscoped()
        .filter(organisation=portal.organisation, reference__startswith=prefix)
        .count()
    )
    return f"{prefix}{count + 1:05d}"


def _attach(submission: Submission, upload: UploadedFile) -> Attachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Attachment.objects.create(
        submission=submission,
        file=upload,
        original_name=(upload.name or "attachment.pdf")[:200],
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )


@transaction.atomic
def submission_assign(*, actor: User, submissions: list[Submission], reviewers: list[User]) -> int:
    """Assign reviewers of the actor's organisation to one or many submissions (bulk triage)."""
    membership = _team_member(actor, deciding=True)
    if not reviewers:
        raise invalid("reviewers", "Choose at least one reviewer.")
    for reviewer in reviewers:
        person = getattr(reviewer, "membership", None)
        if (
            person is None
            or person.organisation_id != membership.organisation_id
            or not person.is_active
        ):
            raise invalid("reviewers", "Reviewers come from your own organisation.")
    for submission in submissions:
        _team_member(actor, submission, deciding=True)
    # Locked first, by id, so the open loads added below count each new assignment once.
    loads = submissions_lock_for_assignment(submissions, reviewers)
    for submission in submissions:
        submission.reviewers.add(*reviewers)
        audit_record(
            actor=actor,
            action="submission.assigned",
            obj=submission,
            organisation=membership.organisation,
            summary=f"{actor} assigned {', '.join(str(r) for r in reviewers)} to {submission.reference}",
            after={"reviewers": [r.pk for r in reviewers]},
            visibility=PRIVATE,
        )
    reviewer_loads_add(membership.organisation_id, loads)
    emails.send_assignment(submissions, reviewers)
    return len(submissions)


@transaction.atomic
def review_submit(
    *, actor: User, submission: Submission, scores: dict[str, dict[str, Any]]
) -> Review:
    """Score a submission on the rubric: 1–5 and a comment for every criterion."""
    membership = _team_member(actor, submission)
    portal = Portal.objects.unscoped().get(organisation=submission.organisation)
    if submission.is_decided:
        raise invalid("submission", "This submission has been decided; reviews are closed.")
    if Review.objects.unscoped().filter(submission=submission, reviewer=actor).exists():
        raise invalid("scores", "You have already reviewed this submission.")
    cleaned = _check_scores(scores)
    weighted = _weighted(portal, cleaned)
    review = Review.objects.create(
        submission=submission,
        reviewer=actor,
        track=review_track(membership),
        scores=cleaned,
        weighted_score=weighted,
        was_blind=portal.blind_first_pass and not _has_reviews(submission),
    )
    if submission.status == Submission.Status.RECEIVED:
        submission.status = Submission.Status.UNDER_REVIEW
        submission.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="submission.reviewed",
        obj=submission,
        organisation=membership.organisation,
        summary=f"{actor} scored {submission.reference} ({review.get_track_display()}): {weighted}",
        after={"track": review.track, "weighted_score": str(weighted)},
        visibility=PRIVATE,
    )
    submission_kept_refresh(submission)
    return review


def _has_reviews(submission: Submission) -> bool:
    return Review.objects.unscoped().filter(submission=submission).exists()


def _check_scores(scores: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    cleaned = {}
    for criterion in Criterion.values:
        entry = scores.get(criterion) or {}
        score = entry.get("score")
        if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
            raise invalid(criterion, "Score every criterion from 1 to 5.")
        comment = str(entry.get("comment", "")).strip()
        if not comment:
            raise invalid(criterion, "Say in a comment why you gave this score.")
        cleaned[criterion] = {"score": score, "comment": comment[:2000]}
    unknown = set(scores) - set(Criterion.values)
    if unknown:
        raise invalid(sorted(unknown)[0], "This is not a criterion of the rubric.")
    return cleaned


def _weighted(portal: Portal, scores: dict[str, dict[str, Any]]) -> Decimal:
    total_weight = sum(portal.weight(c) for c in scores) or Decimal(1)
    total = sum(portal.weight(c) * scores[c]["score"] for c in scores)
    return (Decimal(total) / total_weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
