"""Reads of deal terms and the ledger, always through visible_to(user).

Every list here is read in a fixed number of queries whatever the length of the history: sums
are aggregated in the database by currency, long lists are paginated or cut to the latest rows,
and related rows come by select_related or one prefetch each.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from concord.alliances.models import Alliance, Party, Programme
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.deals.costshare import Share, TrueUpResult, compute_true_up
from concord.deals.models import (
    AuditRequest,
    BuyOption,
    CostEntry,
    CostShare,
    CostWorkstream,
    DealTerms,
    Dispute,
    Fee,
    FinanceNote,
    Milestone,
    Payment,
    PaymentReceipt,
    RoyaltyReport,
    RoyaltyRestatement,
    RoyaltyTerm,
    Tranche,
    TrueUp,
    owed_by_organisation,
    owed_outstanding,
    owed_to_organisation,
    quarter_label,
)
from concord.deals.money import format_money
from concord.deals.services._common import MONEY_ROLES
from concord.orgs.models import Membership

ZERO = Decimal(0)
RECENT_REPORTS = 8
RECENT_QUARTERS = 4
NOTES_SHOWN = 10
PREVIEW_PAYMENTS = 8


def today() -> datetime.date:
    return clock.today()


# --- The alliance and what the user may do -------------------------------------------------------


def money_alliance(*, user: Any, pk: int) -> Alliance:
    """An alliance whose money the user may see: their organisation has joined it (else 404)."""
    org = organisation_of(user)
    return (
        Alliance.objects.visible_to(user)
        .filter(pk=pk, parties__organisation=org, parties__status=Party.Status.ACCEPTED)
        .get()
    )


@dataclass(frozen=True)
class MoneyPermissions:
    """What the money pages offer the user. Display only: the services enforce every rule."""

    party: Party | None = None
    write: bool = False

    def is_ours(self, party_id: int | None) -> bool:
        return self.party is not None and party_id == self.party.pk

    @property
    def party_id(self) -> int | None:
        return self.party.pk if self.party else None


def money_permissions(*, user: Any, alliance: Alliance) -> MoneyPermissions:
    """The user's party in the alliance and whether their role writes money records."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return MoneyPermissions()
    party = (
        Party.objects.visible_to(user)
        .select_related("organisation")
        .filter(alliance=alliance, organisation=membership.organisation)
        .filter(status=Party.Status.ACCEPTED)
        .first()
    )
    writer = membership.is_admin or membership.role in MONEY_ROLES
    return MoneyPermissions(party=party, write=party is not None and writer)


def accepted_parties(*, user: Any, alliance: Alliance) -> QuerySet[Party]:
    """The parties that have joined, for the payer and payee choices."""
    return (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
    )


# --- Totals by currency ------------------------------------------------------------------------


@dataclass
class CurrencyTotals:
    """One currency's figures; never added to another currency's."""

    currency: str
    biobucks: Decimal = ZERO
    guaranteed: Decimal = ZERO
    paid: Decimal = ZERO
    due_12_months: Decimal = ZERO
    overdue: Decimal = ZERO
    overdue_count: int = 0

    def show(self, name: str) -> str:
        return format_money(getattr(self, name), self.currency)

    @property
    def biobucks_display(self) -> str:
        return self.show("biobucks")

    @property
    def guaranteed_display(self) -> str:
        return self.show("guaranteed")

    @property
    def paid_display(self) -> str:
        return self.show("paid")

    @property
    def due_12_months_display(self) -> str:
        return self.show("due_12_months")

    @property
    def overdue_display(self) -> str:
        return self.show("overdue")


def _by_currency(rows: QuerySet[Any], amount: str) -> dict[str, Decimal]:
    sums = rows.values("currency").annotate(total=Sum(amount)).order_by("currency")
    return {row["currency"]: row["total"] or ZERO for row in sums}


def money_totals(*, user: Any, alliance: Alliance | None = None) -> list[CurrencyTotals]:
    """Biobucks, guaranteed, paid to date, due in the next 12 months and overdue, by currency.

    Biobucks are every amount the agreements could pay: fees, milestones, tranches and option
    prices (royalties have no ceiling, so they are not in it). Guaranteed is what is owed whatever
    happens: the fees. Six queries, however many alliances and years. Without `alliance`, the
    whole portfolio the user sees.
    """

    def scoped(model: Any) -> QuerySet[Any]:
        rows = model.objects.visible_to(user)
        return rows if alliance is None else rows.filter(alliance=alliance)

    totals: dict[str, CurrencyTotals] = {}

    def add(figures: dict[str, Decimal], name: str) -> None:
        for currency, value in figures.items():
            entry = totals.setdefault(currency, CurrencyTotals(currency))
            setattr(entry, name, getattr(entry, name) + value)

    fees = _by_currency(scoped(Fee), "amount")
    add(fees, "guaranteed")
    add(fees, "biobucks")
    add(_by_currency(scoped(Milestone), "amount"), "biobucks")
    add(_by_currency(scoped(Tranche), "amount"), "biobucks")
    add(_by_currency(scoped(BuyOption), "price"), "biobucks")
    _payment_totals(scoped(Payment), add, totals)
    return [totals[c] for c in sorted(totals)]


def _payment_totals(
    payments: QuerySet[Payment], add: Any, totals: dict[str, CurrencyTotals]
) -> None:
    """Paid, due within a year (overdue included: it is due now) and overdue, in one query;
    due and overdue count money owed either way."""
    day = today()
    unpaid = ~Q(status=Payment.Status.PAID)
    # A credit is money owed too (back, by the payee): it adds to what is due, never nets it.
    outstanding = owed_outstanding()
    rows = (
        payments.values("currency")
        .annotate(
            paid=Sum("amount_paid"),
            due=Sum(
                outstanding, filter=unpaid & Q(due_date__lte=day + datetime.timedelta(days=365))
            ),
            late=Sum(outstanding, filter=unpaid & Q(due_date__lt=day)),
            late_count=Count("pk", filter=unpaid & Q(due_date__lt=day)),
        )
        .order_by("currency")
    )
    for row in rows:
        currency = row["currency"]
        add({currency: row["paid"] or ZERO}, "paid")
        add({currency: row["due"] or ZERO}, "due_12_months")
        add({currency: row["late"] or ZERO}, "overdue")
        totals[currency].overdue_count = row["late_count"]


# --- The ledger --------------------------------------------------------------------------------

LEDGER_SORTS = {
    "due": ("due_date", "pk"),
    "-due": ("-due_date", "-pk"),
    "amount": ("amount", "pk"),
    "-amount": ("-amount", "-pk"),
    "status": ("status", "due_date", "pk"),
    "alliance": ("alliance__name", "due_date", "pk"),
    "-alliance": ("-alliance__name", "due_date", "pk"),
}
LEDGER_STATES = {
    "outstanding": "Outstanding (not fully paid)",
    "overdue": "Overdue",
    "unbilled": "Due, not invoiced",
    "invoiced": "Invoiced",
    "partly_paid": "Partly paid",
    "paid": "Paid",
    "disputed": "In dispute",
}


@dataclass
class LedgerFilters:
    """What a ledger is narrowed and ordered by."""

    search: str = ""
    state: str = ""
    source: str = ""
    currency: str = ""
    direction: str = ""  # "payable" (we pay) or "receivable" (we are paid)
    sort: str = "due"


def payment_list(
    *, user: Any, alliance: Alliance | None = None, filters: LedgerFilters | None = None
) -> QuerySet[Payment]:
    """Ledger lines the user may see, filtered and sorted, each with its parties, dispute flag,
    overdue flag and the user's own organisation's private notes on it."""
    filters = filters or LedgerFilters()
    payments: QuerySet[Payment] = Payment.objects.visible_to(user)
    if alliance is not None:
        payments = payments.filter(alliance=alliance)
    payments = _filtered(payments, user, filters)
    notes = FinanceNote.objects.visible_to(user).select_related("author")
    return (
        payments.annotate(
            in_dispute=Exists(
                Dispute.objects.visible_to(user).filter(
                    payment=OuterRef("pk"), status=Dispute.Status.OPEN
                )
            ),
            is_late=ExpressionWrapper(
                Q(due_date__lt=today()) & ~Q(status=Payment.Status.PAID),
                output_field=BooleanField(),
            ),
        )
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .prefetch_related(Prefetch("finance_notes", queryset=notes, to_attr="own_notes"))
        .order_by(*LEDGER_SORTS.get(filters.sort, LEDGER_SORTS["due"]))
    )


def _filtered(payments: QuerySet[Payment], user: Any, filters: LedgerFilters) -> QuerySet[Payment]:
    term = filters.search.strip()
    if term:
        payments = payments.filter(
            Q(description__icontains=term)
            | Q(invoice_number__icontains=term)
            | Q(alliance__name__icontains=term)
        )
    payments = _state(payments, user, filters.state)
    if filters.source:
        payments = payments.filter(source=filters.source)
    if filters.currency:
        payments = payments.filter(currency=filters.currency)
    org = organisation_of(user)
    # By who owes, not by payer and payee: a credit is owed by its payee.
    if filters.direction == "payable":
        payments = payments.filter(owed_by_organisation(org))
    elif filters.direction == "receivable":
        payments = payments.filter(owed_to_organisation(org))
    return payments


def _state(payments: QuerySet[Payment], user: Any, state: str) -> QuerySet[Payment]:
    unpaid = ~Q(status=Payment.Status.PAID)
    if state == "outstanding":
        return payments.filter(unpaid)
    if state == "overdue":
        return payments.filter(unpaid, due_date__lt=today())
    if state == "unbilled":
        return payments.filter(unpaid, invoiced_on__isnull=True)
    if state == "disputed":
        open_disputes = Dispute.objects.visible_to(user).filter(status=Dispute.Status.OPEN)
        return payments.filter(pk__in=open_disputes.values("payment_id"))
    if state in Payment.Status.values:
        return payments.filter(status=state)
    return payments


def payment_notes(*, user: Any, payments: QuerySet[Payment]) -> dict[int, list[str]]:
    """The user's own organisation's private notes on these payments, by payment, in one query."""
    notes: dict[int, list[str]] = defaultdict(list)
    rows = (
        FinanceNote.objects.visible_to(user)
        .filter(payment__in=payments.order_by().values("pk"))
        .order_by("created_at", "pk")
        .values_list("payment_id", "body")
    )
    for payment_id, body in rows:
        notes[payment_id].append(body)
    return notes


def payment_get(*, user: Any, pk: int) -> Payment:
    """One ledger line the user may see, with its receipts, disputes and the user's notes."""
    return (
        payment_list(user=user)
        .select_related(
            "royalty_report__term",
            "royalty_restatement__report__term",
            "royalty_restatement__restating_party__organisation",
        )
        .prefetch_related(
            Prefetch("receipts", queryset=PaymentReceipt.objects.visible_to(user)),
            Prefetch(
                "disputes",
                queryset=Dispute.objects.visible_to(user).select_related(
                    "raising_party__organisation"
                ),
            ),
        )
        .get(pk=pk)
    )


def ledger_currencies(*, user: Any, alliance: Alliance | None = None) -> list[str]:
    """The currencies the user's ledger holds, for the filter."""
    payments = Payment.objects.visible_to(user)
    if alliance is not None:
        payments = payments.filter(alliance=alliance)
    return list(payments.order_by("currency").values_list("currency", flat=True).distinct())


# --- Milestones, royalties, Build-to-Buy ----------------------------------------------------------


@dataclass
class ProgrammeMilestones:
    """One programme's milestones in contract order: development sequence, regulatory, commercial."""

    programme: Programme
    milestones: list[Milestone]


def milestone_list(*, user: Any, alliance: Alliance | None = None) -> QuerySet[Milestone]:
    """Milestones the user may see, with their programme, parties and payment."""
    milestones = Milestone.objects.visible_to(user)
    if alliance is not None:
        milestones = milestones.filter(alliance=alliance)
    return milestones.select_related(
        "programme",
        "payer__organisation",
        "payee__organisation",
        "notifying_party__organisation",
        "skipped_for",
        "payment",
    )


def milestones_by_programme(*, user: Any, alliance: Alliance) -> list[ProgrammeMilestones]:
    groups: dict[int, ProgrammeMilestones] = {}
    for milestone in milestone_list(user=user, alliance=alliance):
        group = groups.setdefault(
            milestone.programme_id, ProgrammeMilestones(milestone.programme, [])
        )
        group.milestones.append(milestone)
    for group in groups.values():
        group.milestones.sort(key=_contract_order)
    return sorted(groups.values(), key=lambda g: (g.programme.asset_name, g.programme.pk))


def _contract_order(milestone: Milestone) -> tuple[int, int, str, Decimal]:
    kinds = list(Milestone.Kind.values)
    return (
        kinds.index(milestone.kind),
        milestone.sequence if milestone.sequence is not None else 99,
        milestone.region,
        milestone.sales_threshold or ZERO,
    )


def milestone_get(*, user: Any, pk: int) -> Milestone:
    return milestone_list(user=user).select_related("alliance").get(pk=pk)


def royalty_term_list(*, user: Any, alliance: Alliance) -> QuerySet[RoyaltyTerm]:
    return (
        RoyaltyTerm.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("programme", "payer__organisation", "payee__organisation")
        .prefetch_related("tiers")
    )


def royalty_term_get(*, user: Any, pk: int) -> RoyaltyTerm:
    return (
        RoyaltyTerm.objects.visible_to(user)
        .select_related("alliance", "payer__organisation", "payee__organisation")
        .prefetch_related("tiers")
        .get(pk=pk)
    )


def royalty_report_list(*, user: Any, alliance: Alliance) -> QuerySet[RoyaltyReport]:
    """The alliance's royalty reports, each with its restatements (oldest first) and payments."""
    return (
        RoyaltyReport.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("term", "reporting_party__organisation", "payment")
        .prefetch_related(_restatements(user))
    )


def _restatements(user: Any) -> Prefetch:
    return Prefetch(
        "restatements",
        queryset=RoyaltyRestatement.objects.visible_to(user).select_related(
            "restating_party__organisation", "restated_by", "payment"
        ),
    )


def royalty_report_get(*, user: Any, pk: int) -> RoyaltyReport:
    """One royalty report in scope, with the history of its restatements."""
    return (
        RoyaltyReport.objects.visible_to(user)
        .select_related("alliance", "term", "reporting_party__organisation", "payment")
        .prefetch_related(_restatements(user))
        .get(pk=pk)
    )


def tranche_list(*, user: Any, alliance: Alliance) -> QuerySet[Tranche]:
    return (
        Tranche.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("milestone", "payer__organisation", "payee__organisation", "payment")
        .order_by("sequence")
    )


def tranche_get(*, user: Any, pk: int) -> Tranche:
    return Tranche.objects.visible_to(user).select_related("alliance", "milestone").get(pk=pk)


def option_for(*, user: Any, alliance: Alliance) -> BuyOption | None:
    return (
        BuyOption.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("holder__organisation", "grantor__organisation", "payment")
        .first()
    )


@dataclass
class BuildToBuy:
    """The Build-to-Buy picture both parties see: funding so far, the next unlock, the deadline."""

    tranches: list[Tranche]
    option: BuyOption | None
    released: list[tuple[str, str]]  # (currency, amount shown) released so far
    committed: list[tuple[str, str]]
    next_tranche: Tranche | None
    window_state: str = ""
    days_left: int | None = None

    @property
    def exists(self) -> bool:
        return bool(self.tranches) or self.option is not None


def build_to_buy(tranches: list[Tranche], option: BuyOption | None) -> BuildToBuy:
    released: dict[str, Decimal] = defaultdict(Decimal)
    committed: dict[str, Decimal] = defaultdict(Decimal)
    for tranche in tranches:
        committed[tranche.currency] += tranche.amount
        if tranche.status == Tranche.Status.RELEASED:
            released[tranche.currency] += tranche.amount
    next_tranche = next((t for t in tranches if t.status == Tranche.Status.LOCKED), None)
    state, days_left = "", None
    if option is not None:
        state = option.window_state(today())
        if option.status == BuyOption.Status.OPEN and state != "closed":
            days_left = (option.window_closes - today()).days
    return BuildToBuy(
        tranches,
        option,
        [(c, format_money(v, c)) for c, v in sorted(released.items())],
        [(c, format_money(v, c)) for c, v in sorted(committed.items())],
        next_tranche,
        state,
        days_left,
    )


# --- Cost sharing ------------------------------------------------------------------------------


@dataclass
class QuarterTrueUp:
    """A quarter of a workstream: settled (fixed at settlement) or still open (live figures)."""

    year: int
    quarter: int
    result: TrueUpResult
    settled: TrueUp | None = None

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)


@dataclass
class WorkstreamView:
    """A workstream with its split and its latest quarters."""

    workstream: CostWorkstream
    shares: list[Share]
    quarters: list[QuarterTrueUp] = field(default_factory=list)

    @property
    def split(self) -> str:
        return " / ".join(f"{s.organisation} {s.percent.normalize():f}%" for s in self.shares)


def workstream_list(*, user: Any, alliance: Alliance) -> QuerySet[CostWorkstream]:
    shares = CostShare.objects.visible_to(user).select_related("party__organisation")
    return (
        CostWorkstream.objects.visible_to(user)
        .filter(alliance=alliance)
        .prefetch_related(Prefetch("shares", queryset=shares.order_by("party_id")))
    )


def workstream_get(*, user: Any, pk: int) -> CostWorkstream:
    shares = CostShare.objects.visible_to(user).select_related("party__organisation")
    return (
        CostWorkstream.objects.visible_to(user)
        .select_related("alliance")
        .prefetch_related(Prefetch("shares", queryset=shares.order_by("party_id")))
        .get(pk=pk)
    )


def _shares(workstream: CostWorkstream) -> list[Share]:
    return [
        Share(s.party_id, s.party.organisation.name, s.percent) for s in workstream.shares.all()
    ]


def cost_share_overview(
    *, user: Any, workstreams: list[CostWorkstream], since_year: int | None = None
) -> list[WorkstreamView]:
    """Each workstream's quarters (from `since_year`, else all) with their true-ups: two queries."""
    views = {w.pk: WorkstreamView(w, _shares(w)) for w in workstreams}
    spend: dict[tuple[int, int, int], dict[int, Decimal]] = defaultdict(dict)
    entries = CostEntry.objects.visible_to(user).filter(workstream__in=list(views))
    settled_rows = TrueUp.objects.visible_to(user).filter(workstream__in=list(views))
    if since_year is not None:
        entries = entries.filter(year__gte=since_year)
        settled_rows = settled_rows.filter(year__gte=since_year)
    sums = entries.values("workstream_id", "year", "quarter", "party_id").annotate(
        spent=Sum("amount")
    )
    for row in sums.order_by():
        spend[(row["workstream_id"], row["year"], row["quarter"])][row["party_id"]] = row["spent"]
    settled = {(t.workstream_id, t.year, t.quarter): t for t in settled_rows}
    for key in sorted(set(spend) | set(settled), key=lambda k: (k[1], k[2]), reverse=True):
        view = views[key[0]]
        view.quarters.append(_quarter(view, key, spend.get(key, {}), settled.get(key)))
    return list(views.values())


def _quarter(
    view: WorkstreamView,
    key: tuple[int, int, int],
    spent: dict[int, Decimal],
    settled: TrueUp | None,
) -> QuarterTrueUp:
    if settled is not None:
        spent = {int(line["party"]): Decimal(line["spent"]) for line in settled.lines}
    result = compute_true_up(view.shares, spent, view.workstream.currency)
    return QuarterTrueUp(key[1], key[2], result, settled)


def cost_entry_list(*, user: Any, workstream: CostWorkstream) -> QuerySet[CostEntry]:
    """The cost lines behind a workstream's true-ups, with who recorded them and any dispute."""
    return (
        CostEntry.objects.visible_to(user)
        .filter(workstream=workstream)
        .select_related("party__organisation", "recorded_by")
        .annotate(
            in_dispute=Exists(
                Dispute.objects.visible_to(user).filter(
                    cost_entry=OuterRef("pk"), status=Dispute.Status.OPEN
                )
            )
        )
    )


def cost_entry_get(*, user: Any, pk: int) -> CostEntry:
    return CostEntry.objects.visible_to(user).select_related("alliance", "workstream").get(pk=pk)


# --- Disputes, audits, notes -------------------------------------------------------------------


def dispute_list(*, user: Any, alliance: Alliance) -> QuerySet[Dispute]:
    return (
        Dispute.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related(
            "payment", "cost_entry", "raising_party__organisation", "raised_by", "resolved_by"
        )
        .order_by("status", "-raised_at", "-pk")
    )


def dispute_get(*, user: Any, pk: int) -> Dispute:
    return (
        Dispute.objects.visible_to(user)
        .select_related("alliance", "payment", "cost_entry")
        .get(pk=pk)
    )


def audit_request_list(*, user: Any, alliance: Alliance) -> QuerySet[AuditRequest]:
    return (
        AuditRequest.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related(
            "requesting_party__organisation", "audited_party__organisation", "requested_by"
        )
        .order_by("status", "-requested_at", "-pk")
    )


def audit_request_get(*, user: Any, pk: int) -> AuditRequest:
    return AuditRequest.objects.visible_to(user).select_related("alliance").get(pk=pk)


def finance_note_list(*, user: Any, alliance: Alliance) -> QuerySet[FinanceNote]:
    """The user's own organisation's private notes on this alliance's money."""
    return (
        FinanceNote.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("author", "payment")
    )


def deal_terms_for(*, user: Any, alliance: Alliance) -> DealTerms | None:
    return DealTerms.objects.visible_to(user).filter(alliance=alliance).first()


def fee_list(*, user: Any, alliance: Alliance) -> QuerySet[Fee]:
    return (
        Fee.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("payer__organisation", "payee__organisation", "payment")
    )


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
