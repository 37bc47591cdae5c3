"""A passkey as the second factor, in a real browser: Alice registers one with Chromium's
virtual authenticator (the DevTools protocol's WebAuthn domain stands in for a laptop's
fingerprint reader or a security key), then signs in again with her password and the passkey.
Then Bob, whose second factor is a passkey, signs off a gate with it: the signing form's
"Use your passkey" fetches a challenge, the authenticator answers it and the signature is made.
The browser makes real WebAuthn ceremonies against allauth.mfa's server side (fido2)."""

from __future__ import annotations

import re

from allauth.mfa.models import Authenticator
from django.db import transaction
from playwright.sync_api import Page, expect

from concord.alliances import services as alliance_services
from concord.alliances.models import Gate
from concord.core.models import Signature
from conftest import PASSWORD, build_cast, signed

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
    "automaticPresenceSimulation": True,
}


def virtual_authenticator(page: Page) -> tuple[object, str]:
    """Chromium's built-in authenticator for this page, answering every ceremony itself."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})
    return cdp, added["authenticatorId"]


def give_password(page: Page, email: str = "alice@helix.test") -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def add_passkey(page: Page, name: str) -> None:
    """Register the virtual authenticator's passkey; adding a factor may ask for the password
    again first (allauth's reauthentication)."""
    page.goto("/accounts/2fa/webauthn/add/")
    if page.get_by_label("Password").count():
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("Confirm|Reauthenticate", re.I)).click()
    # The Add button does nothing until allauth's script hooks it up, on DOMContentLoaded: wait
    # for the form page to load before clicking.
    page.wait_for_url(re.compile(r"/accounts/2fa/webauthn/add/$"), wait_until="load")
    page.get_by_label("Name").fill(name)
    page.locator("#mfa_webauthn_add").click()
    expect(page).not_to_have_url(re.compile(r"/webauthn/add/"))


def test_alice_registers_a_passkey_and_signs_in_with_it(new_page):
    cast = build_cast()
    page = new_page()
    cdp, authenticator_id = virtual_authenticator(page)
    page.goto("/accounts/login/")
    give_password(page)
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)

    add_passkey(page, "Alice's laptop")

    passkey = Authenticator.objects.get(user=cast.alice, type=Authenticator.Type.WEBAUTHN)
    assert passkey.wrap().name == "Alice's laptop"
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(stored["credentials"]) == 1

    # Signed out, she signs in again: the password is not enough, the passkey completes it.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    give_password(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("#mfa_webauthn_authenticate").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/(2fa/authenticate|login)/"))
    page.goto("/profile/")
    expect(page.get_by_text("alice@helix.test").first).to_be_visible()
    used = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert used["credentials"][0]["signCount"] >= 2  # registration, then this sign-in


def test_bob_signs_off_a_gate_with_his_passkey(new_page):
    cast = build_cast()
    with transaction.atomic():
        alliance_services.gate_propose(
            actor=cast.alice,
            alliance=cast.helix_borealis,
            to_phase="preclinical",
            rationale="Entry criteria met.",
            **signed(),
        )
    page = new_page()
    cdp, authenticator_id = virtual_authenticator(page)
    page.goto("/accounts/login/")
    give_password(page, "bob@borealis.test")
    expect(page.get_by_role("button", name="Log in")).to_have_count(0)
    add_passkey(page, "Bob's security key")

    page.goto(f"/alliances/{cast.helix_borealis.pk}/")
    form = page.get_by_role("form", name="Sign off the gate")
    form.get_by_label("Your password").fill(PASSWORD)
    form.get_by_role("group", name="Meaning of your signature").get_by_label("Approval").check()
    form.get_by_role("button", name="Use your passkey").click()
    expect(page.locator(".message", has_text="Every party signed")).to_be_visible()

    assert Gate.objects.unscoped().get().status == "passed"
    signature = Signature.objects.unscoped().get(signer=cast.bob)
    assert signature.meaning == "approve"
    passkey = Authenticator.objects.get(user=cast.bob, type=Authenticator.Type.WEBAUTHN)
    assert passkey.last_used_at is not None
    used = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert used["credentials"][0]["signCount"] >= 2  # registration, then the signature
