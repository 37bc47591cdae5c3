"""Reads of commitments, the reliability scorecard and the learning plan, always through visible_to(user).

Statuses that depend on the date (due soon, overdue) are computed in the query from `due_at` and
the moment of reading, so a list never shows a stale flag. The scorecard is a handful of
aggregate queries, however long the alliance's history.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractQuarter, ExtractYear

from concord.alliances.models import Alliance, Party, Phase, TeamMember
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.expectations.models import (
    DUE_SOON_DAYS,
    Commitment,
    CommitmentDispute,
    Delivery,
    LearningObjective,
    ProgressReview,
    Status,
)
from concord.orgs.models import Membership, User

State = Commitment.State
STATUS_ORDER = [
    Status.OVERDUE,
    Status.IN_DISPUTE,
    Status.DELIVERED,
    Status.REJECTED,
    Status.DUE_SOON,
    Status.PENDING,
    Status.ACCEPTED,
    Status.WAIVED,
]


def status_case(now: datetime.datetime) -> Case:
    """The status as of `now`, in SQL; the order of the branches is the precedence."""
    owed = Q(state__in=Commitment.OPEN_STATES)
    return Case(
        When(in_dispute=True, then=Value(Status.IN_DISPUTE)),
        When(state=State.WAIVED, then=Value(Status.WAIVED)),
        When(state=State.ACCEPTED, then=Value(Status.ACCEPTED)),
        When(state=State.DELIVERED, then=Value(Status.DELIVERED)),
        When(owed & Q(due_at__lte=now), then=Value(Status.OVERDUE)),
        When(state=State.REJECTED, then=Value(Status.REJECTED)),
        When(due_at__lte=now + datetime.timedelta(days=DUE_SOON_DAYS), then=Value(Status.DUE_SOON)),
        default=Value(Status.PENDING),
        output_field=CharField(),
    )


def with_status(commitments: QuerySet[Commitment], now: datetime.datetime | None = None) -> Any:
    """Annotate each commitment with `status` (see Status) and `status_rank` for sorting."""
    now = now or clock.now()
    rank = Case(
        *[When(status=value, then=Value(i)) for i, value in enumerate(STATUS_ORDER)],
        output_field=IntegerField(),
    )
    return commitments.annotate(status=status_case(now)).annotate(status_rank=rank)


def status_label(value: str) -> str:
    return Status(value).label if value in Status.values else value


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
    """The joined parties of an alliance, for the party filter and the commitment forms."""
    return list(
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
    )


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


def commitment_get(*, user: Any, pk: int) -> Commitment:
    """One commitment the user may see, with its status now; raises DoesNotExist otherwise (→ 404)."""
    return (
        with_status(Commitment.objects.visible_to(user))
        .select_related(
            "alliance",
            "owner",
            "created_by",
            "owner_party__organisation",
            "receiving_party__organisation",
        )
        .get(pk=pk)
    )


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
        with_status(Commitment.objects.visible_to(user))
        .select_related(
            "alliance",
            "owner",
            "created_by",
            "owner_party__organisation",
            "receiving_party__organisation",
        )
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


# --- What the user may do (display only: the services enforce every rule) ----------------------


@dataclass(frozen=True)
class CommitmentPermissions:
    """Which actions to offer on one commitment; mirrors the services' rules."""

    edit: bool = False
    move_due_date: bool = False
    deliver: bool = False
    judge: bool = False
    waive: bool = False
    dispute: bool = False
    resolve: bool = False
    concede: bool = False


def own_party(*, user: Any, alliance: Alliance) -> Party | None:
    """The user's organisation's joined party in this alliance, if any."""
    org = organisation_of(user)
    return (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, organisation=org, status=Party.Status.ACCEPTED)
        .first()
    )


def can_record(*, user: Any, party: Party | None, alliance: Alliance) -> bool:
    """Whether to offer "Record a commitment" / "Add an objective" (managers of a joined party)."""
    membership: Membership | None = getattr(user, "membership", None)
    return (
        party is not None
        and membership is not None
        and membership.is_active
        and membership.can_manage_alliances
        and alliance.phase != Phase.TERMINATED
    )


def commitment_permissions(
    *, user: Any, commitment: Commitment, party: Party | None
) -> CommitmentPermissions:
    """What the user may do to this commitment now."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active or party is None:
        return CommitmentPermissions()
    writer, manager = not membership.is_read_only, membership.can_manage_alliances
    owes = party.pk == commitment.owner_party_id
    owed = party.pk == commitment.receiving_party_id
    calm = not commitment.in_dispute
    closed = commitment.is_closed
    return CommitmentPermissions(
        edit=manager and (owes or owed) and not closed,
        move_due_date=manager and owed and not closed,
        deliver=writer and owes and calm and commitment.is_open,
        judge=writer and owed and calm and commitment.state == State.DELIVERED,
        waive=manager and owed and calm and commitment.is_open,
        dispute=manager and (owes or owed) and calm and not closed,
        resolve=manager and (owes or owed) and commitment.in_dispute,
        concede=manager and owed,
    )


# --- The reliability scorecard -----------------------------------------------------------------


def _share(part: int, whole: int) -> int | None:
    return round(part * 100 / whole) if whole else None


@dataclass
class Tally:
    """Counts behind one party's figures, for the whole history or one quarter."""

    scored: int = 0  # commitments due by now or already delivered (waived ones left out)
    on_time: int = 0  # first delivery on or before the due date
    judged: int = 0  # first delivery accepted or rejected
    first_time: int = 0  # first delivery accepted
    late: int = 0  # first delivery after the due date
    days_late: int = 0  # summed over those late first deliveries

    @property
    def on_time_share(self) -> int | None:
        return _share(self.on_time, self.scored)

    @property
    def first_time_share(self) -> int | None:
        return _share(self.first_time, self.judged)

    @property
    def average_days_late(self) -> Decimal | None:
        if not self.late:
            return None
        return (Decimal(self.days_late) / self.late).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def __add__(self, other: Tally) -> Tally:
        names = Tally.__dataclass_fields__
        return Tally(**{n: getattr(self, n) + getattr(other, n) for n in names})


@dataclass
class QuarterScore:
    """One quarter of one party's record, by the quarter its commitments fell due.

    `rolling` adds up the four quarters ending with this one: an alliance owes a few things a
    quarter, so a single quarter swings from 0% to 100% while the rolling year shows the trend.
    """

    label: str  # "2025 Q3"
    tally: Tally
    rolling: Tally


@dataclass
class PartyScore:
    """One party's reliability in one alliance: the same figures whoever reads them."""

    party: Party
    tally: Tally
    owed: int = 0
    overdue: int = 0
    in_dispute: int = 0
    waived: int = 0
    awaiting_acceptance: int = 0
    quarters: list[QuarterScore] = field(default_factory=list)


@dataclass
class Scorecard:
    """Every joined party's record in one alliance, as of `as_of`."""

    alliance: Alliance
    as_of: datetime.datetime
    parties: list[PartyScore]

    @property
    def has_history(self) -> bool:
        return any(score.owed for score in self.parties)


QUARTERS_SHOWN = 12  # three years


def _tally_aggregates(now: datetime.datetime) -> dict[str, Any]:
    """The aggregate expressions behind a Tally, over commitments joined to their first delivery."""
    kept = ~Q(state=State.WAIVED)
    delivered = Q(first__pk__isnull=False)
    return {
        "scored": Count("pk", filter=kept & (delivered | Q(due_at__lte=now))),
        "on_time": Count("pk", filter=kept & delivered & Q(first__days_late=0)),
        "judged": Count(
            "pk",
            filter=kept
            & Q(first__outcome__in=[Delivery.Outcome.ACCEPTED, Delivery.Outcome.REJECTED]),
        ),
        "first_time": Count("pk", filter=kept & Q(first__outcome=Delivery.Outcome.ACCEPTED)),
        "late": Count("pk", filter=kept & Q(first__days_late__gt=0)),
        "days_late": Sum("first__days_late", filter=kept & Q(first__days_late__gt=0)),
    }


def _tally(row: dict[str, Any]) -> Tally:
    return Tally(**{name: row[name] or 0 for name in Tally.__dataclass_fields__})


def _with_first_delivery(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.annotate(
        first=FilteredRelation("deliveries", condition=Q(deliveries__sequence=1))
    )


def scorecard(*, user: Any, alliance: Alliance, now: datetime.datetime | None = None) -> Scorecard:
    """Each joined party's on-time share, first-time acceptance, average days late and quarterly trend.

    Read only from shared records and the clock, so both parties see the same numbers. Three
    queries whatever the length of the history: the parties, the totals, the quarters.
    """
    now = now or clock.now()
    parties = commitment_parties(user=user, alliance=alliance)
    commitments = _with_first_delivery(
        Commitment.objects.visible_to(user).filter(alliance=alliance).order_by()
    )
    totals = commitments.values("owner_party").annotate(
        **_tally_aggregates(now),
        owed=Count("pk", filter=~Q(state=State.WAIVED)),
        overdue=Count(
            "pk", filter=Q(state__in=Commitment.OPEN_STATES, in_dispute=False, due_at__lte=now)
        ),
        disputed=Count("pk", filter=Q(in_dispute=True)),  # not "in_dispute": that is a column
        waived=Count("pk", filter=Q(state=State.WAIVED)),
        awaiting=Count("pk", filter=Q(state=State.DELIVERED, in_dispute=False)),
    )
    by_party: dict[int, dict[str, Any]] = {row["owner_party"]: dict(row) for row in totals}
    quarters = _quarter_rows(commitments, now)
    scores = []
    for party in parties:
        row: dict[str, Any] = by_party.get(party.pk, {})
        scores.append(
            PartyScore(
                party=party,
                tally=_tally(row) if row else Tally(),
                owed=row.get("owed", 0),
                overdue=row.get("overdue", 0),
                in_dispute=row.get("disputed", 0),
                waived=row.get("waived", 0),
                awaiting_acceptance=row.get("awaiting", 0),
                quarters=quarters.get(party.pk, []),
            )
        )
    return Scorecard(alliance=alliance, as_of=now, parties=scores)


def quarter_labels(now: datetime.datetime, count: int = QUARTERS_SHOWN) -> list[tuple[int, int]]:
    """The last `count` calendar quarters up to the one holding `now`, oldest first."""
    year, quarter = now.year, (now.month - 1) // 3 + 1
    labels = []
    for _ in range(count):
        labels.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(labels))


ROLLING = 4  # quarters in the rolling year


def _quarter_rows(commitments: Any, now: datetime.datetime) -> dict[int, list[QuarterScore]]:
    """Each party's tally per quarter of due date, every quarter shown even when empty."""
    labels = quarter_labels(now, QUARTERS_SHOWN + ROLLING - 1)
    first_year, first_quarter = labels[0]
    since = datetime.date(first_year, 3 * first_quarter - 2, 1)
    rows = (
        commitments.filter(due_date__gte=since)
        .annotate(year=ExtractYear("due_date"), quarter=ExtractQuarter("due_date"))
        .values("owner_party", "year", "quarter")
        .annotate(**_tally_aggregates(now))
    )
    found: dict[tuple[int, int, int], Tally] = {
        (row["owner_party"], row["year"], row["quarter"]): _tally(row) for row in rows
    }
    scores = {}
    for party in {key[0] for key in found}:
        tallies = [found.get((party, y, q), Tally()) for y, q in labels]
        scores[party] = [
            QuarterScore(f"{y} Q{q}", tallies[i], sum(tallies[i - ROLLING + 1 : i + 1], Tally()))
            for i, (y, q) in enumerate(labels)
            if i >= ROLLING - 1
        ]
    return scores


def overdue_commitments(*, user: Any, alliance: Alliance, limit: int = 5) -> list[Commitment]:
    """The most overdue commitments of an alliance, for the overview panel."""
    now = clock.now()
    return list(
        Commitment.objects.visible_to(user)
        .filter(
            alliance=alliance, state__in=Commitment.OPEN_STATES, in_dispute=False, due_at__lte=now
        )
        .select_related("owner_party__organisation", "owner")
        .order_by("due_date", "pk")[:limit]
    )


# --- The learning plan -------------------------------------------------------------------------


def objective_list(*, user: Any, alliance: Alliance) -> QuerySet[LearningObjective]:
    """An alliance's learning objectives with their latest measure and number of reviews."""
    latest = (
        ProgressReview.objects.visible_to(user)
        .filter(objective=OuterRef("pk"))
        .order_by("-reviewed_on", "-pk")
    )
    return (
        LearningObjective.objects.visible_to(user)
        .filter(alliance=alliance)
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_on=Subquery(latest.values("reviewed_on")[:1]),
            review_count=Count("reviews", distinct=True),
        )
        .select_related("owner", "owner_party__organisation")
        .order_by(
            Case(When(status=LearningObjective.Status.ACTIVE, then=Value(0)), default=Value(1)),
            "target_date",
            "pk",
        )
    )


def objective_get(*, user: Any, pk: int) -> LearningObjective:
    """One learning objective the user may see, with its reviews oldest first."""
    reviews = (
        ProgressReview.objects.visible_to(user)
        .select_related("reviewed_by")
        .order_by("reviewed_on", "pk")
    )
    return (
        LearningObjective.objects.visible_to(user)
        .select_related("alliance", "owner", "owner_party__organisation")
        .prefetch_related(Prefetch("reviews", queryset=reviews))
        .get(pk=pk)
    )


def _latest_on(objective: LearningObjective) -> Any:
    """The date of the latest review, as objective_list() annotates it."""
    return getattr(objective, "latest_on", None)


STALE_AFTER = datetime.timedelta(days=90)  # an objective nobody has measured for a quarter


@dataclass
class LearningSummary:
    """The learning plan at a glance, as a gate shows it."""

    objectives: list[LearningObjective]
    active: int
    achieved: int
    dropped: int
    unreviewed: list[LearningObjective]  # active, and not measured in the last quarter

    @property
    def total(self) -> int:
        return len(self.objectives)


def learning_summary(*, user: Any, alliance: Alliance) -> LearningSummary:
    """Counts by status, each objective's latest measure, and which ones nobody has measured lately."""
    objectives = list(objective_list(user=user, alliance=alliance))
    cutoff = clock.today() - STALE_AFTER
    active = [o for o in objectives if o.is_active]
    return LearningSummary(
        objectives=objectives,
        active=len(active),
        achieved=sum(o.status == LearningObjective.Status.ACHIEVED for o in objectives),
        dropped=sum(o.status == LearningObjective.Status.DROPPED for o in objectives),
        unreviewed=[o for o in active if _latest_on(o) is None or _latest_on(o) < cutoff],
    )
