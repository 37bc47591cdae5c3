"""What every deals service shares: the role rule, the actor's party, amounts and the audit call."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from concord.alliances.acting import active_membership, joined_party
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import SHARED, organisation_of
from concord.deals.models import DealTerms, Payment, quarter_bounds
from concord.deals.money import MINOR_UNITS, format_money, is_exact
from concord.orgs.models import Membership, User

MONEY_ROLES = {Membership.Role.ALLIANCE_MANAGER, Membership.Role.FINANCE}
DEFAULT_PAYMENT_DAYS = 30
DEFAULT_NUDGE_DAYS = 14
MAX_AMOUNT = Decimal("999999999999999")  # what the column holds: a thousand trillion, less one
THROUGH_AMENDMENT = (
    "The deal is signed, so its agreed terms change only through an amendment one party "
    "proposes and the other approves (Deal & money → Amendments)."
)


def today() -> datetime.date:
    """Today in the time zone in force (the viewer's organisation's on pages, UTC otherwise)."""
    return clock.today()


def money_writer(actor: User) -> Membership:
    """The role rule: alliance managers, finance people and admins write money records."""
    membership = active_membership(actor)
    if not (membership.is_admin or membership.role in MONEY_ROLES):
        raise forbidden("Only alliance managers and finance people write money records.")
    return membership


def own_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's side of an alliance it has joined (the editable_by rule)."""
    return joined_party(actor, alliance, status=Party.Status.ACCEPTED)


def writer_party(actor: User, alliance: Alliance) -> tuple[Membership, Party]:
    """Both checks every money write makes: the role, then the party."""
    membership = money_writer(actor)
    return membership, own_party(actor, alliance)


def payer_and_payee(alliance: Alliance, payer: Party, payee: Party) -> None:
    """Money moves between two different parties that have joined this alliance."""
    for field, party in (("payer", payer), ("payee", payee)):
        if not has_joined(alliance, party):
            raise invalid(field, "Choose a party that has joined this alliance.")
    if payer.pk == payee.pk:
        raise invalid("payee", "The payer and the payee must be different parties.")


def has_joined(alliance: Alliance, party: Party) -> bool:
    """Whether the party has joined this alliance, as the database has it now."""
    return (
        Party.objects.unscoped()
        .filter(pk=party.pk, alliance=alliance, status=Party.Status.ACCEPTED)
        .exists()
    )


def check_currency(currency: str, field: str = "currency") -> None:
    if currency not in MINOR_UNITS:
        raise invalid(
            field, f"Choose one of the supported currencies: {', '.join(sorted(MINOR_UNITS))}."
        )


def check_amount(
    amount: Any, currency: str, field: str = "amount", *, allow_zero: bool = False
) -> Decimal:
    """A positive amount, exact to the currency's minor unit: nothing is rounded silently."""
    check_currency(currency)
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError) as error:
        raise invalid(field, "Enter an amount.") from error
    if not value.is_finite():
        raise invalid(field, "Enter an amount.")
    if value < 0 or (value == 0 and not allow_zero):
        raise invalid(field, "Enter an amount above zero.")
    if value > MAX_AMOUNT:
        raise invalid(field, "That amount is too large.")
    if not is_exact(value, currency):
        digits = MINOR_UNITS[currency][0]
        unit = "whole units" if digits == 0 else f"{digits} decimal places"
        raise invalid(field, f"{currency} amounts are paid in {unit}; {value} is finer than that.")
    return value


def not_in_future(day: datetime.date, field: str) -> None:
    if day > today():
        raise invalid(field, "This date is in the future.")


def terms_of(alliance: Alliance) -> tuple[int, int]:
    """(payment days, nudge days) of the alliance's deal terms, or the defaults without them."""
    terms = DealTerms.objects.unscoped().filter(alliance=alliance).first()
    if terms is None:
        return DEFAULT_PAYMENT_DAYS, DEFAULT_NUDGE_DAYS
    return terms.payment_days, terms.nudge_days


def deal_signed_on(alliance: Alliance) -> datetime.date | None:
    """The day the deal was signed, or None while its terms are still being agreed."""
    terms = DealTerms.objects.unscoped().filter(alliance=alliance).first()
    return terms.signed_on if terms else None


def refuse_direct_edit(alliance: Alliance, field_name: str) -> None:
    """Direct edits of agreed terms are refused once the deal is signed: use an amendment."""
    if deal_signed_on(alliance) is not None:
        raise invalid(field_name, THROUGH_AMENDMENT)


def payment_create(
    *,
    alliance: Alliance,
    source: str,
    description: str,
    amount: Decimal,
    currency: str,
    payer: Party,
    payee: Party,
    became_due_on: datetime.date,
    due_date: datetime.date | None = None,
    **link: Any,
) -> Payment:
    """A new ledger line; it falls due the agreed number of days after its trigger."""
    if due_date is None:
        payment_days, _ = terms_of(alliance)
        due_date = became_due_on + datetime.timedelta(days=payment_days)
    return Payment.objects.create(
        alliance=alliance,
        source=source,
        description=description[:300],
        amount=amount,
        currency=currency,
        payer=payer,
        payee=payee,
        became_due_on=became_due_on,
        due_date=due_date,
        **link,
    )


def record(
    actor: User | None,
    action: str,
    obj: Any,
    alliance: Alliance,
    summary: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    visibility: str = SHARED,
) -> None:
    """The audit event of a deals write, in the actor's organisation's name."""
    audit_record(
        actor=actor,
        action=action,
        obj=obj,
        organisation=organisation_of(actor) if actor is not None else None,
        alliance=alliance,
        summary=summary,
        before=before,
        after=after,
        visibility=visibility,
    )


def money(amount: Decimal, currency: str) -> str:
    return format_money(amount, currency)


def clean_text(value: str, field: str, *, required: bool = True, limit: int = 5000) -> str:
    text = (value or "").strip()
    if required and not text:
        raise invalid(field, "This field is required.")
    if len(text) > limit:
        raise invalid(field, f"Keep this under {limit:,} characters.")
    return text


def check_quarter(year: int, quarter: int) -> None:
    """A calendar quarter that has started: costs and sales are reported for those only."""
    if not 1 <= quarter <= 4:
        raise invalid("quarter", "Choose a quarter from 1 to 4.")
    if not 2000 <= year <= today().year:
        raise invalid("year", "Choose a year up to this one.")
    if quarter_bounds(year, quarter)[0] > today():
        raise invalid("quarter", "That quarter has not started yet.")
