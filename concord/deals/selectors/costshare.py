"""Reads of cost sharing: workstreams, shares, cost entries and quarterly true-ups."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Sum,
)

from concord.alliances.models import Alliance
from concord.deals.costshare import Share, TrueUpResult, compute_true_up
from concord.deals.models import (
    CostEntry,
    CostShare,
    CostWorkstream,
    Dispute,
    TrueUp,
    quarter_label,
)

# --- Cost sharing ------------------------------------------------------------------------------


@dataclass
class QuarterTrueUp:
    """A quarter of a workstream: settled (fixed at settlement) or still open (live figures)."""

    year: int
    quarter: int
    result: TrueUpResult
    settled: TrueUp | None = None

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)


@dataclass
class WorkstreamView:
    """A workstream with its split and its latest quarters."""

    workstream: CostWorkstream
    shares: list[Share]
    quarters: list[QuarterTrueUp] = field(default_factory=list)

    @property
    def split(self) -> str:
        return " / ".join(f"{s.organisation} {s.percent.normalize():f}%" for s in self.shares)


def workstream_list(*, user: Any, alliance: Alliance) -> QuerySet[CostWorkstream]:
    shares = CostShare.objects.visible_to(user).select_related("party__organisation")
    return (
        CostWorkstream.objects.visible_to(user)
        .filter(alliance=alliance)
        .prefetch_related(Prefetch("shares", queryset=shares.order_by("party_id")))
    )


def workstream_get(*, user: Any, pk: int) -> CostWorkstream:
    shares = CostShare.objects.visible_to(user).select_related("party__organisation")
    return (
        CostWorkstream.objects.visible_to(user)
        .select_related("alliance")
        .prefetch_related(Prefetch("shares", queryset=shares.order_by("party_id")))
        .get(pk=pk)
    )


def _shares(workstream: CostWorkstream) -> list[Share]:
    return [
        Share(s.party_id, s.party.organisation.name, s.percent) for s in workstream.shares.all()
    ]


def cost_share_overview(
    *, user: Any, workstreams: list[CostWorkstream], since_year: int | None = None
) -> list[WorkstreamView]:
    """Each workstream's quarters (from `since_year`, else all) with their true-ups: two queries."""
    views = {w.pk: WorkstreamView(w, _shares(w)) for w in workstreams}
    spend: dict[tuple[int, int, int], dict[int, Decimal]] = defaultdict(dict)
    entries = CostEntry.objects.visible_to(user).filter(workstream__in=list(views))
    settled_rows = TrueUp.objects.visible_to(user).filter(workstream__in=list(views))
    if since_year is not None:
        entries = entries.filter(year__gte=since_year)
        settled_rows = settled_rows.filter(year__gte=since_year)
    sums = entries.values("workstream_id", "year", "quarter", "party_id").annotate(
        spent=Sum("amount")
    )
    for row in sums.order_by():
        spend[(row["workstream_id"], row["year"], row["quarter"])][row["party_id"]] = row["spent"]
    settled = {(t.workstream_id, t.year, t.quarter): t for t in settled_rows}
    for key in sorted(set(spend) | set(settled), key=lambda k: (k[1], k[2]), reverse=True):
        view = views[key[0]]
        view.quarters.append(_quarter(view, key, spend.get(key, {}), settled.get(key)))
    return list(views.values())


def _quarter(
    view: WorkstreamView,
    key: tuple[int, int, int],
    spent: dict[int, Decimal],
    settled: TrueUp | None,
) -> QuarterTrueUp:
    if settled is not None:
        spent = {int(line["party"]): Decimal(line["spent"]) for line in settled.lines}
    result = compute_true_up(view.shares, spent, view.workstream.currency)
    return QuarterTrueUp(key[1], key[2], result, settled)


def cost_entry_list(*, user: Any, workstream: CostWorkstream) -> QuerySet[CostEntry]:
    """The cost lines behind a workstream's true-ups, with who recorded them and any dispute."""
    return (
        CostEntry.objects.visible_to(user)
        .filter(workstream=workstream)
        .select_related("party__organisation", "recorded_by")
        .annotate(
            in_dispute=Exists(
                Dispute.objects.visible_to(user).filter(
                    cost_entry=OuterRef("pk"), status=Dispute.Status.OPEN
                )
            )
        )
    )


def cost_entry_get(*, user: Any, pk: int) -> CostEntry:
    return CostEntry.objects.visible_to(user).select_related("alliance", "workstream").get(pk=pk)
