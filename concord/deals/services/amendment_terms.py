"""The agreed terms an amendment can change, and how each is read, checked, written and shown.

Each kind of term (a milestone's amount, a sales milestone's threshold or rule, a royalty's
tiers, the option's price or window, a tranche's amount, a workstream's split) is one TermSpec:
its value as JSON of exact strings (see deals/versions.py), the new value parsed from a proposal,
the rule for when it may change, and the parties whose acts an amendment of it needs.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from concord.alliances.models import Party
from concord.core.errors import invalid
from concord.deals import versions
from concord.deals.models import (
    Amendment,
    BuyOption,
    CostShare,
    CostWorkstream,
    Milestone,
    RoyaltyReport,
    RoyaltyTerm,
    RoyaltyTier,
    Tranche,
    TrueUp,
)
from concord.deals.money import format_money
from concord.deals.services._common import check_amount
from concord.deals.services.costs import _percent
from concord.deals.services.milestones import _milestone_key
from concord.deals.services.royalties import tiers_from

Term = Amendment.Term
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Proposed:
    """The new value of a term, as sent: `value` for an amount or a rule, `tiers` for royalty
    tiers, `shares` (party id → percent) for a cost-share split, the window's two dates."""

    value: Any = None
    tiers: list[tuple[Any, Any]] | None = None
    shares: dict[int, Any] | None = None
    window_opens: datetime.date | None = None
    window_closes: datetime.date | None = None


@dataclass(frozen=True)
class TermSpec:
    """How one kind of agreed term is read, validated, written and shown."""

    model: type[Any]
    noun: str
    read: Callable[[Any], Any]
    parse: Callable[[Any, Proposed], Any]
    write: Callable[[Any, Any], None]
    show: Callable[[Any, Any], str]
    parties: Callable[[Any], list[int]]
    check: Callable[[Any, datetime.date], None] = field(default=lambda record, day: None)


# --- The terms an amendment can change -----------------------------------------------------------


def _new_amount(record: Any, proposed: Proposed) -> str:
    if proposed.value in (None, ""):
        raise invalid("value", "Give the new amount.")
    amount = check_amount(proposed.value, record.currency, "value")
    return str(versions.money_value(amount, record.currency))


def _show_amount(record: Any, value: Any) -> str:
    return format_money(None if value is None else Decimal(value), record.currency)


def _milestone_open(milestone: Milestone, day: datetime.date) -> None:
    if milestone.status != Milestone.Status.PENDING:
        raise invalid(
            "subject_id",
            f"“{milestone.title}” is {milestone.get_status_display().lower()}: its payment "
            "follows the terms in force when it was achieved.",
        )


def _sales_milestone(milestone: Milestone, day: datetime.date) -> None:
    if milestone.event != Milestone.Event.NET_SALES:
        raise invalid("term", "Only a sales milestone has a threshold and a rule.")
    _milestone_open(milestone, day)


def _new_threshold(milestone: Milestone, proposed: Proposed) -> str:
    threshold = Decimal(_new_amount(milestone, proposed))
    key = _milestone_key(milestone.event, milestone.region, threshold)
    twins = Milestone.objects.unscoped().filter(programme_id=milestone.programme_id, key=key)
    if twins.exclude(pk=milestone.pk).exists():
        raise invalid("value", "This programme already has a sales milestone at that threshold.")
    return str(versions.money_value(threshold, milestone.currency))


def _write_condition(milestone: Milestone, threshold: Decimal, rule: str) -> None:
    """A sales milestone's new condition; a title that was its condition in words follows it."""
    worded = milestone.title == milestone.threshold_condition
    milestone.sales_threshold, milestone.threshold_rule = threshold, rule
    milestone.key = _milestone_key(milestone.event, milestone.region, threshold)
    if worded:
        milestone.title = milestone.threshold_condition
    milestone.save(update_fields=["sales_threshold", "threshold_rule", "key", "title"])


def _write_threshold(milestone: Milestone, value: str) -> None:
    _write_condition(milestone, Decimal(value), milestone.threshold_rule)


def _write_rule(milestone: Milestone, value: str) -> None:
    _write_condition(milestone, milestone.sales_threshold or Decimal(0), value)


def _show_rule(milestone: Milestone, value: str) -> str:
    return f"annual net sales {'exceed' if value == Milestone.ThresholdRule.EXCEEDS else 'reach'}"


def _new_rule(milestone: Milestone, proposed: Proposed) -> str:
    if proposed.value not in Milestone.ThresholdRule.values:
        raise invalid("value", "Say whether annual net sales must reach or exceed the threshold.")
    return str(proposed.value)


def _new_tiers(term: RoyaltyTerm, proposed: Proposed) -> list[list[str | None]]:
    if not proposed.tiers:
        raise invalid("tiers", "Give the new tiers.")
    return versions.tiers_value(tiers_from(list(proposed.tiers), term.currency))


def _write_tiers(term: RoyaltyTerm, value: list[list[str | None]]) -> None:
    RoyaltyTier.objects.unscoped().filter(term=term).delete()
    RoyaltyTier.objects.bulk_create(
        RoyaltyTier(term=term, floor=t.floor, ceiling=t.ceiling, rate=t.rate)
        for t in versions.tiers_from_value(value)
    )


def _show_tiers(term: RoyaltyTerm, value: list[list[str | None]]) -> str:
    return "; ".join(
        f"{rate}% " + (f"up to {format_money(Decimal(top), term.currency)}" if top else "above")
        for _, top, rate in value
    )


def _tiers_open(term: RoyaltyTerm, day: datetime.date) -> None:
    """Tiers count on a year's sales: a change applies to whole years not yet reported."""
    if (day.month, day.day) != (1, 1):
        raise invalid(
            "effective_from",
            "Royalty tiers count on a year's net sales, so a change takes effect on 1 January.",
        )
    reported = RoyaltyReport.objects.unscoped().filter(term=term, year__gte=day.year)
    if reported.exists():
        raise invalid(
            "effective_from",
            f"{day.year} already has royalty reports on the tiers in force; amend them from "
            "a year not yet reported.",
        )


def _option_open(option: BuyOption, day: datetime.date) -> None:
    if option.status != BuyOption.Status.OPEN:
        raise invalid("subject_id", f"The option is {option.get_status_display().lower()}.")


def _new_window(option: BuyOption, proposed: Proposed) -> list[str]:
    opens, closes = proposed.window_opens, proposed.window_closes
    if opens is None or closes is None:
        raise invalid("window_closes", "Give the day the window opens and the day it closes.")
    if closes < opens:
        raise invalid("window_closes", "The window must close after it opens.")
    return [opens.isoformat(), closes.isoformat()]


def _write_window(option: BuyOption, value: list[str]) -> None:
    option.window_opens = datetime.date.fromisoformat(value[0])
    option.window_closes = datetime.date.fromisoformat(value[1])
    option.save(update_fields=["window_opens", "window_closes"])


def _show_window(option: BuyOption, value: list[str]) -> str:
    opens, closes = (datetime.date.fromisoformat(v) for v in value)
    return f"{opens:%d %b %Y} to {closes:%d %b %Y}"


def _tranche_open(tranche: Tranche, day: datetime.date) -> None:
    if tranche.status != Tranche.Status.LOCKED:
        raise invalid("subject_id", f"Tranche {tranche.sequence} has already been released.")


def _new_split(workstream: CostWorkstream, proposed: Proposed) -> list[list[Any]]:
    current = versions.record_split(workstream)
    shares = {int(pk): _percent(v, "shares") for pk, v in (proposed.shares or {}).items()}
    if set(shares) != set(current):
        raise invalid("shares", "Give a share for each party of the workstream, and only them.")
    if sum(shares.values()) != HUNDRED:
        raise invalid("shares", f"The shares add up to {sum(shares.values())}%, not 100%.")
    return versions.split_value(shares)


def _write_split(workstream: CostWorkstream, value: list[list[Any]]) -> None:
    for pk, percent in value:
        CostShare.objects.unscoped().filter(workstream=workstream, party_id=pk).update(
            percent=Decimal(percent)
        )


def _show_split(workstream: CostWorkstream, value: list[list[Any]]) -> str:
    names = dict(
        Party.objects.unscoped()
        .filter(pk__in=[pk for pk, _ in value])
        .values_list("pk", "organisation__name")
    )
    return " / ".join(f"{names.get(pk, pk)} {percent}%" for pk, percent in value)


def _quarter_open(workstream: CostWorkstream, day: datetime.date) -> None:
    """A split applies to whole quarters not yet trued up."""
    if day.day != 1 or day.month not in (1, 4, 7, 10):
        raise invalid(
            "effective_from",
            "Costs are shared by the quarter: a new split starts on a quarter's first day.",
        )
    quarter = (day.month - 1) // 3 + 1
    settled = TrueUp.objects.unscoped().filter(workstream=workstream, year__gte=day.year)
    if any((t.year, t.quarter) >= (day.year, quarter) for t in settled):
        raise invalid(
            "effective_from", "A quarter from that day is already trued up on the split in force."
        )


def _write_amount(name: str) -> Callable[[Any, Any], None]:
    """Writes an amount field of the term's record."""

    def write(record: Any, value: Any) -> None:
        setattr(record, name, Decimal(value))
        record.save(update_fields=[name])

    return write


def _payer_payee(record: Any) -> list[int]:
    return [record.payer_id, record.payee_id]


def _milestone_amount(m: Milestone) -> str | None:
    return versions.money_value(m.amount, m.currency)


TERMS: dict[str, TermSpec] = {
    Term.MILESTONE_AMOUNT: TermSpec(
        Milestone, "milestone", _milestone_amount, _new_amount, _write_amount("amount"),
        _show_amount, _payer_payee, _milestone_open,
    ),
    Term.MILESTONE_THRESHOLD: TermSpec(
        Milestone, "milestone", lambda m: versions.money_value(m.sales_threshold, m.currency),
        _new_threshold, _write_threshold, _show_amount, _payer_payee, _sales_milestone,
    ),
    Term.MILESTONE_RULE: TermSpec(
        Milestone, "milestone", lambda m: m.threshold_rule, _new_rule, _write_rule, _show_rule,
        _payer_payee, _sales_milestone,
    ),
    Term.ROYALTY_TIERS: TermSpec(
        RoyaltyTerm, "royalty", lambda t: versions.tiers_value(versions.record_tiers(t)),
        _new_tiers, _write_tiers, _show_tiers, _payer_payee, _tiers_open,
    ),
    Term.OPTION_PRICE: TermSpec(
        BuyOption, "option", lambda o: versions.money_value(o.price, o.currency), _new_amount,
        _write_amount("price"), _show_amount, lambda o: [o.holder_id, o.grantor_id], _option_open,
    ),
    Term.OPTION_WINDOW: TermSpec(
        BuyOption, "option",
        lambda o: [o.window_opens.isoformat(), o.window_closes.isoformat()], _new_window,
        _write_window, _show_window, lambda o: [o.holder_id, o.grantor_id], _option_open,
    ),
    Term.TRANCHE_AMOUNT: TermSpec(
        Tranche, "tranche", lambda t: versions.money_value(t.amount, t.currency), _new_amount,
        _write_amount("amount"), _show_amount, _payer_payee, _tranche_open,
    ),
    Term.COST_SHARE: TermSpec(
        CostWorkstream, "workstream", lambda w: versions.split_value(versions.record_split(w)),
        _new_split, _write_split, _show_split, lambda w: sorted(versions.record_split(w)),
        _quarter_open,
    ),
}  # fmt: skip


def subject_label(record: Any) -> str:
    """How a term's record is named in the history: the milestone with its programme, etc."""
    if isinstance(record, Milestone):
        return f"{record.title} ({record.programme})"
    if isinstance(record, Tranche):
        return f"Tranche {record.sequence}: {record.title}"
    return str(record)
