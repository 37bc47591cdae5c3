"""The audit trail: every write leaves an event, and tampering with any event is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concord.alliances.services import gate_propose
from concord.core.audit import audit_verify
from concord.core.models import AuditEvent, AuditHead


def test_writes_record_events_with_actor_alliance_and_values(cast):
    gate = gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Lead chosen",
    )
    event = AuditEvent.objects.unscoped().filter(action="gate.proposed").get()
    assert event.actor == cast.alice
    assert event.organisation == cast.helix
    assert event.alliance == cast.helix_borealis
    assert event.object_id == str(gate.pk)
    assert event.after["to_phase"] == "preclinical"


def test_the_chain_of_a_normal_history_verifies(cast):
    report = audit_verify()
    assert report.ok
    assert report.checked == AuditEvent.objects.unscoped().count()


def test_editing_an_event_in_the_database_is_detected(cast):
    victim = AuditEvent.objects.unscoped().order_by("seq")[5]
    AuditEvent.objects.unscoped().filter(pk=victim.pk).update(summary="Nothing happened here")
    report = audit_verify()
    assert not report.ok
    assert report.broken_seq == victim.seq


def test_deleting_an_event_in_the_middle_is_detected(cast):
    victim = AuditEvent.objects.unscoped().order_by("seq")[3]
    AuditEvent.objects.unscoped().filter(pk=victim.pk).delete()
    report = audit_verify()
    assert report.broken_seq == victim.seq
    assert "missing" in report.problem


def test_deleting_the_last_event_is_detected(cast):
    last = AuditEvent.objects.unscoped().order_by("-seq").first()
    AuditEvent.objects.unscoped().filter(pk=last.pk).delete()
    assert not audit_verify().ok


def test_rewriting_an_event_and_its_hash_breaks_the_next_link(cast):
    events = list(AuditEvent.objects.unscoped().order_by("seq")[:3])
    forged = events[1]
    forged.summary = "Forged"
    forged.hash = forged.compute_hash()
    AuditEvent.objects.unscoped().filter(pk=forged.pk).update(
        summary=forged.summary, hash=forged.hash
    )
    report = audit_verify()
    assert report.broken_seq == events[2].seq


def test_the_command_names_the_first_broken_link(cast, capsys):
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "intact" in out and AuditEvent.objects.unscoped().order_by("-seq").first().hash in out
    victim = AuditEvent.objects.unscoped().order_by("seq")[2]
    AuditEvent.objects.unscoped().filter(pk=victim.pk).update(action="tampered")
    with pytest.raises(CommandError, match=f"#{victim.seq}"):
        call_command("audit", "verify")


def test_the_head_tracks_the_last_event(cast):
    head = AuditHead.objects.get(pk=1)
    last = AuditEvent.objects.unscoped().order_by("-seq").first()
    assert (head.last_seq, head.last_hash) == (last.seq, last.hash)
