"""The sweep: reminders as deadlines near and pass, then escalation to the head of BD."""

from __future__ import annotations

import datetime

from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.tenancy import PRIVATE
from concord.portal import emails
from concord.portal.clock import next_deadline
from concord.portal.models import (
    Portal,
    Submission,
)

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
    submission = Submission.objects.unscoped().select_for_update(of=("self",)).get(pk=pk)
    overdue = now >= deadline
    if overdue and now >= deadline + ESCALATE_AFTER and submission.escalated_at is None:
        if portal.head_of_bd is None:
            return ""
        submission.escalated_at, submission.escalated_to = now, portal.head_of_bd
        submission.save(update_fields=["escalated_at", "escalated_to"])
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
