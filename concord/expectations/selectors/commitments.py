"""Reads of one alliance's commitments: lists filtered and sorted, one commitment and its history,
deliveries, disputes and who may own a commitment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)

from concord.alliances.models import Alliance, Party, TeamMember
from concord.alliances.selectors import joined_parties
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.expectations.models import (
    Commitment,
    CommitmentDispute,
    Delivery,
)
from concord.expectations.selectors.status import with_status
from concord.orgs.models import Membership, User

# --- Commitment lists --------------------------------------------------------------------------

SORTS = {
    "due": ("due_date", "pk"),
    "-due": ("-due_date", "-pk"),
    "status": ("status_rank", "due_date", "pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "party": ("owner_party__organisation__name", "due_date", "pk"),
    "-created": ("-created_at", "-pk"),
}
DUE_WINDOWS = {
    "past": "Due date passed",
    "7": "Due in the next 7 days",
    "30": "Due in the next 30 days",
    "90": "Due in the next 90 days",
}


@dataclass
class CommitmentFilters:
    """What a commitment list is narrowed and ordered by."""

    search: str = ""
    party: int | None = None  # the owing party
    status: list[str] = field(default_factory=list)
    due_within: str = ""
    sort: str = "due"


def commitment_list(
    *, user: Any, alliance: Alliance, filters: CommitmentFilters | None = None
) -> QuerySet[Commitment]:
    """One alliance's commitments, with their status now, filtered and sorted."""
    filters = filters or CommitmentFilters()
    now = clock.now()
    commitments = with_status(Commitment.objects.visible_to(user).filter(alliance=alliance), now)
    term = filters.search.strip()
    if term:
        commitments = commitments.filter(
            Q(title__icontains=term)
            | Q(description__icontains=term)
            | Q(acceptance_criteria__icontains=term)
            | Q(owner__first_name__icontains=term)
            | Q(owner__last_name__icontains=term)
        )
    if filters.party:
        commitments = commitments.filter(owner_party_id=filters.party)
    if filters.status:
        commitments = commitments.filter(status__in=filters.status)
    commitments = _due_window(commitments, filters.due_within, now)
    return commitments.select_related(
        "owner", "owner_party__organisation", "receiving_party__organisation"
    ).order_by(*SORTS.get(filters.sort, SORTS["due"]))


def _due_window(commitments: Any, window: str, now: datetime.datetime) -> Any:
    if window == "past":
        return commitments.filter(due_at__lte=now)
    if window in DUE_WINDOWS:
        return commitments.filter(
            due_at__gt=now, due_at__lte=now + datetime.timedelta(days=int(window))
        )
    return commitments


def commitment_parties(*, user: Any, alliance: Alliance) -> list[Party]:
    """The joined parties of an alliance, for the party filter and the commitment forms (read
    once per alliance object: the alliance page's workspace has read them already)."""
    return joined_parties(user=user, alliance=alliance)


def _with_parties(user: Any) -> QuerySet[Commitment]:
    """Commitments the user may see, with their status now, their alliance, people and parties."""
    return with_status(Commitment.objects.visible_to(user)).select_related(
        "alliance",
        "owner",
        "created_by",
        "owner_party__organisation",
        "receiving_party__organisation",
    )


def commitment_get(*, user: Any, pk: int) -> Commitment:
    """One commitment the user may see, with its status now; raises DoesNotExist otherwise (→ 404)."""
    return _with_parties(user).get(pk=pk)


def commitment_history(*, user: Any, commitment: Commitment) -> Commitment:
    """The commitment with every delivery and dispute loaded, oldest delivery first."""
    deliveries = (
        Delivery.objects.visible_to(user)
        .select_related("delivered_by", "judged_by")
        .order_by("sequence")
    )
    disputes = CommitmentDispute.objects.visible_to(user).select_related(
        "raised_by", "resolved_by", "raising_party__organisation"
    )
    return (
        _with_parties(user)
        .prefetch_related(
            Prefetch("deliveries", queryset=deliveries), Prefetch("disputes", queryset=disputes)
        )
        .get(pk=commitment.pk)
    )


def delivery_get(*, user: Any, pk: int) -> Delivery:
    """One delivery of a commitment the user may see."""
    return (
        Delivery.objects.visible_to(user)
        .select_related("commitment__alliance", "commitment__receiving_party__organisation")
        .get(pk=pk)
    )


def dispute_get(*, user: Any, pk: int) -> CommitmentDispute:
    """One dispute on a commitment the user may see."""
    return (
        CommitmentDispute.objects.visible_to(user)
        .select_related("commitment__alliance", "commitment__receiving_party__organisation")
        .get(pk=pk)
    )


def owner_candidates(*, user: Any, party: Party) -> list[User]:
    """Who could own something for a party: its alliance team, and for one's own party every
    active colleague. A partner's wider staff list stays its own."""
    team = TeamMember.objects.visible_to(user).filter(
        party=party, user__is_active=True, user__membership__is_active=True
    )
    people = {member.user for member in team.select_related("user")}
    if party.organisation_id == getattr(organisation_of(user), "pk", None):
        colleagues = Membership.objects.visible_to(user).filter(
            is_active=True, user__is_active=True
        )
        people |= {m.user for m in colleagues.select_related("user")}
    return sorted(people, key=lambda person: (person.first_name, person.last_name, person.pk))
