"""Electronic signatures: the signer's own password at the moment of signing, a stated meaning,
and a manifest that says who signed, what it means and when, with the time zone."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from concord.core import clock
from concord.core.models import AuditEvent, Signature
from concord.core.signatures import (
    SignatureForm,
    content_hash,
    one_check_per_password,
    sign,
    signature_matches,
    signatures_by_subject,
    signatures_of,
)
from conftest import PASSWORD

CONTENT = {"resolution": "Approve the 2027 research plan", "budget": "1250000.00 EUR"}


def sign_note(cast, actor, *, password=PASSWORD, meaning="approve", meanings=("approve",)):
    with transaction.atomic():
        return sign(
            actor=actor,
            password=password,
            meaning=meaning,
            subject=cast.shared_note,
            alliance=cast.helix_borealis,
            statement="Approved the kick-off summary",
            content=CONTENT,
            meanings=meanings,
        )


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(excinfo.value.message_dict)


def nothing_signed() -> bool:
    return (
        not Signature.objects.unscoped().exists()
        and not AuditEvent.objects.unscoped().filter(action="signature.signed").exists()
    )


def test_a_signature_records_its_manifest_and_the_hash_of_what_was_signed(cast):
    signature = sign_note(cast, cast.alice)

    assert signature.printed_name == "Alice Archer"
    assert signature.organisation == cast.helix
    assert signature.get_meaning_display() == "Approval"
    assert signature.statement == "Approved the kick-off summary"
    assert signature.content_hash == content_hash(CONTENT) and len(signature.content_hash) == 64
    assert signature.time_zone == "Europe/London"
    assert signature.subject_type == "alliances.note"
    assert signature.subject_id == str(cast.shared_note.pk)
    event = AuditEvent.objects.unscoped().get(action="signature.signed")
    assert event.actor == cast.alice and event.alliance == cast.helix_borealis
    assert event.after["content_hash"] == signature.content_hash
    assert event.after["meaning"] == "approve"


def test_the_manifest_shows_the_time_on_the_signers_clock_with_its_zone(cast, monkeypatch):
    summer = datetime.datetime(2026, 7, 1, 9, 30, 5, tzinfo=datetime.UTC)
    monkeypatch.setattr(clock, "now", lambda: summer)
    signature = sign_note(cast, cast.alice)
    assert signature.signed_at_display == "2026-07-01 10:30:05 BST (UTC+01:00)"
    assert signature.manifest == "Alice Archer, Approval, 2026-07-01 10:30:05 BST (UTC+01:00)"
    signature.time_zone = "Asia/Tokyo"
    assert signature.signed_at_display == "2026-07-01 18:30:05 JST (UTC+09:00)"
    signature.time_zone = "America/St_Johns"
    assert signature.signed_at_display == "2026-07-01 07:00:05 NDT (UTC-02:30)"


def test_a_wrong_password_is_refused_on_its_field_logged_and_nothing_is_recorded(cast, caplog):
    with caplog.at_level(logging.WARNING, logger="concord.signatures"):
        with pytest.raises(ValidationError) as refused:
            sign_note(cast, cast.bob, password="correct-horse-battery-stapler")
    assert errors_of(refused) == {"password"}
    assert "bob@borealis.test" in caplog.text
    assert nothing_signed()


def test_another_persons_password_does_not_sign_for_them(cast):
    cast.bob.set_password("bobs-own-long-password")
    cast.bob.save()
    with pytest.raises(ValidationError) as refused:
        sign_note(cast, cast.bob, password=PASSWORD)  # Alice's password, not Bob's any more
    assert errors_of(refused) == {"password"}
    assert nothing_signed()


def test_an_empty_password_and_a_missing_meaning_are_both_named(cast):
    with pytest.raises(ValidationError) as refused:
        sign_note(cast, cast.alice, password="", meaning="")
    assert errors_of(refused) == {"password", "meaning"}
    assert "State what your signature means: approval" in str(refused.value)
    assert nothing_signed()


def test_a_meaning_that_does_not_fit_the_act_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        sign_note(cast, cast.alice, meaning="reject")
    assert errors_of(refused) == {"meaning"}
    with pytest.raises(ValidationError) as unknown:
        sign_note(cast, cast.alice, meaning="agree", meanings=("approve", "reject", "review"))
    assert "approval or rejection or review" in str(unknown.value)
    assert nothing_signed()


def test_a_changed_record_no_longer_matches_its_signature(cast):
    signature = sign_note(cast, cast.alice)
    assert signature_matches(signature, dict(CONTENT))
    assert not signature_matches(signature, {**CONTENT, "budget": "1350000.00 EUR"})


def test_signatures_are_read_by_every_party_and_by_nobody_outside(cast):
    first = sign_note(cast, cast.alice)
    second = sign_note(cast, cast.bob, meaning="review", meanings=("approve", "review"))
    for reader in (cast.alice, cast.bob, cast.carol):
        assert list(signatures_of(user=reader, subject=cast.shared_note)) == [first, second]
    assert not signatures_of(user=cast.dave, subject=cast.shared_note).exists()
    assert not signatures_of(user=cast.mallory, subject=cast.shared_note).exists()
    by_subject = signatures_by_subject(user=cast.carol, subjects=[cast.shared_note])
    assert by_subject[cast.shared_note.pk] == [first, second]
    assert signatures_by_subject(user=cast.carol, subjects=[]) == {}


def test_the_form_puts_the_signature_last_and_offers_only_fitting_meanings(cast):
    form = SignatureForm({"password": PASSWORD, "meaning": "reject"}, meanings=["approve"])
    assert list(form.fields) == ["password", "code", "passkey", "meaning"]
    assert not form.is_valid() and form.errors["meaning"]
    form = SignatureForm({"password": PASSWORD, "meaning": "approve"}, meanings=["approve"])
    assert form.is_valid()
    assert form.signature() == {"password": PASSWORD, "meaning": "approve", "code": ""}
    assert 'autocomplete="current-password"' in str(form["password"])
    assert PASSWORD not in str(form["password"]), "a password is never rendered back"


def test_a_shared_password_is_checked_once_only_inside_the_demos_block(cast, monkeypatch):
    user_model = type(cast.alice)
    calls: list[str] = []
    original = user_model.check_password

    def counted(self, raw):
        calls.append(raw)
        return original(self, raw)

    monkeypatch.setattr(user_model, "check_password", counted)
    sign_note(cast, cast.alice)
    sign_note(cast, cast.alice)
    assert len(calls) == 2, "real signing re-checks the password every time"
    with one_check_per_password():
        sign_note(cast, cast.alice)
        sign_note(cast, cast.alice)
        with pytest.raises(ValidationError):
            sign_note(cast, cast.alice, password="not-hers")
        with pytest.raises(ValidationError):
            sign_note(cast, cast.alice, password="not-hers")
    assert len(calls) == 4
