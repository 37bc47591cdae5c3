"""What expectations adds to Today and the portfolio: commitments to deliver or accept, and each
alliance's overdue commitments on either side.

Reads through `visible_to`, a fixed number of queries whatever the number of alliances.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.portfolio import alliances_in_role
from concord.core import clock, today
from concord.core.portfolio import AttentionFactor, PortfolioColumn, PortfolioFacts, Reason
from concord.core.tenancy import organisation_of
from concord.core.today import FLAG, TodayItem, count_days
from concord.expectations.models import Commitment, Delivery

COLUMNS = [PortfolioColumn("overdue_commitments", "Overdue deliveries (us / them)", 40)]
FACTORS = [
    AttentionFactor("partner_overdue", "Overdue delivery owed to us (each)", Decimal(3)),
    AttentionFactor("own_overdue", "Overdue delivery we owe (each)", Decimal(2)),
]
FLAGS = {"overdue": "Overdue items"}


def today_items(user: Any) -> Iterable[TodayItem]:
    """Commitments the person owns due within the horizon (or overdue), overdue ones of alliances
    they manage, and deliveries awaiting their organisation's verdict on alliances they manage."""
    org = organisation_of(user)
    membership = getattr(user, "membership", None)
    if org is None or membership is None or membership.is_read_only:
        return []
    managed = alliances_in_role(user=user)
    ours = Q(owner_party__organisation=org, owner_party__status=Party.Status.ACCEPTED)
    owed = (
        Commitment.objects.visible_to(user)
        .filter(state__in=Commitment.OPEN_STATES)
        .filter(
            Q(owner=user, due_date__lte=today.horizon())
            | (ours & Q(alliance_id__in=managed, due_date__lt=clock.today()))
        )
        .select_related("alliance", "receiving_party__organisation", "owner")
    )
    items = [_owed_item(c, user) for c in owed]
    to_judge = (
        Delivery.objects.visible_to(user)
        .filter(outcome=Delivery.Outcome.PENDING, commitment__receiving_party__organisation=org)
        .filter(Q(commitment__alliance_id__in=managed) | Q(commitment__created_by=user))
        .select_related("commitment__alliance", "commitment__owner_party__organisation")
    )
    chase = (
        Commitment.objects.visible_to(user)
        .filter(state__in=Commitment.OPEN_STATES, due_at__lte=clock.now())
        .filter(receiving_party__organisation=org, alliance_id__in=managed)
        .select_related("alliance", "owner_party__organisation")
    )
    return [*items, *(_judge_item(d) for d in to_judge), *(_chase_item(c) for c in chase)]


def _owed_item(commitment: Commitment, user: Any) -> TodayItem:
    late = commitment.days_past_due
    when = f"{count_days(late)} overdue" if late else f"due {commitment.due_date:%-d %b}"
    whose = "You own it" if commitment.owner_id == user.pk else f"{commitment.owner} owns it"
    return TodayItem(
        kind="commitment",
        title=commitment.title,
        why=f"Owed to {commitment.receiving_party.organisation}, {when}. {whose}.",
        url=reverse("expectations:commitment-deliver", args=[commitment.pk]),
        action="Deliver",
        alliance_id=commitment.alliance_id,
        alliance_name=commitment.alliance.name,
        due=commitment.due_date,
        overdue=late > 0,
    )


def _judge_item(delivery: Delivery) -> TodayItem:
    commitment = delivery.commitment
    return TodayItem(
        kind="acceptance",
        title=f"Accept or reject: {commitment.title}",
        why=f"{commitment.owner_party.organisation} delivered it on "
        f"{delivery.delivered_on:%-d %b}; your organisation has to judge it against its "
        "acceptance criteria.",
        url=reverse("expectations:delivery-judge", args=[delivery.pk]),
        action="Judge",
        alliance_id=commitment.alliance_id,
        alliance_name=commitment.alliance.name,
        due=delivery.delivered_on,
    )


def _chase_item(commitment: Commitment) -> TodayItem:
    return TodayItem(
        kind="commitment",
        title=f"Chase: {commitment.title}",
        why=f"{commitment.owner_party.organisation} owes it to your organisation, "
        f"{count_days(commitment.days_past_due)} overdue; you manage this alliance.",
        url=reverse("expectations:commitment-detail", args=[commitment.pk]),
        action="Open",
        section=FLAG,
        alliance_id=commitment.alliance_id,
        alliance_name=commitment.alliance.name,
        due=commitment.due_date,
        overdue=True,
    )


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Overdue commitments per alliance, ours and the partners', as a column and as reasons."""
    org_id = getattr(organisation_of(user), "pk", None)
    rows = (
        Commitment.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids, state__in=Commitment.OPEN_STATES)
        .filter(due_at__lte=clock.now())
        .order_by()
        .values("alliance_id", "owner_party__organisation_id")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"us": 0, "partner": 0})
    for row in rows:
        side = "us" if row["owner_party__organisation_id"] == org_id else "partner"
        counts[row["alliance_id"]][side] += row["n"]
    facts: dict[int, PortfolioFacts] = {}
    for pk, n in counts.items():
        entry = facts[pk] = PortfolioFacts(flags={"overdue"})
        entry.values["overdue_commitments"] = f"{n['us']} / {n['partner']}"
        if n["partner"]:
            entry.reasons.append(_reason("partner_overdue", n["partner"], "owed to us"))
        if n["us"]:
            entry.reasons.append(_reason("own_overdue", n["us"], "we owe"))
    return facts


def _reason(code: str, n: int, whose: str) -> Reason:
    noun = "delivery" if n == 1 else "deliveries"
    return Reason(code, f"{n} overdue {noun} {whose}", Decimal(n))
