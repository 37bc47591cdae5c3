"""Recording and verifying the audit trail. Services call audit_record inside their transaction."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from concord.core import clock
from concord.core.middleware import request_id_var
from concord.core.models import GENESIS_HASH, AuditEvent, AuditHead
from concord.core.tenancy import SHARED

logger = logging.getLogger("concord.audit")


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: Any,
    summary: str,
    organisation: Any = None,
    alliance: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    visibility: str = SHARED,
) -> AuditEvent:
    """Append one event, unsealed; must run inside the service's transaction.

    No lock is taken: the event is a plain insert with the table's own id, and the sealer links
    it into the hash chain after the transaction commits (see audit_seal).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the writing service's transaction")
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent.objects.unscoped().create(
        created_at=clock.now(),
        actor=actor_user,
        actor_label=_actor_label(actor_user),
        organisation=organisation,
        alliance=alliance,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        action=action,
        summary=summary[:300],
        before=before,
        after=after,
        request_id=request_id_var.get(),
        visibility=visibility,
    )
    transaction.on_commit(_request_seal)
    return event


SEAL_BATCH = 2000


def audit_seal() -> int:
    """Link every committed unsealed event into the chain, in the order written; returns how many.

    Only the sealer locks the head row, so writers never wait on each other here. An event whose
    transaction commits late simply joins the chain at the next run: the chain's order is the
    order of sealing, which follows the ids of what has committed.
    """
    total = 0
    while True:
        with transaction.atomic():
            sealed = _seal_batch()
        total += sealed
        if sealed < SEAL_BATCH:
            return total


def _seal_batch() -> int:
    head, _ = AuditHead.objects.select_for_update(of=("self",)).get_or_create(pk=1)
    unsealed = AuditEvent.objects.unscoped().filter(seq__isnull=True).order_by("id")
    events = list(unsealed[:SEAL_BATCH])
    for event in events:
        event.seq, event.prev_hash = head.last_seq + 1, head.last_hash
        event.hash = event.compute_hash()
        head.last_seq, head.last_hash = event.seq, event.hash
    if events:
        _write_seals(events)
        head.save(update_fields=["last_seq", "last_hash"])
    return len(events)


def _write_seals(events: list[AuditEvent]) -> None:
    """One parameterised UPDATE per event, sent as a batch: far quicker than bulk_update's
    CASE expression over thousands of rows, on SQLite and PostgreSQL alike."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    table = quote(AuditEvent._meta.db_table)
    sql = f"UPDATE {table} SET {quote('seq')} = %s, {quote('prev_hash')} = %s, {quote('hash')} = %s WHERE {quote('id')} = %s"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(e.seq, e.prev_hash, e.hash, e.pk) for e in events])


_SEAL_EVERY = 2.0  # seconds: at most one queued seal per process in this time
_last_seal_request = 0.0


def _request_seal() -> None:
    """Queue a seal soon after a commit, at most once every few seconds per process."""
    global _last_seal_request
    now = time.monotonic()
    if now - _last_seal_request < _SEAL_EVERY:
        return  # a queued seal, or the minute's sweep, will take this event too
    _last_seal_request = now
    from concord.core.tasks import audit_seal_task

    try:
        audit_seal_task.enqueue()
    except Exception:  # the sweep seals within a minute; a failed enqueue must not fail the write
        logger.exception("could not queue the audit sealer")


def _actor_label(user: Any) -> str:
    if user is None:
        return "Concord"
    return user.get_full_name() or user.email


@dataclass
class ChainReport:
    """What `concord audit verify` found."""

    checked: int
    broken_seq: int | None = None
    problem: str = ""
    head_hash: str = ""  # also written daily outside the database: see audit_anchor
    unsealed: int = 0  # written, not yet linked into the chain (the sealer runs every minute)
    anchors: int = 0  # signed head lines from outside the database that match the chain
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def audit_verify() -> ChainReport:
    """Walk the sealed chain from the first event, name the first broken link, check the anchors."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    events = AuditEvent.objects.unscoped().filter(seq__isnull=False).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "does not link to the event before it")
        if event.compute_hash() != event.hash:
            return ChainReport(checked, event.seq, "its contents no longer match its hash")
        expected_prev, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.last_seq, head.last_hash) != (expected_seq - 1, expected_prev):
        return ChainReport(checked, expected_seq, "events at the end of the chain were removed")
    report = ChainReport(checked, head_hash=expected_prev)
    report.unsealed = AuditEvent.objects.unscoped().filter(seq__isnull=True).count()
    _check_anchors(report)
    return report


def _check_anchors(report: ChainReport) -> None:
    """Each signed head line kept outside the database must still be a link of the chain."""
    for line in _anchor_lines():
        parsed = _parse_anchor(line)
        if parsed is None:
            report.warnings.append(f"anchor line not signed with this SECRET_KEY: {line[:40]}")
            continue
        day, seq, expected_hash = parsed
        if seq == 0:
            report.anchors += 1
            continue
        if seq > report.checked:
            report.broken_seq, report.problem = seq, f"the chain anchored on {day} was cut short"
            return
        found = AuditEvent.objects.unscoped().filter(seq=seq).values_list("hash", flat=True)
        if list(found) != [expected_hash]:
            report.broken_seq = seq
            report.problem = f"the chain was rewritten: it differs from the head anchored on {day}"
            return
        report.anchors += 1


def _anchor_path() -> Path | None:
    path = getattr(settings, "CONCORD_AUDIT_ANCHOR_FILE", "")
    return Path(path) if path else None


def _anchor_lines() -> list[str]:
    path = _anchor_path()
    if path is None or not path.exists():
        return []
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def _sign(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def _parse_anchor(line: str) -> tuple[str, int, str] | None:
    """(day, seq, hash) of a well-signed line `audit-head <day> seq=<n> hash=<h> hmac=<sig>`."""
    parts = line.split()
    if len(parts) != 5 or parts[0] != "audit-head":
        return None
    text, signature = " ".join(parts[:4]), parts[4].removeprefix("hmac=")
    if not hmac.compare_digest(_sign(text), signature):
        return None
    try:
        return parts[1], int(parts[2].removeprefix("seq=")), parts[3].removeprefix("hash=")
    except ValueError:
        return None


def audit_anchor() -> str | None:
    """Once a day, write the chain's head as a signed line to the log and the anchor file.

    A copy of the head outside the database is what reveals a table rebuilt from scratch with a
    self-consistent chain: the anchored hash would no longer be found at its position.
    """
    day = clock.now().date().isoformat()
    path = _anchor_path()
    if path is None:
        return None  # switched off (the test settings do)
    if any(line.split()[1:2] == [day] for line in _anchor_lines()):
        return None
    head = AuditHead.objects.filter(pk=1).first()
    seq, head_hash = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    text = f"audit-head {day} seq={seq} hash={head_hash}"
    line = f"{text} hmac={_sign(text)}"
    logger.info(line)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as anchors:
        anchors.write(line + "\n")
    return line


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe picture of some fields of a record, for before/after values."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = value.pk
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | float | str | list | dict):
            value = str(value)
        values[name] = value
    return values
