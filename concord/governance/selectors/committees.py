"""Committees, their charters, seats and the people who may take them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, Prefetch, Q, QuerySet

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.governance import rules
from concord.governance.models import (
    Charter,
    CharterApproval,
    Committee,
    CommitteeMember,
)
from concord.orgs.models import Membership, User


def parties_of(*, user: Any, alliance: Alliance) -> list[Party]:
    """The alliance's joined parties, with their organisations."""
    return list(
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("invited_at", "pk")
    )


def _executives() -> QuerySet[User]:
    return User.objects.select_related("membership__organisation").order_by("last_name")


def committee_list(*, user: Any, alliance: Alliance) -> QuerySet[Committee]:
    """The alliance's committees with their charter in force, members, and meeting dates."""
    now = clock.now()
    charters = Charter.objects.visible_to(user).filter(status__in=["in_force", "proposed"])
    members = (
        CommitteeMember.objects.visible_to(user)
        .select_related("user", "party__organisation")
        .order_by("party__invited_at", "role", "user__last_name", "pk")
    )
    return (
        Committee.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("reports_to")
        .annotate(
            last_held=Max("meetings__starts_at", filter=Q(meetings__status="held")),
            next_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__status="scheduled", meetings__starts_at__gte=now),
            ),
        )
        .prefetch_related(
            Prefetch(
                "charters",
                queryset=charters.select_related("final_say_party__organisation").prefetch_related(
                    Prefetch("executives", queryset=_executives())
                ),
                to_attr="open_charters",
            ),
            Prefetch("members", queryset=members),
        )
        .order_by("reports_to_id", "pk")
    )


@dataclass
class CommitteeStatus:
    """A committee as the governance page shows it: its rules now, and whether it keeps them."""

    committee: Committee
    charter: Charter | None
    proposal: Charter | None
    members: list[CommitteeMember]
    next_due: datetime.date | None
    overdue: bool  # the cadence's due date passed with no meeting held
    scheduled_in_time: bool  # a meeting is in the diary before the due date
    parity_broken: bool
    seats: dict[str, int] = field(default_factory=dict)

    @property
    def late_days(self) -> int:
        return (clock.today() - self.next_due).days if self.overdue and self.next_due else 0


ROLE_ORDER: list[str] = [
    CommitteeMember.Role.CO_CHAIR,
    CommitteeMember.Role.MEMBER,
    CommitteeMember.Role.ALTERNATE,
]


def committee_choices(*, user: Any, alliance: Alliance) -> list[Committee]:
    """The alliance's committees, for a filter or a form's choices: one light query."""
    return list(
        Committee.objects.visible_to(user).filter(alliance=alliance).order_by("reports_to_id", "pk")
    )


def committee_status(
    committee: Committee, alliance: Alliance, parties: list[Party]
) -> CommitteeStatus:
    """Cadence and parity from the prefetched committee (see committee_list)."""
    charters = getattr(committee, "open_charters", [])
    charter = next((c for c in charters if c.status == "in_force"), None)
    proposal = next((c for c in charters if c.status == "proposed"), None)
    members = sorted(committee.members.all(), key=lambda m: ROLE_ORDER.index(m.role))
    last_held = getattr(committee, "last_held", None)
    next_due = None
    if charter is not None:
        next_due = rules.next_meeting_due(
            charter, alliance.effective_date, last_held.date() if last_held else None
        )
    seats = {
        p.organisation.name: sum(1 for m in members if m.party_id == p.pk and m.votes)
        for p in parties
    }
    scheduled = getattr(committee, "next_meeting", None)
    return CommitteeStatus(
        committee=committee,
        charter=charter,
        proposal=proposal,
        members=members,
        next_due=next_due,
        overdue=next_due is not None and next_due < clock.today(),
        scheduled_in_time=scheduled is not None
        and next_due is not None
        and scheduled.date() <= next_due,
        parity_broken=bool(charter and charter.parity_required and rules.parity_gaps(seats)),
        seats=seats,
    )


def committee_get(*, user: Any, pk: int) -> Committee:
    """One committee the user may see."""
    return Committee.objects.visible_to(user).select_related("alliance", "reports_to").get(pk=pk)


def committee_statuses(*, user: Any, alliance: Alliance) -> list[CommitteeStatus]:
    parties = parties_of(user=user, alliance=alliance)
    return [
        committee_status(c, alliance, parties) for c in committee_list(user=user, alliance=alliance)
    ]


def charter_history(*, user: Any, committee: Committee) -> list[Charter]:
    """Every version of a committee's charter, newest first, with each party's answer."""
    approvals = CharterApproval.objects.visible_to(user).select_related(
        "party__organisation", "decided_by"
    )
    return list(
        Charter.objects.visible_to(user)
        .filter(committee=committee)
        .select_related(
            "proposed_by", "proposing_party__organisation", "final_say_party__organisation"
        )
        .prefetch_related(
            Prefetch("executives", queryset=_executives()),
            Prefetch("approvals", queryset=approvals),
        )
    )


def charter_get(*, user: Any, pk: int) -> Charter:
    """One charter version the user may see."""
    return (
        Charter.objects.visible_to(user)
        .select_related(
            "committee__alliance",
            "proposed_by",
            "proposing_party__organisation",
            "final_say_party__organisation",
        )
        .prefetch_related(Prefetch("executives", queryset=_executives()))
        .get(pk=pk)
    )


def seat_candidates(*, user: Any, committee: Committee) -> QuerySet[Membership]:
    """Active colleagues of the user's organisation not yet on the committee."""
    seated = CommitteeMember.objects.visible_to(user).filter(committee=committee).values("user_id")
    return (
        Membership.objects.visible_to(user)
        .filter(is_active=True, organisation=organisation_of(user))
        .exclude(user_id__in=seated)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def alliance_people(*, user: Any, alliance: Alliance) -> QuerySet[User]:
    """People of the alliance's joined parties (action owners, agenda item owners, executives).

    Names only, and only of organisations the user already shares the alliance with.
    """
    orgs = Party.objects.visible_to(user).filter(alliance=alliance, status="accepted")
    return (
        User.objects.filter(
            is_active=True,
            membership__is_active=True,
            membership__organisation_id__in=orgs.values("organisation_id"),
        )
        .select_related("membership__organisation")
        .order_by("membership__organisation__name", "first_name", "last_name")
    )
