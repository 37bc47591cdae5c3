"""The audit trail: every write leaves an event, and tampering with any event is detected."""

import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concord.alliances.services import gate_propose, note_create
from concord.core.audit import audit_anchor, audit_seal, audit_verify
from concord.core.models import GENESIS_HASH, AuditEvent, AuditHead
from conftest import signed


def test_writes_record_events_with_actor_alliance_and_values(cast):
    gate = gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Lead chosen",
        **signed(),
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


# -- Sealing: writes never wait on the chain; the sealer links them shortly after ---------------


def _note(cast, title="Weekly sync"):
    return note_create(
        actor=cast.alice, alliance=cast.helix_borealis, title=title, body=".", visibility="shared"
    )


def test_a_write_appends_an_unsealed_event_without_touching_the_head(cast):
    head_before = AuditHead.objects.values_list("last_seq", "last_hash").get(pk=1)
    _note(cast)
    event = AuditEvent.objects.unscoped().order_by("-id").first()
    assert (event.seq, event.hash) == (None, "")
    assert AuditHead.objects.values_list("last_seq", "last_hash").get(pk=1) == head_before
    report = audit_verify()
    assert report.ok and report.unsealed == 1


def test_the_sealer_links_new_events_in_the_order_written(cast):
    head = AuditHead.objects.get(pk=1)
    _note(cast, "First"), _note(cast, "Second")
    assert audit_seal() == 2
    first, second = AuditEvent.objects.unscoped().filter(seq__gt=head.last_seq).order_by("seq")
    assert "First" in first.summary and "Second" in second.summary
    assert (first.seq, first.prev_hash) == (head.last_seq + 1, head.last_hash)
    assert second.prev_hash == first.hash
    report = audit_verify()
    assert (report.ok, report.unsealed, report.head_hash) == (True, 0, second.hash)
    assert audit_seal() == 0


def test_an_event_committed_after_later_ones_were_sealed_joins_the_chain_next(cast):
    late = AuditEvent.objects.unscoped().order_by("-id").first()
    # As if its transaction had still been open when the sealer last ran: unsealed, earlier id.
    AuditEvent.objects.unscoped().filter(pk=late.pk).update(seq=None, prev_hash="", hash="")
    AuditHead.objects.filter(pk=1).update(last_seq=late.seq - 1, last_hash=late.prev_hash)
    _note(cast)
    assert audit_seal() == 2
    assert audit_verify().ok


def test_tampering_with_a_sealed_event_is_still_detected_after_new_seals(cast):
    victim = AuditEvent.objects.unscoped().order_by("seq")[1]
    AuditEvent.objects.unscoped().filter(pk=victim.pk).update(summary="Rewritten")
    _note(cast)
    audit_seal()
    assert audit_verify().broken_seq == victim.seq


def test_the_sweep_seals_and_the_command_reports_what_is_not_sealed_yet(cast, capsys):
    _note(cast)
    call_command("audit", "verify")
    assert "1 not yet sealed" in capsys.readouterr().out
    call_command("sweep")
    assert "audit event(s) sealed" in capsys.readouterr().out
    call_command("audit", "verify")
    assert "0 not yet sealed" in capsys.readouterr().out


# -- Anchors: the head, signed, outside the database -----------------------------------------


@pytest.fixture
def anchors(settings, tmp_path):
    settings.CONCORD_AUDIT_ANCHOR_FILE = str(tmp_path / "audit-anchors.log")
    return tmp_path / "audit-anchors.log"


def test_the_head_is_anchored_once_a_day_in_a_signed_line(cast, anchors, caplog):
    head = AuditHead.objects.get(pk=1)
    with caplog.at_level(logging.INFO, logger="concord.audit"):
        line = audit_anchor()
    assert f"seq={head.last_seq} hash={head.last_hash} hmac=" in line
    assert line in caplog.text
    assert audit_anchor() is None
    assert anchors.read_text().splitlines() == [line]
    assert audit_verify().anchors == 1


def test_a_table_rebuilt_with_a_consistent_chain_is_detected_by_the_anchor(cast, anchors):
    audit_anchor()
    # Rewrite every event's summary and rebuild the whole chain so that it is self-consistent.
    prev = GENESIS_HASH
    for event in AuditEvent.objects.unscoped().order_by("seq"):
        event.summary, event.prev_hash = "Nothing to see", prev
        event.hash = prev = event.compute_hash()
        event.save(update_fields=["summary", "prev_hash", "hash"])
    AuditHead.objects.filter(pk=1).update(last_hash=prev)
    report = audit_verify()
    assert not report.ok and "rewritten" in report.problem


def test_a_chain_cut_short_below_the_anchor_is_detected(cast, anchors):
    audit_anchor()
    last = AuditEvent.objects.unscoped().order_by("-seq").first()
    AuditEvent.objects.unscoped().filter(pk=last.pk).delete()
    AuditHead.objects.filter(pk=1).update(last_seq=last.seq - 1, last_hash=last.prev_hash)
    report = audit_verify()
    assert not report.ok and "cut short" in report.problem


def test_a_forged_anchor_line_is_reported_not_trusted(cast, anchors):
    anchors.write_text("audit-head 2026-01-01 seq=1 hash=abc hmac=0000\n")
    report = audit_verify()
    assert report.ok and report.anchors == 0
    assert "not signed" in report.warnings[0]
