"""Build-to-Buy: funding tranches released as named milestones are met, and the buy option."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core.audit import snapshot
from concord.core.errors import forbidden, invalid
from concord.deals import emails, versions
from concord.deals.models import (
    BuyOption,
    Milestone,
    Payment,
    Tranche,
)
from concord.deals.services._common import (
    check_amount,
    clean_text,
    money,
    not_in_future,
    payer_and_payee,
    payment_create,
    record,
    refuse_direct_edit,
    today,
    writer_party,
)
from concord.orgs.models import User


@transaction.atomic
def tranche_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    unlocks_when: str,
    amount: Decimal,
    currency: str,
    payer: Party,
    payee: Party,
    milestone: Milestone | None = None,
) -> Tranche:
    """Add the next Build-to-Buy funding tranche and the named milestone that releases it."""
    writer_party(actor, alliance)
    amount = check_amount(amount, currency)
    payer_and_payee(alliance, payer, payee)
    if milestone is not None and milestone.alliance_id != alliance.pk:
        raise invalid("milestone", "Choose a milestone of this alliance.")
    last = (
        Tranche.objects.unscoped().select_for_update(of=("self",)).filter(alliance=alliance).last()
    )
    tranche = Tranche.objects.create(
        alliance=alliance,
        sequence=(last.sequence + 1) if last else 1,
        title=clean_text(title, "title", limit=200),
        unlocks_when=clean_text(unlocks_when, "unlocks_when", limit=300),
        milestone=milestone,
        created_by=actor,
        amount=amount,
        currency=currency,
        payer=payer,
        payee=payee,
    )
    record(
        actor,
        "tranche.added",
        tranche,
        alliance,
        f"{actor} added tranche {tranche.sequence} of {money(amount, currency)}: {tranche.title}",
        after={"amount": str(amount), "currency": currency, "unlocks_when": tranche.unlocks_when},
    )
    return tranche


def _release_blocker(tranche: Tranche) -> str:
    """Why the tranche cannot be released yet, or ""."""
    if tranche.status != Tranche.Status.LOCKED:
        return "This tranche has already been released."
    earlier = Tranche.objects.unscoped().filter(
        alliance_id=tranche.alliance_id, sequence__lt=tranche.sequence
    )
    if earlier.filter(status=Tranche.Status.LOCKED).exists():
        return "Tranches are released in order: release the earlier one first."
    milestone = tranche.milestone
    if milestone is not None and milestone.status != Milestone.Status.ACHIEVED:
        return f"It unlocks when “{milestone.title}” is confirmed achieved."
    return ""


@transaction.atomic
def tranche_release(
    *, actor: User, tranche: Tranche, released_on: datetime.date | None = None
) -> Tranche:
    """The funding party releases a tranche once its named milestone is met."""
    tranche = (
        Tranche.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "milestone")
        .get(pk=tranche.pk)
    )
    _, party = writer_party(actor, tranche.alliance)
    if party.pk != tranche.payer_id:
        raise forbidden("The funding party releases its tranches.")
    blocker = _release_blocker(tranche)
    if blocker:
        raise invalid("tranche", blocker)
    released_on = released_on or today()
    not_in_future(released_on, "released_on")
    _release(tranche, actor, released_on)
    return tranche


def _release(tranche: Tranche, actor: User, released_on: datetime.date) -> None:
    amount = versions.tranche_amount_on(tranche, released_on)  # as agreed on the day
    tranche.status, tranche.released_on, tranche.released_by = (
        Tranche.Status.RELEASED,
        released_on,
        actor,
    )
    tranche.save()
    payment_create(
        alliance=tranche.alliance,
        source=Payment.Source.TRANCHE,
        description=f"Tranche {tranche.sequence}: {tranche.title}",
        amount=amount,
        currency=tranche.currency,
        payer=tranche.payer,
        payee=tranche.payee,
        became_due_on=released_on,
        tranche=tranche,
    )
    record(
        actor,
        "tranche.released",
        tranche,
        tranche.alliance,
        f"Tranche {tranche.sequence} released: {money(amount, tranche.currency)}",
        after={"released_on": str(released_on)},
    )


def _release_linked_tranches(actor: User, alliance: Alliance, on: datetime.date) -> None:
    """A confirmed milestone releases the tranches it names, in order, as far as they can go."""
    locked = (
        Tranche.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "milestone")
        .filter(alliance=alliance, status=Tranche.Status.LOCKED)
        .order_by("sequence")
    )
    for tranche in locked:
        if tranche.milestone_id is None or _release_blocker(tranche):
            return
        _release(tranche, actor, on)


OPTION_FIELDS = ["kind", "price", "currency", "window_opens", "window_closes", "terms"]


@transaction.atomic
def option_save(
    *,
    actor: User,
    alliance: Alliance,
    kind: str,
    price: Decimal,
    currency: str,
    holder: Party,
    grantor: Party,
    window_opens: datetime.date,
    window_closes: datetime.date,
    terms: str = "",
) -> BuyOption:
    """Set the option that ends a Build-to-Buy deal: licence or acquisition, price, window."""
    writer_party(actor, alliance)
    if kind not in BuyOption.Kind.values:
        raise invalid("kind", "Choose an option to license or to acquire.")
    price = check_amount(price, currency, "price")
    payer_and_payee(alliance, holder, grantor)
    if window_closes < window_opens:
        raise invalid("window_closes", "The window must close after it opens.")
    option = (
        BuyOption.objects.unscoped()
        .select_for_update(of=("self",))
        .filter(alliance=alliance)
        .first()
    )
    if option is not None and option.status != BuyOption.Status.OPEN:
        raise invalid("alliance", f"The option is {option.get_status_display().lower()}.")
    if option is not None:
        # Neither party moves the window or the price on its own once the deal is signed.
        refuse_direct_edit(alliance, "price")
    before = snapshot(option, OPTION_FIELDS) if option else None
    option = option or BuyOption(alliance=alliance, created_by=actor)
    option.kind, option.price, option.currency = kind, price, currency
    option.holder, option.grantor = holder, grantor
    option.window_opens, option.window_closes = window_opens, window_closes
    option.terms = clean_text(terms, "terms", required=False)
    option.save()
    record(
        actor,
        "option.saved",
        option,
        alliance,
        f"{actor} set the {option.get_kind_display().lower()} at {money(price, currency)}, "
        f"exercisable {window_opens:%d %b %Y} to {window_closes:%d %b %Y}",
        before=before,
        after=snapshot(option, OPTION_FIELDS),
    )
    return option


@transaction.atomic
def option_exercise(*, actor: User, option: BuyOption) -> BuyOption:
    """The holder exercises the option, only inside its window; the price falls due."""
    option = (
        BuyOption.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=option.pk)
    )
    _, party = writer_party(actor, option.alliance)
    if party.pk != option.holder_id:
        raise forbidden("Only the option's holder can exercise it.")
    if option.status != BuyOption.Status.OPEN:
        raise invalid("option", f"The option is {option.get_status_display().lower()}.")
    day = today()
    opens, closes = versions.option_window_on(option, day)  # the window as agreed today
    if day < opens:
        raise invalid("option", f"The exercise window opens on {opens:%d %B %Y}.")
    if day > closes:
        raise invalid("option", f"The exercise window closed on {closes:%d %B %Y}.")
    price = versions.option_price_on(option, day)
    option.status, option.exercised_on, option.exercised_by = (
        BuyOption.Status.EXERCISED,
        day,
        actor,
    )
    option.save()
    payment_create(
        alliance=option.alliance,
        source=Payment.Source.OPTION,
        description=f"{option.get_kind_display()} exercised",
        amount=price,
        currency=option.currency,
        payer=option.holder,
        payee=option.grantor,
        became_due_on=day,
        option=option,
    )
    record(
        actor,
        "option.exercised",
        option,
        option.alliance,
        f"{party.organisation} exercised the {option.get_kind_display().lower()}: "
        f"{money(price, option.currency)} due",
        after={"status": option.status, "exercised_on": str(day)},
    )
    emails.send_option_exercised(option)
    return option


def options_lapse() -> int:
    """Options whose window has closed unexercised lapse (idempotent, for the sweep)."""
    open_options = BuyOption.objects.unscoped().filter(status=BuyOption.Status.OPEN)
    return sum(_lapse(pk) for pk in list(open_options.values_list("pk", flat=True)))


@transaction.atomic
def _lapse(pk: int) -> bool:
    option = (
        BuyOption.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=pk)
    )
    closes = versions.option_window_on(option, today())[1]
    if option.status != BuyOption.Status.OPEN or closes >= today():
        return False
    option.status = BuyOption.Status.LAPSED
    option.save(update_fields=["status"])
    record(
        None,
        "option.lapsed",
        option,
        option.alliance,
        f"The {option.get_kind_display().lower()} lapsed: its window closed on {closes:%d %b %Y}",
        after={"status": option.status},
    )
    return True
