"""Every write of the partnering portal: set-up, submissions, reviews, dialogue and decisions."""

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
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import PRIVATE, organisation_of
from concord.core.tokens import new_secret
from concord.orgs.models import Membership, User
from concord.portal import emails
from concord.portal.clock import next_deadline
from concord.portal.models import (
    AreaOfInterest,
    Attachment,
    Criterion,
    DeclineReason,
    Message,
    Portal,
    Review,
    Submission,
)

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# The one anonymous door: at most this many submissions an hour from one address or one email.
SUBMISSIONS_PER_HOUR_PER_IP = 10
SUBMISSIONS_PER_HOUR_PER_EMAIL = 5
# "Written feedback of real length": a sentence or two is not feedback.
MIN_FEEDBACK_CHARS = 200
TEAM_ROLES = {
    Membership.Role.ALLIANCE_MANAGER,
    Membership.Role.BUSINESS_DEVELOPMENT,
    Membership.Role.SCIENTIST,
    Membership.Role.EXECUTIVE_SPONSOR,
}
DECIDING_ROLES = {Membership.Role.ALLIANCE_MANAGER, Membership.Role.BUSINESS_DEVELOPMENT}
SUBMISSION_FIELDS = [
    "contact_name",
    "contact_email",
    "submitter_organisation_name",
    "asset_name",
    "modality",
    "therapeutic_area",
    "indication",
    "stage",
    "mechanism",
    "differentiation",
    "data_summary",
    "ip_status",
    "deal_type",
]


def _team_member(
    actor: User, submission: Submission | None = None, *, deciding: bool = False
) -> Membership:
    """The actor reviews for the receiving organisation (and, to decide, works in BD)."""
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    if submission is not None and submission.organisation_id != membership.organisation_id:
        raise forbidden("Only the receiving organisation's team can do this.")
    roles = DECIDING_ROLES if deciding else TEAM_ROLES
    if not (membership.is_admin or membership.role in roles):
        raise forbidden(
            "Only business development and alliance managers decide on submissions."
            if deciding
            else "Your role cannot review submissions."
        )
    return membership


def review_track(membership: Membership) -> str:
    """Scientists score for R&D; everyone else on the team scores for business development."""
    return Review.Track.RND if membership.role == Membership.Role.SCIENTIST else Review.Track.BD


# --- Set-up ------------------------------------------------------------------------------------


@transaction.atomic
def portal_save(*, actor: User, **fields: Any) -> Portal:
    """Open or change the organisation's portal: its public page, service levels and rubric."""
    membership = _team_member(actor, deciding=True)
    portal = Portal.objects.unscoped().filter(organisation=membership.organisation).first()
    created = portal is None
    portal = portal or Portal(organisation=membership.organisation)
    for name, value in fields.items():
        if name not in PORTAL_FIELDS:
            raise invalid(name, "This setting cannot be changed here.")
        setattr(portal, name, value)
    _check_weights(portal.weights)
    portal.full_clean()
    portal.save()
    audit_record(
        actor=actor,
        action="portal.opened" if created else "portal.updated",
        obj=portal,
        organisation=membership.organisation,
        summary=f"{actor} {'opened' if created else 'changed'} the partnering portal",
        after={k: str(v) for k, v in fields.items()},
    )
    return portal


PORTAL_FIELDS = {
    "slug",
    "is_open",
    "introduction",
    "first_response_days",
    "decision_days",
    "publish_statistics",
    "blind_first_pass",
    "nih_threshold",
    "weights",
    "head_of_bd",
}


def _check_weights(weights: dict[str, Any]) -> None:
    for criterion, weight in weights.items():
        if criterion not in Criterion.values:
            raise invalid("weights", f"{criterion} is not a criterion of the rubric.")
        try:
            value = Decimal(str(weight))
        except ArithmeticError as error:
            raise invalid("weights", "Weights are numbers from 0 to 10.") from error
        if not Decimal(0) <= value <= Decimal(10):
            raise invalid("weights", "Weights are numbers from 0 to 10.")


@transaction.atomic
def area_save(
    *,
    actor: User,
    area: AreaOfInterest | None = None,
    reviewers: list[User] | None = None,
    **fields: Any,
) -> AreaOfInterest:
    """Publish (or change) one area of interest, with the reviewers its submissions go to."""
    membership = _team_member(actor, deciding=True)
    portal = Portal.objects.unscoped().filter(organisation=membership.organisation).first()
    if portal is None:
        raise invalid("portal", "Open the portal before publishing areas of interest.")
    area = area or AreaOfInterest(portal=portal)
    if area.portal_id != portal.pk:
        raise forbidden("This area belongs to another organisation.")
    for name, value in fields.items():
        setattr(area, name, value)
    _check_choices(area)
    area.full_clean()
    area.save()
    if reviewers is not None:
        if any(
            getattr(r, "membership", None) is None
            or r.membership.organisation_id != portal.organisation_id
            for r in reviewers
        ):
            raise invalid("reviewers", "Reviewers come from your own organisation.")
        area.reviewers.set(reviewers)
    audit_record(
        actor=actor,
        action="portal.area_saved",
        obj=area,
        organisation=membership.organisation,
        summary=f"{actor} published the area of interest “{area.title}”",
        after={"title": area.title, "kind": area.kind},
    )
    return area


def _check_choices(area: AreaOfInterest) -> None:
    from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea

    for field, choices in (
        ("therapeutic_areas", TherapeuticArea),
        ("modalities", Modality),
        ("stages", Stage),
        ("deal_types", DealType),
    ):
        values = getattr(area, field)
        if not isinstance(values, list) or any(v not in choices.values for v in values):
            raise invalid(field, "Choose from the listed values.")


# --- Submissions -------------------------------------------------------------------------------


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
    if b"%PDF-" not in head[:1024]:
        raise invalid("attachments", f"{upload.name} is not a PDF.")


def _match(portal: Portal, submission: Submission) -> tuple[int, list[dict[str, Any]], set[User]]:
    """How well the submission fits the areas sought, explained, and who should review it."""
    score = 0
    explanation: list[dict[str, Any]] = []
    reviewers: set[User] = set()
    for area in portal.areas.filter(kind=AreaOfInterest.Kind.SEEK).prefetch_related("reviewers"):
        matched = area.matches(submission)
        if matched:
            score = max(score, round(100 * len(matched) / 4))
            explanation.append({"area": area.title, "matched": matched})
            if submission.therapeutic_area in area.therapeutic_areas or not area.therapeutic_areas:
                reviewers.update(area.reviewers.all())
    for area in portal.areas.filter(kind=AreaOfInterest.Kind.AVOID):
        matched = area.matches(submission)
        if matched:
            explanation.append({"area": area.title, "matched": matched, "ruled_out": True})
    return score, explanation, reviewers


@transaction.atomic
def submission_create(
    *,
    portal: Portal,
    data: dict[str, Any],
    attachments: list[UploadedFile] | None = None,
    submitter: User | None = None,
    ip: str = "",
) -> IssuedSubmission:
    """Receive a submission: saved whole in one transaction, acknowledged at once, routed."""
    # Lock the portal row: submissions to one portal are numbered one at a time.
    portal = (
        Portal.objects.unscoped()
        .select_for_update()
        .select_related("organisation")
        .get(pk=portal.pk)
    )
    if not portal.is_open:
        raise invalid("portal", "This portal is not accepting submissions at the moment.")
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
        **{name: _clean_text(data.get(name, "")) for name in SUBMISSION_FIELDS},
    )
    submission.contact_email = email
    submission.full_clean(exclude=["token_hash", "reference"])
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
        .select_for_update()
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
    return programme


INTERNAL_FIELDS = [
    "asset_name",
    "modality",
    "therapeutic_area",
    "indication",
    "stage",
    "mechanism",
    "differentiation",
    "data_summary",
    "ip_status",
    "deal_type",
]


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


# --- Dialogue and decisions --------------------------------------------------------------------


def _first_response(submission: Submission) -> None:
    if submission.first_response_at is None:
        submission.first_response_at = clock.now()


def _resume_clock(submission: Submission) -> None:
    if submission.paused_since is not None:
        paused = clock.now() - submission.paused_since
        submission.paused_seconds += max(0, int(paused.total_seconds()))
        submission.paused_since = None


@transaction.atomic
def message_post(
    *, actor: User, submission: Submission, body: str, internal: bool = False
) -> Message:
    """The team writes to the submitter, or an internal note only the team reads."""
    membership = _team_member(actor, submission)
    message = _message(
        submission,
        body,
        actor=actor,
        internal=internal,
        kind=Message.Kind.NOTE if internal else Message.Kind.MESSAGE,
    )
    if not internal:
        _first_response(submission)
        submission.save(update_fields=["first_response_at"])
        emails.send_dialogue_to_submitter(submission, message)
    audit_record(
        actor=actor,
        action="submission.note_added" if internal else "submission.message_sent",
        obj=submission,
        organisation=membership.organisation,
        summary=f"{actor} {'noted on' if internal else 'wrote to the submitter of'} {submission.reference}",
        visibility=PRIVATE,
    )
    return message


def _message(
    submission: Submission,
    body: str,
    *,
    actor: User | None,
    kind: str,
    internal: bool = False,
    from_submitter: bool = False,
) -> Message:
    body = body.strip()
    if not body:
        raise invalid("body", "Write the message.")
    message = Message(
        submission=submission,
        kind=kind,
        is_internal=internal,
        from_submitter=from_submitter,
        author=actor,
        author_label=str(actor) if actor is not None else submission.contact_name,
        body=body,
    )
    message.full_clean()
    message.save()
    return message


@transaction.atomic
def submission_request_info(*, actor: User, submission: Submission, question: str) -> Message:
    """Ask the submitter for more information; the clocks stand still until they answer."""
    membership = _team_member(actor, submission, deciding=True)
    submission = Submission.objects.unscoped().select_for_update().get(pk=submission.pk)
    if submission.is_decided:
        raise invalid("submission", "This submission has been decided.")
    message = _message(submission, question, actor=actor, kind=Message.Kind.QUESTION)
    _first_response(submission)
    submission.status = Submission.Status.INFO_REQUESTED
    submission.paused_since = submission.paused_since or clock.now()
    submission.save(update_fields=["first_response_at", "status", "paused_since"])
    audit_record(
        actor=actor,
        action="submission.info_requested",
        obj=submission,
        organisation=membership.organisation,
        summary=f"{actor} asked the submitter of {submission.reference} for more information",
        visibility=PRIVATE,
    )
    emails.send_dialogue_to_submitter(submission, message)
    return message


@transaction.atomic
def submitter_reply(*, submission: Submission, body: str, actor: User | None = None) -> Message:
    """The submitter answers in the dialogue (through the status link or their account)."""
    submission = Submission.objects.unscoped().select_for_update().get(pk=submission.pk)
    if submission.is_decided:
        raise invalid("body", "This submission has been decided; the dialogue is closed.")
    message = _message(
        submission, body, actor=actor, kind=Message.Kind.MESSAGE, from_submitter=True
    )
    if submission.status == Submission.Status.INFO_REQUESTED:
        _resume_clock(submission)
        submission.status = Submission.Status.UNDER_REVIEW
        submission.save(update_fields=["paused_seconds", "paused_since", "status"])
    audit_record(
        actor=actor,
        action="submission.submitter_replied",
        obj=submission,
        organisation=submission.organisation,
        summary=f"The submitter of {submission.reference} replied",
        visibility=PRIVATE,
    )
    emails.send_dialogue_to_team(submission, message)
    return message


@dataclass
class Decision:
    """What the team decided and, when it advanced, the alliance proposed to the submitter."""

    submission: Submission
    alliance: Any = None


@transaction.atomic
def submission_decide(
    *,
    actor: User,
    submission: Submission,
    outcome: str,
    reasons: list[str] | None = None,
    feedback: str = "",
    create_alliance: bool = False,
) -> Decision:
    """Decline with coded reasons and real feedback, or advance to a CDA or a term sheet."""
    membership = _team_member(actor, submission, deciding=True)
    submission = Submission.objects.unscoped().select_for_update().get(pk=submission.pk)
    if submission.is_decided:
        raise invalid("outcome", "This submission has already been decided.")
    if outcome not in Submission.DECIDED:
        raise invalid("outcome", "Decline, or advance to a CDA or a term sheet.")
    reasons = sorted(set(reasons or []))
    feedback = feedback.strip()
    if outcome == Submission.Status.DECLINED:
        if not reasons or any(r not in DeclineReason.values for r in reasons):
            raise invalid("reasons", "Give one or more of the coded reasons.")
        if len(feedback) < MIN_FEEDBACK_CHARS:
            raise invalid(
                "feedback",
                f"Write feedback the submitter can use (at least {MIN_FEEDBACK_CHARS} characters).",
            )
    _resume_clock(submission)
    _first_response(submission)
    submission.status, submission.decided_at = outcome, clock.now()
    submission.decline_reasons, submission.feedback = reasons, feedback
    submission.save()
    _message(
        submission,
        feedback or f"Advanced to {submission.get_status_display()}.",
        actor=actor,
        kind=Message.Kind.DECISION,
    )
    audit_record(
        actor=actor,
        action=f"submission.{outcome}",
        obj=submission,
        organisation=membership.organisation,
        summary=f"{actor} decided {submission.reference}: {submission.get_status_display()}",
        after={"status": outcome, "reasons": reasons},
        visibility=PRIVATE,
    )
    alliance = (
        _propose_alliance(actor, submission)
        if create_alliance and outcome != Submission.Status.DECLINED
        else None
    )
    emails.send_decision(submission)
    return Decision(submission, alliance)


def _propose_alliance(actor: User, submission: Submission) -> Any:
    """Advancing opens a proposed alliance with the submitter's organisation invited."""
    from concord.alliances import services as alliance_services

    alliance = alliance_services.alliance_create(
        actor=actor,
        name=f"{submission.submitter_organisation_name}–{actor.membership.organisation} {submission.asset_name}"[
            :200
        ],
        purpose=f"From partnering submission {submission.reference}: {submission.indication}.",
        effective_date=clock.today(),
        alliance_type="licence"
        if submission.deal_type == "licence"
        else "research"
        if submission.deal_type == "research"
        else "other",
        programmes=[
            {
                "asset_name": submission.asset_name,
                "modality": submission.modality,
                "therapeutic_area": submission.therapeutic_area,
                "indication": submission.indication,
                "stage": submission.stage,
            }
        ],
    )
    alliance_services.party_invite(
        actor=actor,
        alliance=alliance,
        organisation=submission.submitter_organisation,
        email="" if submission.submitter_organisation else submission.contact_email,
    )
    submission.alliance = alliance
    submission.save(update_fields=["alliance"])
    return alliance


# --- The sweep ---------------------------------------------------------------------------------

DUE_SOON = datetime.timedelta(days=3)
ESCALATE_AFTER = datetime.timedelta(days=7)


def submission_reminders_send(now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind reviewers of submissions due soon, again when overdue, then tell the head of BD.

    Idempotent: a submission is reminded once as its deadline nears, once when it passes, and
    escalated once a week after that. Paused clocks (waiting on the submitter) chase nobody.
    """
    now = now or clock.now()
    counts = {"reminded": 0, "escalated": 0}
    portals = {p.organisation_id: p for p in Portal.objects.unscoped().select_related("head_of_bd")}
    waiting = Submission.objects.unscoped().exclude(status__in=Submission.DECIDED)
    for submission in waiting.filter(paused_since=None).select_related("organisation"):
        portal = portals.get(submission.organisation_id)
        deadline = next_deadline(submission, portal) if portal else None
        if portal is None or deadline is None or now < deadline - DUE_SOON:
            continue
        outcome = _chase(submission.pk, portal, deadline, now)
        if outcome:
            counts[outcome] += 1
    return counts


@transaction.atomic
def _chase(pk: int, portal: Portal, deadline: datetime.datetime, now: datetime.datetime) -> str:
    # Re-read under a lock so two sweeps at once chase once.
    submission = Submission.objects.unscoped().select_for_update().get(pk=pk)
    overdue = now >= deadline
    if overdue and now >= deadline + ESCALATE_AFTER and submission.escalated_at is None:
        if portal.head_of_bd is None:
            return ""
        submission.escalated_at = now
        submission.save(update_fields=["escalated_at"])
        emails.send_escalation(submission, portal.head_of_bd, deadline)
        _audit_chase(
            submission, f"{submission.reference} is overdue: escalated to {portal.head_of_bd}"
        )
        return "escalated"
    stage_began = deadline if overdue else deadline - DUE_SOON
    if submission.reminded_at is not None and submission.reminded_at >= stage_began:
        return ""
    submission.reminded_at = now
    submission.save(update_fields=["reminded_at"])
    emails.send_reminder(submission, deadline, overdue=overdue)
    word = "overdue" if overdue else "due soon"
    _audit_chase(submission, f"Reminded the reviewers: {submission.reference} is {word}")
    return "reminded"


def _audit_chase(submission: Submission, summary: str) -> None:
    audit_record(
        actor=None,
        action="submission.chased",
        obj=submission,
        organisation=submission.organisation,
        summary=summary,
        visibility=PRIVATE,
    )
