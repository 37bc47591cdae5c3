"""Writes to the deal's terms: the frame and its fees."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import snapshot
from concord.core.errors import invalid
from concord.deals.models import (
    DealTerms,
    Fee,
    Payment,
)
from concord.deals.services._common import (
    check_amount,
    clean_text,
    money,
    payer_and_payee,
    payment_create,
    record,
    writer_party,
)
from concord.orgs.models import User

TERMS_FIELDS = ["signed_on", "summary", "payment_days", "nudge_days"]


@transaction.atomic
def deal_terms_save(
    *,
    actor: User,
    alliance: Alliance,
    signed_on: datetime.date | None = None,
    summary: str = "",
    payment_days: int = 30,
    nudge_days: int = 14,
) -> DealTerms:
    """Set the agreement's frame: signature date, payment terms, when unbilled sums are nudged."""
    writer_party(actor, alliance)
    if not 0 <= payment_days <= 365:
        raise invalid("payment_days", "Give a number of days between 0 and 365.")
    if not 1 <= nudge_days <= 365:
        raise invalid("nudge_days", "Give a number of days between 1 and 365.")
    terms = (
        DealTerms.objects.unscoped()
        .select_for_update(of=("self",))
        .filter(alliance=alliance)
        .first()
    )
    if terms is not None and terms.signed_on is not None and signed_on != terms.signed_on:
        # The signature date is where amendments start: it is not moved or cleared afterwards.
        raise invalid(
            "signed_on",
            f"The deal was signed on {terms.signed_on:%d %b %Y}; that date stays as it is.",
        )
    before = snapshot(terms, TERMS_FIELDS) if terms else None
    terms = terms or DealTerms(alliance=alliance)
    terms.signed_on, terms.summary = signed_on, clean_text(summary, "summary", required=False)
    terms.payment_days, terms.nudge_days = payment_days, nudge_days
    terms.updated_by, terms.updated_at = actor, clock.now()
    terms.save()
    record(
        actor,
        "deal.terms_saved",
        terms,
        alliance,
        f"{actor} set the deal terms: pay within {payment_days} days, nudge after {nudge_days}",
        before=before,
        after=snapshot(terms, TERMS_FIELDS),
    )
    return terms


@transaction.atomic
def fee_create(
    *,
    actor: User,
    alliance: Alliance,
    kind: str,
    title: str,
    amount: Decimal,
    currency: str,
    payer: Party,
    payee: Party,
    due_date: datetime.date,
) -> Fee:
    """Add a fixed payment of the agreement (upfront, equity, option fee); it is due on its date."""
    writer_party(actor, alliance)
    if kind not in Fee.Kind.values:
        raise invalid("kind", "Choose the kind of fee.")
    amount = check_amount(amount, currency)
    payer_and_payee(alliance, payer, payee)
    fee = Fee.objects.create(
        alliance=alliance,
        kind=kind,
        title=clean_text(title, "title", limit=200),
        amount=amount,
        currency=currency,
        payer=payer,
        payee=payee,
        due_date=due_date,
        created_by=actor,
    )
    payment_create(
        alliance=alliance,
        source=Payment.Source.FEE,
        description=fee.title,
        amount=amount,
        currency=currency,
        payer=payer,
        payee=payee,
        became_due_on=due_date,
        due_date=due_date,
        fee=fee,
    )
    record(
        actor,
        "deal.fee_added",
        fee,
        alliance,
        f"{actor} added the {fee.get_kind_display().lower()} “{fee.title}” of {money(amount, currency)}",
        after={
            "kind": kind,
            "amount": str(amount),
            "currency": currency,
            "due_date": str(due_date),
        },
    )
    return fee
