"""The reliability scorecard: each party's on-time and on-spec record, by quarter and rolling year."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractQuarter, ExtractYear

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.expectations.models import (
    Commitment,
    Delivery,
)
from concord.expectations.selectors.commitments import commitment_parties
from concord.expectations.selectors.status import State

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


def _tally(row: Mapping[str, Any]) -> Tally:
    return Tally(**{name: row[name] or 0 for name in Tally.__dataclass_fields__})


def _with_first_delivery(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return commitments.annotate(
        first=FilteredRelation("deliveries", condition=Q(deliveries__sequence=1))
    )


def scorecard(*, user: Any, alliance: Alliance, now: datetime.datetime | None = None) -> Scorecard:
    """Each joined party's on-time share, first-time acceptance, average days late and quarterly trend.

    Read only from shared records and the clock, so both parties see the same numbers. Two
    queries whatever the length of the history: the parties (none on the alliance page, whose
    workspace has read them) and the tallies by party and quarter, which add up to the totals.
    """
    now = now or clock.now()
    parties = commitment_parties(user=user, alliance=alliance)
    commitments = _with_first_delivery(
        Commitment.objects.visible_to(user).filter(alliance=alliance).order_by()
    )
    rows: list[Mapping[str, Any]] = list(
        commitments.annotate(year=ExtractYear("due_date"), quarter=ExtractQuarter("due_date"))
        .values("owner_party", "year", "quarter")
        .annotate(
            **_tally_aggregates(now),
            owed=Count("pk", filter=~Q(state=State.WAIVED)),
            overdue=Count(
                "pk", filter=Q(state__in=Commitment.OPEN_STATES, in_dispute=False, due_at__lte=now)
            ),
            disputed=Count("pk", filter=Q(in_dispute=True)),  # not "in_dispute": that is a column
            waived=Count("pk", filter=Q(state=State.WAIVED)),
            awaiting=Count("pk", filter=Q(state=State.DELIVERED, in_dispute=False)),
        )
    )
    by_party: dict[int, dict[str, Any]] = {}
    for kept in rows:
        total = by_party.setdefault(kept["owner_party"], dict.fromkeys(_SUMMED, 0))
        for name in _SUMMED:
            total[name] += kept[name] or 0
    quarters = _quarter_rows(rows, now)
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


# What a party's quarters add up to: the tally's counts and the other totals the card shows.
_SUMMED = (*Tally.__dataclass_fields__, "owed", "overdue", "disputed", "waived", "awaiting")


def quarter_labels(now: datetime.datetime, count: int = QUARTERS_SHOWN) -> list[tuple[int, int]]:
    """The last `count` calendar quarters up to the one holding `now`, oldest first."""
    year, quarter = now.year, (now.month - 1) // 3 + 1
    labels = []
    for _ in range(count):
        labels.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(labels))


ROLLING = 4  # quarters in the rolling year


def _quarter_rows(
    rows: list[Mapping[str, Any]], now: datetime.datetime
) -> dict[int, list[QuarterScore]]:
    """Each party's tally per quarter of due date, every quarter shown even when empty, from the
    tallies by party and quarter; quarters before the first one shown are left out."""
    labels = quarter_labels(now, QUARTERS_SHOWN + ROLLING - 1)
    found: dict[tuple[int, int, int], Tally] = {
        (row["owner_party"], row["year"], row["quarter"]): _tally(row)
        for row in rows
        if row["year"] is not None and (row["year"], row["quarter"]) >= labels[0]
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
