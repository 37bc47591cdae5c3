"""The development inbox: sent mail lands in files and is read in the browser, by the right people.

Alice is a developer running Concord locally (DEBUG on), browsing from her own machine; a
neighbour on the office network reaching her server gets a 404. In production (DEBUG off) only site staff
see the inbox, and Bob, who is not staff, gets a 404 like Mallory and anyone signed out.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from concord.core import mailbox


@pytest.fixture
def inbox_dir(settings, tmp_path):
    settings.EMAIL_BACKEND = "concord.core.mailbox.InboxBackend"
    settings.CONCORD_MAIL_DIR = tmp_path / "mail"
    return settings.CONCORD_MAIL_DIR


def send_invitation() -> None:
    message = mail.EmailMultiAlternatives(
        "You are invited to Helix–Borealis",
        "Follow the link to join.",
        "Concord <concord@localhost>",
        ["carol@helix.test"],
    )
    message.attach_alternative(
        '<p>Follow <a href="http://x.test/join">the link</a>.</p><script>alert(1)</script>',
        "text/html",
    )
    message.send()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_sent_mail_is_kept_as_one_file_with_both_parts(inbox_dir):
    send_invitation()
    files = list(inbox_dir.iterdir())
    assert len(files) == 1 and mailbox.NAME.match(files[0].name)
    [message] = mailbox.inbox()
    assert message.subject == "You are invited to Helix–Borealis"
    assert message.to == "carol@helix.test"
    assert message.text.strip() == "Follow the link to join."
    assert '<a href="http://x.test/join">' in message.html


def test_in_development_the_inbox_lists_mail_and_shows_a_message(inbox_dir, settings, cast):
    settings.DEBUG = True
    send_invitation()
    client = client_for(cast.alice)
    page = client.get(reverse("core:mail-inbox")).content.decode()
    assert "You are invited to Helix–Borealis" in page
    [message] = mailbox.inbox()
    shown = client.get(reverse("core:mail-message", args=[message.name]))
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "Follow the link to join." in text
    # The HTML part sits escaped in a sandboxed frame: shown, never run on this page.
    assert 'sandbox=""' in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script>alert(1)" not in text


def test_an_empty_inbox_says_so(inbox_dir, settings, cast):
    settings.DEBUG = True
    assert "No mail yet" in client_for(cast.alice).get(reverse("core:mail-inbox")).content.decode()


@pytest.mark.parametrize("name", ["../secret_key", "x.eml", f"20260101T000000-{'0' * 32}.eml"])
def test_only_a_message_the_backend_wrote_can_be_opened(inbox_dir, settings, cast, name):
    settings.DEBUG = True
    (inbox_dir.parent / "secret_key").write_text("s3cret")
    url = reverse("core:mail-message", args=["placeholder"]).replace("placeholder", name)
    assert client_for(cast.alice).get(url).status_code == 404


def test_in_production_only_site_staff_see_the_inbox(inbox_dir, settings, cast):
    settings.DEBUG = False
    send_invitation()
    url = reverse("core:mail-inbox")
    for who in (None, cast.mallory, cast.bob):
        assert client_for(who).get(url).status_code == 404
    cast.alice.is_staff = True
    cast.alice.save(update_fields=["is_staff"])
    assert "You are invited" in client_for(cast.alice).get(url).content.decode()


@pytest.mark.parametrize("address", ["192.168.1.20", "10.0.0.7", "2001:db8::1"])
def test_in_development_the_inbox_is_closed_to_other_machines(inbox_dir, settings, cast, address):
    settings.DEBUG = True
    send_invitation()
    for who in (None, cast.alice):
        client = client_for(who)
        assert client.get(reverse("core:mail-inbox"), REMOTE_ADDR=address).status_code == 404
    cast.alice.is_staff = True
    cast.alice.save(update_fields=["is_staff"])
    page = client_for(cast.alice).get(reverse("core:mail-inbox"), REMOTE_ADDR=address)
    assert "You are invited" in page.content.decode()


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.1", "::1", "::ffff:127.0.0.1"])
def test_in_development_the_inbox_is_open_on_loopback(inbox_dir, settings, address):
    settings.DEBUG = True
    send_invitation()
    page = Client().get(reverse("core:mail-inbox"), REMOTE_ADDR=address)
    assert "You are invited" in page.content.decode()
