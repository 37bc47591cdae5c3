"""Files written through Django's storage API inside a transaction: kept only if it commits.

A storage (the local disk, an object store) is not part of the database's transaction, so a
file saved by a service whose transaction then rolls back (a later check refuses, the request
fails, an outer block is undone) would stay in storage with no row naming it.
`discard_unless_committed` deletes it when that happens.

Why delete on rollback rather than write on commit: written before the commit, the file is
there the moment its row is visible, so no reader ever finds a version whose bytes are missing
(a write after commit could fail against an object store and leave exactly that). Django has no
"on rollback" hook, so the callback registered with `on_commit` notices it: Django drops the
callbacks of a transaction or savepoint that rolls back, and a dropped callback that never ran
deletes its file as it is released (CPython releases it at once). A process killed mid-request
can still leave a file no row names; it holds nothing a reader can reach.
"""

from __future__ import annotations

import logging

from django.core.files.storage import Storage
from django.db import transaction

logger = logging.getLogger(__name__)


class _KeptOnCommit:
    """The on-commit callback of one stored file: marks it kept, or deletes it if dropped."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage, self.name, self.kept = storage, name, False

    def __call__(self) -> None:
        self.kept = True

    def __del__(self) -> None:
        if self.kept:
            return
        try:
            self.storage.delete(self.name)
        except Exception:  # a file left behind is harmless; a crash while releasing is not
            logger.warning("Could not delete %s after its transaction rolled back", self.name)


def discard_unless_committed(storage: Storage, name: str, *, using: str | None = None) -> None:
    """Delete the stored file `name` unless the current transaction commits."""
    if not transaction.get_connection(using).in_atomic_block:
        return  # autocommit: the row that names the file is already committed
    transaction.on_commit(_KeptOnCommit(storage, name), using=using)
