"""Signing with a second factor: once a person has an authenticator app, a signature also takes
a current code from it (or a recovery code); someone who signs in through their organisation's
identity provider has no password and signs with the code alone."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from concord.core.models import AuditEvent, Signature
from concord.core.signatures import CODE_FAILURE_LIMIT, SignatureForm, sign
from conftest import PASSWORD, totp_code
from conftest import api_client as client_for
from conftest import assert_api_error as assert_error

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def fresh_cache() -> Any:
    """allauth remembers used codes (and Concord wrong ones) in the cache; start clean."""
    cache.clear()
    yield
    cache.clear()


def current_code() -> str:
    return totp_code(SECRET)


def with_app(user: Any) -> Any:
    TOTP.activate(user, SECRET)
    return user


def sso_person(user: Any) -> Any:
    """As sso_member_join leaves them: no password of their own in Concord."""
    user.set_unusable_password()
    user.save()
    return user


def sign_note(cast: Any, actor: Any, **signature: str) -> Signature:
    with transaction.atomic():
        return sign(
            actor=actor,
            subject=cast.shared_note,
            alliance=cast.helix_borealis,
            statement="Approved the kick-off summary",
            content={"resolution": "Approve the plan"},
            meanings=("approve",),
            **{"password": PASSWORD, "meaning": "approve", **signature},
        )


def refused(cast: Any, actor: Any, **signature: str) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as excinfo:
        sign_note(cast, actor, **signature)
    return excinfo.value.message_dict


def nothing_signed() -> bool:
    return (
        not Signature.objects.unscoped().exists()
        and not AuditEvent.objects.unscoped().filter(action="signature.signed").exists()
    )


def test_once_a_person_has_an_authenticator_app_signing_asks_for_its_code(cast):
    with_app(cast.alice)
    problems = refused(cast, cast.alice)
    assert set(problems) == {"code"}
    assert "authenticator app" in problems["code"][0]
    assert nothing_signed()

    signature = sign_note(cast, cast.alice, code=current_code())
    assert signature.signer == cast.alice


def test_a_wrong_code_is_refused_and_nothing_is_written(cast, caplog):
    with_app(cast.alice)
    wrong = "000000" if current_code() != "000000" else "111111"
    problems = refused(cast, cast.alice, code=wrong)
    assert set(problems) == {"code"} and "not valid" in problems["code"][0]
    assert nothing_signed()
    assert "wrong code" in caplog.text


def test_the_code_is_spent_only_when_the_rest_of_the_signature_is_in_order(cast):
    with_app(cast.alice)
    code = current_code()
    assert set(refused(cast, cast.alice, code=code, password="not-hers")) == {"password"}
    assert nothing_signed()
    sign_note(cast, cast.alice, code=code)  # still good: the refused act did not use it up
    problems = refused(cast, cast.alice, code=code)
    assert "used already" in problems["code"][0], "a code signs once"


def test_a_recovery_code_signs_once(cast):
    with_app(cast.alice)
    recovery = RecoveryCodes.activate(cast.alice).get_unused_codes()[0]
    sign_note(cast, cast.alice, code=recovery)
    assert set(refused(cast, cast.alice, code=recovery)) == {"code"}
    assert Signature.objects.unscoped().count() == 1


def test_wrong_codes_pause_signing(cast):
    with_app(cast.alice)
    wrong = "000000" if current_code() != "000000" else "111111"
    for _ in range(CODE_FAILURE_LIMIT):
        refused(cast, cast.alice, code=wrong)
    problems = refused(cast, cast.alice, code=current_code())
    assert "Too many wrong codes" in problems["code"][0]
    assert nothing_signed()


def test_people_without_a_second_factor_still_sign_with_their_password_alone(cast):
    assert sign_note(cast, cast.bob).signer == cast.bob


def test_an_sso_member_without_a_second_factor_cannot_sign_and_is_told_where_to_set_one_up(
    cast,
):
    sso_person(cast.bob)
    problems = refused(cast, cast.bob, password="")
    assert set(problems) == {"code"}
    assert "identity provider" in problems["code"][0] and "/2fa/" in problems["code"][0]
    assert nothing_signed()


def test_an_sso_member_signs_with_their_code_alone_and_not_without_it(cast):
    with_app(sso_person(cast.bob))
    assert set(refused(cast, cast.bob, password="")) == {"code"}
    assert set(refused(cast, cast.bob, password="", code="12345")) == {"code"}
    assert nothing_signed()
    signature = sign_note(cast, cast.bob, password="", code=current_code())
    assert signature.signer == cast.bob and signature.organisation == cast.borealis


def test_the_form_takes_the_code_between_the_password_and_the_meaning(cast):
    form = SignatureForm({"code": " 123456 ", "meaning": "approve"}, meanings=["approve"])
    assert list(form.fields) == ["password", "code", "passkey", "meaning"]
    assert form.is_valid(), form.errors
    assert form.signature() == {"password": "", "meaning": "approve", "code": "123456"}
    assert 'autocomplete="one-time-code"' in str(form["code"])


def propose_gate(cast: Any) -> int:
    """Alice proposes a gate for Helix, signing at once; Borealis's sign-off is still due."""
    body = {"to_phase": "preclinical", "rationale": "Entry criteria met."}
    proposed = client_for(cast.alice).post(
        f"/api/v1/alliances/{cast.helix_borealis.pk}/gates",
        {**body, "password": PASSWORD, "meaning": "approve"},
        content_type="application/json",
    )
    assert proposed.status_code == 201, proposed.content
    return int(proposed.json()["id"])


def test_the_api_takes_the_code_with_the_signature(cast):
    bob = client_for(cast.bob)
    gate_id = propose_gate(cast)
    with_app(sso_person(cast.bob))

    def sign_gate(**signature: str) -> Any:
        payload = {"meaning": "approve", **signature}
        return bob.post(f"/api/v1/gates/{gate_id}/sign", payload, content_type="application/json")

    unsigned = assert_error(sign_gate(), 422, field="password")
    assert "code" in unsigned["message"]
    assert_error(sign_gate(code="99999"), 422, field="code")
    assert Signature.objects.unscoped().filter(signer=cast.bob).count() == 0
    passed = sign_gate(code=current_code())
    assert passed.status_code == 200, passed.content
    assert passed.json()["status"] == "passed"


def test_an_sso_member_signs_a_gate_on_its_page_with_their_code(cast):
    gate_id = propose_gate(cast)
    with_app(sso_person(cast.bob))
    bob = Client()
    bob.force_login(cast.bob)
    page = bob.get(reverse("alliances:alliance-detail", args=[cast.helix_borealis.pk]))
    assert 'name="code"' in page.content.decode() and 'autocomplete="one-time-code"' in (
        page.content.decode()
    )
    url = reverse("alliances:gate-sign", args=[gate_id])

    unsigned = bob.post(url, {"meaning": "approve"})
    assert unsigned.status_code == 200 and unsigned.context["sign_form"].errors["password"]
    wrong = bob.post(url, {"meaning": "approve", "code": "123"})
    assert wrong.status_code == 200 and wrong.context["sign_form"].errors["code"]
    assert not Signature.objects.unscoped().filter(signer=cast.bob).exists()

    assert bob.post(url, {"meaning": "approve", "code": current_code()}).status_code == 302
    gates = client_for(cast.bob).get(f"/api/v1/alliances/{cast.helix_borealis.pk}/gates").json()
    assert gates[0]["status"] == "passed"
