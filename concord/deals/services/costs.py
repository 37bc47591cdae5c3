"""Writes to cost sharing: workstreams and their split, cost lines, and each quarter's true-up."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from concord.alliances.models import Alliance, Party
from concord.core.errors import forbidden, invalid
from concord.deals import versions
from concord.deals.costshare import Share, compute_true_up
from concord.deals.models import (
    CostEntry,
    CostShare,
    CostWorkstream,
    Payment,
    TrueUp,
    quarter_bounds,
    quarter_label,
)
from concord.deals.services._common import (
    check_amount,
    check_currency,
    check_quarter,
    clean_text,
    has_joined,
    money,
    payment_create,
    record,
    today,
    writer_party,
)
from concord.orgs.models import User

HUNDRED = Decimal(100)


def _percent(value: object, field: str) -> Decimal:
    try:
        percent = Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise invalid(field, "Give each share as a percentage.") from error
    if not percent.is_finite() or not 0 <= percent <= HUNDRED:
        raise invalid(field, "Each share is a percentage between 0 and 100.")
    if percent != percent.quantize(Decimal("0.0001")):
        raise invalid(field, "Shares take up to four decimal places.")
    return percent


@transaction.atomic
def workstream_create(
    *,
    actor: User,
    alliance: Alliance,
    name: str,
    currency: str,
    shares: dict[Party, Decimal],
) -> CostWorkstream:
    """A shared workstream and the agreed split of its costs (e.g. 60/40); shares add to 100."""
    writer_party(actor, alliance)
    check_currency(currency)
    name = clean_text(name, "name", limit=200)
    if len(shares) < 2:
        raise invalid("shares", "Costs are shared between at least two parties.")
    percents = {}
    for party, value in shares.items():
        if not has_joined(alliance, party):
            raise invalid("shares", "Every share must belong to a party that has joined.")
        percents[party] = _percent(value, "shares")
    if sum(percents.values()) != HUNDRED:
        raise invalid("shares", f"The shares add up to {sum(percents.values())}%, not 100%.")
    if CostWorkstream.objects.unscoped().filter(alliance=alliance, name__iexact=name).exists():
        raise invalid("name", "This alliance already has a workstream of that name.")
    try:
        with transaction.atomic():
            workstream = CostWorkstream.objects.create(
                alliance=alliance, name=name, currency=currency, created_by=actor
            )
    except IntegrityError as error:  # the same name, added at the same moment
        raise invalid("name", "This alliance already has a workstream of that name.") from error
    CostShare.objects.bulk_create(
        CostShare(workstream=workstream, party=party, percent=percent)
        for party, percent in percents.items()
    )
    split = " / ".join(f"{p.organisation} {v.normalize():f}%" for p, v in percents.items())
    record(
        actor,
        "cost_share.workstream_added",
        workstream,
        alliance,
        f"{actor} added the shared workstream “{name}”, costs split {split}",
        after={"currency": currency, "shares": [[p.pk, str(v)] for p, v in percents.items()]},
    )
    return workstream


def _locked(actor: User, workstream: CostWorkstream) -> tuple[CostWorkstream, Party]:
    """The workstream, locked for the rest of the transaction (recording a cost and settling a
    quarter take the same lock), and the actor's party, which must write money records."""
    workstream = (
        CostWorkstream.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=workstream.pk)
    )
    _, party = writer_party(actor, workstream.alliance)
    return workstream, party


@transaction.atomic
def cost_entry_record(
    *,
    actor: User,
    workstream: CostWorkstream,
    year: int,
    quarter: int,
    amount: Decimal,
    description: str,
) -> CostEntry:
    """A party records a cost it incurred on a shared workstream in a quarter not yet trued up."""
    # The lock true_up_settle takes too: a quarter cannot be closed while a cost goes into it.
    workstream, party = _locked(actor, workstream)
    if not CostShare.objects.unscoped().filter(workstream=workstream, party=party).exists():
        raise forbidden("Your organisation has no share in this workstream.")
    check_quarter(year, quarter)
    amount = check_amount(amount, workstream.currency)
    if TrueUp.objects.unscoped().filter(workstream=workstream, year=year, quarter=quarter).exists():
        raise invalid("quarter", f"{quarter_label(year, quarter)} is already trued up.")
    entry = CostEntry.objects.create(
        alliance=workstream.alliance,
        workstream=workstream,
        party=party,
        year=year,
        quarter=quarter,
        amount=amount,
        description=clean_text(description, "description", limit=300),
        recorded_by=actor,
    )
    record(
        actor,
        "cost_share.cost_recorded",
        entry,
        workstream.alliance,
        f"{party.organisation} recorded {money(amount, workstream.currency)} on "
        f"“{workstream.name}” for {entry.period_label}",
        after={"amount": str(amount), "year": year, "quarter": quarter},
    )
    return entry


def workstream_shares(workstream: CostWorkstream, year: int, quarter: int) -> list[Share]:
    """Each party's share of a quarter's costs: the split in force on the quarter's first day."""
    rows = (
        CostShare.objects.unscoped()
        .filter(workstream=workstream)
        .select_related("party__organisation")
        .order_by("party_id")
    )
    split = versions.cost_split_for(workstream, quarter_bounds(year, quarter)[0])
    return [Share(s.party_id, s.party.organisation.name, split[s.party_id]) for s in rows]


@transaction.atomic
def true_up_settle(*, actor: User, workstream: CostWorkstream, year: int, quarter: int) -> TrueUp:
    """Close a quarter of a workstream: its true-up is fixed and who owes whom becomes payable."""
    workstream, party = _locked(actor, workstream)
    check_quarter(year, quarter)
    if TrueUp.objects.unscoped().filter(workstream=workstream, year=year, quarter=quarter).exists():
        raise invalid("quarter", f"{quarter_label(year, quarter)} is already trued up.")
    entries = CostEntry.objects.unscoped().filter(workstream=workstream, year=year, quarter=quarter)
    spent: dict[int, Decimal] = {}
    for party_id, amount in entries.values_list("party_id", "amount"):
        spent[party_id] = spent.get(party_id, Decimal(0)) + amount
    if not spent:
        raise invalid("quarter", f"No costs were recorded for {quarter_label(year, quarter)}.")
    shares = workstream_shares(workstream, year, quarter)
    result = compute_true_up(shares, spent, workstream.currency)
    true_up = TrueUp.objects.create(
        alliance=workstream.alliance,
        workstream=workstream,
        year=year,
        quarter=quarter,
        total=result.total,
        lines=[line.as_json() for line in result.lines],
        settled_by=actor,
    )
    parties = {p.pk: p for p in Party.objects.unscoped().filter(alliance=workstream.alliance)}
    for settlement in result.settlements:
        payment_create(
            alliance=workstream.alliance,
            source=Payment.Source.TRUE_UP,
            description=f"Cost-share true-up {true_up.period_label}: {workstream.name}",
            amount=settlement.amount,
            currency=workstream.currency,
            payer=parties[settlement.debtor],
            payee=parties[settlement.creditor],
            became_due_on=today(),
            true_up=true_up,
        )
    owed = "; ".join(
        f"{s.debtor_name} owes {s.creditor_name} {money(s.amount, workstream.currency)}"
        for s in result.settlements
    )
    record(
        actor,
        "cost_share.trued_up",
        true_up,
        workstream.alliance,
        f"{party.organisation} trued up “{workstream.name}” for {true_up.period_label}: "
        f"{money(result.total, workstream.currency)} spent; {owed or 'all square'}",
        after={"total": str(result.total), "lines": true_up.lines},
    )
    return true_up
