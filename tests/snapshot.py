"""Build test data once and give each test its own copy of it, as Django's setUpTestData does.

Building the shared cast through the services takes a second or more (sign-ups, invitations,
alliances, the audit chain), yet it leaves only a few dozen rows. `capture` runs a builder once,
in a transaction it then rolls back, and keeps the rows the builder added and the objects it
returned; `Snapshot.restore` writes those rows back as they were (a handful of INSERTs, the audit
chain's hashes and timestamps untouched) and returns a deep copy of the objects, so no test sees
another test's changes, neither in the database nor in memory.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.core import mail
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

T = TypeVar("T")


def _tables() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


@dataclass
class Snapshot(Generic[T]):
    """The rows a builder added, table by table, the emails it sent, and what it returned."""

    rows: list[tuple[type[models.Model], list[models.Model]]]
    outbox: list[Any]
    value: T

    def restore(self, using: str = DEFAULT_DB_ALIAS) -> T:
        """Write the rows back and hand out a fresh copy of the builder's objects."""
        ops = connections[using].ops
        # One transaction (a savepoint inside a test's), so foreign keys are checked at its end
        # and the tables can go in any order.
        with transaction.atomic(using=using):
            for model, objs in self.rows:
                fields = model._meta.local_concrete_fields
                size = ops.bulk_batch_size(fields, objs) or len(objs)
                for start in range(0, len(objs), size):
                    # raw: the values as stored, so auto_now fields keep the time they were built.
                    model._base_manager.using(using)._insert(  # type: ignore[attr-defined]
                        objs[start : start + size], fields=fields, raw=True, using=using
                    )
        if hasattr(mail, "outbox"):
            mail.outbox.extend(copy.deepcopy(self.outbox))
        return copy.deepcopy(self.value)


def capture(build: Any, using: str = DEFAULT_DB_ALIAS) -> Snapshot[Any]:
    """Run `build()` in a transaction that is rolled back; keep what it added and returned.

    The builder may only add rows: one that changes or deletes existing rows cannot be replayed.
    """
    tables = _tables()
    outbox = getattr(mail, "outbox", None)
    sent_before = len(outbox) if outbox is not None else 0
    with transaction.atomic(using=using):
        before = {t: set(t._base_manager.using(using).values_list("pk", flat=True)) for t in tables}
        value = build()
        rows = []
        for table in tables:
            present = list(table._base_manager.using(using).order_by("pk"))
            added = [row for row in present if row.pk not in before[table]]
            assert len(present) - len(added) == len(before[table]), (
                f"{build.__name__} deleted {table._meta.label} rows: it cannot be replayed"
            )
            if added:
                rows.append((table, added))
        transaction.set_rollback(True, using=using)
    sent: list[Any] = []
    if outbox is not None:
        sent = outbox[sent_before:]
        del outbox[sent_before:]
    return Snapshot(rows=rows, outbox=sent, value=value)
