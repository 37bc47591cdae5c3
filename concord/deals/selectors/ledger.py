"""Reads of the fairness ledger: payments filtered and sorted, disputes, audits, notes, terms and fees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)

from concord.alliances.models import Alliance
from concord.core.tenancy import organisation_of
from concord.deals.models import (
    AuditRequest,
    DealTerms,
    Dispute,
    Fee,
    FinanceNote,
    Payment,
    PaymentReceipt,
    owed_by_organisation,
    owed_to_organisation,
)
from concord.deals.selectors._common import today

# --- The ledger --------------------------------------------------------------------------------

LEDGER_SORTS = {
    # What needs doing first: overdue lines, then the rest still owed by due date, then paid ones.
    "open": ("-is_late", "settled", "due_date", "pk"),
    "due": ("due_date", "pk"),
    "-due": ("-due_date", "-pk"),
    "amount": ("amount", "pk"),
    "-amount": ("-amount", "-pk"),
    "status": ("status", "due_date", "pk"),
    "alliance": ("alliance__name", "due_date", "pk"),
    "-alliance": ("-alliance__name", "due_date", "pk"),
}
LEDGER_STATES = {
    "outstanding": "Outstanding (not fully paid)",
    "overdue": "Overdue",
    "unbilled": "Due, not invoiced",
    "invoiced": "Invoiced",
    "partly_paid": "Partly paid",
    "paid": "Paid",
    "disputed": "In dispute",
}


@dataclass
class LedgerFilters:
    """What a ledger is narrowed and ordered by."""

    search: str = ""
    state: str = ""
    source: str = ""
    currency: str = ""
    direction: str = ""  # "payable" (we pay) or "receivable" (we are paid)
    sort: str = "due"
    # Paid lines; the ledger pages hide them until asked (see LedgerFilterForm), and a status
    # filter shows what it names whatever this says.
    include_paid: bool = True


def payment_list(
    *, user: Any, alliance: Alliance | None = None, filters: LedgerFilters | None = None
) -> QuerySet[Payment]:
    """Ledger lines the user may see, filtered and sorted, each with its parties, dispute flag,
    overdue flag and the user's own organisation's private notes on it."""
    filters = filters or LedgerFilters()
    payments: QuerySet[Payment] = Payment.objects.visible_to(user)
    if alliance is not None:
        payments = payments.filter(alliance=alliance)
    payments = _filtered(payments, user, filters)
    notes = FinanceNote.objects.visible_to(user).select_related("author")
    return (
        payments.annotate(
            in_dispute=Exists(
                Dispute.objects.visible_to(user).filter(
                    payment=OuterRef("pk"), status=Dispute.Status.OPEN
                )
            ),
            is_late=ExpressionWrapper(
                Q(due_date__lt=today()) & ~Q(status=Payment.Status.PAID),
                output_field=BooleanField(),
            ),
            settled=ExpressionWrapper(Q(status=Payment.Status.PAID), output_field=BooleanField()),
        )
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .prefetch_related(Prefetch("finance_notes", queryset=notes, to_attr="own_notes"))
        .order_by(*LEDGER_SORTS.get(filters.sort, LEDGER_SORTS["due"]))
    )


def _filtered(payments: QuerySet[Payment], user: Any, filters: LedgerFilters) -> QuerySet[Payment]:
    term = filters.search.strip()
    if term:
        payments = payments.filter(
            Q(description__icontains=term)
            | Q(invoice_number__icontains=term)
            | Q(alliance__name__icontains=term)
        )
    payments = _state(payments, user, filters.state)
    if not filters.include_paid and not filters.state:
        payments = payments.exclude(status=Payment.Status.PAID)
    if filters.source:
        payments = payments.filter(source=filters.source)
    if filters.currency:
        payments = payments.filter(currency=filters.currency)
    org = organisation_of(user)
    # By who owes, not by payer and payee: a credit is owed by its payee.
    if filters.direction == "payable":
        payments = payments.filter(owed_by_organisation(org))
    elif filters.direction == "receivable":
        payments = payments.filter(owed_to_organisation(org))
    return payments


def _state(payments: QuerySet[Payment], user: Any, state: str) -> QuerySet[Payment]:
    unpaid = ~Q(status=Payment.Status.PAID)
    if state == "outstanding":
        return payments.filter(unpaid)
    if state == "overdue":
        return payments.filter(unpaid, due_date__lt=today())
    if state == "unbilled":
        return payments.filter(unpaid, invoiced_on__isnull=True)
    if state == "disputed":
        open_disputes = Dispute.objects.visible_to(user).filter(status=Dispute.Status.OPEN)
        return payments.filter(pk__in=open_disputes.values("payment_id"))
    if state in Payment.Status.values:
        return payments.filter(status=state)
    return payments


@dataclass
class LedgerSide:
    """One side of the ledger as the reader's organisation stands: what it pays or is paid."""

    key: str  # the direction filter that shows this side alone
    title: str
    count: int
    lines: list[Payment]


def ledger_sides(*, user: Any, payments: QuerySet[Payment], limit: int) -> list[LedgerSide]:
    """A filtered ledger split into what the user's organisation pays and what it is paid, the
    first `limit` lines of each; four queries (two counts, two pages) however many lines."""
    org = organisation_of(user)
    sides = []
    for key, title, owed in (
        ("payable", "What we pay", owed_by_organisation(org)),
        ("receivable", "What we are paid", owed_to_organisation(org)),
    ):
        lines = payments.filter(owed)
        sides.append(LedgerSide(key, title, lines.count(), list(lines[:limit])))
    return sides


def payment_notes(*, user: Any, payments: QuerySet[Payment]) -> dict[int, list[str]]:
    """The user's own organisation's private notes on these payments, by payment, in one query."""
    notes: dict[int, list[str]] = defaultdict(list)
    rows = (
        FinanceNote.objects.visible_to(user)
        .filter(payment__in=payments.order_by().values("pk"))
        .order_by("created_at", "pk")
        .values_list("payment_id", "body")
    )
    for payment_id, body in rows:
        notes[payment_id].append(body)
    return notes


def payment_get(*, user: Any, pk: int) -> Payment:
    """One ledger line the user may see, with its receipts, disputes and the user's notes."""
    return (
        payment_list(user=user)
        .select_related(
            "royalty_report__term",
            "royalty_restatement__report__term",
            "royalty_restatement__restating_party__organisation",
        )
        .prefetch_related(
            Prefetch("receipts", queryset=PaymentReceipt.objects.visible_to(user)),
            Prefetch(
                "disputes",
                queryset=Dispute.objects.visible_to(user).select_related(
                    "raising_party__organisation"
                ),
            ),
        )
        .get(pk=pk)
    )


def ledger_currencies(*, user: Any, alliance: Alliance | None = None) -> list[str]:
    """The currencies the user's ledger holds, for the filter."""
    payments = Payment.objects.visible_to(user)
    if alliance is not None:
        payments = payments.filter(alliance=alliance)
    return list(payments.order_by("currency").values_list("currency", flat=True).distinct())


# --- Disputes, audits, notes -------------------------------------------------------------------


def dispute_list(*, user: Any, alliance: Alliance) -> QuerySet[Dispute]:
    return (
        Dispute.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related(
            "payment", "cost_entry", "raising_party__organisation", "raised_by", "resolved_by"
        )
        .order_by("status", "-raised_at", "-pk")
    )


def dispute_get(*, user: Any, pk: int) -> Dispute:
    return (
        Dispute.objects.visible_to(user)
        .select_related("alliance", "payment", "cost_entry")
        .get(pk=pk)
    )


def audit_request_list(*, user: Any, alliance: Alliance) -> QuerySet[AuditRequest]:
    return (
        AuditRequest.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related(
            "requesting_party__organisation", "audited_party__organisation", "requested_by"
        )
        .order_by("status", "-requested_at", "-pk")
    )


def audit_request_get(*, user: Any, pk: int) -> AuditRequest:
    return AuditRequest.objects.visible_to(user).select_related("alliance").get(pk=pk)


def finance_note_list(*, user: Any, alliance: Alliance) -> QuerySet[FinanceNote]:
    """The user's own organisation's private notes on this alliance's money."""
    return (
        FinanceNote.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("author", "payment")
    )


def deal_terms_for(*, user: Any, alliance: Alliance) -> DealTerms | None:
    return DealTerms.objects.visible_to(user).filter(alliance=alliance).first()


def fee_list(*, user: Any, alliance: Alliance) -> QuerySet[Fee]:
    return (
        Fee.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("payer__organisation", "payee__organisation", "payment")
    )
