"""Dialogue with the submitter and the team's decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.tenancy import PRIVATE
from concord.orgs.models import User
from concord.portal import emails
from concord.portal.models import (
    DealStage,
    DealStep,
    Message,
    Portal,
    Submission,
)
from concord.portal.services._common import _team_member
from concord.portal.services.alliance import propose_alliance
from concord.portal.services.letters import decline_draft, decline_problems
from concord.portal.services.statistics import submission_kept_refresh


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
    if not internal:
        submission_kept_refresh(submission)
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
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=submission.pk)
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
    submission_kept_refresh(submission)
    return message


@transaction.atomic
def submitter_reply(*, submission: Submission, body: str, actor: User | None = None) -> Message:
    """The submitter answers in the dialogue (through the status link or their account)."""
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=submission.pk)
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
    submission_kept_refresh(submission)
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
    """Decline with coded reasons and real feedback, or advance: the path to a deal starts."""
    membership = _team_member(actor, submission, deciding=True)
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=submission.pk)
    if submission.is_decided:
        raise invalid("outcome", "This submission has already been decided.")
    if outcome not in Submission.DECIDED:
        raise invalid("outcome", "Decline, or advance to a CDA.")
    if outcome == Submission.Status.TERM_SHEET:
        raise invalid(
            "outcome",
            "No term sheet before a CDA signed by both sides: advance to a CDA, then record "
            "each stage on the path to a deal.",
        )
    reasons = sorted(set(reasons or []))
    feedback = feedback.strip()
    if outcome == Submission.Status.DECLINED:
        portal = Portal.objects.unscoped().get(organisation=submission.organisation)
        draft = decline_draft(portal=portal, submission=submission, reasons=reasons)
        problems = decline_problems(reasons, feedback, draft)
        if problems:  # every problem at once, each on its field
            raise ValidationError({field: [message] for field, message in problems.items()})
    _resume_clock(submission)
    _first_response(submission)
    submission.status, submission.decided_at = outcome, clock.now()
    submission.decline_reasons, submission.feedback = reasons, feedback
    if outcome == Submission.Status.CDA:  # the path to a deal starts: a CDA is requested
        submission.deal_stage = DealStage.CDA_REQUESTED
    submission.save()
    if outcome == Submission.Status.CDA:
        DealStep.objects.create(
            submission=submission,
            stage=DealStage.CDA_REQUESTED,
            on=clock.today(),
            owner=actor,
            recorded_by=actor,
        )
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
        propose_alliance(actor, submission)
        if create_alliance and outcome != Submission.Status.DECLINED
        else None
    )
    emails.send_decision(submission)
    submission_kept_refresh(submission)
    return Decision(submission, alliance)
