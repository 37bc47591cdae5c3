"""What deals adds to Today and the portfolio: payments to invoice or pay, and per alliance the
money due to and from us in the next 90 days and overdue payments.

Reads through `visible_to`, a fixed number of queries whatever the number of alliances.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse

from concord.alliances.portfolio import alliances_in_role
from concord.core import clock, today
from concord.core.portfolio import AttentionFactor, PortfolioColumn, PortfolioFacts, Reason
from concord.core.templatetags.concord_format import compact_amount
from concord.core.today import ACT, FLAG, TodayItem, count_days
from concord.deals.models import (
    Payment,
    owed_by_organisation,
    owed_outstanding,
    owed_to_organisation,
)
from concord.deals.money import format_money
from concord.deals.services._common import MONEY_ROLES
from concord.orgs.models import Membership

MONEY_REACH = datetime.timedelta(days=90)
COLUMNS = [
    PortfolioColumn("money_to_us", "Due to us, 90 days", 70),
    PortfolioColumn("money_from_us", "Due from us, 90 days", 71),
]
FACTORS = [
    AttentionFactor("partner_overdue_payment", "Overdue payment owed to us (each)", Decimal(3)),
    AttentionFactor("own_overdue_payment", "Overdue payment we owe (each)", Decimal(2)),
]
FLAGS = {"overdue": "Overdue items"}


@dataclass
class Amounts:
    """Sums in several currencies, never added together: compact on screen, exact in exports."""

    by_currency: dict[str, Decimal] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(format_money(v, c) for c, v in sorted(self.by_currency.items()))

    @property
    def short(self) -> str:
        return "; ".join(compact_money(v, c) for c, v in sorted(self.by_currency.items()))


def compact_money(amount: Decimal, currency: str) -> str:
    """`USD 60.0M`, `EUR 250.0K`: how people say amounts in a table; exact figures elsewhere."""
    short = compact_amount(amount)  # the same scale as the pages' `compact` filter
    return f"{currency} {short}" if short else format_money(amount, currency)


def today_items(user: Any) -> Iterable[TodayItem]:
    """Unpaid payments due within the horizon (or overdue) that the person's party must invoice
    or pay: for finance people on every alliance, for alliance managers on those they manage."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return []
    if not (membership.is_admin or membership.role in MONEY_ROLES):
        return []
    org = membership.organisation
    today_ = clock.today()
    payments = (
        Payment.objects.visible_to(user)
        .exclude(status=Payment.Status.PAID)
        .filter(due_date__lte=today.horizon())
        .filter(
            (owed_to_organisation(org) & (Q(status=Payment.Status.DUE) | Q(due_date__lt=today_)))
            | owed_by_organisation(org)
        )
        .select_related("alliance", "payer__organisation", "payee__organisation")
    )
    if membership.role != Membership.Role.FINANCE:
        payments = payments.filter(alliance_id__in=alliances_in_role(user=user))
    return [_payment_item(p, org.pk) for p in payments]


def _payment_item(payment: Payment, org_id: int) -> TodayItem:
    to_us = payment.owed_to.organisation_id == org_id
    amount = format_money(payment.owed_outstanding, payment.currency)
    late = (clock.today() - payment.due_date).days
    when = f"{count_days(late)} overdue" if late > 0 else f"due {payment.due_date:%-d %b}"
    to_invoice = to_us and payment.status == Payment.Status.DUE
    if to_invoice:
        verb, why = "Invoice", f"{payment.owed_by.organisation} owes your organisation {amount}, "
        why += f"{when}; it has not been invoiced."
    elif to_us:  # invoiced and overdue: to chase, which is a flag rather than an act
        verb, why = "Chase", f"{payment.owed_by.organisation} has not paid {amount}, {when}."
    else:
        verb, why = (
            "Pay",
            f"Your organisation owes {payment.owed_to.organisation} {amount}, {when}.",
        )
    return TodayItem(
        kind="payment",
        title=f"{verb}: {payment.description}",
        why=why,
        url=reverse(
            "deals:payment-invoice" if to_invoice else "deals:payment-detail", args=[payment.pk]
        ),
        action=verb if verb != "Chase" else "Open",
        section=FLAG if verb == "Chase" else ACT,
        alliance_id=payment.alliance_id,
        alliance_name=payment.alliance.name,
        due=payment.due_date,
        overdue=late > 0,
    )


def portfolio_source(user: Any, alliance_ids: list[int]) -> dict[int, PortfolioFacts]:
    """Money due each way in the next 90 days (overdue included), and overdue payments: one
    query, grouped by alliance and currency, for any number of alliances and payments."""
    membership: Membership | None = getattr(user, "membership", None)
    org = getattr(membership, "organisation", None)
    facts: dict[int, PortfolioFacts] = defaultdict(PortfolioFacts)
    if org is None:
        return facts
    to_us, by_us = owed_to_organisation(org), owed_by_organisation(org)
    late = Q(due_date__lt=clock.today())
    # Rows of the grouped sums, read below by the names in OVERDUE as well as literally.
    rows: Iterable[Mapping[str, Any]] = (
        Payment.objects.visible_to(user)
        .filter(alliance_id__in=alliance_ids)
        .exclude(status=Payment.Status.PAID)
        .filter(due_date__lte=clock.today() + MONEY_REACH)
        .order_by()
        .values("alliance_id", "currency")
        .annotate(
            money_to_us=Sum(owed_outstanding(), filter=to_us),
            money_from_us=Sum(owed_outstanding(), filter=by_us),
            partner_overdue_payment=Count("pk", filter=to_us & late),
            own_overdue_payment=Count("pk", filter=by_us & late),
        )
    )
    overdue: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        values = facts[row["alliance_id"]].values
        for key in ("money_to_us", "money_from_us"):
            if row[key] is not None:
                values.setdefault(key, Amounts()).by_currency[row["currency"]] = row[key]
        for code, _ in OVERDUE:
            overdue[row["alliance_id"]][code] += row[code]
    for alliance_id, counts in overdue.items():
        _overdue_reasons(facts[alliance_id], counts)
    return facts


OVERDUE = (("partner_overdue_payment", "owed to us"), ("own_overdue_payment", "we owe"))


def _overdue_reasons(entry: PortfolioFacts, counts: dict[str, int]) -> None:
    for code, whose in OVERDUE:
        n = counts[code]
        if n:
            entry.flags.add("overdue")
            noun = "payment" if n == 1 else "payments"
            entry.reasons.append(Reason(code, f"{n} overdue {noun} {whose}", Decimal(n)))
