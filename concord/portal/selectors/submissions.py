"""One submission: its attachments, its file and its public dialogue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from concord.core.tenancy import organisation_of
from concord.portal.clock import decision_due, first_response_due
from concord.portal.models import (
    Attachment,
    CdaSignature,
    DealStep,
    Message,
    Portal,
    Review,
    Submission,
)
from concord.portal.selectors._common import _track_averages, is_not_invented_here


def received_attachment(*, user: Any, pk: int) -> Attachment:
    """A PDF of a submission the user's organisation received (submitters use their status link)."""
    return (
        Attachment.objects.visible_to(user)
        .filter(submission__organisation=organisation_of(user))
        .get(pk=pk)
    )


def submission_get(*, user: Any, pk: int) -> Submission:
    """One submission the user may see (received by or sent from their organisation)."""
    return Submission.objects.visible_to(user).select_related("organisation", "alliance").get(pk=pk)


@dataclass
class SubmissionFile:
    """Everything the team's page about one submission shows."""

    submission: Submission
    portal: Portal
    first_response_due: datetime.datetime
    decision_due: datetime.datetime
    reviews: list[Review]
    bd_score: Decimal | None
    rnd_score: Decimal | None
    nih: bool
    messages: list[Message]
    identity_hidden: bool


def submission_file(*, user: Any, submission: Submission) -> SubmissionFile:
    """The receiving team's view: scores, internal notes and the dialogue."""
    portal = Portal.objects.unscoped().get(organisation=submission.organisation)
    reviews = list(
        Review.objects.visible_to(user).filter(submission=submission).select_related("reviewer")
    )
    bd, rnd = _track_averages(reviews)
    reviewed = any(r.reviewer_id == user.pk for r in reviews)
    return SubmissionFile(
        submission=submission,
        portal=portal,
        first_response_due=first_response_due(submission, portal),
        decision_due=decision_due(submission, portal),
        reviews=reviews,
        bd_score=bd,
        rnd_score=rnd,
        nih=is_not_invented_here(submission, portal, bd, rnd),
        messages=list(Message.objects.visible_to(user).filter(submission=submission)),
        # Blind first pass: until a reviewer has scored, the submitter's identity stays hidden.
        identity_hidden=portal.blind_first_pass and not reviewed and not submission.is_decided,
    )


def public_messages(submission: Submission) -> list[Message]:
    """The dialogue the submitter reads: never the team's internal notes."""
    return list(Message.objects.unscoped().filter(submission=submission, is_internal=False))


@dataclass
class DealPath:
    """An advanced submission's way to a deal: the stages reached and the CDA's signatures."""

    steps: list[DealStep]
    signatures: list[CdaSignature]

    def signed_by(self, side: str) -> CdaSignature | None:
        return next((s for s in self.signatures if s.side == side), None)


def deal_path(*, user: Any, submission: Submission) -> DealPath:
    """What a person of either side may read of a submission's path to a deal."""
    return DealPath(
        steps=list(
            DealStep.objects.visible_to(user)
            .filter(submission=submission)
            .select_related("owner")
            .order_by("recorded_at", "pk")
        ),
        signatures=list(CdaSignature.objects.visible_to(user).filter(submission=submission)),
    )


def received_deal_step(*, user: Any, pk: int) -> DealStep:
    """A stage recorded on a submission the user's organisation received (one it sent is 404)."""
    return (
        DealStep.objects.visible_to(user)
        .filter(submission__organisation=organisation_of(user))
        .select_related("submission", "owner")
        .get(pk=pk)
    )


def public_deal_path(submission: Submission) -> DealPath:
    """The path as the status link's holder reads it (the token is the credential)."""
    return DealPath(
        steps=list(
            DealStep.objects.unscoped()
            .filter(submission=submission)
            .select_related("owner")
            .order_by("recorded_at", "pk")
        ),
        signatures=list(CdaSignature.objects.unscoped().filter(submission=submission)),
    )
