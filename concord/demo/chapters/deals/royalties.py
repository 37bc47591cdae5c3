"""Deals with marketed products: Tidewell's and Sorrel's royalties, reported quarter by quarter
across their tiers, restated and credited where the sales were corrected.
"""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.demo.chapters.deals.steps import (
    PHARMA,
    D,
    DemoDeal,
    _fresh,
    _invoice,
    _ladder,
    _milestone,
    _note,
    _partner_confirms,
    _pay,
    _terms,
)

if TYPE_CHECKING:
    from concord.demo.story import Story


def _tidewell(story: Story, at: Any, day: Any) -> None:
    """A marketed CAR-T: approval milestone paid, royalties each quarter, one royalty overdue."""
    from concord.deals import services

    deal = DemoDeal(story, "Tidewell–Castlegate allogeneic CAR-T alliance", "tidewell", "aisha")
    at(
        "2023-03-24",
        9,
        lambda: _terms(
            deal,
            "Co-development and co-commercialisation of TWB-19. Castlegate sells outside the US and pays Tidewell tiered royalties on ex-US net sales.",
        ),
    )
    at(
        "2023-03-24",
        10,
        lambda: _ladder(
            deal,
            "USD",
            [
                ("phase_3", "", "30000000"),
                ("filing_accepted", "EU", "20000000"),
                ("approval", "EU", "80000000"),
                ("net_sales", "250000000", "50000000"),
            ],
        ),
    )
    at(
        "2023-03-24",
        11,
        lambda: deal.items.__setitem__(
            "royalty",
            services.royalty_term_create(
                actor=deal.tom,
                alliance=deal.alliance,
                title="Royalty on ex-US net sales of TWB-19",
                currency="USD",
                programme=deal.programme(),
                tiers=[(D("250000000"), D("8")), (D("500000000"), D("10")), (None, D("12"))],
                payer=deal.party(PHARMA),
                payee=deal.party("tidewell"),
            ),
        ),
    )
    _milestone(
        story,
        at,
        deal,
        "phase_30",
        "2024-04-16",
        "First patient randomised in TIDE-3.",
        "2024-04-29",
        "2024-05-31",
        "TWB-24-019",
    )
    _milestone(
        story,
        at,
        deal,
        "filing_acceptedEU0",
        "2024-12-03",
        "EMA validated the MAA on 3 December.",
        "2024-12-16",
        "2025-01-24",
        "TWB-24-044",
    )
    _milestone(
        story,
        at,
        deal,
        "approvalEU0",
        "2025-08-26",
        "European Commission decision C(2025) 5521.",
        "2025-09-08",
        "2025-10-03",
        "TWB-25-031",
    )
    sales = [
        ("2025", 4, "96000000"),
        ("2026", 1, "118000000"),
        ("2026", 2, "141000000"),
        ("2026", 3, "164500000.50"),
    ]
    for year, quarter, amount in sales:
        reported = {1: "04-28", 2: "07-28", 3: "10-27", 4: "01-27"}[quarter]
        report_day = f"{int(year) + (1 if quarter == 4 else 0)}-{reported}"
        at(report_day, 9, partial(_royalty, deal, int(year), quarter, amount))
        invoice_day = (
            datetime.date.fromisoformat(report_day) + datetime.timedelta(days=5)
        ).isoformat()
        at(invoice_day, 10, partial(_invoice_royalty, deal, int(year), quarter))
        if (year, quarter) in {("2025", 4), ("2026", 1)}:
            paid_day = (
                datetime.date.fromisoformat(report_day) + datetime.timedelta(days=28)
            ).isoformat()
            at(paid_day, 15, partial(_pay_royalty, deal, int(year), quarter))
    # 2026 Q2 is invoiced and left unpaid: it is overdue. Its sales take 2026 past USD 250M, so
    # Castlegate's report notifies the sales milestone; Tidewell confirms it and is paid.
    at("2026-08-04", 10, partial(_partner_confirms, deal, "net_sales2500000000"))
    at("2026-08-06", 10, partial(_invoice, deal, "net_sales2500000000", "TWB-26-051"))
    at("2026-09-04", 15, partial(_pay, deal, "net_sales2500000000"))
    at(
        "2026-08-20",
        9,
        lambda: _note(
            story,
            deal,
            PHARMA,
            "tom",
            "Q2 royalty held: Tidewell's invoice applies the 10% tier to the whole quarter; our calculation splits at USD 250M. Raise with Aisha before paying.",
        ),
    )


def _royalty(deal: DemoDeal, year: int, quarter: int, amount: str) -> None:
    from concord.deals import services

    services.royalty_report_submit(
        actor=deal.tom,
        term=_fresh(deal.items["royalty"]),
        year=year,
        quarter=quarter,
        net_sales=D(amount),
    )


def _royalty_payment(deal: DemoDeal, year: int, quarter: int) -> Any:
    from concord.deals.models import Payment

    return Payment.objects.unscoped().get(
        royalty_report__term=deal.items["royalty"],
        royalty_report__year=year,
        royalty_report__quarter=quarter,
    )


def _invoice_royalty(deal: DemoDeal, year: int, quarter: int) -> None:
    from concord.deals import services

    services.payment_invoice(
        actor=deal.them,
        payment=_royalty_payment(deal, year, quarter),
        invoice_number=f"ROY-{year}-Q{quarter}",
    )


def _pay_royalty(deal: DemoDeal, year: int, quarter: int) -> None:
    from concord.deals import services

    payment = _royalty_payment(deal, year, quarter)
    services.payment_record(
        actor=deal.tom,
        payment=payment,
        amount=payment.outstanding,
        reference=f"Royalty {year} Q{quarter}",
    )


def _restate_royalty(deal: DemoDeal, year: int, quarter: int, amount: str) -> None:
    from concord.deals import services
    from concord.deals.models import RoyaltyReport

    services.royalty_report_restate(
        actor=deal.tom,
        report=RoyaltyReport.objects.unscoped().get(
            term=deal.items["royalty"], year=year, quarter=quarter
        ),
        net_sales=D(amount),
        reason="Wholesaler returns of EUR 3.2M of Q2 lots, credited after the report (returns "
        "policy, section 7.3 of the agreement).",
    )


def _credit_of(deal: DemoDeal, year: int, quarter: int) -> Any:
    from concord.deals.models import Payment

    return Payment.objects.unscoped().get(
        royalty_restatement__report__term=deal.items["royalty"],
        royalty_restatement__report__year=year,
        royalty_restatement__report__quarter=quarter,
    )


def _invoice_credit(deal: DemoDeal, year: int, quarter: int, number: str) -> None:
    """The royalty's payer asks for the credit it is owed back."""
    from concord.deals import services

    services.payment_invoice(
        actor=deal.tom, payment=_credit_of(deal, year, quarter), invoice_number=number
    )


def _pay_credit(deal: DemoDeal, year: int, quarter: int) -> None:
    """The royalty's payee pays the credit back."""
    from concord.deals import services

    credit = _credit_of(deal, year, quarter)
    services.payment_record(
        actor=deal.them,
        payment=credit,
        amount=abs(credit.outstanding),
        reference=f"Royalty credit {year} Q{quarter}",
    )


def _sorrel(story: Story, at: Any, day: Any) -> None:
    """A marketed siRNA: quarterly royalties across the tiers, all paid; Sorrel audits the sales."""
    from concord.deals import services

    deal = DemoDeal(story, "Sorrel–Castlegate ANGPTL3 co-development", "sorrel", "lars")
    at(
        "2023-06-14",
        9,
        lambda: _terms(
            deal,
            "Co-development of SRL-0820; Castlegate commercialises worldwide and pays Sorrel tiered royalties of 8–12% on annual net sales.",
        ),
    )
    at(
        "2023-06-14",
        10,
        lambda: deal.items.__setitem__(
            "royalty",
            services.royalty_term_create(
                actor=deal.tom,
                alliance=deal.alliance,
                title="Royalty on net sales of SRL-0820",
                currency="EUR",
                programme=deal.programme(),
                tiers=[(D("250000000"), D("8")), (D("500000000"), D("10")), (None, D("12"))],
                payer=deal.party(PHARMA),
                payee=deal.party("sorrel"),
            ),
        ),
    )
    at(
        "2023-06-14",
        11,
        lambda: _ladder(
            deal, "EUR", [("approval", "EU", "40000000"), ("net_sales", "500000000", "50000000")]
        ),
    )
    _milestone(
        story,
        at,
        deal,
        "approvalEU0",
        "2024-10-01",
        "European Commission approval of SRL-0820.",
        "2024-10-14",
        "2024-11-15",
        "SRL-24-090",
    )
    sales = {
        2024: ["0", "0", "0", "58000000"],
        2025: ["96500000", "131000000", "152250000.75", "170000000"],
        2026: ["183000000", "199500000", "214000000"],
    }
    for year, quarters in sales.items():
        for index, amount in enumerate(quarters):
            quarter = index + 1
            if year == 2024 and quarter < 4:
                continue
            report_day = datetime.date(year, 3 * quarter, 1) + datetime.timedelta(days=60)
            at(report_day.isoformat(), 9, partial(_royalty, deal, year, quarter, amount))
            at(
                (report_day + datetime.timedelta(days=4)).isoformat(),
                10,
                partial(_invoice_royalty, deal, year, quarter),
            )
            if (year, quarter) != (2026, 3):
                at(
                    (report_day + datetime.timedelta(days=26)).isoformat(),
                    15,
                    partial(_pay_royalty, deal, year, quarter),
                )
    # The 2025 sales first exceed EUR 500M: the milestone is notified by Castlegate's report and
    # confirmed by Sorrel.
    at("2026-03-10", 10, partial(_partner_confirms, deal, "net_sales5000000000"))
    at("2026-03-20", 10, partial(_invoice, deal, "net_sales5000000000", "SRL-26-014"))
    at("2026-04-17", 15, partial(_pay, deal, "net_sales5000000000"))
    # Wholesalers returned EUR 3.2M of 2025 Q2 stock after the report: Castlegate restates the
    # quarter down. The year's sales stay above EUR 500M, so the credit is 12% of the returns,
    # which Castlegate asks for and Sorrel pays back.
    at("2026-02-16", 11, partial(_restate_royalty, deal, 2025, 2, "127800000"))
    at("2026-02-18", 10, partial(_invoice_credit, deal, 2025, 2, "CG-CR-2026-003"))
    at("2026-03-13", 15, partial(_pay_credit, deal, 2025, 2))

    def audit() -> None:
        deal.items["audit"] = services.audit_request_create(
            actor=deal.them,
            alliance=deal.alliance,
            audited_party=deal.party(PHARMA),
            scope="Net sales of SRL-0820 reported for royalties in 2025: gross-to-net deductions, returns and the EU/US split.",
            period_start=day("2025-01-01"),
            period_end=day("2025-12-31"),
        )

    at("2026-05-12", 9, audit)
    at(
        "2026-09-29",
        14,
        lambda: services.audit_request_close(
            actor=deal.them,
            audit_request=deal.items["audit"],
            findings="Net sales reconciled to the ledger within 0.2%. One rebate accrual (EUR 1.4M) was deducted twice in Q3 2025; Castlegate corrects it in the 2026 Q3 report.",
        ),
    )
