"""What the expectation services share: the editable fields and who may act on a commitment."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.utils import timezone

from concord.alliances.acting import active_membership, managing_membership
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import organisation_of
from concord.expectations.models import (
    Commitment,
    end_of_day,
)
from concord.orgs.models import Membership, User

COMMITMENT_FIELDS = ["title", "description", "kind", "acceptance_criteria", "owner", "due_date"]
OBJECTIVE_FIELDS = [
    "title",
    "rationale",
    "measure",
    "unit",
    "baseline",
    "target",
    "owner",
    "target_date",
    "status",
]


# --- Who may act -------------------------------------------------------------------------------


# The actor's active membership, or a refusal; a manager's (alliances.acting).
_membership = active_membership
_manager = managing_membership


def _writer(actor: User) -> Membership:
    membership = _membership(actor)
    if membership.is_read_only:
        raise forbidden("Viewers can read commitments but not change them.")
    return membership


def _own_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's side of an alliance it has joined: Alliance's editable_by() rule
    (a joined party, a role that is not read-only), read as the one row it needs."""
    org = organisation_of(actor)
    party = (
        Party.objects.unscoped()
        .select_related("organisation")
        .filter(alliance=alliance, organisation=org, status=Party.Status.ACCEPTED)
        .first()
        if org is not None
        else None
    )
    if party is None or actor.membership.is_read_only:
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return party


def _side(actor: User, commitment: Commitment) -> Party:
    """The actor's party, which must owe the commitment or be owed it."""
    party = _own_party(actor, commitment.alliance)
    if party.pk not in (commitment.owner_party_id, commitment.receiving_party_id):
        raise forbidden("Only the party that owes this commitment and the party owed it can act.")
    return party


def _receiver(actor: User, commitment: Commitment, what: str) -> Party:
    party = _own_party(actor, commitment.alliance)
    if party.pk != commitment.receiving_party_id:
        raise forbidden(
            f"Only {commitment.receiving_party.organisation}, the party owed, can {what}."
        )
    return party


def _locked(commitment: Commitment) -> Commitment:
    """Re-read under a lock: two people judging at once must not both win."""
    return (
        Commitment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related(
            "alliance", "owner_party__organisation", "receiving_party__organisation", "owner"
        )
        .get(pk=commitment.pk)
    )


def _clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)


def _not_disputed(commitment: Commitment) -> None:
    if commitment.in_dispute:
        raise invalid("commitment", "This commitment is in dispute: resolve the dispute first.")


EARLIEST_DUE, LATEST_DUE = datetime.date(1990, 1, 1), datetime.date(2999, 12, 31)


def _updated(
    actor: User,
    membership: Membership,
    commitment: Commitment,
    summary: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    """Record that a commitment's terms changed, by the actor's organisation."""
    audit_record(
        actor=actor,
        action="commitment.updated",
        obj=commitment,
        organisation=membership.organisation,
        alliance=commitment.alliance,
        summary=summary,
        before=before,
        after=after,
    )


def _due_at(due_date: datetime.date, owner_party: Party) -> datetime.datetime:
    """The instant a commitment due that day turns overdue, in the owing party's time zone."""
    if not EARLIEST_DUE <= due_date <= LATEST_DUE:
        raise invalid("due_date", "Give a due date between 1990 and 2999.")
    return end_of_day(due_date, owner_party.organisation.time_zone)


def local_today(tz_name: str) -> datetime.date:
    """Today's date as an organisation's calendar has it."""
    return timezone.localdate(clock.now(), zoneinfo.ZoneInfo(tz_name))
