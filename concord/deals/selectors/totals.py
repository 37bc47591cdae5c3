"""Money totals by currency: owed, invoiced and paid, across an alliance or the portfolio."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    CharField,
    Count,
    DecimalField,
    Q,
    QuerySet,
    Sum,
    Value,
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


def _decimal(total: Any) -> Decimal:
    """A sum as read back through a UNION (SQLite may hand a float or text back for NUMERIC)."""
    if total is None:
        return ZERO
    return total if isinstance(total, Decimal) else Decimal(str(total))


def money_totals(*, user: Any, alliance: Alliance | None = None) -> list[CurrencyTotals]:
    """Biobucks, guaranteed, paid to date, due in the next 12 months and overdue, by currency.

    Biobucks are every amount the agreements could pay: fees, milestones, tranches and option
    prices (royalties have no ceiling, so they are not in it). Guaranteed is what is owed whatever
    happens: the fees. One query, however many alliances and years. Without `alliance`, the
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

    rows = _ceilings(scoped, (Fee, Milestone, Tranche, BuyOption)).union(
        _payment_sums(scoped(Payment)), all=True
    )
    late_counts = {}
    for kind, currency, first, due, late, late_count in rows:
        if kind == Payment.__name__:
            add({currency: _decimal(first)}, "paid")
            add({currency: _decimal(due)}, "due_12_months")
            add({currency: _decimal(late)}, "overdue")
            late_counts[currency] = int(_decimal(late_count))
            continue
        if kind == Fee.__name__:
            add({currency: _decimal(first)}, "guaranteed")
        add({currency: _decimal(first)}, "biobucks")
    for currency, count in late_counts.items():
        totals[currency].overdue_count = count
    return [totals[c] for c in sorted(totals)]


# Each row of money_totals' one query: what it sums, the currency, and up to four sums.
_COLUMNS = ("kind", "currency", "first", "due", "late", "late_count")


def _ceilings(scoped: Any, models: tuple[Any, ...]) -> QuerySet[Any]:
    """Every amount the agreements could pay, by model and currency (the fees also guaranteed)."""
    none = Value(ZERO, output_field=DecimalField())
    parts = [
        scoped(model)
        .order_by()
        .values("currency")
        .annotate(
            kind=Value(model.__name__, output_field=CharField()),
            first=Sum("price" if model is BuyOption else "amount"),
            due=none,
            late=none,
            late_count=none,
        )
        .values_list(*_COLUMNS)
        for model in models
    ]
    return parts[0].union(*parts[1:], all=True)


def _payment_sums(payments: QuerySet[Payment]) -> QuerySet[Any]:
    """Paid, due within a year (overdue included: it is due now) and overdue, by currency; due
    and overdue count money owed either way."""
    day = today()
    unpaid = ~Q(status=Payment.Status.PAID)
    # A credit is money owed too (back, by the payee): it adds to what is due, never nets it.
    outstanding = owed_outstanding()
    return (
        payments.order_by()
        .values("currency")
        .annotate(
            kind=Value(Payment.__name__, output_field=CharField()),
            first=Sum("amount_paid"),
            due=Sum(
                outstanding, filter=unpaid & Q(due_date__lte=day + datetime.timedelta(days=365))
            ),
            late=Sum(outstanding, filter=unpaid & Q(due_date__lt=day)),
            late_count=Count("pk", filter=unpaid & Q(due_date__lt=day)),
        )
        .values_list(*_COLUMNS)
    )
