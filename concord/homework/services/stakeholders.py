"""The stakeholder map: the partner's people as our organisation sees them, and who owns each
relationship."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.audit import snapshot
from concord.core.errors import invalid
from concord.homework.models import Stakeholder
from concord.homework.services._common import audit, clean, own_party, own_record
from concord.orgs.models import Membership, User

FIELDS = [
    "name",
    "title",
    "person",
    "level",
    "function",
    "role",
    "stance",
    "strength",
    "owner",
    "last_contact",
    "left_on",
]


def _check(stakeholder: Stakeholder) -> None:
    """An owner is an active colleague; a Concord person is one of a partner's people."""
    owner = Membership.objects.unscoped().filter(user=stakeholder.owner_id).first()
    if owner is None or not owner.is_active or owner.organisation_id != stakeholder.organisation_id:
        raise invalid("owner", "Choose an active person of your own organisation.")
    if stakeholder.person_id is not None:
        theirs = Membership.objects.unscoped().filter(user=stakeholder.person_id).first()
        if theirs is None or theirs.organisation_id == stakeholder.organisation_id:
            raise invalid("person", "Choose one of the partner's people.")
    for name in ("last_contact", "left_on"):
        day = getattr(stakeholder, name)
        if day is not None and day > clock.today():
            raise invalid(name, "This date cannot be in the future.")
    stakeholder.name = stakeholder.name.strip()
    clean(stakeholder)


@transaction.atomic
def stakeholder_create(*, actor: User, alliance: Alliance, **fields: Any) -> Stakeholder:
    """Put one of the partner's people on our private stakeholder map."""
    party = own_party(actor, alliance)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field is not part of a stakeholder.")
    stakeholder = Stakeholder(alliance=alliance, organisation=party.organisation, **fields)
    _check(stakeholder)
    stakeholder.save()
    audit(
        actor,
        stakeholder,
        "homework.stakeholder_added",
        f"{actor} added {stakeholder.name} ({stakeholder.get_role_display()}) to the map",
        after=snapshot(stakeholder, FIELDS),
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, actor: User, stakeholder: Stakeholder, **changes: Any) -> Stakeholder:
    """Change a stakeholder: a new owner, stance, a contact, or that they left."""
    own_record(actor, stakeholder)
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    stakeholder = (
        Stakeholder.objects.unscoped().select_for_update(of=("self",)).get(pk=stakeholder.pk)
    )
    before = snapshot(stakeholder, FIELDS)
    for name, value in changes.items():
        setattr(stakeholder, name, value.strip() if isinstance(value, str) else value)
    _check(stakeholder)
    stakeholder.save()
    audit(
        actor,
        stakeholder,
        "homework.stakeholder_updated",
        f"{actor} updated {stakeholder.name} on the stakeholder map",
        before=before,
        after=snapshot(stakeholder, FIELDS),
    )
    return stakeholder


def stakeholder_contact(
    *, actor: User, stakeholder: Stakeholder, on: datetime.date | None = None
) -> Stakeholder:
    """Log a contact with a stakeholder (today unless a day is given)."""
    return stakeholder_update(
        actor=actor, stakeholder=stakeholder, last_contact=on or clock.today()
    )
