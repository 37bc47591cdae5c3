"""What every governance write shares: who the actor is, which party they act for, the role rule."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.db.models import Q

from concord.alliances.acting import active_membership, joined_party
from concord.alliances.models import Alliance, Party, TeamMember
from concord.core.errors import forbidden, invalid
from concord.governance import rules
from concord.governance.models import (
    AgendaItem,
    Charter,
    Committee,
    CommitteeMember,
    MatterCategory,
)
from concord.orgs.models import User

# The actor's active membership, or a refusal (alliances.acting).
membership_of = active_membership


def party_of(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's side of an alliance it has joined, read-only roles refused:
    the same rule as Alliance.objects.editable_by(actor)."""
    membership_of(actor)
    return joined_party(actor, alliance)


def manager_party(actor: User, alliance: Alliance) -> Party:
    """The party of an alliance manager (or admin) acting for it."""
    party = party_of(actor, alliance)
    if not actor.membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return party


def on_team(actor: User, party: Party) -> bool:
    return TeamMember.objects.unscoped().filter(party=party, user=actor).exists()


def seat_of(actor: User, committee: Committee) -> CommitteeMember | None:
    return CommitteeMember.objects.unscoped().filter(committee=committee, user=actor).first()


def committee_writer(actor: User, committee: Committee) -> Party:
    """Who runs a committee's business (meetings, agenda, minutes, decisions): the alliance
    managers of either party, and the people who sit on it."""
    party = party_of(actor, committee.alliance)
    if actor.membership.can_manage_alliances or seat_of(actor, committee) is not None:
        return party
    raise forbidden("Only the committee's members and the alliance managers can do this.")


def accepted_parties(alliance: Alliance) -> list[Party]:
    """The parties that have joined, in the order they were invited."""
    return list(
        Party.objects.unscoped()
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("invited_at", "pk")
    )


def charter_in_force(committee: Committee) -> Charter:
    """The committee's rules now; every committee has one from its creation."""
    return Charter.objects.unscoped().get(committee=committee, status=Charter.Status.IN_FORCE)


def clean(instance: Any, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def people_of(parties: list[Party]) -> Q:
    """Active people of the parties' organisations."""
    return Q(
        membership__organisation_id__in=[p.organisation_id for p in parties],
        membership__is_active=True,
        is_active=True,
    )


def agenda_item_carve_out(charter: Charter, item: AgendaItem) -> str:
    """The charter's carve-out rule an agenda item falls under, whatever anyone tags."""
    return rules.carve_out(
        charter,
        category=item.category,
        disputed_category=item.disputed_category,
        budget_change=item.budget_change,
        currency=item.budget_currency,
    )


def check_matter(category: str, budget_change: Decimal | None, currency: str) -> None:
    """A matter's category and budget change, which the charter's carve-out rules read: a known
    category, and an amount only with its ISO 4217 currency."""
    if category not in MatterCategory.values:
        raise invalid("category", "Choose one of the matter categories.")
    if budget_change is not None and not re.fullmatch(r"[A-Z]{3}", currency.strip().upper()):
        raise invalid("budget_currency", "Give the budget change's ISO 4217 currency code.")
    if budget_change is None and currency.strip():
        raise invalid("budget_change", "Give the amount of the budget change.")
