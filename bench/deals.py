"""Benchmark data and cases for deals; see bench/run.py (EXTENSIONS) and bench/README.md.

Every one of the pharma's alliances gets full deal terms (fees, a development/regulatory/
commercial milestone ladder per programme, a tiered royalty, Build-to-Buy tranches and an option,
a shared workstream split 60/40) and a history of quarterly royalty reports, cost entries,
true-ups and payments, bulk-created. The history is one year long at 15 alliances and three at
150, so the cases' equal query counts at both sizes show they do not grow with history either.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from bench.run import Case, _reverse

if TYPE_CHECKING:
    from bench.generate import Portfolio

D = Decimal
HISTORY_YEARS = {15: 1, 150: 3}
TIERS = [
    (D(0), D(250_000_000), D(8)),
    (D(250_000_000), D(500_000_000), D(10)),
    (D(500_000_000), None, D(12)),
]
MILESTONES = [
    ("candidate_selected", "", D(2_000_000)),
    ("ind_filed", "", D(5_000_000)),
    ("phase_1", "", D(10_000_000)),
    ("phase_2", "", D(20_000_000)),
    ("phase_3", "", D(40_000_000)),
    ("approval", "US", D(75_000_000)),
    ("approval", "EU", D(50_000_000)),
]

CASES: list[Case] = [
    Case("money-page", lambda p: _reverse("deals:alliance-money", p.focus_alliance_id)),
    Case("ledger-export-csv", lambda p: _reverse("deals:ledger-csv", p.focus_alliance_id)),
    Case("ledger-export-xlsx", lambda p: _reverse("deals:ledger-xlsx", p.focus_alliance_id)),
    Case(
        "api-ledger",
        lambda p: f"/api/v1/alliances/{p.focus_alliance_id}/payments",
        auth="token",
    ),
    Case(
        "portfolio-ledger-xlsx",
        lambda p: _reverse("deals:portfolio-xlsx"),
        budget_ms=5000,
        per="payments",
    ),
]


def extend(portfolio: Portfolio, size: int) -> None:
    """Add this capability's data to the generated portfolio; record sizes and ids on it."""
    from concord.alliances.models import Party

    years = HISTORY_YEARS.get(size, 3)
    manager = portfolio.pharma_manager
    pharma = manager.membership.organisation
    ours = list(
        Party.objects.unscoped()
        .filter(organisation=pharma, status=Party.Status.ACCEPTED)
        .order_by("alliance_id")
    )
    partners = {
        p.alliance_id: p
        for p in Party.objects.unscoped()
        .filter(alliance_id__in=[p.alliance_id for p in ours], status=Party.Status.ACCEPTED)
        .exclude(organisation=pharma)
        .order_by("-pk")
    }
    book = _Book()
    with transaction.atomic():
        for party in ours:
            rng = random.Random(f"deals-{party.alliance_id - ours[0].alliance_id}")
            _alliance_deal(book, rng, party, partners[party.alliance_id], manager, years)
        book.save()
    portfolio.measures["payments"] = book.payment_count
    portfolio.ids["deals_focus_alliance"] = portfolio.focus_alliance_id
    portfolio.rows.update({f"deals.{k}": v for k, v in book.counts.items()})


class _Book:
    """Rows waiting to be bulk-created, model by model, in dependency order."""

    def __init__(self) -> None:
        self.rows: dict[str, list[Any]] = {}
        self.counts: dict[str, int] = {}
        self.payment_count = 0

    def add(self, obj: Any) -> Any:
        self.rows.setdefault(type(obj).__name__, []).append(obj)
        return obj

    def flush(self, *names: str) -> None:
        for name in names:
            rows = self.rows.pop(name, [])
            if rows:
                type(rows[0]).objects.bulk_create(rows, batch_size=1000)
                self.counts[name] = self.counts.get(name, 0) + len(rows)

    def save(self) -> None:
        self.flush("PaymentReceipt", "Dispute", "FinanceNote", "CostEntry")


def _alliance_deal(
    book: _Book, rng: random.Random, ours: Any, partner: Any, user: Any, years: int
) -> None:
    """Full deal terms and `years` of history on one alliance: the pharma pays the partner."""
    from concord.alliances.models import Programme
    from concord.deals import models as m

    today = timezone.localdate()
    start = datetime.date(today.year - years, 1, 1)
    alliance_id = ours.alliance_id
    money = {"payer": ours, "payee": partner}
    m.DealTerms.objects.create(
        alliance_id=alliance_id,
        signed_on=start,
        summary="Licence and co-development",
        updated_by=user,
    )
    payments: list[Any] = []

    def pay(
        source: str,
        description: str,
        amount: Decimal,
        currency: str,
        due: datetime.date,
        paid: bool,
        **link: Any,
    ) -> Any:
        payment = m.Payment(
            alliance_id=alliance_id,
            source=source,
            description=description,
            amount=amount,
            currency=currency,
            became_due_on=due,
            due_date=due + datetime.timedelta(days=30),
            status="paid" if paid else "due",
            amount_paid=amount if paid else D(0),
            paid_on=due + datetime.timedelta(days=25) if paid else None,
            invoice_number=f"INV-{alliance_id}-{len(payments)}" if paid else "",
            invoiced_on=due + datetime.timedelta(days=3) if paid else None,
            **link,
            **money,
        )
        payments.append(payment)
        return payment

    fees = m.Fee.objects.bulk_create(
        m.Fee(
            alliance_id=alliance_id,
            kind=kind,
            title=title,
            amount=amount,
            currency="USD",
            due_date=start,
            created_by=user,
            **money,
        )
        for kind, title, amount in (
            ("upfront", "Upfront on signature", D(rng.randrange(5, 300)) * 1_000_000),
            ("equity", "Equity investment", D(10_000_000)),
        )
    )
    for fee in fees:
        pay("fee", fee.title, fee.amount, "USD", start, True, fee=fee)
    programmes = list(Programme.objects.unscoped().filter(alliance_id=alliance_id))
    reached = rng.randrange(1, 5)
    milestones = []
    for programme in programmes:
        for i, (event, region, amount) in enumerate(MILESTONES):
            achieved = i <= reached and programme is programmes[0]
            milestones.append(
                m.Milestone(
                    alliance_id=alliance_id,
                    programme=programme,
                    event=event,
                    region=region,
                    kind=m.Milestone.KIND_OF_EVENT[m.Milestone.Event(event)],
                    key=f"{event}:{region}:",
                    title=m.Milestone.Event(event).label,
                    amount=amount,
                    currency="USD",
                    status="achieved" if achieved else "pending",
                    achieved_on=start + datetime.timedelta(days=60 * (i + 1)) if achieved else None,
                    created_by=user,
                    **money,
                )
            )
        milestones.append(
            m.Milestone(
                alliance_id=alliance_id,
                programme=programme,
                event="net_sales",
                kind="commercial",
                sales_threshold=D(1_000_000_000),
                key="net_sales::1000000000.000",
                title="Annual net sales first exceed USD 1bn",
                amount=D(100_000_000),
                currency="USD",
                created_by=user,
                **money,
            )
        )
    for milestone in m.Milestone.objects.bulk_create(milestones):
        if milestone.status == "achieved":
            pay(
                "milestone",
                f"Milestone: {milestone.title}",
                milestone.amount,
                "USD",
                milestone.achieved_on,
                True,
                milestone=milestone,
            )
    term = m.RoyaltyTerm.objects.create(
        alliance_id=alliance_id,
        programme=programmes[0],
        title="Royalty on net sales",
        currency="USD",
        created_by=user,
        **money,
    )
    m.RoyaltyTier.objects.bulk_create(
        m.RoyaltyTier(term=term, floor=lo, ceiling=hi, rate=rate) for lo, hi, rate in TIERS
    )
    tranches = m.Tranche.objects.bulk_create(
        m.Tranche(
            alliance_id=alliance_id,
            sequence=n,
            title=title,
            unlocks_when=title,
            amount=D(amount),
            currency="USD",
            status="released" if n == 1 else "locked",
            released_on=start if n == 1 else None,
            created_by=user,
            **money,
        )
        for n, (title, amount) in enumerate(
            (("Seed", 3_000_000), ("Proof of concept", 6_000_000), ("IND-enabling", 12_000_000)), 1
        )
    )
    pay("tranche", "Tranche 1: Seed", tranches[0].amount, "USD", start, True, tranche=tranches[0])
    m.BuyOption.objects.create(
        alliance_id=alliance_id,
        kind="acquisition",
        price=D(350_000_000),
        currency="USD",
        holder=ours,
        grantor=partner,
        window_opens=today + datetime.timedelta(days=200),
        window_closes=today + datetime.timedelta(days=380),
        created_by=user,
    )
    workstream = m.CostWorkstream.objects.create(
        alliance_id=alliance_id, name="Joint development", currency="EUR", created_by=user
    )
    m.CostShare.objects.bulk_create(
        [
            m.CostShare(workstream=workstream, party=ours, percent=D(60)),
            m.CostShare(workstream=workstream, party=partner, percent=D(40)),
        ]
    )
    _history(book, rng, alliance_id, term, workstream, ours, partner, user, years, pay)
    saved = m.Payment.objects.bulk_create(payments)
    book.payment_count += len(saved)
    for payment in saved:
        if payment.status == "paid":
            book.add(
                m.PaymentReceipt(
                    payment=payment,
                    amount=payment.amount,
                    paid_on=payment.paid_on,
                    recorded_by=user,
                )
            )
    book.add(
        m.Dispute(
            alliance_id=alliance_id,
            payment=saved[-1],
            reason="Deduction not agreed",
            raising_party=ours,
            raised_by=user,
        )
    )
    book.add(
        m.FinanceNote(
            alliance_id=alliance_id,
            organisation_id=ours.organisation_id,
            author=user,
            body="Accrual checked",
            payment=saved[0],
        )
    )


def _history(
    book: _Book,
    rng: random.Random,
    alliance_id: int,
    term: Any,
    workstream: Any,
    ours: Any,
    partner: Any,
    user: Any,
    years: int,
    pay: Any,
) -> None:
    """Quarterly royalty reports and cost-share quarters, each trued up, for `years` years."""
    from concord.deals import models as m
    from concord.deals.costshare import Share, compute_true_up
    from concord.deals.money import Tier, period_royalty, royalty_slices

    today = timezone.localdate()
    tiers = [Tier(lo, hi, rate) for lo, hi, rate in TIERS]
    shares = [Share(ours.pk, "Pharma", D(60)), Share(partner.pk, "Partner", D(40))]
    for year in range(today.year - years, today.year):
        earlier = D(0)
        for quarter in range(1, 5):
            quarter_end = m.quarter_bounds(year, quarter)[1]
            sales = D(rng.randrange(50_000_000, 200_000_000))
            royalty = period_royalty(tiers, earlier, sales, "USD")
            calculation = [
                {
                    "floor": str(s.tier.floor),
                    "ceiling": str(s.tier.ceiling or ""),
                    "rate": str(s.tier.rate),
                    "base": str(s.base),
                    "royalty": str(s.royalty),
                }
                for s in royalty_slices(tiers, earlier, earlier + sales)
            ]
            report = m.RoyaltyReport.objects.create(
                alliance_id=alliance_id,
                term=term,
                year=year,
                quarter=quarter,
                net_sales=sales,
                earlier_sales=earlier,
                royalty=royalty,
                calculation=calculation,
                reporting_party=ours,
                reported_by=user,
            )
            earlier += sales
            recent = quarter_end > today - datetime.timedelta(days=120)
            pay(
                "royalty",
                f"Royalty {year} Q{quarter}",
                royalty,
                "USD",
                quarter_end,
                not recent,
                royalty_report=report,
            )
            spent = {}
            for party in (ours, partner):
                for n in range(3):
                    amount = D(rng.randrange(10_000_000, 90_000_000)) / 100
                    spent[party.pk] = spent.get(party.pk, D(0)) + amount
                    book.add(
                        m.CostEntry(
                            alliance_id=alliance_id,
                            workstream=workstream,
                            party=party,
                            year=year,
                            quarter=quarter,
                            amount=amount,
                            description=f"Costs {n + 1}",
                            recorded_by=user,
                        )
                    )
            result = compute_true_up(shares, spent, "EUR")
            true_up = m.TrueUp.objects.create(
                alliance_id=alliance_id,
                workstream=workstream,
                year=year,
                quarter=quarter,
                total=result.total,
                lines=[line.as_json() for line in result.lines],
                settled_by=user,
            )
            for s in result.settlements:
                payer, payee = (ours, partner) if s.debtor == ours.pk else (partner, ours)
                m.Payment.objects.create(
                    alliance_id=alliance_id,
                    source="true_up",
                    description=f"Cost-share true-up {year} Q{quarter}",
                    amount=s.amount,
                    currency="EUR",
                    payer=payer,
                    payee=payee,
                    became_due_on=quarter_end,
                    due_date=quarter_end + datetime.timedelta(days=30),
                    true_up=true_up,
                )
                book.payment_count += 1
