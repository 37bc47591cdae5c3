"""Mail delivery: a failing mail server delays a message, it does not lose it."""

from unittest import mock

from django.core import mail

from concord.core.emails import send_email_task


def test_a_message_is_retried_until_the_mail_server_answers(settings):
    calls = {"n": 0}
    real_send = mail.EmailMultiAlternatives.send

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] < 3:
            raise ConnectionRefusedError("mail server down")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky):
        send_email_task.enqueue(["sam@x.test"], "Hello", "Text", "<p>Text</p>")
    assert calls["n"] == 3
    assert [m.subject for m in mail.outbox] == ["Hello"]
