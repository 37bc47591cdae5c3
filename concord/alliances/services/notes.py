"""Notes on an alliance."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import (
    Alliance,
    Note,
)
from concord.alliances.services._common import _clean, _membership, _own_party
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import PRIVATE, SHARED
from concord.orgs.models import User


@transaction.atomic
def note_create(
    *, actor: User, alliance: Alliance, title: str, body: str, visibility: str = PRIVATE
) -> Note:
    """Write a note on the alliance, shared with all parties or private to the actor's side."""
    membership = _membership(actor)
    if membership.is_read_only:
        raise forbidden("Viewers cannot write notes.")
    _own_party(actor, alliance)
    if visibility not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    note = Note(
        alliance=alliance,
        organisation=membership.organisation,
        author=actor,
        title=title.strip(),
        body=body.strip(),
        visibility=visibility,
    )
    _clean(note)
    note.save()
    audit_record(
        actor=actor,
        action="note.created",
        obj=note,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} wrote the {visibility} note “{note.title}”",
        after={"title": note.title, "visibility": visibility},
        visibility=visibility,
    )
    return note
