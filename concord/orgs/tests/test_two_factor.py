"""Second factors through allauth.mfa: an authenticator app, recovery codes, and an
organisation that requires them. Alice enrols on her own; Helix then requires it of Carol."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from concord.orgs import services
from conftest import PASSWORD, totp_code


def log_in(client, email: str):
    return client.post(reverse("login"), {"username": email, "password": PASSWORD})


def enrol_totp(client) -> str:
    # Setting up a factor asks for the password again, as allauth does for every such change.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked.url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content[:500]
    return secret


def test_alice_enrols_an_authenticator_app_and_then_needs_its_code(client, cast):
    assert log_in(client, "alice@helix.test").status_code == 302
    secret = enrol_totp(client)
    assert Authenticator.objects.filter(user=cast.alice, type="totp").exists()
    profile = client.get(reverse("orgs:profile")).content.decode()
    assert "Authenticator app" in profile
    client.logout()

    response = log_in(client, "alice@helix.test")

    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("orgs:profile")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and client.get(reverse("orgs:profile")).status_code == 302
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.get(reverse("orgs:profile")).status_code == 200


def test_a_recovery_code_signs_in_once(client, cast):
    log_in(client, "alice@helix.test")
    enrol_totp(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=cast.alice, type="recovery_codes")
    ).get_unused_codes()
    client.logout()

    log_in(client, "alice@helix.test")
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get(reverse("orgs:profile")).status_code == 200
    client.logout()

    log_in(client, "alice@helix.test")
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get(reverse("orgs:profile")).status_code == 302  # used up


def test_an_organisation_that_requires_a_second_factor_sends_carol_to_set_one_up(client, cast):
    services.organisation_security_update(actor=cast.alice, require_mfa=True)
    log_in(client, "carol@helix.test")

    response = client.get(reverse("alliances:alliance-list"))

    assert response.url == reverse("mfa_index")
    assert client.get(reverse("mfa_index")).status_code == 200
    enrol_totp(client)
    assert client.get(reverse("alliances:alliance-list")).status_code == 200


def test_a_partners_rule_does_not_reach_the_other_organisation(client, cast):
    services.organisation_security_update(actor=cast.alice, require_mfa=True)
    client.force_login(cast.bob)

    assert client.get(reverse("alliances:alliance-list")).status_code == 200


def test_only_an_admin_sets_the_rule(client, cast):
    client.force_login(cast.carol)
    response = client.post(reverse("orgs:security-update"), {"security-require_mfa": "on"})

    assert response.status_code == 403
    cast.alice.membership.organisation.refresh_from_db()
    assert not cast.alice.membership.organisation.require_mfa
