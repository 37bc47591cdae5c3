"""Amendments to agreed deal terms: one party proposes, the other approves (a joint act).

Once a deal is signed its agreed terms (milestone amounts and conditions, royalty tiers, the
option's price and window, tranche amounts, cost-share splits) change only here. The proposing
party's act counts as its approval; every other party to the term approves or rejects it with
its own people, and the proposer may withdraw it while it waits. An approved amendment is a new
version of the term, in force from its effective date (see deals/versions.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party
from concord.deals import emails, versions
from concord.deals.models import (
    Amendment,
    AmendmentAct,
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
from concord.deals.services._common import (
    MONEY_ROLES,
    check_amount,
    clean_text,
    deal_signed_on,
    record,
)
from concord.deals.services.costs import _percent
from concord.deals.services.milestones import _milestone_key
from concord.deals.services.royalties import tiers_from
from concord.orgs.models import User

Term = Amendment.Term
HUNDRED = Decimal(100)
ROLE_RULE = "Only alliance managers and finance people of a party act on amendments for it."


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


def show_value(amendment: Amendment, value: Any) -> str:
    """A value of the amendment's term in words, for its history and its emails."""
    spec = TERMS[amendment.term]
    subject = spec.model.objects.unscoped().filter(pk=amendment.subject_id).first()
    return spec.show(subject, value) if subject is not None else str(value)


# --- Who acts, and the rules every act shares ----------------------------------------------------


def _may_act(actor: User, party: Party) -> bool:
    membership = getattr(actor, "membership", None)
    return bool(
        membership is not None
        and membership.is_active
        and (membership.is_admin or membership.role in MONEY_ROLES)
    )


def _term_parties(alliance: Alliance, party_ids: list[int]) -> list[Party]:
    """The parties to a term that have joined: those whose acts the amendment needs."""
    return list(
        Party.objects.unscoped()
        .select_related("organisation")
        .filter(alliance=alliance, pk__in=party_ids, status=Party.Status.ACCEPTED)
        .order_by("pk")
    )


def _acting(actor: User, alliance: Alliance, parties: list[Party], party_id: int | None) -> Party:
    return acting_party(
        actor, parties, may_act=_may_act, role_rule=ROLE_RULE, named_party_id=party_id
    )


def _subject(alliance: Alliance, spec: TermSpec, subject_id: int, *, lock: bool) -> Any:
    found = spec.model.objects.unscoped().filter(pk=subject_id, alliance=alliance)
    if lock:
        found = found.select_for_update(of=("self",))
    subject = found.first()
    if subject is None:
        raise invalid("subject_id", f"No {spec.noun} of this alliance has this id.")
    return subject


def _check_effective(amendment_term: str, subject: Any, spec: TermSpec, day: datetime.date) -> None:
    """A term still open to change, from a date its own rule allows, on or after signature and
    after the term's latest version."""
    spec.check(subject, day)
    signed_on = deal_signed_on(subject.alliance)
    if signed_on is not None and day < signed_on:
        raise invalid(
            "effective_from",
            f"The deal was signed on {signed_on:%d %b %Y}: an amendment takes effect on or after it.",
        )
    latest = (
        Amendment.objects.unscoped()
        .filter(term=amendment_term, subject_id=subject.pk, status=Amendment.Status.APPROVED)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is not None and day <= latest:
        raise invalid(
            "effective_from",
            f"This term's latest version is in force from {latest:%d %b %Y}: a new one takes effect after it.",
        )


def _value_field(term: str) -> str:
    """The request field that carries a term's new value, for errors about it."""
    return {
        Term.ROYALTY_TIERS: "tiers",
        Term.COST_SHARE: "shares",
        Term.OPTION_WINDOW: "window_closes",
    }.get(Term(term), "value")


def _already_pending(term: str) -> Any:
    return invalid(
        "term",
        f"An amendment of this {Term(term).label.lower()} is already awaiting an answer: it is "
        "approved, rejected or withdrawn before another is proposed.",
    )


# --- Propose, approve, reject, withdraw ----------------------------------------------------------


@transaction.atomic
def amendment_propose(
    *,
    actor: User,
    alliance: Alliance,
    term: str,
    subject_id: int,
    effective_from: datetime.date,
    reason: str,
    proposed: Proposed | None = None,
    party_id: int | None = None,
) -> Amendment:
    """A party proposes a change to one agreed term, in force from a date; its own act approves
    it, and the other party to the term is asked to approve or reject it."""
    if term not in TERMS:
        raise invalid("term", f"Choose a term an amendment changes: {', '.join(TERMS)}.")
    if deal_signed_on(alliance) is None:
        raise invalid(
            "alliance",
            "The deal has no signature date yet: its terms are edited directly until it is signed.",
        )
    spec = TERMS[term]
    subject = _subject(alliance, spec, subject_id, lock=True)
    party = _acting(actor, alliance, _term_parties(alliance, spec.parties(subject)), party_id)
    _check_effective(term, subject, spec, effective_from)
    reason = clean_text(reason, "reason")
    old, new = spec.read(subject), spec.parse(subject, proposed or Proposed())
    if new == old:
        raise invalid(_value_field(term), "That is the term as it stands: nothing would change.")
    pending = Amendment.objects.unscoped().filter(
        alliance=alliance, term=term, subject_id=subject.pk, status=Amendment.Status.PENDING
    )
    if pending.exists():
        raise _already_pending(term)
    try:
        with transaction.atomic():
            amendment = Amendment.objects.create(
                alliance=alliance,
                term=term,
                subject_id=subject.pk,
                subject_label=subject_label(subject)[:300],
                old_value=old,
                new_value=new,
                effective_from=effective_from,
                reason=reason,
                proposing_party=party,
                proposed_by=actor,
            )
    except IntegrityError as error:  # the same term, proposed at the same moment
        raise _already_pending(term) from error
    AmendmentAct.objects.create(
        amendment=amendment, party=party, answer=AmendmentAct.Answer.APPROVE, by=actor
    )
    record(
        actor,
        "amendment.proposed",
        amendment,
        alliance,
        f"{party.organisation} proposed an amendment of {amendment}: "
        f"{spec.show(subject, old)} → {spec.show(subject, new)} from {effective_from:%d %b %Y}",
        before={"value": old},
        after={"value": new, "effective_from": str(effective_from), "reason": reason},
    )
    emails.send_amendment_proposed(amendment, spec.show(subject, old), spec.show(subject, new))
    return amendment


def _locked(amendment: Amendment) -> tuple[Amendment, TermSpec, Any]:
    """The term's record, then the amendment, locked in that order (see ARCHITECTURE.md)."""
    spec = TERMS[amendment.term]
    subject = _subject(amendment.alliance, spec, amendment.subject_id, lock=True)
    amendment = (
        Amendment.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "proposing_party__organisation")
        .get(pk=amendment.pk)
    )
    if not amendment.is_pending:
        raise invalid("amendment", f"This amendment is {amendment.get_status_display().lower()}.")
    return amendment, spec, subject


def _answering(
    actor: User, amendment: Amendment, spec: TermSpec, subject: Any, party_id: int | None
) -> tuple[Party, JointAct]:
    """The party answering for itself, admitted once: the proposer's act is already made."""
    parties = _term_parties(amendment.alliance, spec.parties(subject))
    party = _acting(actor, amendment.alliance, parties, party_id)
    acts = [PartyAct(a.party_id, a.answer, a.by_id, a.at) for a in amendment.acts.all()]
    joint = JointAct.of([p.pk for p in parties], acts)
    proposed = party.pk == amendment.proposing_party_id
    act_admitted(
        joint,
        party.pk,
        field="amendment",
        already=(
            "Your party proposed this amendment, so it has approved it already; the other "
            "party approves or rejects it, and you may withdraw it."
            if proposed
            else "Your party has already answered this amendment."
        ),
    )
    return party, joint


def _close(amendment: Amendment, status: str, actor: User, note: str = "") -> None:
    amendment.status, amendment.closed_by, amendment.closed_at = status, actor, clock.now()
    amendment.closing_note = note
    amendment.save(update_fields=["status", "closed_by", "closed_at", "closing_note"])


@transaction.atomic
def amendment_approve(
    *, actor: User, amendment: Amendment, party_id: int | None = None
) -> Amendment:
    """The other party approves a proposed amendment for itself. Once every party to the term
    has approved, the term's new version is in force from the effective date.

    The one approval step of an amendment (its page button and API call both come here), where
    an electronic signature is attached."""
    amendment, spec, subject = _locked(amendment)
    party, joint = _answering(actor, amendment, spec, subject, party_id)
    AmendmentAct.objects.create(
        amendment=amendment, party=party, answer=AmendmentAct.Answer.APPROVE, by=actor
    )
    joint = JointAct.of(joint.required, [*joint.acts, PartyAct(party.pk, "approve")])
    if joint.all_answered(AmendmentAct.Answer.APPROVE):
        _apply(amendment, spec, subject, actor)
    old, new = spec.show(subject, amendment.old_value), spec.show(subject, amendment.new_value)
    record(
        actor,
        "amendment.approved",
        amendment,
        amendment.alliance,
        f"{party.organisation} approved the amendment of {amendment}: {old} → {new} "
        f"from {amendment.effective_from:%d %b %Y}",
        before={"value": amendment.old_value},
        after={"value": amendment.new_value, "status": amendment.status},
    )
    emails.send_amendment_answered(amendment, party, old, new)
    return amendment


def _apply(amendment: Amendment, spec: TermSpec, subject: Any, actor: User) -> None:
    """The new version: the term's record takes the new value, still as proposed against."""
    if spec.read(subject) != amendment.old_value:
        raise invalid(
            "amendment",
            "The term has changed since this amendment was proposed: withdraw it and propose again.",
        )
    _check_effective(amendment.term, subject, spec, amendment.effective_from)
    spec.write(subject, amendment.new_value)
    _close(amendment, Amendment.Status.APPROVED, actor)


@transaction.atomic
def amendment_reject(
    *, actor: User, amendment: Amendment, reason: str, party_id: int | None = None
) -> Amendment:
    """The other party rejects a proposed amendment, saying why: the term stays as it is."""
    amendment, spec, subject = _locked(amendment)
    party, _ = _answering(actor, amendment, spec, subject, party_id)
    reason = clean_text(reason, "reason")
    AmendmentAct.objects.create(
        amendment=amendment, party=party, answer=AmendmentAct.Answer.REJECT, by=actor
    )
    _close(amendment, Amendment.Status.REJECTED, actor, reason)
    old, new = spec.show(subject, amendment.old_value), spec.show(subject, amendment.new_value)
    record(
        actor,
        "amendment.rejected",
        amendment,
        amendment.alliance,
        f"{party.organisation} rejected the amendment of {amendment} ({old} → {new}): {reason}",
        after={"status": amendment.status, "reason": reason},
    )
    emails.send_amendment_answered(amendment, party, old, new)
    return amendment


@transaction.atomic
def amendment_withdraw(
    *, actor: User, amendment: Amendment, party_id: int | None = None
) -> Amendment:
    """The proposing party withdraws its amendment while it still waits for an answer."""
    amendment, spec, subject = _locked(amendment)
    parties = _term_parties(amendment.alliance, spec.parties(subject))
    party = _acting(actor, amendment.alliance, parties, party_id)
    if party.pk != amendment.proposing_party_id:
        raise forbidden(
            "Only the party that proposed an amendment withdraws it; yours approves or rejects it."
        )
    _close(amendment, Amendment.Status.WITHDRAWN, actor)
    record(
        actor,
        "amendment.withdrawn",
        amendment,
        amendment.alliance,
        f"{party.organisation} withdrew its amendment of {amendment}",
        after={"status": amendment.status},
    )
    emails.send_amendment_withdrawn(amendment)
    return amendment
