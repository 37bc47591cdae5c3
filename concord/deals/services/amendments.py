"""Amendments to agreed deal terms: one party proposes, the other approves (a joint act).

Once a deal is signed its agreed terms (milestone amounts and conditions, royalty tiers, the
option's price and window, tranche amounts, cost-share splits) change only here. The proposing
party's act counts as its approval; every other party to the term approves or rejects it with
its own people, and the proposer may withdraw it while it waits. An approved amendment is a new
version of the term, in force from its effective date (see deals/versions.py).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.errors import forbidden, invalid
from concord.core.joint import JointAct, PartyAct, act_admitted, acting_party
from concord.core.signatures import Meaning, sign
from concord.deals import emails
from concord.deals.models import Amendment, AmendmentAct
from concord.deals.services._common import clean_text, deal_signed_on, money_writer, record
from concord.deals.services.amendment_terms import TERMS, Proposed, Term, TermSpec, subject_label
from concord.orgs.models import User

__all__ = [
    "TERMS",
    "Proposed",
    "amendment_approve",
    "amendment_propose",
    "amendment_reject",
    "amendment_withdraw",
    "subject_label",
]
ROLE_RULE = "Only alliance managers and finance people of a party act on amendments for it."
ANSWER_MEANINGS = {
    AmendmentAct.Answer.APPROVE: [Meaning.APPROVE],
    AmendmentAct.Answer.REJECT: [Meaning.REJECT],
}


# --- Who acts, and the rules every act shares ----------------------------------------------------


def _may_act(actor: User, party: Party) -> bool:
    """The money role rule every deals write follows (`money_writer`), as the joint act asks it."""
    try:
        money_writer(actor)
    except PermissionDenied:
        return False
    return True


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
    password: str = "",
    meaning: str = "",
    code: str = "",
    party_id: int | None = None,
) -> Amendment:
    """A party proposes a change to one agreed term, in force from a date; its own act approves
    it, and the other party to the term is asked to approve or reject it.

    Proposing is the proposer party's approval in the joint act, so it is signed like one: the
    proposer's password, re-entered, and the meaning `approve`. A refused signature refuses the
    proposal, and nothing is written."""
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
    signature = {"password": password, "meaning": meaning, "code": code}
    _sign_answer(actor, amendment, party, AmendmentAct.Answer.APPROVE, signature, proposing=True)
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


def amendment_content(amendment: Amendment, answer: str, reason: str = "") -> dict[str, Any]:
    """What a party signs when it answers an amendment: the term, old and new values, the
    date it takes effect, the proposer's reason, and its own answer."""
    return {
        "amendment": amendment.pk,
        "alliance": amendment.alliance_id,
        "term": amendment.term,
        "subject_id": amendment.subject_id,
        "old_value": amendment.old_value,
        "new_value": amendment.new_value,
        "effective_from": str(amendment.effective_from),
        "reason": amendment.reason,
        "answer": answer,
        "answer_reason": reason,
    }


def _sign_answer(
    actor: User,
    amendment: Amendment,
    party: Party,
    answer: str,
    signature: dict[str, str],
    reason: str = "",
    *,
    proposing: bool = False,
) -> None:
    """The party's answer as its signer's electronic signature: a wrong password or a meaning
    that does not fit the answer refuses the whole act, so nothing it wrote is kept. The
    proposer's answer is its approval, signed as it proposes."""
    verb = "Approved" if answer == AmendmentAct.Answer.APPROVE else "Rejected"
    verb = "Proposed and approved" if proposing else verb
    sign(
        actor=actor,
        subject=amendment,
        alliance=amendment.alliance,
        statement=f"{verb} the amendment of {amendment} from "
        f"{amendment.effective_from:%d %b %Y} for {party.organisation}",
        content=amendment_content(amendment, answer, reason),
        meanings=ANSWER_MEANINGS[AmendmentAct.Answer(answer)],
        **signature,
    )


@transaction.atomic
def amendment_approve(
    *,
    actor: User,
    amendment: Amendment,
    password: str = "",
    meaning: str = "",
    code: str = "",
    party_id: int | None = None,
) -> Amendment:
    """The other party approves a proposed amendment for itself. Once every party to the term
    has approved, the term's new version is in force from the effective date.

    The one approval step of an amendment (its page button and API call both come here), where
    an electronic signature is attached: the approver's password, re-entered, and the meaning
    `approve`."""
    amendment, spec, subject = _locked(amendment)
    party, joint = _answering(actor, amendment, spec, subject, party_id)
    signature = {"password": password, "meaning": meaning, "code": code}
    _sign_answer(actor, amendment, party, AmendmentAct.Answer.APPROVE, signature)
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
    *,
    actor: User,
    amendment: Amendment,
    reason: str,
    password: str = "",
    meaning: str = "",
    code: str = "",
    party_id: int | None = None,
) -> Amendment:
    """The other party rejects a proposed amendment, saying why, signed as a rejection: the
    term stays as it is."""
    amendment, spec, subject = _locked(amendment)
    party, _ = _answering(actor, amendment, spec, subject, party_id)
    reason = clean_text(reason, "reason")
    signature = {"password": password, "meaning": meaning, "code": code}
    _sign_answer(actor, amendment, party, AmendmentAct.Answer.REJECT, signature, reason)
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
