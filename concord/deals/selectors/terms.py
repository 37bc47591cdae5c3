"""Reads of milestones, royalties and Build-to-Buy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Prefetch,
    QuerySet,
)

from concord.alliances.models import Alliance, Programme
from concord.deals import versions
from concord.deals.models import (
    BuyOption,
    Milestone,
    RoyaltyReport,
    RoyaltyRestatement,
    RoyaltyTerm,
    Tranche,
)
from concord.deals.money import format_money
from concord.deals.selectors._common import ZERO, today

# --- Milestones, royalties, Build-to-Buy ----------------------------------------------------------


@dataclass
class ProgrammeMilestones:
    """One programme's milestones in contract order: development sequence, regulatory, commercial."""

    programme: Programme
    milestones: list[Milestone]


def milestone_list(*, user: Any, alliance: Alliance | None = None) -> QuerySet[Milestone]:
    """Milestones the user may see, with their programme, parties and payment."""
    milestones = Milestone.objects.visible_to(user)
    if alliance is not None:
        milestones = milestones.filter(alliance=alliance)
    return milestones.select_related(
        "programme",
        "payer__organisation",
        "payee__organisation",
        "notifying_party__organisation",
        "skipped_for",
        "payment",
    )


def milestones_by_programme(*, user: Any, alliance: Alliance) -> list[ProgrammeMilestones]:
    groups: dict[int, ProgrammeMilestones] = {}
    for milestone in milestone_list(user=user, alliance=alliance):
        group = groups.setdefault(
            milestone.programme_id, ProgrammeMilestones(milestone.programme, [])
        )
        group.milestones.append(milestone)
    for group in groups.values():
        group.milestones.sort(key=_contract_order)
    return sorted(groups.values(), key=lambda g: (g.programme.asset_name, g.programme.pk))


def _contract_order(milestone: Milestone) -> tuple[int, int, str, Decimal]:
    kinds = list(Milestone.Kind.values)
    return (
        kinds.index(milestone.kind),
        milestone.sequence if milestone.sequence is not None else 99,
        milestone.region,
        milestone.sales_threshold or ZERO,
    )


def milestone_get(*, user: Any, pk: int) -> Milestone:
    return milestone_list(user=user).select_related("alliance").get(pk=pk)


def royalty_term_list(*, user: Any, alliance: Alliance) -> QuerySet[RoyaltyTerm]:
    return (
        RoyaltyTerm.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("programme", "payer__organisation", "payee__organisation")
        .prefetch_related("tiers")
    )


def royalty_term_get(*, user: Any, pk: int) -> RoyaltyTerm:
    return (
        RoyaltyTerm.objects.visible_to(user)
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .prefetch_related("tiers")
        .get(pk=pk)
    )


def royalty_report_list(*, user: Any, alliance: Alliance) -> QuerySet[RoyaltyReport]:
    """The alliance's royalty reports, each with its restatements (oldest first) and payments."""
    return (
        RoyaltyReport.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("term", "reporting_party__organisation", "payment")
        .prefetch_related(_restatements(user))
    )


def _restatements(user: Any) -> Prefetch:
    return Prefetch(
        "restatements",
        queryset=RoyaltyRestatement.objects.visible_to(user).select_related(
            "restating_party__organisation", "restated_by", "payment"
        ),
    )


def royalty_report_get(*, user: Any, pk: int) -> RoyaltyReport:
    """One royalty report in scope, with the history of its restatements."""
    return (
        RoyaltyReport.objects.visible_to(user)
        .select_related("alliance", "term", "reporting_party__organisation", "payment")
        .prefetch_related(_restatements(user))
        .get(pk=pk)
    )


def tranche_list(*, user: Any, alliance: Alliance) -> QuerySet[Tranche]:
    return (
        Tranche.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("milestone", "payer__organisation", "payee__organisation", "payment")
        .order_by("sequence")
    )


def tranche_get(*, user: Any, pk: int) -> Tranche:
    return Tranche.objects.visible_to(user).select_related("alliance", "milestone").get(pk=pk)


def option_for(*, user: Any, alliance: Alliance) -> BuyOption | None:
    return (
        BuyOption.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("holder__organisation", "grantor__organisation", "payment")
        .first()
    )


@dataclass
class BuildToBuy:
    """The Build-to-Buy picture both parties see: funding so far, the next unlock, the deadline."""

    tranches: list[Tranche]
    option: BuyOption | None
    released: list[tuple[str, str]]  # (currency, amount shown) released so far
    committed: list[tuple[str, str]]
    next_tranche: Tranche | None
    window_state: str = ""
    days_left: int | None = None

    @property
    def exists(self) -> bool:
        return bool(self.tranches) or self.option is not None


def build_to_buy(tranches: list[Tranche], option: BuyOption | None) -> BuildToBuy:
    released: dict[str, Decimal] = defaultdict(Decimal)
    committed: dict[str, Decimal] = defaultdict(Decimal)
    for tranche in tranches:
        payment = getattr(tranche, "payment", None)
        # A released tranche counts at what fell due then: the amount in force on its release.
        amount = payment.amount if payment is not None else tranche.amount
        committed[tranche.currency] += amount
        if tranche.status == Tranche.Status.RELEASED:
            released[tranche.currency] += amount
    next_tranche = next((t for t in tranches if t.status == Tranche.Status.LOCKED), None)
    state, days_left = "", None
    if option is not None:
        opens, closes = versions.option_window_on(option, today())  # as agreed today
        state = "before" if today() < opens else "open" if today() <= closes else "closed"
        if option.status == BuyOption.Status.OPEN and state != "closed":
            days_left = (closes - today()).days
    return BuildToBuy(
        tranches,
        option,
        [(c, format_money(v, c)) for c, v in sorted(released.items())],
        [(c, format_money(v, c)) for c, v in sorted(committed.items())],
        next_tranche,
        state,
        days_left,
    )
