"""Fenwick's TL1A co-development: costs shared 60/40, trued up each quarter, one entry disputed."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from concord.demo.chapters.deals.steps import (
    PHARMA,
    D,
    DemoDeal,
    _fee,
    _fresh,
    _ladder,
    _milestone,
    _settle_fee,
    _terms,
)

if TYPE_CHECKING:
    from concord.demo.story import Story


def _fenwick_codev(story: Story, at: Any, day: Any) -> None:
    """The co-development whose costs are shared 60/40, trued up each quarter."""
    from concord.deals import services

    deal = DemoDeal(story, "Fenwick–Castlegate TL1A antibody co-development", "fenwick", "imogen")
    at(
        "2023-04-10",
        9,
        lambda: _terms(
            deal,
            "Co-development of FNW-301 in IBD. GBP 45M upfront; development costs shared 60/40 (Castlegate/Fenwick) through Phase 2, trued up quarterly.",
        ),
    )
    at(
        "2023-04-10",
        10,
        lambda: _fee(
            deal, "upfront", "upfront", "Upfront on signature", "45000000", "GBP", day("2023-04-28")
        ),
    )
    at(
        "2023-04-11",
        9,
        lambda: _ladder(
            deal,
            "GBP",
            [("phase_1", "", "15000000"), ("phase_2", "", "30000000"), ("phase_3", "", "50000000")],
        ),
    )
    _settle_fee(story, at, deal, "upfront", "2023-04-14", "FNW-F-0001", "2023-05-12")
    _milestone(
        story,
        at,
        deal,
        "phase_10",
        "2024-04-30",
        "First healthy volunteer dosed, FNW-301-101.",
        "2024-05-10",
        "2024-06-07",
        "FNW-F-0019",
    )
    _milestone(
        story,
        at,
        deal,
        "phase_20",
        "2025-10-07",
        "First UC patient dosed in FNW-301-201.",
        "2025-10-17",
        "2025-11-21",
        "FNW-F-0042",
    )
    at(
        "2024-04-02",
        9,
        lambda: deal.items.__setitem__(
            "workstream",
            services.workstream_create(
                actor=deal.tom,
                alliance=deal.alliance,
                name="FNW-301 Phase 1–2 clinical development",
                currency="GBP",
                shares={deal.party(PHARMA): D("60"), deal.party("fenwick"): D("40")},
            ),
        ),
    )
    quarters = [
        (y, q) for y in (2024, 2025, 2026) for q in (1, 2, 3, 4) if (2024, 2) <= (y, q) <= (2026, 3)
    ]
    for n, (year, quarter) in enumerate(quarters):
        end = datetime.date(year, 3 * quarter, 28)
        fenwick_cost = str(D(1_450_000) + D(n * 137_250) + D("0.35"))
        castlegate_cost = str(D(620_000) + D(n * 58_500) + D("0.10"))
        at(
            (end + datetime.timedelta(days=3)).isoformat(),
            10,
            partial(
                _cost,
                deal,
                "partner",
                year,
                quarter,
                fenwick_cost,
                "CRO and site costs (Parexel invoices)",
            ),
        )
        at(
            (end + datetime.timedelta(days=4)).isoformat(),
            10,
            partial(
                _cost,
                deal,
                "pharma",
                year,
                quarter,
                castlegate_cost,
                "Drug product and comparator supply",
            ),
        )
        if (year, quarter) != (2026, 3):
            at(
                (end + datetime.timedelta(days=21)).isoformat(),
                11,
                partial(_true_up, deal, year, quarter),
            )
    at("2025-07-08", 12, partial(_dispute_cost, deal, 2025, 2))


def _cost(
    deal: DemoDeal, side: str, year: int, quarter: int, amount: str, description: str
) -> None:
    """A party records a quarter's costs: "partner" (Fenwick) or "pharma" (Castlegate)."""
    from concord.deals import services

    who = deal.them if side == "partner" else deal.tom
    services.cost_entry_record(
        actor=who,
        workstream=deal.items["workstream"],
        year=year,
        quarter=quarter,
        amount=D(amount),
        description=description,
    )


def _true_up(deal: DemoDeal, year: int, quarter: int) -> None:
    from concord.deals import services

    true_up = services.true_up_settle(
        actor=deal.tom, workstream=deal.items["workstream"], year=year, quarter=quarter
    )
    for payment in true_up.payments.all():
        services.payment_invoice(
            actor=deal.tom
            if payment.payee.organisation.name.startswith("Castlegate")
            else deal.them,
            payment=payment,
            invoice_number=f"TU-{year}-Q{quarter}",
        )
        payer = deal.them if payment.payer.organisation.name.startswith("Fenwick") else deal.tom
        if (year, quarter) < (2026, 2):
            services.payment_record(
                actor=payer,
                payment=_fresh(payment),
                amount=payment.amount,
                reference=f"True-up {year} Q{quarter}",
            )


def _dispute_cost(deal: DemoDeal, year: int, quarter: int) -> None:
    from concord.deals import services
    from concord.deals.models import CostEntry

    entry = (
        CostEntry.objects.unscoped()
        .filter(
            workstream=deal.items["workstream"],
            year=year,
            quarter=quarter,
            party=deal.party("fenwick"),
        )
        .first()
    )
    dispute = services.dispute_raise(
        actor=deal.tom,
        cost_entry=entry,
        reason="Includes GBP 84,000 of Fenwick's Crohn's feasibility work, which the budget does not share.",
    )
    services.dispute_resolve(
        actor=deal.them,
        dispute=dispute,
        resolution="Agreed: Fenwick credits GBP 84,000 against the Q3 true-up.",
    )
