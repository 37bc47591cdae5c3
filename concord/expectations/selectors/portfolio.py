"""The portfolio: every joined alliance's commitments at once, and their summary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.expectations.models import (
    Commitment,
    Status,
)
from concord.expectations.selectors.status import with_status

# --- The portfolio: every joined alliance's commitments at once ---------------------------------

# What a portfolio reader filters by. "Open" is everything the owing party still has to deliver,
# overdue or not, so the summary's "open" and "overdue" are the counts these filters give.
OWED_STATUSES = [Status.PENDING, Status.DUE_SOON, Status.OVERDUE, Status.REJECTED]
PORTFOLIO_STATUSES = {
    "open": "Open (still owed)",
    Status.OVERDUE.value: "Overdue",
    Status.DELIVERED.value: "Delivered, awaiting acceptance",
    Status.ACCEPTED.value: "Accepted",
    Status.REJECTED.value: "Rejected, to redeliver",
    Status.WAIVED.value: "Waived",
    Status.IN_DISPUTE.value: "In dispute",
}
SIDES = {"ours": "Our side", "partner": "Partner side"}
# The default puts what needs chasing on top: overdue (longest overdue first), then everything
# still live by due date, then what is closed, which would otherwise bury this week under years
# of accepted deliveries.
PORTFOLIO_SORTS = {
    "due": ("urgency", "due_date", "alliance__name", "pk"),
    "-due": ("-due_date", "-pk"),
    "alliance": ("alliance__name", "due_date", "pk"),
    "status": ("status_rank", "due_date", "pk"),
}
SUMMARY_DAYS = 30


@dataclass
class PortfolioFilters:
    """What the organisation-wide commitment list is narrowed and ordered by."""

    search: str = ""
    status: str = ""  # a PORTFOLIO_STATUSES key
    side: str = ""  # "ours" (our organisation owes it) or "partner"
    alliance: int | None = None
    due_from: datetime.date | None = None
    due_to: datetime.date | None = None
    sort: str = "due"
    # Accepted and waived commitments; the page hides them until asked (see PortfolioFilterForm),
    # and a status filter that names a closed status shows them whatever this says.
    include_closed: bool = True


def portfolio_alliances(*, user: Any) -> list[Alliance]:
    """The alliances the user's organisation has joined, by name, for the alliance filter."""
    joined = Party.objects.visible_to(user).filter(
        organisation=organisation_of(user), status=Party.Status.ACCEPTED
    )
    return list(
        Alliance.objects.visible_to(user)
        .filter(pk__in=joined.values("alliance_id"))
        .order_by("name", "pk")
    )


def portfolio_commitment_list(
    *, user: Any, filters: PortfolioFilters | None = None, now: datetime.datetime | None = None
) -> QuerySet[Commitment]:
    """Every commitment of every alliance the user's organisation has joined, filtered and sorted.

    Each row carries `status`, `status_rank` and `owed_by_us`; one query however many alliances.
    """
    filters = filters or PortfolioFilters()
    now = now or clock.now()
    commitments = with_status(Commitment.objects.visible_to(user), now)
    org = organisation_of(user)
    commitments = commitments.annotate(
        owed_by_us=ExpressionWrapper(Q(owner_party__organisation=org), output_field=BooleanField()),
        urgency=Case(
            When(status=Status.OVERDUE, then=Value(0)),
            When(state__in=Commitment.CLOSED_STATES, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        ),
    )
    commitments = _portfolio_filtered(commitments, filters, org)
    return commitments.select_related(
        "alliance", "owner", "owner_party__organisation", "receiving_party__organisation"
    ).order_by(*PORTFOLIO_SORTS.get(filters.sort, PORTFOLIO_SORTS["due"]))


def _portfolio_filtered(commitments: Any, filters: PortfolioFilters, org: Any) -> Any:
    if filters.search.strip():
        commitments = commitments.filter(title__icontains=filters.search.strip())
    if filters.status == "open":
        commitments = commitments.filter(status__in=OWED_STATUSES)
    elif filters.status in PORTFOLIO_STATUSES:
        commitments = commitments.filter(status=filters.status)
    elif not filters.include_closed:
        commitments = commitments.exclude(state__in=Commitment.CLOSED_STATES)
    if filters.side == "ours":
        commitments = commitments.filter(owner_party__organisation=org)
    elif filters.side == "partner":
        commitments = commitments.exclude(owner_party__organisation=org)
    if filters.alliance:
        commitments = commitments.filter(alliance_id=filters.alliance)
    if filters.due_from:
        commitments = commitments.filter(due_date__gte=filters.due_from)
    if filters.due_to:
        commitments = commitments.filter(due_date__lte=filters.due_to)
    return commitments


@dataclass(frozen=True)
class CommitmentSummary:
    """The headline over a list of commitments: what is still owed, overdue, and coming up."""

    open: int
    overdue: int
    due_soon: int  # still owed and due within SUMMARY_DAYS

    @property
    def days(self) -> int:
        return SUMMARY_DAYS


def commitment_summary(
    *, commitments: QuerySet[Commitment], now: datetime.datetime | None = None
) -> CommitmentSummary:
    """Open, overdue and soon-due counts over a list from portfolio_commitment_list; one query."""
    now = now or clock.now()
    owed = Q(status__in=OWED_STATUSES)
    soon = owed & Q(due_at__gt=now, due_at__lte=now + datetime.timedelta(days=SUMMARY_DAYS))
    row = commitments.order_by().aggregate(
        open=Count("pk", filter=owed),
        overdue=Count("pk", filter=Q(status=Status.OVERDUE)),
        due_soon=Count("pk", filter=soon),
    )
    return CommitmentSummary(**{name: row[name] or 0 for name in ("open", "overdue", "due_soon")})
