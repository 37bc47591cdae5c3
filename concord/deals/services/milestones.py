"""Writes to the deal's milestones: creating them, notice of an achievement, confirming or rejecting it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party, Programme
from concord.core import clock
from concord.core.errors import forbidden, invalid
from concord.core.signals import achievement
from concord.deals import emails, versions
from concord.deals.models import (
    Milestone,
    Payment,
)
from concord.deals.services._common import (
    check_amount,
    check_currency,
    clean_text,
    deal_signed_on,
    money,
    not_in_future,
    payer_and_payee,
    payment_create,
    record,
    today,
    writer_party,
)
from concord.deals.services.build_to_buy import _release_linked_tranches
from concord.orgs.models import User


def _milestone_key(event: str, region: str, threshold: Decimal | None) -> str:
    """What makes a milestone the same one: 500000000 and 500000000.00 are one threshold."""
    return f"{event}:{region}:{f'{threshold.normalize():f}' if threshold is not None else ''}"


def _milestone_shape(
    event: str, region: str, sales_threshold: Any, currency: str, threshold_rule: str
) -> tuple[str, str, Decimal | None]:
    """The milestone's kind, region and threshold, each required exactly where its kind needs it."""
    if threshold_rule not in Milestone.ThresholdRule.values:
        raise invalid(
            "threshold_rule", "Say whether annual net sales must reach or exceed the threshold."
        )
    if event not in Milestone.Event.values:
        raise invalid("event", "Choose the event that triggers the milestone.")
    kind = Milestone.KIND_OF_EVENT[Milestone.Event(event)]
    if kind == Milestone.Kind.REGULATORY and region not in Milestone.Region.values:
        raise invalid("region", "Regulatory milestones are per region: choose one.")
    if kind != Milestone.Kind.REGULATORY:
        region = ""
    threshold = None
    if kind == Milestone.Kind.COMMERCIAL:
        if sales_threshold in (None, ""):
            raise invalid("sales_threshold", "Give the annual net sales that trigger it.")
        threshold = check_amount(sales_threshold, currency, "sales_threshold")
    return kind, region, threshold


@transaction.atomic
def milestone_create(
    *,
    actor: User,
    alliance: Alliance,
    programme: Programme,
    event: str,
    amount: Decimal,
    currency: str,
    payer: Party,
    payee: Party,
    region: str = "",
    sales_threshold: Decimal | None = None,
    threshold_rule: str = Milestone.ThresholdRule.REACHES,
    title: str = "",
) -> Milestone:
    """Add a milestone to a programme; each event is payable once per programme and indication.

    A sales milestone is met when annual net sales reach its threshold (≥), as agreements
    usually say, unless `threshold_rule` says they must exceed it (>). Milestones are recorded
    while the deal's terms are being agreed: once it is signed, a new one would change the
    agreed terms without the other party's approval, so it is refused.
    """
    writer_party(actor, alliance)
    signed_on = deal_signed_on(alliance)
    if signed_on is not None:
        raise invalid(
            "milestone",
            f"The deal was signed on {signed_on:%d %b %Y}, so it gains no milestone directly: "
            "its agreed terms change only through an amendment one party proposes and the "
            "other approves (Deal & money → Amendments).",
        )
    if programme.alliance_id != alliance.pk:
        raise invalid("programme", "Choose a programme of this alliance.")
    check_currency(currency)
    rule = threshold_rule or Milestone.ThresholdRule.REACHES
    kind, region, threshold = _milestone_shape(event, region, sales_threshold, currency, rule)
    amount = check_amount(amount, currency)
    payer_and_payee(alliance, payer, payee)
    key = _milestone_key(event, region, threshold)
    if Milestone.objects.unscoped().filter(programme=programme, key=key).exists():
        raise invalid(
            "event",
            f"{programme} already has this milestone: each is payable once per programme and indication.",
        )
    label = Milestone.Event(event).label
    if region:
        label = f"{label} ({Milestone.Region(region).label})"
    if threshold is not None:
        verb = "reach" if rule == Milestone.ThresholdRule.REACHES else "exceed"
        label = f"Annual net sales {verb} {money(threshold, currency)}"
    milestone = Milestone.objects.create(
        alliance=alliance,
        programme=programme,
        kind=kind,
        event=event,
        region=region,
        sales_threshold=threshold,
        threshold_rule=rule if threshold is not None else Milestone.ThresholdRule.REACHES,
        key=key,
        title=clean_text(title, "title", required=False, limit=200) or label,
        amount=amount,
        currency=currency,
        payer=payer,
        payee=payee,
        created_by=actor,
    )
    record(
        actor,
        "milestone.added",
        milestone,
        alliance,
        f"{actor} added the milestone “{milestone.title}” on {programme}: {money(amount, currency)}",
        after={
            "event": event,
            "region": region,
            "amount": str(amount),
            "currency": currency,
            **({"condition": milestone.threshold_condition} if threshold is not None else {}),
        },
    )
    return milestone


def _locked_milestone(milestone: Milestone) -> Milestone:
    return (
        Milestone.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "programme")
        .get(pk=milestone.pk)
    )


@transaction.atomic
def milestone_notify(
    *, actor: User, milestone: Milestone, achieved_on: datetime.date, evidence: str = ""
) -> Milestone:
    """One party notifies that a milestone was achieved; the other party confirms it."""
    milestone = _locked_milestone(milestone)
    _, party = writer_party(actor, milestone.alliance)
    if milestone.status != Milestone.Status.PENDING:
        raise invalid("milestone", "This milestone has already been notified or achieved.")
    not_in_future(achieved_on, "achieved_on")
    _notify(milestone, party, actor, achieved_on, clean_text(evidence, "evidence", required=False))
    return milestone


def _notify(
    milestone: Milestone, party: Party, actor: User, achieved_on: datetime.date, evidence: str
) -> None:
    milestone.status, milestone.achieved_on, milestone.evidence = (
        Milestone.Status.NOTIFIED,
        achieved_on,
        evidence,
    )
    milestone.notifying_party, milestone.notified_by, milestone.notified_at = (
        party,
        actor,
        clock.now(),
    )
    milestone.rejection_reason = ""
    milestone.save()
    record(
        actor,
        "milestone.notified",
        milestone,
        milestone.alliance,
        f"{party.organisation} notified “{milestone.title}” achieved on {achieved_on:%d %b %Y}",
        after={"achieved_on": str(achieved_on), "evidence": evidence},
    )
    emails.send_milestone_notified(milestone)


def _confirmer(actor: User, milestone: Milestone) -> Party:
    _, party = writer_party(actor, milestone.alliance)
    if milestone.notifying_party_id == party.pk:
        raise forbidden("The other party confirms a milestone your organisation notified.")
    if milestone.status != Milestone.Status.NOTIFIED:
        raise invalid("milestone", "Only a notified milestone can be confirmed or rejected.")
    return party


@transaction.atomic
def milestone_confirm(*, actor: User, milestone: Milestone) -> Milestone:
    """The other party confirms the achievement: the milestone, and any skipped one, is payable."""
    milestone = _locked_milestone(milestone)
    party = _confirmer(actor, milestone)
    achieved_on = milestone.achieved_on or today()
    _achieve(milestone, actor, achieved_on, skipped_for=None)
    skipped = _skipped_before(milestone)
    for earlier in skipped:
        _achieve(earlier, actor, achieved_on, skipped_for=milestone)
    record(
        actor,
        "milestone.confirmed",
        milestone,
        milestone.alliance,
        f"{party.organisation} confirmed “{milestone.title}”"
        + (f"; {len(skipped)} skipped milestone(s) payable with it" if skipped else ""),
        after={"status": milestone.status, "skipped": [m.pk for m in skipped]},
    )
    _release_linked_tranches(actor, milestone.alliance, achieved_on)
    emails.send_milestone_confirmed(milestone, skipped)
    achievement.send(
        sender=Milestone,
        alliance=milestone.alliance,
        kind="milestone_achieved",
        title=f"Milestone achieved: {milestone.title} ({milestone.programme})",
        actor=actor,
        source=milestone,
    )
    return milestone


def _skipped_before(milestone: Milestone) -> list[Milestone]:
    """Earlier development milestones of the same programme still unpaid: the skipped ones."""
    sequence = milestone.sequence
    if sequence is None:
        return []
    earlier = Milestone.DEVELOPMENT_SEQUENCE[:sequence]
    candidates = (
        Milestone.objects.unscoped()
        .select_for_update(of=("self",))
        .filter(programme=milestone.programme, event__in=earlier)
        .exclude(status=Milestone.Status.ACHIEVED)
    )
    return sorted(candidates, key=lambda m: m.sequence or 0)


def _achieve(
    milestone: Milestone, actor: User, achieved_on: datetime.date, skipped_for: Milestone | None
) -> None:
    milestone.status, milestone.achieved_on = Milestone.Status.ACHIEVED, achieved_on
    milestone.confirmed_by, milestone.confirmed_at = actor, clock.now()
    milestone.skipped_for = skipped_for
    milestone.save()
    note = f" (skipped; payable with “{skipped_for.title}”)" if skipped_for else ""
    payment_create(
        alliance=milestone.alliance,
        source=Payment.Source.MILESTONE,
        description=f"Milestone: {milestone.title} – {milestone.programme}{note}",
        # The amount agreed for the day it was achieved, whatever amendments came after.
        amount=versions.milestone_amount_on(milestone, achieved_on),
        currency=milestone.currency,
        payer=milestone.payer,
        payee=milestone.payee,
        became_due_on=achieved_on,
        milestone=milestone,
    )
    if skipped_for is not None:
        record(
            actor,
            "milestone.skipped_payable",
            milestone,
            milestone.alliance,
            f"“{milestone.title}” was skipped: payable with “{skipped_for.title}”",
            after={"skipped_for": skipped_for.pk},
        )


@transaction.atomic
def milestone_reject(*, actor: User, milestone: Milestone, reason: str) -> Milestone:
    """The other party does not accept a notified achievement; it goes back to not achieved."""
    milestone = _locked_milestone(milestone)
    party = _confirmer(actor, milestone)
    reason = clean_text(reason, "reason")
    before = {"status": milestone.status, "achieved_on": str(milestone.achieved_on)}
    notifier = milestone.notified_by
    milestone.status, milestone.achieved_on = Milestone.Status.PENDING, None
    milestone.rejection_reason = reason
    milestone.save()
    record(
        actor,
        "milestone.rejected",
        milestone,
        milestone.alliance,
        f"{party.organisation} did not confirm “{milestone.title}”: {reason}",
        before=before,
        after={"status": milestone.status, "reason": reason},
    )
    emails.send_milestone_rejected(milestone, notifier)
    return milestone
