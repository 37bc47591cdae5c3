"""Writes to the deal's terms: the frame, fees, milestones and royalties."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q

from concord.alliances.models import Alliance, Party, Programme
from concord.core import clock
from concord.core.audit import snapshot
from concord.core.errors import forbidden, invalid
from concord.core.signals import achievement
from concord.deals import emails
from concord.deals.models import (
    DealTerms,
    Fee,
    Milestone,
    Payment,
    RoyaltyReport,
    RoyaltyRestatement,
    RoyaltyTerm,
    RoyaltyTier,
    quarter_bounds,
    quarter_label,
)
from concord.deals.money import (
    Tier,
    annual_royalty,
    check_tiers,
    period_royalty,
    quantize,
    royalty_slices,
)
from concord.deals.services._common import (
    check_amount,
    check_currency,
    check_quarter,
    clean_text,
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


# --- Milestones --------------------------------------------------------------------------------


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
    usually say, unless `threshold_rule` says they must exceed it (>).
    """
    writer_party(actor, alliance)
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
        amount=milestone.amount,
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


# --- Royalties ---------------------------------------------------------------------------------


def tiers_from(bands: list[tuple[Any, Any]], currency: str) -> list[Tier]:
    """[(upper bound or None, rate)] → contiguous tiers from zero; the last has no upper bound."""
    tiers, floor = [], Decimal(0)
    for index, (ceiling, rate) in enumerate(bands):
        top = None if ceiling in (None, "") else check_amount(ceiling, currency, "tiers")
        try:
            percent = Decimal(str(rate))
        except ArithmeticError as error:
            raise invalid("tiers", f"Tier {index + 1}: give the rate as a percentage.") from error
        if not percent.is_finite() or percent != percent.quantize(Decimal("0.0001")):
            raise invalid("tiers", f"Tier {index + 1}: rates take up to four decimal places.")
        tiers.append(Tier(floor, top, percent))
        floor = top if top is not None else floor
    problem = check_tiers(tiers)
    if problem:
        raise invalid("tiers", problem)
    return tiers


@transaction.atomic
def royalty_term_create(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    currency: str,
    payer: Party,
    payee: Party,
    tiers: list[tuple[Any, Any]],
    programme: Programme | None = None,
) -> RoyaltyTerm:
    """Add a tiered royalty on a product's annual net sales (e.g. 8% to 250M, 10% to 500M, 12%)."""
    writer_party(actor, alliance)
    check_currency(currency)
    if programme is not None and programme.alliance_id != alliance.pk:
        raise invalid("programme", "Choose a programme of this alliance.")
    payer_and_payee(alliance, payer, payee)
    schedule = tiers_from(tiers, currency)
    term = RoyaltyTerm.objects.create(
        alliance=alliance,
        programme=programme,
        title=clean_text(title, "title", limit=200),
        currency=currency,
        payer=payer,
        payee=payee,
        created_by=actor,
    )
    RoyaltyTier.objects.bulk_create(
        RoyaltyTier(term=term, floor=t.floor, ceiling=t.ceiling, rate=t.rate) for t in schedule
    )
    record(
        actor,
        "royalty.term_added",
        term,
        alliance,
        f"{actor} added the royalty “{term.title}” in {len(schedule)} tier(s)",
        after={"tiers": [[str(t.floor), str(t.ceiling), str(t.rate)] for t in schedule]},
    )
    return term


def term_tiers(term: RoyaltyTerm) -> list[Tier]:
    return [Tier(t.floor, t.ceiling, t.rate) for t in term.tiers.all()]


def _year_reports(term: RoyaltyTerm, year: int) -> list[RoyaltyReport]:
    """The year's reports in quarter order, each with its restatements (for current figures)."""
    return list(
        RoyaltyReport.objects.unscoped()
        .filter(term=term, year=year)
        .prefetch_related("restatements")
        .order_by("quarter")
    )


def _earlier_sales(term: RoyaltyTerm, year: int, quarter: int) -> Decimal:
    """The year's sales reported before this quarter, as restated; quarters go in order."""
    reported = _year_reports(term, year)
    if any(r.quarter == quarter for r in reported):
        raise invalid(
            "quarter",
            f"{quarter_label(year, quarter)} is already reported; restate it to change its figure.",
        )
    if reported and reported[-1].quarter != quarter - 1:
        raise invalid(
            "quarter",
            f"Report {quarter_label(year, reported[-1].quarter + 1)} next: quarters go in order.",
        )
    return sum((r.current_net_sales for r in reported), Decimal(0))


@transaction.atomic
def royalty_report_submit(
    *, actor: User, term: RoyaltyTerm, year: int, quarter: int, net_sales: Decimal
) -> RoyaltyReport:
    """The selling party reports a quarter's net sales; the royalty and its payment follow."""
    party = _reporting_party(actor, term)
    check_quarter(year, quarter)
    net_sales = check_amount(net_sales, term.currency, "net_sales", allow_zero=True)
    term = RoyaltyTerm.objects.unscoped().select_for_update(of=("self",)).get(pk=term.pk)
    earlier = _earlier_sales(term, year, quarter)
    tiers = term_tiers(term)
    royalty = period_royalty(tiers, earlier, net_sales, term.currency)
    report = RoyaltyReport.objects.create(
        alliance=term.alliance,
        term=term,
        year=year,
        quarter=quarter,
        net_sales=net_sales,
        earlier_sales=earlier,
        royalty=royalty,
        calculation=_calculation(tiers, earlier, net_sales),
        reporting_party=party,
        reported_by=actor,
    )
    if royalty > 0:
        payment_create(
            alliance=term.alliance,
            source=Payment.Source.ROYALTY,
            description=f"Royalty {report.period_label}: {term.title}",
            amount=royalty,
            currency=term.currency,
            payer=term.payer,
            payee=term.payee,
            became_due_on=today(),
            royalty_report=report,
        )
    record(
        actor,
        "royalty.reported",
        report,
        term.alliance,
        f"{party.organisation} reported {report.period_label} net sales of "
        f"{money(net_sales, term.currency)}: royalty {money(royalty, term.currency)}",
        after={"net_sales": str(net_sales), "royalty": str(royalty)},
    )
    _notify_sales_milestones(term, report, earlier + net_sales, party, actor)
    return report


def _reporting_party(actor: User, term: RoyaltyTerm) -> Party:
    """The rule for reports and restatements: the party that sells, and pays the royalty."""
    _, party = writer_party(actor, term.alliance)
    if party.pk != term.payer_id:
        raise forbidden(
            "The party that sells the product, and pays the royalty, reports and restates its sales."
        )
    return party


@transaction.atomic
def royalty_report_restate(
    *, actor: User, report: RoyaltyReport, net_sales: Decimal, reason: str
) -> RoyaltyRestatement:
    """The selling party restates a reported quarter's net sales, up or down, saying why.

    Tiers count on the year's sales, so the year's royalty is recomputed on the year's sales as
    restated; the difference from what the year owed before is a further payment, or a credit
    (a negative amount the payee owes back). The report and earlier restatements stay as they were.
    """
    term = RoyaltyTerm.objects.unscoped().select_for_update(of=("self",)).get(pk=report.term_id)
    party = _reporting_party(actor, term)
    net_sales = check_amount(net_sales, term.currency, "net_sales", allow_zero=True)
    reason = clean_text(reason, "reason")
    restatement = _restatement_create(term, report, net_sales, reason, party, actor)
    _restatement_payment(term, restatement.report, restatement)
    _record_restatement(actor, party, term, restatement)
    emails.send_royalty_restated(restatement)
    _notify_sales_milestones(term, restatement.report, restatement.year_sales_after, party, actor)
    return restatement


def _restatement_create(
    term: RoyaltyTerm,
    report: RoyaltyReport,
    net_sales: Decimal,
    reason: str,
    party: Party,
    actor: User,
) -> RoyaltyRestatement:
    """The year's sales and rounded royalty before and after the new figure, written down."""
    reports = _year_reports(term, report.year)
    report = next(r for r in reports if r.pk == report.pk)
    previous = report.current_net_sales
    if net_sales == previous:
        raise invalid(
            "net_sales",
            f"{report.period_label} already stands at {money(previous, term.currency)}.",
        )
    before = sum((r.current_net_sales for r in reports), Decimal(0))
    after = before - previous + net_sales
    tiers = term_tiers(term)
    owed_before = quantize(annual_royalty(tiers, before), term.currency)
    owed_after = quantize(annual_royalty(tiers, after), term.currency)
    return RoyaltyRestatement.objects.create(
        alliance=term.alliance,
        report=report,
        previous_net_sales=previous,
        net_sales=net_sales,
        reason=reason,
        year_sales_before=before,
        year_sales_after=after,
        year_royalty_before=owed_before,
        year_royalty_after=owed_after,
        adjustment=owed_after - owed_before,
        calculation=_calculation(tiers, Decimal(0), after),
        restating_party=party,
        restated_by=actor,
    )


def _record_restatement(
    actor: User, party: Party, term: RoyaltyTerm, restatement: RoyaltyRestatement
) -> None:
    """The audit event: both figures, the year's royalty before and after, and the reason."""
    previous, currency = restatement.previous_net_sales, term.currency
    record(
        actor,
        "royalty.restated",
        restatement,
        term.alliance,
        f"{party.organisation} restated {restatement.report.period_label} net sales from "
        f"{money(previous, currency)} to {money(restatement.net_sales, currency)}: "
        f"{_adjustment_words(restatement.adjustment, currency)}. Reason: {restatement.reason}",
        before={"net_sales": str(previous), "year_royalty": str(restatement.year_royalty_before)},
        after={
            "net_sales": str(restatement.net_sales),
            "year_royalty": str(restatement.year_royalty_after),
            "adjustment": str(restatement.adjustment),
            "reason": restatement.reason,
        },
    )


def _adjustment_words(adjustment: Decimal, currency: str) -> str:
    if adjustment > 0:
        return f"a further {money(adjustment, currency)} is due"
    if adjustment < 0:
        return f"a credit of {money(-adjustment, currency)} is owed back"
    return "the year's royalty is unchanged"


def _restatement_payment(
    term: RoyaltyTerm, report: RoyaltyReport, restatement: RoyaltyRestatement
) -> None:
    """The ledger line of a restatement: a further royalty, or a credit with a negative amount."""
    if restatement.adjustment == 0:
        return
    kind = "credit" if restatement.is_credit else "further royalty"
    payment_create(
        alliance=term.alliance,
        source=Payment.Source.ROYALTY,
        description=f"Royalty {report.period_label} restated ({kind}): {term.title}",
        amount=restatement.adjustment,
        currency=term.currency,
        payer=term.payer,
        payee=term.payee,
        became_due_on=today(),
        royalty_restatement=restatement,
    )


def _calculation(tiers: list[Tier], earlier: Decimal, sales: Decimal) -> list[dict[str, str]]:
    return [
        {
            "floor": str(s.tier.floor),
            "ceiling": "" if s.tier.ceiling is None else str(s.tier.ceiling),
            "rate": str(s.tier.rate),
            "base": str(s.base),
            "royalty": str(s.royalty),
        }
        for s in royalty_slices(tiers, earlier, earlier + sales)
    ]


def _notify_sales_milestones(
    term: RoyaltyTerm, report: RoyaltyReport, year_to_date: Decimal, party: Party, actor: User
) -> None:
    """Annual net sales meeting a threshold (reaching it, or exceeding it where the agreement
    says so): the reporting party notifies the milestone at once."""
    meets = Q(threshold_rule=Milestone.ThresholdRule.REACHES, sales_threshold__lte=year_to_date)
    meets |= Q(threshold_rule=Milestone.ThresholdRule.EXCEEDS, sales_threshold__lt=year_to_date)
    reached = (
        Milestone.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "programme")
        .filter(
            meets,
            alliance=term.alliance,
            event=Milestone.Event.NET_SALES,
            status=Milestone.Status.PENDING,
            currency=term.currency,
        )
    )
    if term.programme_id:
        reached = reached.filter(programme_id=term.programme_id)
    evidence = (
        f"Net sales of {term.title} reached {money(year_to_date, term.currency)} in "
        f"{report.year} (royalty report {report.period_label})."
    )
    # Reached by the quarter's end, or by today for the quarter still running.
    reached_on = min(quarter_bounds(report.year, report.quarter)[1], today())
    for milestone in reached:
        _notify(milestone, party, actor, reached_on, evidence)
