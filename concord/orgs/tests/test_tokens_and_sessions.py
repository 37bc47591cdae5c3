"""API tokens with a scope and an expiry, sessions a person sees and ends, deactivation ending
both at once, and sign-in attempts limited per account and per address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.orgs import services
from concord.orgs.models import ApiToken, SignInFailure
from conftest import PASSWORD


def api(key: str) -> Client:
    return Client(headers={"authorization": f"Bearer {key}"})


def log_in(client, email, password=PASSWORD, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


# Tokens


def test_a_read_only_token_reads_but_cannot_change_anything(cast):
    key = services.api_token_create(actor=cast.alice, name="Report", scope="read").key

    assert api(key).get("/api/v1/alliances").status_code == 200
    response = api(key).post(
        "/api/v1/alliances",
        {"name": "Not allowed", "effective_date": "2026-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "read-only" in response.json()["message"]


def test_an_expired_token_stops_working_and_use_is_recorded(cast):
    issued = services.api_token_create(actor=cast.alice, expires_in_days=7)
    assert issued.token.expires_at > clock.now() + timedelta(days=6)

    assert api(issued.key).get("/api/v1/me").status_code == 200
    token = ApiToken.objects.unscoped().get(pk=issued.token.pk)
    assert token.last_used_at is not None

    ApiToken.objects.unscoped().filter(pk=token.pk).update(expires_at=clock.now())
    assert api(issued.key).get("/api/v1/me").status_code == 401


def test_the_profile_page_creates_a_scoped_expiring_token_shown_once(client, cast):
    client.force_login(cast.alice)

    response = client.post(
        reverse("orgs:token-create"), {"name": "Nightly", "scope": "read", "expires_in_days": "30"}
    )

    token = ApiToken.objects.unscoped().get(user=cast.alice)
    assert token.scope == "read"
    assert timedelta(days=29) < token.expires_at - clock.now() <= timedelta(days=30)
    assert response.context["issued"].key in response.content.decode()


def test_the_api_issues_a_token_of_the_asked_scope(client, cast):
    response = client.post(
        "/api/v1/auth/token",
        {
            "username": "alice@helix.test",
            "password": PASSWORD,
            "scope": "read",
            "expires_in_days": 1,
        },
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["scope"] == "read"


# Sessions and deactivation


def test_alice_sees_her_sessions_and_signs_one_out(cast):
    laptop, phone = Client(), Client(HTTP_USER_AGENT="Phone browser")
    log_in(laptop, "alice@helix.test")
    log_in(phone, "alice@helix.test", address="10.0.0.2")
    assert UserSession.objects.filter(user=cast.alice).count() == 2

    page = laptop.get(reverse("orgs:profile"))
    assert "Phone browser" in page.content.decode() and "10.0.0.2" in page.content.decode()
    phone_session = UserSession.objects.get(user=cast.alice, ip="10.0.0.2")
    response = laptop.post(reverse("orgs:session-end", args=[phone_session.pk]))

    assert response.url == reverse("orgs:profile")
    assert phone.get(reverse("orgs:profile")).status_code == 302  # signed out
    assert laptop.get(reverse("orgs:profile")).status_code == 200


def test_bob_cannot_end_alices_session(cast):
    alice, bob = Client(), Client()
    log_in(alice, "alice@helix.test")
    bob.force_login(cast.bob)
    session = UserSession.objects.get(user=cast.alice)

    bob.post(reverse("orgs:session-end", args=[session.pk]))

    assert UserSession.objects.filter(pk=session.pk).exists()
    assert alice.get(reverse("orgs:profile")).status_code == 200


def test_deactivation_ends_sessions_and_revokes_tokens_at_once(cast):
    carol = Client()
    log_in(carol, "carol@helix.test")
    key = services.api_token_create(actor=cast.carol).key

    services.membership_update(actor=cast.alice, membership=cast.carol.membership, is_active=False)

    assert not UserSession.objects.filter(user=cast.carol).exists()
    assert carol.get(reverse("orgs:profile")).status_code == 302
    assert api(key).get("/api/v1/me").status_code == 401


# Rate limits


@pytest.fixture
def limits(settings):
    settings.CONCORD_SIGNIN_ACCOUNT_LIMIT = 3
    settings.CONCORD_SIGNIN_ADDRESS_LIMIT = 5
    return settings


def test_after_repeated_wrong_passwords_even_the_right_one_waits(
    client, cast, limits, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert log_in(client, "alice@helix.test", "wrong-password").status_code == 200

    response = log_in(client, "alice@helix.test", address="10.9.9.9")  # a new address too

    assert response.status_code == 200
    assert "Too many failed sign-ins for this account" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["alice@helix.test"]]
    assert "Failed sign-ins" in mail.outbox[0].subject


def test_the_account_is_free_again_after_the_window(client, cast, limits):
    for _ in range(3):
        log_in(client, "alice@helix.test", "wrong-password")
    SignInFailure.objects.update(failed_at=clock.now() - timedelta(minutes=16))

    assert log_in(client, "alice@helix.test").status_code == 302


def test_one_address_trying_many_accounts_is_refused(client, cast, limits):
    for n in range(5):
        log_in(client, f"nobody{n}@guess.test", "wrong-password")

    response = log_in(client, "bob@borealis.test")

    assert "from your network address" in response.content.decode()
    assert log_in(Client(), "bob@borealis.test", address="10.0.0.7").status_code == 302


def test_wrong_api_keys_are_limited_per_address(cast, limits):
    for _ in range(5):
        assert api("concord_guess").get("/api/v1/me").status_code == 401

    response = api("concord_guess").get("/api/v1/me")

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.json()["message"]


def test_the_token_exchange_is_limited_per_account(client, cast, limits):
    body = {"username": "alice@helix.test", "password": "wrong-password"}
    for _ in range(3):
        client.post("/api/v1/auth/token", body, content_type="application/json")

    body["password"] = PASSWORD
    response = client.post("/api/v1/auth/token", body, content_type="application/json")

    assert response.status_code == 429
