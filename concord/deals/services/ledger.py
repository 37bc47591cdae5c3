"""Writes to the fairness ledger: invoices, payments, disputes, audit requests, finance notes,
and the sweep's nudges for sums due but not invoiced and for overdue ones."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import PRIVATE
from concord.deals import emails
from concord.deals.models import (
    AuditRequest,
    CostEntry,
    Dispute,
    FinanceNote,
    Payment,
    PaymentReceipt,
)
from concord.deals.services._common import (
    DEFAULT_NUDGE_DAYS,
    check_amount,
    clean_text,
    has_joined,
    money,
    not_in_future,
    record,
    today,
    writer_party,
)
from concord.orgs.models import User


def _locked_payment(payment: Payment) -> Payment:
    return (
        Payment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .get(pk=payment.pk)
    )


def payment_status(payment: Payment) -> str:
    """Where a payment stands: paid in full, partly paid, invoiced, or due and not invoiced.

    A credit (a negative amount) is paid back towards zero the same way: amounts settled count
    in the credit's own sign, so its size is compared, not its sign.
    """
    if abs(payment.amount_paid) >= abs(payment.amount):
        return Payment.Status.PAID
    if payment.amount_paid != 0:
        return Payment.Status.PARTLY_PAID
    return Payment.Status.INVOICED if payment.invoiced_on else Payment.Status.DUE


@transaction.atomic
def payment_invoice(
    *,
    actor: User,
    payment: Payment,
    invoice_number: str,
    invoiced_on: datetime.date | None = None,
) -> Payment:
    """The party owed the money invoices it: the payee, or the payer for a credit owed back."""
    payment = _locked_payment(payment)
    _, party = writer_party(actor, payment.alliance)
    if party.pk != payment.owed_to_id:
        raise forbidden("The party that is owed the money invoices it.")
    if payment.invoiced_on is not None:
        raise invalid("payment", f"Already invoiced on {payment.invoiced_on:%d %B %Y}.")
    if payment.status == Payment.Status.PAID:
        raise invalid("payment", "This payment has been paid in full; there is nothing to invoice.")
    invoiced_on = invoiced_on or today()
    not_in_future(invoiced_on, "invoiced_on")
    payment.invoice_number = clean_text(invoice_number, "invoice_number", limit=60)
    payment.invoiced_on, payment.invoiced_by = invoiced_on, actor
    payment.status = payment_status(payment)
    payment.save()
    record(
        actor,
        "payment.invoiced",
        payment,
        payment.alliance,
        f"{party.organisation} invoiced “{payment.description}” "
        f"({money(payment.amount, payment.currency)}) as {payment.invoice_number}",
        after={"invoice_number": payment.invoice_number, "invoiced_on": str(invoiced_on)},
    )
    emails.send_payment_invoiced(payment)
    return payment


@transaction.atomic
def payment_record(
    *,
    actor: User,
    payment: Payment,
    amount: Decimal,
    paid_on: datetime.date | None = None,
    reference: str = "",
) -> PaymentReceipt:
    """The party that owes records money sent: the whole outstanding sum or part of it, invoiced
    or not. A credit (negative amount) is paid back by the payee; `amount` is always positive."""
    payment = _locked_payment(payment)
    _, party = writer_party(actor, payment.alliance)
    if party.pk != payment.owed_by_id:
        raise forbidden("The party that owes the money records its payment.")
    if payment.status == Payment.Status.PAID:
        raise invalid("payment", "This payment has already been paid in full.")
    amount = check_amount(amount, payment.currency)
    if amount > abs(payment.outstanding):
        raise invalid(
            "amount",
            f"Only {money(abs(payment.outstanding), payment.currency)} is outstanding on this payment.",
        )
    paid_on = paid_on or today()
    not_in_future(paid_on, "paid_on")
    receipt = PaymentReceipt.objects.create(
        payment=payment,
        amount=amount,
        paid_on=paid_on,
        reference=clean_text(reference, "reference", required=False, limit=100),
        recorded_by=actor,
    )
    payment.amount_paid += -amount if payment.is_credit else amount
    payment.status = payment_status(payment)
    payment.paid_on = paid_on if payment.status == Payment.Status.PAID else None
    payment.save()
    record(
        actor,
        "payment.paid" if payment.status == Payment.Status.PAID else "payment.part_paid",
        payment,
        payment.alliance,
        f"{party.organisation} paid {money(amount, payment.currency)} of “{payment.description}”"
        + (
            ""
            if payment.outstanding == 0
            else f"; {money(payment.outstanding, payment.currency)} outstanding"
        ),
        after={"amount": str(amount), "paid_on": str(paid_on), "status": payment.status},
    )
    emails.send_payment_received(payment, receipt)
    return receipt


# --- Disputes ----------------------------------------------------------------------------------


@transaction.atomic
def dispute_raise(
    *,
    actor: User,
    reason: str,
    payment: Payment | None = None,
    cost_entry: CostEntry | None = None,
) -> Dispute:
    """Either party marks a payment or a cost line as in dispute, saying why."""
    if (payment is None) == (cost_entry is None):
        raise invalid("payment", "Choose one payment or one cost line to dispute.")
    subject = payment or cost_entry
    assert subject is not None
    alliance = subject.alliance
    _, party = writer_party(actor, alliance)
    reason = clean_text(reason, "reason")
    open_disputes = (
        Dispute.objects.unscoped().select_for_update().filter(status=Dispute.Status.OPEN)
    )
    if open_disputes.filter(payment=payment, cost_entry=cost_entry).exists():
        raise invalid("reason", "This is already in dispute; resolve that dispute first.")
    try:
        with transaction.atomic():
            dispute = Dispute.objects.create(
                alliance=alliance,
                payment=payment,
                cost_entry=cost_entry,
                reason=reason,
                raising_party=party,
                raised_by=actor,
            )
    except IntegrityError as error:  # the other party disputed it at the same moment
        raise invalid(
            "reason", "This is already in dispute; resolve that dispute first."
        ) from error
    record(
        actor,
        "dispute.raised",
        dispute,
        alliance,
        f"{party.organisation} disputed “{subject}”: {reason}",
        after={"reason": reason},
    )
    emails.send_dispute_raised(dispute)
    return dispute


@transaction.atomic
def dispute_resolve(*, actor: User, dispute: Dispute, resolution: str) -> Dispute:
    """Either party records how a dispute was resolved; the line leaves dispute."""
    dispute = (
        Dispute.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=dispute.pk)
    )
    _, party = writer_party(actor, dispute.alliance)
    if not dispute.is_open:
        raise invalid("dispute", "This dispute is already resolved.")
    dispute.resolution = clean_text(resolution, "resolution")
    dispute.status, dispute.resolved_by, dispute.resolved_at = (
        Dispute.Status.RESOLVED,
        actor,
        clock.now(),
    )
    dispute.save()
    record(
        actor,
        "dispute.resolved",
        dispute,
        dispute.alliance,
        f"{party.organisation} recorded the resolution of the dispute over “{dispute.subject}”",
        after={"resolution": dispute.resolution},
    )
    emails.send_dispute_resolved(dispute)
    return dispute


# --- Audit requests ----------------------------------------------------------------------------


@transaction.atomic
def audit_request_create(
    *,
    actor: User,
    alliance: Alliance,
    audited_party: Party,
    scope: str,
    period_start: datetime.date,
    period_end: datetime.date,
) -> AuditRequest:
    """One party asks to audit the other's records (royalty reports, costs) for a period."""
    _, party = writer_party(actor, alliance)
    if not has_joined(alliance, audited_party):
        raise invalid("audited_party", "Choose a party that has joined this alliance.")
    if audited_party.pk == party.pk:
        raise invalid("audited_party", "Audit requests go to another party.")
    if period_end < period_start:
        raise invalid("period_end", "The period must end after it starts.")
    not_in_future(period_start, "period_start")
    request = AuditRequest.objects.create(
        alliance=alliance,
        requesting_party=party,
        audited_party=audited_party,
        requested_by=actor,
        scope=clean_text(scope, "scope"),
        period_start=period_start,
        period_end=period_end,
    )
    record(
        actor,
        "audit_request.opened",
        request,
        alliance,
        f"{party.organisation} requested an audit of {audited_party.organisation} for "
        f"{period_start:%d %b %Y} to {period_end:%d %b %Y}",
        after={"scope": request.scope},
    )
    emails.send_audit_requested(request)
    return request


@transaction.atomic
def audit_request_close(*, actor: User, audit_request: AuditRequest, findings: str) -> AuditRequest:
    """The requesting party records the audit's findings and closes the request."""
    request = (
        AuditRequest.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=audit_request.pk)
    )
    _, party = writer_party(actor, request.alliance)
    if party.pk != request.requesting_party_id:
        raise forbidden("The party that requested the audit records its findings.")
    if request.status != AuditRequest.Status.OPEN:
        raise invalid("audit_request", "This audit request is already closed.")
    request.findings = clean_text(findings, "findings", limit=10_000)
    request.status, request.closed_by, request.closed_at = (
        AuditRequest.Status.CLOSED,
        actor,
        clock.now(),
    )
    request.save()
    record(
        actor,
        "audit_request.closed",
        request,
        request.alliance,
        f"{party.organisation} recorded the audit's findings",
        after={"findings": request.findings},
    )
    emails.send_audit_closed(request)
    return request


# --- Private finance notes ---------------------------------------------------------------------


@transaction.atomic
def finance_note_create(
    *, actor: User, alliance: Alliance, body: str, payment: Payment | None = None
) -> FinanceNote:
    """A note on the money for the actor's own organisation; the partner never sees it."""
    membership, _ = writer_party(actor, alliance)
    if payment is not None and payment.alliance_id != alliance.pk:
        raise invalid("payment", "Choose a payment of this alliance.")
    note = FinanceNote.objects.create(
        alliance=alliance,
        organisation=membership.organisation,
        payment=payment,
        author=actor,
        body=clean_text(body, "body", limit=10_000),
    )
    record(
        actor,
        "finance_note.written",
        note,
        alliance,
        f"{actor} wrote a private finance note" + (f" on “{payment}”" if payment else ""),
        visibility=PRIVATE,
    )
    return note


# --- The sweep: nudges ---------------------------------------------------------------------------


def payments_nudge_unbilled() -> int:
    """Tell the payer's finance people and the payee about sums due but not invoiced for N days.

    Sent once per payment: `nudged_at` is set under a row lock, so neither a second sweep nor
    two sweeps at once send it again.
    """
    day = today()
    candidates = (
        Payment.objects.unscoped()
        .filter(invoiced_on__isnull=True, nudged_at__isnull=True)
        .exclude(status=Payment.Status.PAID)
        .filter(became_due_on__lte=day - datetime.timedelta(days=1))
        .select_related("alliance__deal_terms")
        .only("pk", "became_due_on", "alliance__deal_terms__nudge_days")
    )
    due = [p.pk for p in candidates if p.became_due_on <= day - _nudge_after(p)]
    return sum(_nudge(pk, day) for pk in due)


def _nudge_after(payment: Payment) -> datetime.timedelta:
    terms = getattr(payment.alliance, "deal_terms", None)
    return datetime.timedelta(days=terms.nudge_days if terms else DEFAULT_NUDGE_DAYS)


@transaction.atomic
def _nudge(pk: int, day: datetime.date) -> bool:
    payment = (
        Payment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .get(pk=pk)
    )
    if payment.nudged_at or payment.invoiced_on or payment.status == Payment.Status.PAID:
        return False
    payment.nudged_at = clock.now()
    payment.save(update_fields=["nudged_at"])
    days = (day - payment.became_due_on).days
    emails.send_payment_unbilled(payment, days)
    record(
        None,
        "payment.unbilled_nudge",
        payment,
        payment.alliance,
        f"“{payment.description}” has been due for {days} days without an invoice: "
        f"told {payment.payer.organisation} and {payment.payee.organisation}",
    )
    return True


def payments_flag_overdue() -> int:
    """Tell both sides, once, when a payment passes its due date unpaid."""
    late = (
        Payment.objects.unscoped()
        .filter(due_date__lt=today(), overdue_notified_at__isnull=True)
        .exclude(status=Payment.Status.PAID)
        .values_list("pk", flat=True)
    )
    return sum(_flag_overdue(pk) for pk in list(late))


@transaction.atomic
def _flag_overdue(pk: int) -> bool:
    payment = (
        Payment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .get(pk=pk)
    )
    if payment.overdue_notified_at or payment.status == Payment.Status.PAID:
        return False
    payment.overdue_notified_at = clock.now()
    payment.save(update_fields=["overdue_notified_at"])
    emails.send_payment_overdue(payment)
    record(
        None,
        "payment.overdue",
        payment,
        payment.alliance,
        f"“{payment.description}” is overdue since {payment.due_date:%d %b %Y}: "
        f"{money(payment.outstanding, payment.currency)} outstanding",
    )
    return True
