"""What deals adds to other capabilities' pages: the overview side panel and calendar entries."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import pluralize
from django.urls import reverse

from concord.alliances.models import Alliance
from concord.alliances.selectors import accepted_party
from concord.core import clock
from concord.core.calendar import CalendarEntry
from concord.core.sections import SummaryFact
from concord.deals import selectors
from concord.deals.money import format_money
from concord.deals.today import compact_money


def money_panel(request: Any, alliance: Alliance) -> tuple[str, dict[str, Any]] | None:
    """The overview's side panel: paid to date, due in 12 months and overdue, by currency."""
    user = request.user
    if accepted_party(user=user, alliance=alliance) is None:
        return None
    totals = [
        t
        for t in selectors.money_panel(user=user, alliance=alliance)
        if t.paid or t.due_12_months or t.biobucks
    ]
    return "deals/_panel.html", {
        "alliance": alliance,
        "totals": totals,
        "strip": [money_summary(alliance, totals)],
    }


def money_summary(alliance: Alliance, totals: list[Any]) -> SummaryFact:
    """What falls due in the next 12 months, by currency, and what is overdue, for the strip."""
    due = [t for t in totals if t.due_12_months]
    overdue = sum(t.overdue_count for t in totals)
    return SummaryFact(
        "Money due, 12 months",
        "; ".join(compact_money(t.due_12_months, t.currency) for t in due) or "Nothing due",
        f"{overdue} payment{pluralize(overdue)} overdue" if overdue else "",
        reverse("deals:alliance-money", args=[alliance.pk]),
        tone="danger" if overdue else "",
        order=50,
    )


def payment_calendar(user: Any) -> list[CalendarEntry]:
    """Due dates of unpaid payments for the people who handle an alliance's money."""
    entries = []
    today = clock.today()
    for payment in selectors.payment_due_dates(user=user):
        # Who owes whom: for a credit, the payee pays the payer back.
        outstanding = format_money(payment.owed_outstanding, payment.currency)
        kind = "Credit" if payment.is_credit else "Payment"
        entries.append(
            CalendarEntry(
                uid=f"payment-{payment.pk}@concord",
                summary=f"{kind} due: {outstanding} – {payment.description}",
                start=payment.due_date,
                description=(
                    f"{payment.alliance.name}: {payment.owed_by.organisation} pays "
                    f"{payment.owed_to.organisation} {outstanding}"
                    f"{' back' if payment.is_credit else ''} ({payment.get_status_display()})."
                ),
                url=reverse("deals:payment-detail", args=[payment.pk]),
                overdue=payment.is_overdue(today),
            )
        )
    return entries
