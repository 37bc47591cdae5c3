"""Signing with a passkey, without a browser: a small software authenticator (a P-256 key, as
fido2 itself verifies them) registers a passkey for Bob and answers the signing challenge that
the page fetches. The answer signs once: a replayed, foreign or forged answer is refused, and
nothing is written."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal.auth import WebAuthn
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from fido2.cose import ES256
from fido2.utils import websafe_decode
from fido2.webauthn import (
    Aaguid,
    AttestationObject,
    AttestedCredentialData,
    AuthenticationResponse,
    AuthenticatorAssertionResponse,
    AuthenticatorAttestationResponse,
    AuthenticatorData,
    CollectedClientData,
    RegistrationResponse,
)

from concord.core.models import Signature
from concord.core.signatures_passkey import CHALLENGE_KEY
from concord.core.tests.test_signatures_mfa import propose_gate
from conftest import PASSWORD
from conftest import api_client as client_for
from conftest import assert_api_error as assert_error
from tests.browser.test_signatures_flow import quorate_meeting

HOST = "testserver"  # the test client's host: the passkeys' relying party
ORIGIN = f"http://{HOST}"
FLAGS = AuthenticatorData.FLAG


@pytest.fixture(autouse=True)
def plain_http_origin() -> Any:
    """The test client speaks plain http to "testserver"; allauth's development setting lets
    fido2 accept that origin (everything else about the ceremony is checked as in production)."""
    cache.clear()
    with override_settings(MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN=True):
        yield
    cache.clear()


@dataclass
class SoftPasskey:
    """A passkey held in memory: its private key and credential id."""

    key: ec.EllipticCurvePrivateKey
    credential_id: bytes
    user_handle: bytes = b""

    @classmethod
    def new(cls) -> SoftPasskey:
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    def register(self, user: Any, name: str = "Bob's key") -> Authenticator:
        """What allauth stores when a browser registers this passkey for `user`."""
        public = ES256.from_cryptography_key(self.key.public_key())
        credential = AttestedCredentialData.create(Aaguid.NONE, self.credential_id, public)
        auth_data = AuthenticatorData.create(
            hashlib.sha256(HOST.encode()).digest(), FLAGS.UP | FLAGS.AT, 0, credential
        )
        response = RegistrationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAttestationResponse(
                client_data=CollectedClientData.create("webauthn.create", os.urandom(32), ORIGIN),
                attestation_object=AttestationObject.create("none", auth_data, {}),
            ),
        )
        self.user_handle = str(user.pk).encode()
        return WebAuthn.add(user, name, json.loads(json.dumps(dict(response)))).instance

    def answer(self, challenge: str, counter: int = 1) -> str:
        """The assertion a browser would post for `challenge`, as the hidden field holds it."""
        auth_data = AuthenticatorData.create(
            hashlib.sha256(HOST.encode()).digest(), FLAGS.UP | FLAGS.UV, counter
        )
        client_data = CollectedClientData.create("webauthn.get", websafe_decode(challenge), ORIGIN)
        signature = self.key.sign(auth_data + client_data.hash, ec.ECDSA(hashes.SHA256()))
        response = AuthenticationResponse(
            raw_id=self.credential_id,
            response=AuthenticatorAssertionResponse(
                client_data=client_data,
                authenticator_data=auth_data,
                signature=signature,
                user_handle=self.user_handle,
            ),
        )
        return json.dumps(dict(response))


def challenge(client: Client) -> str:
    fetched = client.post(reverse("core:signature-passkey-challenge"))
    assert fetched.status_code == 200, fetched.content
    return str(fetched.json()["request_options"]["publicKey"]["challenge"])


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sign_gate(client: Client, gate_id: int, **fields: str) -> Any:
    url = reverse("alliances:gate-sign", args=[gate_id])
    return client.post(url, {"meaning": "approve", "password": PASSWORD, **fields})


def bob_signatures(cast: Any) -> int:
    return Signature.objects.unscoped().filter(signer=cast.bob).count()


def test_the_signing_page_offers_the_passkey_only_to_a_signer_who_has_one(cast):
    gate_id = propose_gate(cast)
    bob = signed_in(cast.bob)
    page_url = reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk])
    without = bob.get(page_url).content.decode()
    assert 'name="passkey"' in without and "Use your passkey" not in without
    SoftPasskey.new().register(cast.bob)
    page = bob.get(page_url).content.decode()
    assert "Use your passkey" in page and "concord/passkey.js" in page
    assert reverse("core:signature-passkey-challenge") in page
    assert gate_id


def test_a_passkey_signs_a_gate_and_its_answer_signs_once(cast):
    gate_id = propose_gate(cast)
    passkey = SoftPasskey.new()
    stored = passkey.register(cast.bob)
    bob = signed_in(cast.bob)

    unsigned = sign_gate(bob, gate_id)
    assert unsigned.status_code == 200
    assert "Use your passkey" in unsigned.context["sign_form"].errors["code"][0]

    answer = passkey.answer(challenge(bob))
    assert CHALLENGE_KEY in bob.session
    done = sign_gate(bob, gate_id, passkey=answer)
    assert done.status_code == 302, done.context and done.context["sign_form"].errors
    assert bob_signatures(cast) == 1
    assert CHALLENGE_KEY not in bob.session, "the challenge is used up"
    stored.refresh_from_db()
    assert stored.last_used_at is not None

    # The same answer again (a replay) finds no challenge to answer.
    gate_id = propose_gate_again(cast)
    replayed = sign_gate(bob, gate_id, passkey=answer)
    assert replayed.status_code == 200
    assert "passkey" in replayed.context["sign_form"].errors["code"][0]
    assert bob_signatures(cast) == 1


def propose_gate_again(cast: Any) -> int:
    """After the first gate passed, Alice proposes the next phase."""
    body = {"to_phase": "clinical", "rationale": "Preclinical package complete."}
    proposed = client_for(cast.alice).post(
        f"/api/v1/alliances/{cast.helix_borealis.pk}/gates",
        {**body, "password": PASSWORD, "meaning": "approve"},
        content_type="application/json",
    )
    assert proposed.status_code == 201, proposed.content
    return int(proposed.json()["id"])


@pytest.mark.parametrize("forgery", ["other key", "other challenge", "garbled"])
def test_a_wrong_answer_is_refused_and_spends_the_challenge(cast, forgery):
    gate_id = propose_gate(cast)
    passkey = SoftPasskey.new()
    passkey.register(cast.bob)
    bob = signed_in(cast.bob)
    issued = challenge(bob)
    if forgery == "other key":  # a key Bob never registered, under his credential id
        answer = SoftPasskey(ec.generate_private_key(ec.SECP256R1()), passkey.credential_id)
        wrong = answer.answer(issued)
    elif forgery == "other challenge":
        wrong = passkey.answer("A" * 43)
    else:
        wrong = '{"id": "nothing", "response": {}}'
    refused = sign_gate(bob, gate_id, passkey=wrong)
    assert refused.status_code == 200 and refused.context["sign_form"].errors["code"]
    assert bob_signatures(cast) == 0
    # The right answer to the spent challenge is refused too: a new challenge is needed.
    assert sign_gate(bob, gate_id, passkey=passkey.answer(issued)).status_code == 200
    assert bob_signatures(cast) == 0
    assert sign_gate(bob, gate_id, passkey=passkey.answer(challenge(bob))).status_code == 302
    assert bob_signatures(cast) == 1


def test_another_persons_passkey_cannot_answer_the_signers_challenge(cast):
    gate_id = propose_gate(cast)
    SoftPasskey.new().register(cast.bob)
    erins = SoftPasskey.new()
    erins.register(cast.erin)
    bob = signed_in(cast.bob)
    refused = sign_gate(bob, gate_id, passkey=erins.answer(challenge(bob)))
    assert refused.status_code == 200 and refused.context["sign_form"].errors["code"]
    assert bob_signatures(cast) == 0


def test_a_wrong_password_keeps_the_challenge_for_the_corrected_form(cast):
    gate_id = propose_gate(cast)
    passkey = SoftPasskey.new()
    passkey.register(cast.bob)
    bob = signed_in(cast.bob)
    answer = passkey.answer(challenge(bob))
    wrong = sign_gate(bob, gate_id, passkey=answer, password="not-his")
    assert set(wrong.context["sign_form"].errors) == {"password"}
    assert sign_gate(bob, gate_id, passkey=answer).status_code == 302


def test_the_challenge_is_for_people_with_a_passkey_and_only_by_post(cast):
    url = reverse("core:signature-passkey-challenge")
    assert Client().post(url).status_code == 401
    assert signed_in(cast.bob).get(url).status_code == 405
    none = signed_in(cast.bob).post(url)
    assert none.status_code == 404 and "no passkey" in none.json()["detail"]


def test_the_api_keeps_taking_a_code_not_a_passkey(cast):
    gate_id = propose_gate(cast)
    passkey = SoftPasskey.new()
    passkey.register(cast.bob)
    bob_page = signed_in(cast.bob)
    answer = passkey.answer(challenge(bob_page))
    api = client_for(cast.bob)
    url = f"/api/v1/gates/{gate_id}/sign"
    body = {"meaning": "approve", "password": PASSWORD}
    assert_error(api.post(url, body, content_type="application/json"), 422, field="code")
    passed = {**body, "code": answer}
    assert_error(api.post(url, passed, content_type="application/json"), 422, field="code")
    assert bob_signatures(cast) == 0


def test_pages_that_place_the_signature_fields_one_by_one_offer_the_passkey_too(cast):
    """The meeting page lays out its decision form's fields itself, as the vote, minutes and
    amendment forms do: the passkey comes with them."""
    meeting_url = reverse("governance:meeting-detail", args=[quorate_meeting(cast)])
    SoftPasskey.new().register(cast.alice)  # Helix runs the meeting
    page = signed_in(cast.alice).get(meeting_url).content.decode()
    form = page[page.index("gov-votes") : page.index("Put to the vote")]
    assert 'name="decision-passkey"' in form and "Use your passkey" in form
