"""Emails about deal money: one function per message. Every message concerns shared records
only (private finance notes never go out), and goes to the parties' own money people."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from concord.alliances.models import Party
from concord.alliances.selectors import FINANCE_ROLES, party_contacts
from concord.core.emails import send_email_on_commit
from concord.deals.models import (
    Amendment,
    AuditRequest,
    BuyOption,
    Dispute,
    Milestone,
    Payment,
    PaymentReceipt,
    RoyaltyRestatement,
)
from concord.deals.money import format_money
from concord.orgs.models import User


def finance_people(party: Party) -> list[str]:
    """A party's finance people: its alliance team's, else its organisation's, else its managers."""
    return party_contacts(party, FINANCE_ROLES) or party_contacts(party)


def money_people(party: Party) -> list[str]:
    """Who answers for a party's side of the money: finance people and alliance managers."""
    return sorted({*finance_people(party), *party_contacts(party)})


def _path(alliance_id: int) -> str:
    return reverse("deals:alliance-money", args=[alliance_id])


def _ledger_path(alliance_id: int) -> str:
    return reverse("deals:alliance-ledger", args=[alliance_id])


def _others(alliance_id: int, party_id: int | None) -> list[Party]:
    parties = Party.objects.unscoped().filter(alliance_id=alliance_id, status=Party.Status.ACCEPTED)
    if party_id is not None:
        parties = parties.exclude(pk=party_id)
    return list(parties.select_related("organisation"))


def send_milestone_notified(milestone: Milestone) -> None:
    """Ask the other parties to confirm (or reject) a notified achievement."""
    recipients = [
        e
        for p in _others(milestone.alliance_id, milestone.notifying_party_id)
        for e in money_people(p)
    ]
    send_email_on_commit(
        "milestone-notified",
        recipients,
        {
            "milestone": milestone,
            "alliance": milestone.alliance,
            "path": _path(milestone.alliance_id),
        },
    )


def send_milestone_confirmed(milestone: Milestone, skipped: list[Milestone]) -> None:
    """Tell the payer's finance people and the payee that a milestone, and any skipped, is payable."""
    total = sum((m.amount for m in [milestone, *skipped]), Decimal(0))
    send_email_on_commit(
        "milestone-confirmed",
        [*finance_people(milestone.payer), *money_people(milestone.payee)],
        {
            "milestone": milestone,
            "skipped": skipped,
            "total": format_money(total, milestone.currency),
            "alliance": milestone.alliance,
            "path": _ledger_path(milestone.alliance_id),
        },
    )


def send_milestone_rejected(milestone: Milestone, notifier: User | None) -> None:
    """Tell whoever notified an achievement that the other party did not confirm it, and why."""
    recipients = [notifier.email if notifier and notifier.is_active else ""]
    if milestone.notifying_party is not None:
        recipients += party_contacts(milestone.notifying_party)
    send_email_on_commit(
        "milestone-rejected",
        recipients,
        {
            "milestone": milestone,
            "alliance": milestone.alliance,
            "path": _path(milestone.alliance_id),
        },
    )


def send_royalty_restated(restatement: RoyaltyRestatement) -> None:
    """Tell the royalty's payee (the partner of the reporting party) that a quarter was restated:
    both figures, the reason and what it does to the year's royalty."""
    report = restatement.report
    term = report.term
    send_email_on_commit(
        "royalty-restated",
        finance_people(term.payee),
        {
            "restatement": restatement,
            "report": report,
            "term": term,
            "alliance": term.alliance,
            "reporter": term.payer.organisation,
            "previous": format_money(restatement.previous_net_sales, term.currency),
            "restated": format_money(restatement.net_sales, term.currency),
            "royalty_before": format_money(restatement.year_royalty_before, term.currency),
            "royalty_after": format_money(restatement.year_royalty_after, term.currency),
            "difference": format_money(abs(restatement.adjustment), term.currency),
            "path": _path(term.alliance_id),
        },
    )


def _payment_context(payment: Payment, **extra: object) -> dict[str, object]:
    """What every payment message shows; for a credit, the payee is the one that pays back."""
    return {
        "payment": payment,
        "alliance": payment.alliance,
        "debtor": payment.owed_by,
        "creditor": payment.owed_to,
        "amount": format_money(abs(payment.amount), payment.currency),
        "outstanding": format_money(abs(payment.outstanding), payment.currency),
        "path": _ledger_path(payment.alliance_id),
        **extra,
    }


def send_payment_invoiced(payment: Payment) -> None:
    """Tell the payer's finance people that an invoice is in."""
    send_email_on_commit(
        "payment-invoiced", finance_people(payment.owed_by), _payment_context(payment)
    )


def send_payment_received(payment: Payment, receipt: PaymentReceipt) -> None:
    """Tell the payee that money was sent, in full or in part."""
    send_email_on_commit(
        "payment-received",
        money_people(payment.owed_to),
        _payment_context(
            payment, received=format_money(receipt.amount, payment.currency), receipt=receipt
        ),
    )


def send_payment_unbilled(payment: Payment, days: int) -> None:
    """Due but not invoiced for N days: the payer's finance people and the payee both hear of it."""
    send_email_on_commit(
        "payment-unbilled",
        [*finance_people(payment.owed_by), *money_people(payment.owed_to)],
        _payment_context(payment, days=days),
    )


def send_payment_overdue(payment: Payment) -> None:
    """A payment passed its due date unpaid: both sides hear of it, once."""
    send_email_on_commit(
        "payment-overdue",
        [*finance_people(payment.owed_by), *money_people(payment.owed_to)],
        _payment_context(payment),
    )


def send_dispute_raised(dispute: Dispute) -> None:
    """Tell the other parties that a payment or cost line is in dispute, and why."""
    recipients = [
        e for p in _others(dispute.alliance_id, dispute.raising_party_id) for e in money_people(p)
    ]
    send_email_on_commit(
        "dispute-raised",
        recipients,
        {"dispute": dispute, "alliance": dispute.alliance, "path": _path(dispute.alliance_id)},
    )


def send_dispute_resolved(dispute: Dispute) -> None:
    """Tell every party how a dispute was resolved."""
    recipients = [e for p in _others(dispute.alliance_id, None) for e in money_people(p)]
    send_email_on_commit(
        "dispute-resolved",
        recipients,
        {"dispute": dispute, "alliance": dispute.alliance, "path": _path(dispute.alliance_id)},
    )


def send_audit_requested(request: AuditRequest) -> None:
    """Tell the audited party what the other party asks to audit."""
    send_email_on_commit(
        "audit-requested",
        money_people(request.audited_party),
        {"request": request, "alliance": request.alliance, "path": _path(request.alliance_id)},
    )


def send_audit_closed(request: AuditRequest) -> None:
    """Tell the audited party the audit's findings."""
    send_email_on_commit(
        "audit-closed",
        money_people(request.audited_party),
        {"request": request, "alliance": request.alliance, "path": _path(request.alliance_id)},
    )


def send_option_exercised(option: BuyOption) -> None:
    """Tell the grantor, and the holder's finance people, that the option was exercised."""
    send_email_on_commit(
        "option-exercised",
        [*money_people(option.grantor), *finance_people(option.holder)],
        {
            "option": option,
            "price": format_money(option.price, option.currency),
            "alliance": option.alliance,
            "path": _ledger_path(option.alliance_id),
        },
    )


def _amendments_path(alliance_id: int) -> str:
    return reverse("deals:amendment-list", args=[alliance_id])


def _amendment_context(amendment: Amendment, old: str, new: str) -> dict[str, object]:
    return {
        "amendment": amendment,
        "alliance": amendment.alliance,
        "proposer": amendment.proposing_party.organisation,
        "old": old,
        "new": new,
        "path": _amendments_path(amendment.alliance_id),
    }


def _answerers(amendment: Amendment) -> list[str]:
    """The money people of the parties other than the proposer: those who answer it."""
    others = _others(amendment.alliance_id, amendment.proposing_party_id)
    return [e for p in others for e in money_people(p)]


def send_amendment_proposed(amendment: Amendment, old: str, new: str) -> None:
    """Ask the other parties to approve or reject a proposed amendment of an agreed term."""
    send_email_on_commit(
        "amendment-proposed", _answerers(amendment), _amendment_context(amendment, old, new)
    )


def send_amendment_answered(amendment: Amendment, party: Party, old: str, new: str) -> None:
    """Tell the proposing party that the other party approved or rejected its amendment."""
    send_email_on_commit(
        "amendment-answered",
        money_people(amendment.proposing_party),
        _amendment_context(amendment, old, new) | {"answerer": party.organisation},
    )


def send_amendment_withdrawn(amendment: Amendment) -> None:
    """Tell the other parties that an amendment they were asked to answer was withdrawn."""
    send_email_on_commit(
        "amendment-withdrawn", _answerers(amendment), _amendment_context(amendment, "", "")
    )
