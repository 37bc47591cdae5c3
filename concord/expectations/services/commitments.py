"""Recording and changing commitments."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party, Phase
from concord.core.audit import audit_record, snapshot
from concord.core.errors import forbidden, invalid
from concord.expectations import emails
from concord.expectations.models import (
    Commitment,
)
from concord.expectations.services._common import (
    COMMITMENT_FIELDS,
    _clean,
    _due_at,
    _locked,
    _manager,
    _own_party,
    _side,
    _updated,
)
from concord.orgs.models import User


def _accepted_party(alliance: Alliance, party: Party | None, field: str) -> Party:
    """The party as the database has it now, if it has joined this alliance."""
    if party is None:
        raise invalid(field, "Choose a party that has joined this alliance.")
    joined = (
        Party.objects.unscoped()
        .select_related("organisation")
        .filter(alliance=alliance, status=Party.Status.ACCEPTED, pk=party.pk)
        .first()
    )
    if joined is None:
        raise invalid(field, "Choose a party that has joined this alliance.")
    return joined


def _other_party(alliance: Alliance, owner_party: Party) -> Party:
    """The party owed when none is named: the only other party of a two-party alliance."""
    others = list(
        Party.objects.unscoped()
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .exclude(pk=owner_party.pk)
    )
    if len(others) != 1:
        raise invalid("receiving_party", "Say which party the commitment is owed to.")
    return others[0]


def _check_owner(owner: User | None, party: Party) -> User:
    membership = getattr(owner, "membership", None)
    if (
        owner is None
        or membership is None
        or not membership.is_active
        or membership.organisation_id != party.organisation_id
    ):
        raise invalid("owner", f"Choose an active member of {party.organisation}.")
    return owner


@transaction.atomic
def commitment_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    acceptance_criteria: str,
    owner_party: Party,
    owner: User,
    due_date: datetime.date,
    receiving_party: Party | None = None,
    description: str = "",
    kind: str = Commitment.Kind.DELIVERABLE,
) -> Commitment:
    """Record what one party owes the alliance, by when and judged how."""
    membership = _manager(actor)
    party = _own_party(actor, alliance)
    if alliance.phase == Phase.TERMINATED:
        raise invalid("alliance", "A terminated alliance takes no new commitments.")
    owner_party = _accepted_party(alliance, owner_party, "owner_party")
    if receiving_party is None:
        receiving_party = _other_party(alliance, owner_party)
    receiving_party = _accepted_party(alliance, receiving_party, "receiving_party")
    if receiving_party.pk == owner_party.pk:
        raise invalid("receiving_party", "A party cannot owe a commitment to itself.")
    if party.pk not in (owner_party.pk, receiving_party.pk):
        raise forbidden("Record commitments your organisation owes or is owed.")
    commitment = Commitment(
        alliance=alliance,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        acceptance_criteria=acceptance_criteria.strip(),
        owner_party=owner_party,
        owner=_check_owner(owner, owner_party),
        receiving_party=receiving_party,
        due_date=due_date,
        due_at=_due_at(due_date, owner_party),
        created_by=actor,
    )
    _clean(commitment)
    commitment.save()
    audit_record(
        actor=actor,
        action="commitment.created",
        obj=commitment,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"{actor} recorded that {owner_party.organisation} owes “{commitment.title}” "
        f"by {due_date:%d %b %Y}",
        after=snapshot(commitment, [*COMMITMENT_FIELDS, "owner_party", "receiving_party"]),
    )
    emails.send_commitment_assigned(commitment)
    return commitment


@transaction.atomic
def commitment_update(*, actor: User, commitment: Commitment, **changes: Any) -> Commitment:
    """Edit a commitment's terms; only the party owed moves its due date."""
    membership = _manager(actor)
    commitment = _locked(commitment)
    party = _side(actor, commitment)
    unknown = set(changes) - set(COMMITMENT_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    if commitment.is_closed:
        raise invalid("commitment", "An accepted or waived commitment can no longer change.")
    before = snapshot(commitment, COMMITMENT_FIELDS)
    for field, value in changes.items():
        setattr(commitment, field, value.strip() if isinstance(value, str) else value)
    after = snapshot(commitment, COMMITMENT_FIELDS)
    changed = [f for f in COMMITMENT_FIELDS if before[f] != after[f]]
    if not changed:
        return commitment
    _check_changes(commitment, party, changed)
    commitment.due_at = _due_at(commitment.due_date, commitment.owner_party)
    _clean(commitment)
    commitment.save()
    _updated(
        actor,
        membership,
        commitment,
        f"{actor} changed {', '.join(changed)} of “{commitment.title}”",
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return commitment


def _check_changes(commitment: Commitment, party: Party, changed: list[str]) -> None:
    if "due_date" in changed and party.pk != commitment.receiving_party_id:
        raise invalid(
            "due_date",
            f"Only {commitment.receiving_party.organisation}, the party owed, can move the due date.",
        )
    if "acceptance_criteria" in changed and commitment.deliveries.exists():
        raise invalid(
            "acceptance_criteria",
            "Something has been delivered against these criteria; they can no longer change.",
        )
    if "owner" in changed:
        _check_owner(commitment.owner, commitment.owner_party)
