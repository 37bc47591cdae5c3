"""Recording and verifying the audit trail. Services call audit_record inside their transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from concord.core import clock
from concord.core.middleware import request_id_var
from concord.core.models import GENESIS_HASH, AuditEvent, AuditHead
from concord.core.tenancy import SHARED


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
    """Append one event to the chain; must run inside the service's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the writing service's transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    event = AuditEvent(
        seq=head.last_seq + 1,
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
        prev_hash=head.last_hash,
    )
    event.hash = event.compute_hash()
    event.save(force_insert=True)
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


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
    head_hash: str = ""  # record it outside the database to detect a wholesale rewrite

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def audit_verify() -> ChainReport:
    """Walk the chain from the first event and name the first broken link."""
    expected_prev, expected_seq, checked = GENESIS_HASH, 1, 0
    events = AuditEvent.objects.unscoped().order_by("seq")
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
    return ChainReport(checked, head_hash=expected_prev)


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
