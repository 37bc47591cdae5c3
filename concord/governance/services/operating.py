"""The operating model's workstreams with their RACI per party, and each person's calendar feed."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import Alliance
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.tenancy import PRIVATE
from concord.core.tokens import new_secret
from concord.governance.models import CalendarFeed, Committee, Raci, Workstream
from concord.governance.services._base import (
    accepted_parties,
    clean,
    manager_party,
    membership_of,
)
from concord.orgs.models import User


def _raci(alliance: Alliance, raci: dict[int, str]) -> dict[int, str]:
    """Each party's letter; exactly one party is accountable, as RACI has it."""
    parties = {p.pk for p in accepted_parties(alliance)}
    letters = {int(k): v for k, v in raci.items() if v}
    if set(letters) - parties:
        raise invalid("raci", "Only the alliance's parties take part in a workstream.")
    if any(v not in Raci.Role.values for v in letters.values()):
        raise invalid("raci", "Use R, A, C or I.")
    if list(letters.values()).count(Raci.Role.ACCOUNTABLE) != 1:
        raise invalid("raci", "Exactly one party is accountable (A) for a workstream.")
    return letters


def _set_raci(workstream: Workstream, letters: dict[int, str]) -> None:
    Raci.objects.unscoped().filter(workstream=workstream).delete()
    Raci.objects.bulk_create(
        Raci(workstream=workstream, party_id=pk, role=role) for pk, role in sorted(letters.items())
    )


def _check_committee(alliance: Alliance, committee: Committee | None) -> None:
    if committee is not None and committee.alliance_id != alliance.pk:
        raise invalid("committee", "Choose a committee of this alliance.")


@transaction.atomic
def workstream_save(
    *,
    actor: User,
    alliance: Alliance,
    name: str,
    raci: dict[int, str],
    description: str = "",
    committee: Committee | None = None,
    workstream: Workstream | None = None,
) -> Workstream:
    """Add a workstream to the operating model, or change one: its name, the committee that
    oversees it and each party's part (R, A, C or I)."""
    party = manager_party(actor, alliance)
    _check_committee(alliance, committee)
    letters = _raci(alliance, raci)
    created = workstream is None
    workstream = workstream or Workstream(alliance=alliance)
    if workstream.alliance_id != alliance.pk:
        raise invalid("workstream", "Choose a workstream of this alliance.")
    before = {"name": workstream.name, "raci": _letters(workstream) if not created else {}}
    workstream.name, workstream.description = name.strip(), description.strip()
    workstream.committee = committee
    clean(workstream)
    clash = Workstream.objects.unscoped().filter(alliance=alliance, name=workstream.name)
    if clash.exclude(pk=workstream.pk).exists():
        raise invalid("name", "The alliance already has a workstream of this name.")
    workstream.save()
    _set_raci(workstream, letters)
    audit_record(
        actor=actor,
        action="workstream.created" if created else "workstream.updated",
        obj=workstream,
        organisation=party.organisation,
        alliance=alliance,
        summary=f"{actor} {'added' if created else 'updated'} the workstream {workstream.name}",
        before=None if created else before,
        after={"name": workstream.name, "raci": {str(k): v for k, v in letters.items()}},
    )
    return workstream


def _letters(workstream: Workstream) -> dict[str, str]:
    rows = Raci.objects.unscoped().filter(workstream=workstream).values_list("party_id", "role")
    return {str(pk): role for pk, role in rows}


@transaction.atomic
def workstream_remove(*, actor: User, workstream: Workstream) -> None:
    """Take a workstream out of the operating model."""
    party = manager_party(actor, workstream.alliance)
    audit_record(
        actor=actor,
        action="workstream.removed",
        obj=workstream,
        organisation=party.organisation,
        alliance=workstream.alliance,
        summary=f"{actor} removed the workstream {workstream.name}",
        before={"name": workstream.name, "raci": _letters(workstream)},
    )
    workstream.delete()


@transaction.atomic
def calendar_feed_rotate(*, actor: User) -> str:
    """Issue the person's secret calendar URL token, replacing any earlier one (which stops
    working). The token is returned once; only its hash is kept."""
    membership = membership_of(actor)
    token, token_hash = new_secret("cal_")
    feed, created = CalendarFeed.objects.unscoped().update_or_create(
        user=actor, defaults={"token_hash": token_hash, "prefix": token[:8]}
    )
    audit_record(
        actor=actor,
        action="calendar.issued" if created else "calendar.rotated",
        obj=feed,
        organisation=membership.organisation,
        summary=f"{actor} {'created' if created else 'replaced'} their calendar feed link",
        visibility=PRIVATE,
    )
    return token


@transaction.atomic
def calendar_feed_revoke(*, actor: User) -> None:
    """Switch the person's calendar feed off."""
    membership = membership_of(actor)
    feed = CalendarFeed.objects.unscoped().filter(user=actor).first()
    if feed is None:
        raise invalid("feed", "You have no calendar feed.")
    audit_record(
        actor=actor,
        action="calendar.revoked",
        obj=feed,
        organisation=membership.organisation,
        summary=f"{actor} switched off their calendar feed",
        visibility=PRIVATE,
    )
    feed.delete()
