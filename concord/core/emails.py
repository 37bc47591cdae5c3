"""Sending email: one function per message elsewhere, built on the helper here.

Each message has three templates: `<name>-subject.txt`, `<name>-body.txt`, `<name>-body.html`.
Mail leaves after the transaction commits, through the task queue, so a rolled-back change
never sends an email and a slow mail server never slows a request.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string
from django_tasks import task

from concord.core import clock


def render_email(name: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, plain text and HTML of one message."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = _render_plain(f"email/{name}-subject.txt", context).strip()
    text = _render_plain(f"email/{name}-body.txt", context)
    html = render_to_string(f"email/{name}-body.html", context)
    return " ".join(subject.split()), text, html


def _render_plain(template_name: str, context: dict[str, Any]) -> str:
    # Plain text is not HTML: "R&D" must stay "R&D", not become "R&amp;D".
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(Context(context, autoescape=False))


MAX_ATTEMPTS = 6


@task()
def send_email_task(to: list[str], subject: str, text: str, html: str, attempt: int = 1) -> None:
    """Deliver one rendered message; a failing mail server delays it (backing off), never loses it."""
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:
        if attempt >= MAX_ATTEMPTS:
            raise
        retry = send_email_task
        if send_email_task.get_backend().supports_defer:
            delay = datetime.timedelta(minutes=2**attempt)
            retry = send_email_task.using(run_after=clock.now() + delay)
        retry.enqueue(to, subject, text, html, attempt + 1)
        raise


def send_email_on_commit(name: str, to: list[str], context: dict[str, Any]) -> None:
    """Render now (while the records are at hand) and queue delivery for after the commit."""
    recipients = sorted({address for address in to if address})
    if not recipients:
        return
    subject, text, html = render_email(name, context)
    transaction.on_commit(lambda: send_email_task.enqueue(recipients, subject, text, html))
