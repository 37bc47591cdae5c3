"""Mail delivery: a message is kept until it is sent once; an outage delays it, never loses it."""

import datetime
import smtplib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from concord.core.emails import (
    MAX_ATTEMPTS,
    mail_held,
    outbox_resend,
    outbox_send,
    outbox_send_overdue,
    retry_delay,
    send_email_on_commit,
)
from concord.core.models import OutboxEmail

INVITATION = "colleague-invitation"


def _context(cast):
    invitation = SimpleNamespace(
        invited_by=cast.bob, organisation=cast.borealis, expires_at=timezone.now()
    )
    return {"invitation": invitation, "path": "/invitations/x/"}


def _queue(cast, to=None, **kwargs):
    with transaction.atomic():
        return send_email_on_commit(INVITATION, to or [cast.bob.email], _context(cast), **kwargs)


def _server_down(*args, **kwargs):
    raise ConnectionRefusedError("mail server down")


def _later(minutes):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=timezone.now() + datetime.timedelta(minutes=minutes),
    )


def test_a_message_is_kept_and_sent_once_after_the_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue(cast)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboxEmail.Status.SENT, 1)
    assert mail.outbox[0].to == [cast.bob.email]
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    # The task running again (a requeued task, a duplicate) sends nothing more.
    assert outbox_send(email.pk) == "not due"
    assert len(mail.outbox) == 1


def test_a_rolled_back_write_keeps_and_sends_nothing(cast):
    kept = OutboxEmail.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_on_commit(INVITATION, [cast.bob.email], _context(cast))
        raise RuntimeError("the service failed")
    assert OutboxEmail.objects.count() == kept


def test_a_failed_attempt_is_retried_later_with_backoff(cast):
    email = _queue(cast)
    with mock.patch.object(mail.EmailMultiAlternatives, "send", _server_down):
        assert outbox_send(email.pk) == "retry"
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING and "mail server down" in email.last_error
    assert outbox_send(email.pk) == "not due"  # not before its time
    with _later(3):
        assert outbox_send(email.pk) == "sent"
    assert [m.subject for m in mail.outbox] == [email.subject]


def test_the_retries_span_more_than_a_day():
    assert sum((retry_delay(n) for n in range(1, MAX_ATTEMPTS)), datetime.timedelta()) > (
        datetime.timedelta(hours=24)
    )


def test_a_drill_shortens_the_outboxs_minute_and_every_wait_with_it(cast, settings):
    assert retry_delay(1) == datetime.timedelta(minutes=2)
    settings.CONCORD_EMAIL_MINUTE_SECONDS = 1
    assert [retry_delay(n).total_seconds() for n in (1, 2, 5, 6, 20)] == [2, 4, 32, 60, 60]
    email = _queue(cast)
    with mock.patch.object(mail.EmailMultiAlternatives, "send", _server_down):
        assert outbox_send(email.pk) == "retry"
    email.refresh_from_db()
    assert email.next_attempt_at - timezone.now() < datetime.timedelta(seconds=3)
    # Overdue by more than five of the drill's minutes (seconds): the sweep queues it again.
    with _later(0.2):
        assert outbox_send_overdue() >= 1
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT and email.attempts == 2


def test_an_outage_of_a_day_loses_nothing(cast):
    email = _queue(cast)
    with mock.patch.object(mail.EmailMultiAlternatives, "send", _server_down):
        minutes = 0
        while minutes < 24 * 60:
            with _later(minutes):
                outbox_send(email.pk)
            minutes += 10
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.PENDING
    with _later(26 * 60):
        assert outbox_send(email.pk) == "sent"


def test_after_the_last_retry_the_message_is_kept_for_the_admins_to_send_again(
    cast, django_capture_on_commit_callbacks
):
    email = _queue(cast)
    OutboxEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    with mock.patch.object(mail.EmailMultiAlternatives, "send", _server_down):
        assert outbox_send(email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert outbox_send(email.pk) == "not due"
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend(email)  # what an admin's "Send again" does (see orgs)
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT
    assert len(mail.outbox) == 1


def test_a_mail_server_that_never_answers_times_out(settings):
    assert settings.EMAIL_TIMEOUT and settings.EMAIL_TIMEOUT <= 60
    backend = mail.get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert backend.timeout == settings.EMAIL_TIMEOUT


def test_a_send_whose_task_was_lost_is_queued_again_by_the_sweep(cast):
    email = _queue(cast)  # committed, but its task never ran (nor did the cast's own)
    with _later(10):
        assert outbox_send_overdue() >= 1  # the test settings run the queued task at once
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.SENT


def test_a_message_being_sent_is_not_taken_by_a_second_sender(cast):
    email = _queue(cast)
    started = {}

    def slow_send(message, *args, **kwargs):
        started["second"] = outbox_send(email.pk)  # another worker, meanwhile
        return 1

    with mock.patch.object(mail.EmailMultiAlternatives, "send", slow_send):
        assert outbox_send(email.pk) == "sent"
    assert started["second"] == "not due"


def test_recipients_decide_whose_admins_see_a_message_and_outsiders_count_for_the_sender(cast):
    shared = _queue(cast, to=[cast.alice.email, cast.bob.email])
    assert set(shared.organisations.all()) == {cast.helix, cast.borealis}
    outside = _queue(cast, to=["nora@quistbio.test"], organisation=cast.borealis)
    assert list(outside.organisations.all()) == [cast.borealis]


def test_no_message_is_kept_while_email_is_off(cast, settings):
    settings.CONCORD_EMAIL_OFF = True
    kept = OutboxEmail.objects.count()
    assert _queue(cast) is None
    assert OutboxEmail.objects.count() == kept


def test_smtp_errors_are_kept_as_the_last_problem(cast):
    email = _queue(cast)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({cast.bob.email: (550, b"No such user")})

    with mock.patch.object(mail.EmailMultiAlternatives, "send", refuse):
        outbox_send(email.pk)
    email.refresh_from_db()
    assert email.last_error.startswith("SMTPRecipientsRefused")


def test_while_mail_is_held_nothing_is_rendered_kept_or_sent(
    cast, django_capture_on_commit_callbacks
):
    kept, sent = OutboxEmail.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True), mail_held():
        assert _queue(cast) is None
    assert (OutboxEmail.objects.count(), len(mail.outbox)) == (kept, sent)
    with django_capture_on_commit_callbacks(execute=True):
        assert _queue(cast) is not None  # held only within the block
    assert (OutboxEmail.objects.count(), len(mail.outbox)) == (kept + 1, sent + 1)
