"""Writes to the deal's royalties: the terms and their tiers, quarterly reports and their restatements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, Party, Programme
from concord.core.errors import forbidden, invalid
from concord.deals import emails, versions
from concord.deals.models import (
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
    payer_and_payee,
    payment_create,
    record,
    today,
    writer_party,
)
from concord.deals.services.milestones import _notify
from concord.orgs.models import User


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


def term_tiers(term: RoyaltyTerm, year: int) -> list[Tier]:
    """The tiers a year's sales count on: as amended for that year, else as agreed."""
    return versions.royalty_tiers_for(term, year)


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
    tiers = term_tiers(term, year)
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
    tiers = term_tiers(term, report.year)
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
    candidates = (
        Milestone.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance", "programme")
        .filter(
            alliance=term.alliance,
            event=Milestone.Event.NET_SALES,
            status=Milestone.Status.PENDING,
            currency=term.currency,
        )
    )
    if term.programme_id:
        candidates = candidates.filter(programme_id=term.programme_id)
    evidence = (
        f"Net sales of {term.title} reached {money(year_to_date, term.currency)} in "
        f"{report.year} (royalty report {report.period_label})."
    )
    # Reached by the quarter's end, or by today for the quarter still running.
    reached_on = min(quarter_bounds(report.year, report.quarter)[1], today())
    # The condition as agreed on that day: an amended threshold counts from its effective date.
    reached = [m for m in candidates if versions.milestone_met(m, year_to_date, reached_on)]
    for milestone in reached:
        _notify(milestone, party, actor, reached_on, evidence)
