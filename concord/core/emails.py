"""Sending email: one function per message elsewhere, built on the helper here.

Each message has three templates: `<name>-subject.txt`, `<name>-body.txt`, `<name>-body.html`.
Each message is kept as an OutboxEmail row written in the service's transaction, and leaves after
the commit through the task queue: a rolled-back change never sends an email, a slow mail server
never slows a request, a task that runs twice sends once, and a mail outage only delays it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django_tasks import task

from concord.core import clock
from concord.core.models import OutboxEmail

logger = logging.getLogger("concord.email")


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one message."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = _render_plain(f"email/{name}-subject.txt", context).strip()
    text = _render_plain(f"email/{name}-body.txt", context)
    html = render_to_string(f"email/{name}-body.html", context)
    subject = " ".join(subject.split())
    if len(subject) > 300:  # the outbox keeps 300 characters; a long name must not lose the mail
        subject = subject[:299] + "…"
    return subject, text, html


def _render_plain(template_name: str, context: dict[str, Any]) -> str:
    # Plain text is not HTML: "R&D" must stay "R&D", not become "R&amp;D".
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


# After the first failure, retries back off from 2 minutes to one an hour: 30 attempts span
# about 25 hours, so a mail outage of a day loses nothing; after the last the message is kept,
# failed, for its organisations' admins to send again.
MAX_ATTEMPTS = 30
# While one sender talks to the mail server, no other takes the message (a sender that died
# leaves it to be retried once this has passed): five minutes.
CLAIM_UNITS = 5


def _unit() -> datetime.timedelta:
    # The outbox's timetable counts in minutes; `make drill` shrinks the minute to a second
    # (CONCORD_EMAIL_MINUTE_SECONDS) to live a mail outage and its recovery in two minutes.
    return datetime.timedelta(seconds=settings.CONCORD_EMAIL_MINUTE_SECONDS)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long to wait after `attempts` failed attempts: 2, 4, 8, 16, 32 minutes, then hourly."""
    return _unit() * min(2**attempts, 60)


_held: ContextVar[bool] = ContextVar("mail_held", default=False)


@contextmanager
def mail_held() -> Iterator[None]:
    """Write no email within this block: nothing is rendered, kept or sent. For the demo, whose
    years of history among fictional people would otherwise flood the outbox."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def send_email_on_commit(
    name: str, to: list[str], context: dict[str, Any], *, organisation: Any = None
) -> OutboxEmail | None:
    """Render now (while the records are at hand), keep the message, deliver after the commit.

    `organisation` is the sender's, for recipients outside Concord (a portal's submitters): its
    admins see the message if it cannot be delivered.
    """
    recipients = sorted({address for address in to if address})
    if not recipients or settings.CONCORD_EMAIL_OFF or _held.get():
        return None
    subject, text, html = render_email(name, context)
    email = OutboxEmail.objects.create(
        name=name,
        to=recipients,
        subject=subject,
        text=text,
        html=html,
        next_attempt_at=clock.now(),
    )
    email.organisations.set(_organisations_of(recipients, organisation))
    transaction.on_commit(lambda: _queue_send(email.pk))
    return email


def _organisations_of(recipients: list[str], sender: Any) -> set[int]:
    membership = apps.get_model("orgs", "Membership")
    found = membership.objects.unscoped().filter(user__email__in=recipients)
    organisations = set(found.values_list("organisation_id", flat=True))
    if sender is not None and len(organisations) < len(recipients):
        organisations.add(sender.pk)
    return organisations


def _queue_send(pk: int, when: datetime.datetime | None = None) -> None:
    task = outbox_send_task
    if when is not None:
        if not task.get_backend().supports_defer:
            return  # no delayed tasks (tests run tasks inline): the sweep retries it when due
        task = task.using(run_after=when)
    try:
        task.enqueue(pk)
    except Exception:  # the message is kept: the sweep queues it again when it is overdue
        logger.exception("could not queue email %s", pk)


@task()
def outbox_send_task(pk: int) -> str:
    """Deliver one kept message, once; a failing mail server delays it (backing off)."""
    return outbox_send(pk)


def outbox_send(pk: int) -> str:
    """Send the message if it is due and no one else is sending it; what happened, in a word."""
    now = clock.now()
    # A new message is due at once, whatever the clock says (a block that moved it may have
    # written it); a retried one when its time comes. Claiming counts the attempt, so a second
    # sender finds it neither new nor due.
    due = Q(next_attempt_at__lte=now) | Q(attempts=0)
    claimed = OutboxEmail.objects.filter(due, pk=pk, status=OutboxEmail.Status.PENDING).update(
        attempts=F("attempts") + 1, next_attempt_at=now + _claim()
    )
    if not claimed:
        return "not due"  # sent, failed for good, not due yet, or being sent by someone else
    email = OutboxEmail.objects.get(pk=pk)
    try:
        _deliver(email)
    except Exception as error:  # any failure of the mail server: kept, retried or marked failed
        return _failed(email, error)
    OutboxEmail.objects.filter(pk=pk).update(
        status=OutboxEmail.Status.SENT, sent_at=clock.now(), last_error=""
    )
    return "sent"


def _claim() -> datetime.timedelta:
    return _unit() * CLAIM_UNITS


def _deliver(email: OutboxEmail) -> None:
    message = EmailMultiAlternatives(
        email.subject,
        email.text,
        settings.DEFAULT_FROM_EMAIL,
        email.to,
        headers={"Message-ID": email.message_id},
    )
    message.attach_alternative(email.html, "text/html")
    message.send()


def _failed(email: OutboxEmail, error: Exception) -> str:
    problem = f"{type(error).__name__}: {error}"[:500]
    if email.attempts >= MAX_ATTEMPTS:
        OutboxEmail.objects.filter(pk=email.pk).update(
            status=OutboxEmail.Status.FAILED, last_error=problem
        )
        logger.error("email %s to %s failed for good: %s", email.pk, email.to, problem)
        return "failed"
    when = clock.now() + retry_delay(email.attempts)
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=when, last_error=problem)
    logger.warning("email %s: attempt %s failed (%s)", email.pk, email.attempts, problem)
    _queue_send(email.pk, when)
    return "retry"


def outbox_send_overdue(grace: datetime.timedelta | None = None) -> int:
    """Queue again the messages whose send should have happened a while (5 minutes) ago; how many.

    A safety net for a queued send that never ran: the process died between commit and queue, or
    the queue was lost. Queuing one twice is harmless: only one sender claims the message.
    """
    grace = _unit() * 5 if grace is None else grace
    overdue = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.PENDING, next_attempt_at__lte=clock.now() - grace
    ).values_list("pk", flat=True)
    pks = list(overdue[:500])
    for pk in pks:
        _queue_send(pk)
    return len(pks)


def outbox_resend(email: OutboxEmail) -> None:
    """Put a failed message back in line for a fresh round of attempts, after the commit."""
    OutboxEmail.objects.filter(pk=email.pk, status=OutboxEmail.Status.FAILED).update(
        status=OutboxEmail.Status.PENDING, attempts=0, next_attempt_at=clock.now()
    )
    transaction.on_commit(lambda: _queue_send(email.pk))
