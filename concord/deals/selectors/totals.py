"""Money totals by currency: owed, invoiced and paid, across an alliance or the portfolio."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Sum,
)

from concord.alliances.models import Alliance
from concord.deals.models import (
    BuyOption,
    Fee,
    Milestone,
    Payment,
    Tranche,
    owed_outstanding,
)
from concord.deals.money import format_money
from concord.deals.selectors._common import ZERO, today

# --- Totals by currency ------------------------------------------------------------------------


@dataclass
class CurrencyTotals:
    """One currency's figures; never added to another currency's."""

    currency: str
    biobucks: Decimal = ZERO
    guaranteed: Decimal = ZERO
    paid: Decimal = ZERO
    due_12_months: Decimal = ZERO
    overdue: Decimal = ZERO
    overdue_count: int = 0

    def show(self, name: str) -> str:
        return format_money(getattr(self, name), self.currency)

    @property
    def biobucks_display(self) -> str:
        return self.show("biobucks")

    @property
    def guaranteed_display(self) -> str:
        return self.show("guaranteed")

    @property
    def paid_display(self) -> str:
        return self.show("paid")

    @property
    def due_12_months_display(self) -> str:
        return self.show("due_12_months")

    @property
    def overdue_display(self) -> str:
        return self.show("overdue")


def _by_currency(rows: QuerySet[Any], amount: str) -> dict[str, Decimal]:
    sums = rows.values("currency").annotate(total=Sum(amount)).order_by("currency")
    return {row["currency"]: row["total"] or ZERO for row in sums}


def money_totals(*, user: Any, alliance: Alliance | None = None) -> list[CurrencyTotals]:
    """Biobucks, guaranteed, paid to date, due in the next 12 months and overdue, by currency.

    Biobucks are every amount the agreements could pay: fees, milestones, tranches and option
    prices (royalties have no ceiling, so they are not in it). Guaranteed is what is owed whatever
    happens: the fees. Six queries, however many alliances and years. Without `alliance`, the
    whole portfolio the user sees.
    """

    def scoped(model: Any) -> QuerySet[Any]:
        rows = model.objects.visible_to(user)
        return rows if alliance is None else rows.filter(alliance=alliance)

    totals: dict[str, CurrencyTotals] = {}

    def add(figures: dict[str, Decimal], name: str) -> None:
        for currency, value in figures.items():
            entry = totals.setdefault(currency, CurrencyTotals(currency))
            setattr(entry, name, getattr(entry, name) + value)

    fees = _by_currency(scoped(Fee), "amount")
    add(fees, "guaranteed")
    add(fees, "biobucks")
    add(_by_currency(scoped(Milestone), "amount"), "biobucks")
    add(_by_currency(scoped(Tranche), "amount"), "biobucks")
    add(_by_currency(scoped(BuyOption), "price"), "biobucks")
    _payment_totals(scoped(Payment), add, totals)
    return [totals[c] for c in sorted(totals)]


def _payment_totals(
    payments: QuerySet[Payment], add: Any, totals: dict[str, CurrencyTotals]
) -> None:
    """Paid, due within a year (overdue included: it is due now) and overdue, in one query;
    due and overdue count money owed either way."""
    day = today()
    unpaid = ~Q(status=Payment.Status.PAID)
    # A credit is money owed too (back, by the payee): it adds to what is due, never nets it.
    outstanding = owed_outstanding()
    rows = (
        payments.values("currency")
        .annotate(
            paid=Sum("amount_paid"),
            due=Sum(
                outstanding, filter=unpaid & Q(due_date__lte=day + datetime.timedelta(days=365))
            ),
            late=Sum(outstanding, filter=unpaid & Q(due_date__lt=day)),
            late_count=Count("pk", filter=unpaid & Q(due_date__lt=day)),
        )
        .order_by("currency")
    )
    for row in rows:
        currency = row["currency"]
        add({currency: row["paid"] or ZERO}, "paid")
        add({currency: row["due"] or ZERO}, "due_12_months")
        add({currency: row["late"] or ZERO}, "overdue")
        totals[currency].overdue_count = row["late_count"]
