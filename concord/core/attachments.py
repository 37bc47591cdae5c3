"""What a record carries from another capability: documents attached to a meeting or a gate, the
agreement's sections a milestone or a charter comes from.

Core imports no app, so two registries meet here:

- `register_linkable(kind)`: an app names a kind of its records that others may attach to or
  reference (`"governance.meeting"`, `"alliances.gate"`), the roles an attachment plays for it
  (pre-read, evidence, agreement section) and how to list the records of an alliance a person may
  see. The document room offers exactly these.
- `register_attachment_source(source)`: `source(user, subject) -> list[Attachment]`, what is
  attached to one record and the reader may see; governance's meeting pack asks
  `attachments_for(user, meeting)` and never imports the app that keeps the files.
- `register_agreement_source(source)`: `source(user, alliance) -> list[TrackedObligation]`,
  the agreement's sections and what Concord tracks from each, as every party may read them; the
  wind-down draws its checklist from them (`agreement_obligations`) without importing the room.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

PRE_READ = "pre_read"
EVIDENCE = "evidence"
SECTION = "section"
ROLES = {PRE_READ: "Pre-read", EVIDENCE: "Evidence", SECTION: "Agreement section"}


@dataclass(frozen=True)
class Linkable:
    """A kind of record documents may be linked to.

    key: "<app_label>.<model>", the record's content type.
    label: the kind in words ("Meeting").
    roles: what a document may be to it (PRE_READ, EVIDENCE, SECTION).
    records: `(user, alliance) -> iterable of records` the person may see, read through visible_to.
    url_name: the record's page, taking its pk, or "" where it has none of its own.
    """

    key: str
    label: str
    roles: tuple[str, ...]
    records: Callable[[Any, Any], Iterable[Any]]
    url_name: str = ""


@dataclass(frozen=True)
class Attachment:
    """One thing attached to a record, as the reader may see it."""

    title: str
    url: str
    role: str
    detail: str = ""  # "v2 · PDF · 1.2 MB · private to Helix"


AttachmentSource = Callable[[Any, Any], list[Attachment]]
_LINKABLE: dict[str, Linkable] = {}
_SOURCES: list[AttachmentSource] = []


def register_linkable(kind: Linkable) -> None:
    """Offer a kind of record to the document room; one registration per key."""
    known = _LINKABLE.get(kind.key)
    if known is not None and known != kind:
        raise ValueError(f"{kind.key} is registered as linkable already.")
    _LINKABLE[kind.key] = kind


def linkables(role: str = "") -> list[Linkable]:
    """Every registered kind, or those a document may play `role` for, by label."""
    kinds = [kind for kind in _LINKABLE.values() if not role or role in kind.roles]
    return sorted(kinds, key=lambda kind: kind.label)


def linkable(key: str) -> Linkable | None:
    return _LINKABLE.get(key)


def register_attachment_source(source: AttachmentSource) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def attachments_for(user: Any, subject: Any) -> list[Attachment]:
    """Everything attached to `subject` that `user` may read, from every registered source."""
    return [item for source in _SOURCES for item in source(user, subject)]


@dataclass(frozen=True)
class TrackedObligation:
    """A section of the agreement that creates an obligation, and one record tracking it (or
    none yet: `kind` and `label` empty)."""

    section: str  # "5.2"
    heading: str
    key: str = ""  # the record's linkable key ("deals.milestone"), "" for none
    kind: str = ""  # "Milestone"
    label: str = ""  # the record's name when it was linked


AgreementSource = Callable[[Any, Any], list[TrackedObligation]]
_AGREEMENT_SOURCES: list[AgreementSource] = []


def register_agreement_source(source: AgreementSource) -> None:
    if source not in _AGREEMENT_SOURCES:
        _AGREEMENT_SOURCES.append(source)


def agreement_obligations(user: Any, alliance: Any) -> list[TrackedObligation]:
    """Every obligation the alliance's agreement creates, section by section, that `user` reads
    and every party reads alike (the agreement is shared)."""
    return [row for source in _AGREEMENT_SOURCES for row in source(user, alliance)]
