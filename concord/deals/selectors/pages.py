"""What the alliance's money page, its overview panel and the calendar show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from concord.alliances.models import Alliance, Programme
from concord.deals.models.amendments import Amendment
from concord.deals.models.ledger import AuditRequest, Dispute, FinanceNote, Payment
from concord.deals.models.royalties import RoyaltyReport, RoyaltyTerm
from concord.deals.models.terms import DealTerms, Fee
from concord.deals.selectors._common import (
    NOTES_SHOWN,
    PREVIEW_PAYMENTS,
    RECENT_REPORTS,
    MoneyPermissions,
    money_permissions,
    today,
)
from concord.deals.selectors.costshare import WorkstreamView, cost_share_overview, workstream_list
from concord.deals.selectors.ledger import (
    LedgerFilters,
    audit_request_list,
    deal_terms_for,
    dispute_list,
    fee_list,
    finance_note_list,
    payment_list,
)
from concord.deals.selectors.terms import (
    BuildToBuy,
    ProgrammeMilestones,
    build_to_buy,
    milestones_by_programme,
    option_for,
    royalty_report_list,
    royalty_term_list,
    tranche_list,
)
from concord.deals.selectors.totals import CurrencyTotals, money_totals
from concord.deals.services._common import MONEY_ROLES
from concord.orgs.models import Membership

# --- The alliance's money page -----------------------------------------------------------------


@dataclass
class MoneyPage:
    """Everything the alliance's money page shows, each part read in scope, in fixed queries."""

    alliance: Alliance
    can: MoneyPermissions
    terms: DealTerms | None
    fees: list[Fee]
    totals: list[CurrencyTotals]
    milestones: list[ProgrammeMilestones]
    royalty_terms: list[RoyaltyTerm]
    royalty_reports: list[RoyaltyReport]
    royalty_report_count: int
    b2b: BuildToBuy
    upcoming: list[Payment]
    workstreams: list[WorkstreamView]
    disputes: list[Dispute]
    audit_requests: list[AuditRequest]
    notes: list[FinanceNote]
    programmes: list[Programme]
    amendments: dict[str, int]  # how many amendments by status: "pending", "approved"…


def amendment_counts(*, user: Any, alliance: Alliance) -> dict[str, int]:
    """How many of the deal's amendments are in each state, in one query."""
    rows = (
        Amendment.objects.visible_to(user)
        .filter(alliance=alliance)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["count"] for row in rows}


def money_page(*, user: Any, alliance: Alliance) -> MoneyPage:
    """The alliance's money: terms, totals, milestones, royalties, Build-to-Buy, ledger, costs."""
    reports = royalty_report_list(user=user, alliance=alliance)
    outstanding = payment_list(
        user=user, alliance=alliance, filters=LedgerFilters(state="outstanding")
    )
    return MoneyPage(
        alliance=alliance,
        can=money_permissions(user=user, alliance=alliance),
        terms=deal_terms_for(user=user, alliance=alliance),
        fees=list(fee_list(user=user, alliance=alliance)),
        totals=money_totals(user=user, alliance=alliance),
        milestones=milestones_by_programme(user=user, alliance=alliance),
        royalty_terms=list(royalty_term_list(user=user, alliance=alliance)),
        royalty_reports=list(reports[:RECENT_REPORTS]),
        royalty_report_count=reports.count(),
        b2b=build_to_buy(
            list(tranche_list(user=user, alliance=alliance)),
            option_for(user=user, alliance=alliance),
        ),
        upcoming=list(outstanding[:PREVIEW_PAYMENTS]),
        workstreams=cost_share_overview(
            user=user,
            workstreams=list(workstream_list(user=user, alliance=alliance)),
            since_year=today().year - 1,
        ),
        disputes=list(dispute_list(user=user, alliance=alliance)[:10]),
        audit_requests=list(audit_request_list(user=user, alliance=alliance)[:10]),
        notes=list(finance_note_list(user=user, alliance=alliance)[:NOTES_SHOWN]),
        programmes=list(Programme.objects.visible_to(user).filter(alliance=alliance)),
        amendments=amendment_counts(user=user, alliance=alliance),
    )


# --- The overview panel and the calendar --------------------------------------------------------


def money_panel(*, user: Any, alliance: Alliance) -> list[CurrencyTotals]:
    """Paid to date, due in the next 12 months and overdue, by currency, for the side panel."""
    return money_totals(user=user, alliance=alliance)


CALENDAR_HORIZON = datetime.timedelta(days=400)


def payment_due_dates(*, user: Any) -> QuerySet[Payment]:
    """Unpaid payments due within the next 400 days (and overdue ones), for the person's calendar.

    Only for the people who handle money: finance people, alliance managers and admins of the
    parties concerned; read through visible_to like every page.
    """
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return Payment.objects.none()
    if not (membership.is_admin or membership.role in MONEY_ROLES):
        return Payment.objects.visible_to(user).none()
    org = membership.organisation
    return (
        Payment.objects.visible_to(user)
        .filter(Q(payer__organisation=org) | Q(payee__organisation=org))
        .exclude(status=Payment.Status.PAID)
        .filter(due_date__lte=today() + CALENDAR_HORIZON)
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .order_by("due_date", "pk")
    )
