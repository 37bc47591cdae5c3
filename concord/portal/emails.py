"""Emails of the partnering portal: one function per message."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from concord.core.emails import send_email_on_commit
from concord.orgs.models import User
from concord.portal.models import Message, Portal, Submission


def _team_path(submission: Submission) -> str:
    return reverse("portal:submission-detail", args=[submission.pk])


def _status_path(token: str) -> str:
    return reverse("portal:submission-status", args=[token])


def _reviewer_emails(submission: Submission) -> list[str]:
    return [u.email for u in submission.reviewers.all() if u.is_active]


def send_acknowledgement(submission: Submission, token: str, portal: Portal) -> None:
    """At once: the reference, the service levels and the private status link."""
    send_email_on_commit(
        "submission-acknowledgement",
        [submission.contact_email],
        {"submission": submission, "portal": portal, "path": _status_path(token)},
        organisation=submission.organisation,
    )


def send_new_submission(submission: Submission, reviewers: list[User]) -> None:
    """Tell the reviewers a new submission matched their areas of interest."""
    send_email_on_commit(
        "submission-new",
        [u.email for u in reviewers if u.is_active],
        {"submission": submission, "path": _team_path(submission)},
    )


def send_assignment(submissions: list[Submission], reviewers: list[User]) -> None:
    """Tell reviewers what they were assigned."""
    send_email_on_commit(
        "submission-assigned",
        [u.email for u in reviewers if u.is_active],
        {"submissions": submissions, "path": reverse("portal:queue")},
    )


def send_dialogue_to_submitter(submission: Submission, message: Message) -> None:
    """The team wrote or asked something: the submitter reads it on the status page."""
    send_email_on_commit(
        "submission-dialogue",
        [submission.contact_email],
        {"submission": submission, "message": message, "to_team": False},
        organisation=submission.organisation,
    )


def send_dialogue_to_team(submission: Submission, message: Message) -> None:
    """The submitter answered: the reviewers are told."""
    send_email_on_commit(
        "submission-dialogue",
        _reviewer_emails(submission),
        {
            "submission": submission,
            "message": message,
            "to_team": True,
            "path": _team_path(submission),
        },
    )


def send_decision(submission: Submission) -> None:
    """The decision, with coded reasons and feedback when declined."""
    send_email_on_commit(
        "submission-decision",
        [submission.contact_email],
        {"submission": submission},
        organisation=submission.organisation,
    )


def send_reminder(submission: Submission, deadline: datetime.datetime, *, overdue: bool) -> None:
    """A deadline nears or has passed: the reviewers are reminded."""
    send_email_on_commit(
        "submission-reminder",
        _reviewer_emails(submission),
        {
            "submission": submission,
            "deadline": deadline,
            "overdue": overdue,
            "path": _team_path(submission),
        },
    )


def send_escalation(submission: Submission, head_of_bd: User, deadline: datetime.datetime) -> None:
    """A week overdue: the head of business development is told."""
    send_email_on_commit(
        "submission-escalation",
        [head_of_bd.email] if head_of_bd.is_active else [],
        {"submission": submission, "deadline": deadline, "path": _team_path(submission)},
    )


def send_deal_stage(submission: Submission, step: Any) -> None:
    """The submission moved on its path to a deal: the submitter reads where it stands."""
    send_email_on_commit(
        "submission-deal-stage",
        [submission.contact_email],
        {"submission": submission, "step": step},
        organisation=submission.organisation,
    )
