"""Who sits on an alliance's committees, for capabilities that keep a record to one committee's
members (the IP register's restricted invention disclosures, for the patent committee) without
importing governance, which keeps the committees.

Governance registers one source with `register_committee_source(seated, exists)`:
`seated(user, kind) -> set[alliance_id]`, the alliances where the person holds a seat on a
committee of that kind, and `exists(alliance_id, kind) -> bool`. Without it (governance not
installed) nobody sits on any committee and no alliance has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Seated = Callable[[Any, str], set[int]]
Exists = Callable[[int, str], bool]
_SOURCE: list[tuple[Seated, Exists]] = []


def register_committee_source(seated: Seated, exists: Exists) -> None:
    """Name the one source of committee seats; registering again replaces it."""
    _SOURCE[:] = [(seated, exists)]


def seated_alliances(user: Any, kind: str) -> set[int]:
    """The alliances where the person sits on a committee of this kind (one query)."""
    return _SOURCE[0][0](user, kind) if _SOURCE else set()


def committee_exists(alliance_id: int, kind: str) -> bool:
    """Whether the alliance has a committee of this kind."""
    return _SOURCE[0][1](alliance_id, kind) if _SOURCE else False
