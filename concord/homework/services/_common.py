"""What the homework services share: who acts, the private audit event and model validation.

Everything homework writes is private to the actor's organisation, so every audit event is
recorded private too: the partner's activity feed never shows that homework was done.
"""

from __future__ import annotations

from typing import Any

from concord.alliances.acting import joined_party
from concord.alliances.models import Alliance, Party
from concord.core.audit import audit_record
from concord.core.errors import forbidden
from concord.core.tenancy import PRIVATE
from concord.orgs.models import User


def own_party(actor: User, alliance: Alliance) -> Party:
    """The actor's joined party: an active member, not read-only, of an accepted party."""
    return joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def own_record(actor: User, record: Any) -> Party:
    """The actor's party, if the record is their organisation's (selectors already hide others')."""
    party = own_party(actor, record.alliance)
    if record.organisation_id != party.organisation_id:
        raise forbidden("Only the organisation that keeps this homework can change it.")
    return party


def audit(actor: Any, record: Any, action: str, summary: str, **extra: Any) -> None:
    """A private audit event about a homework record."""
    audit_record(
        actor=actor,
        action=action,
        obj=record,
        organisation=record.organisation,
        alliance=getattr(record, "alliance", None),
        summary=summary,
        visibility=PRIVATE,
        **extra,
    )


def clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)
