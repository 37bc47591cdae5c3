"""Deals told through their upfronts and milestone ladders: Lumen (its Phase 3 milestone raised
by amendment), Brightwater, Quillon (its IND milestone never notified), Ardent (a payment
disputed) and Irisvale (a small licence in CHF).
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from concord.demo.chapters.deals.steps import (
    PHARMA,
    D,
    DemoDeal,
    _approve_amendment,
    _fee,
    _invoice,
    _ladder,
    _milestone,
    _note,
    _pay,
    _payment_of,
    _propose_amendment,
    _settle_fee,
    _terms,
)

if TYPE_CHECKING:
    from concord.demo.story import Story


def _lumen(story: Story, at: Any, day: Any) -> None:
    """A strategic co-development: upfront and equity paid, Phase 1 and Phase 2 milestones paid."""
    deal = DemoDeal(story, "Lumen–Castlegate TROP2 ADC collaboration", "lumen", "ben")
    at(
        "2023-03-15",
        9,
        lambda: _terms(
            deal,
            "Co-development of LMN-2201 through Phase 2; Castlegate commercialises ex-US. USD 60M upfront, USD 20M equity at a premium, up to USD 395M in milestones, tiered royalties ex-US.",
            45,
        ),
    )
    at(
        "2023-03-15",
        10,
        lambda: _fee(
            deal, "upfront", "upfront", "Upfront on signature", "60000000", "USD", day("2023-03-31")
        ),
    )
    at(
        "2023-03-15",
        10,
        lambda: _fee(
            deal,
            "equity",
            "equity",
            "Equity investment (Series C premium)",
            "20000000",
            "USD",
            day("2023-04-15"),
        ),
    )
    at(
        "2023-03-16",
        9,
        lambda: _ladder(
            deal,
            "USD",
            [
                ("ind_filed", "", "10000000"),
                ("phase_1", "", "25000000"),
                ("phase_2", "", "40000000"),
                ("phase_3", "", "60000000"),
                ("approval", "US", "100000000"),
                ("approval", "EU", "60000000"),
                ("net_sales", "500000000", "100000000"),
            ],
        ),
    )
    _settle_fee(story, at, deal, "upfront", "2023-03-20", "LMN-INV-2023-001", "2023-04-18")
    _settle_fee(story, at, deal, "equity", "2023-04-03", "LMN-INV-2023-002", "2023-04-28")
    _milestone(
        story,
        at,
        deal,
        "ind_filed0",
        "2024-05-20",
        "IND 163422 cleared by the FDA on 20 May.",
        "2024-06-03",
        "2024-07-02",
        "LMN-INV-2024-011",
    )
    _milestone(
        story,
        at,
        deal,
        "phase_10",
        "2024-06-25",
        "First patient dosed at MD Anderson, cohort 1 (0.8 mg/kg).",
        "2024-07-05",
        "2024-08-09",
        "LMN-INV-2024-014",
    )
    _milestone(
        story,
        at,
        deal,
        "phase_20",
        "2025-10-07",
        "First patient dosed in the Phase 2 expansion cohort (TNBC, 2L+).",
        "2025-10-20",
        "2025-11-28",
        "LMN-INV-2025-031",
    )
    # The Phase 3 protocol grew; Lumen asks for more at that milestone and Castlegate agrees.
    at(
        "2026-02-16",
        10,
        lambda: _propose_amendment(
            deal,
            "phase_3_raise",
            deal.them,
            "milestone.amount",
            deal.milestones["phase_30"],
            day("2026-03-01"),
            "The Phase 3 protocol agreed at the JDC on 9 February adds a second TNBC cohort and "
            "doubles enrolment to 640 patients; the milestone rises with the cost of the trial.",
            value="75000000",
        ),
    )
    at("2026-02-24", 11, lambda: _approve_amendment(deal, "phase_3_raise", deal.tom))
    at(
        "2025-01-21",
        9,
        lambda: _note(
            story,
            deal,
            "lumen",
            "sam",
            "Runway model assumes the USD 25M Phase 2 milestone lands in Q4 2025; the equity premium is booked as deferred revenue.",
        ),
    )
    at(
        "2025-10-15",
        9,
        lambda: _note(
            story,
            deal,
            PHARMA,
            "tom",
            "Phase 2 milestone accrued in Q4. Ask Lumen to split the invoice by programme for the cost centres.",
        ),
    )


def _brightwater(story: Story, at: Any, day: Any) -> None:
    """The biggest upfront in the portfolio; Phase 1 paid; royalties agreed for later."""
    from concord.deals import services

    deal = DemoDeal(story, "Brightwater–Castlegate B7-H4 ADC licence", "brightwater", "claire")
    at(
        "2023-04-12",
        9,
        lambda: _terms(
            deal,
            "Exclusive worldwide licence to BWB-417. USD 250M upfront; development, regulatory and sales milestones up to USD 1.1bn; royalties 8–14% on net sales.",
        ),
    )
    at(
        "2023-04-12",
        10,
        lambda: _fee(
            deal,
            "upfront",
            "upfront",
            "Upfront on signature",
            "250000000",
            "USD",
            day("2023-04-30"),
        ),
    )
    at(
        "2023-04-13",
        9,
        lambda: _ladder(
            deal,
            "USD",
            [
                ("phase_1", "", "20000000"),
                ("phase_2", "", "35000000"),
                ("phase_3", "", "75000000"),
                ("filing_accepted", "US", "50000000"),
                ("approval", "US", "150000000"),
                ("approval", "EU", "100000000"),
                ("net_sales", "1000000000", "200000000"),
            ],
        ),
    )
    at(
        "2023-04-13",
        10,
        lambda: services.royalty_term_create(
            actor=deal.tom,
            alliance=deal.alliance,
            title="Royalty on net sales of BWB-417",
            currency="USD",
            programme=deal.programme(),
            tiers=[(D("500000000"), D("8")), (D("1000000000"), D("11")), (None, D("14"))],
            payer=deal.party(PHARMA),
            payee=deal.party("brightwater"),
        ),
    )
    _settle_fee(story, at, deal, "upfront", "2023-04-20", "BWB-2023-0001", "2023-05-26")
    _milestone(
        story,
        at,
        deal,
        "phase_10",
        "2024-08-20",
        "First patient dosed, NCT05874492, site 101 (Sarah Cannon).",
        "2024-09-02",
        "2024-09-30",
        "BWB-2024-0007",
    )


def _quillon(story: Story, at: Any, day: Any) -> None:
    """Phase 1 arrives with the IND milestone never notified: both fall due together. The Phase 2
    milestone, confirmed in October, is due but not yet invoiced (the sweep nudges both sides)."""
    deal = DemoDeal(story, "Quillon–Castlegate LRRK2 inhibitor licence", "quillon", "matthias")
    at(
        "2023-04-28",
        9,
        lambda: _terms(
            deal,
            "Exclusive licence to QNS-5520 for Parkinson's disease. EUR 80M upfront; development milestones up to EUR 145M, payable within 45 days.",
            45,
        ),
    )
    at(
        "2023-04-28",
        10,
        lambda: _fee(
            deal, "upfront", "upfront", "Upfront on signature", "80000000", "EUR", day("2023-05-15")
        ),
    )
    at(
        "2023-04-28",
        11,
        lambda: _ladder(
            deal,
            "EUR",
            [
                ("ind_filed", "", "8000000"),
                ("phase_1", "", "12000000"),
                ("phase_2", "", "25000000"),
                ("phase_3", "", "40000000"),
                ("approval", "EU", "60000000"),
            ],
        ),
    )
    _settle_fee(story, at, deal, "upfront", "2023-05-02", "QNS-2023-01", "2023-06-09")
    _milestone(
        story,
        at,
        deal,
        "phase_10",
        "2024-01-16",
        "First participant dosed in QNS-5520-101 (Berlin).",
        "2024-01-29",
        "2024-02-26",
        "QNS-2024-03",
    )
    at("2024-01-29", 11, partial(_invoice, deal, "ind_filed0", "QNS-2024-04"))
    at("2024-02-26", 16, partial(_pay, deal, "ind_filed0"))
    _milestone(
        story,
        at,
        deal,
        "phase_20",
        "2026-10-19",
        "First patient dosed in the Phase 2 LRRK2-PD study (Tübingen).",
    )


def _ardent(story: Story, at: Any, day: Any) -> None:
    """A Phase 2 milestone paid in part, the balance disputed over withholding tax: overdue."""
    from concord.deals import services

    deal = DemoDeal(story, "Ardent–Castlegate Fabry gene therapy", "ardent", "eva")
    at(
        "2023-04-05",
        9,
        lambda: _terms(
            deal,
            "Co-development of ARD-104 for Fabry disease. EUR 25M upfront; milestones to approval of EUR 210M.",
        ),
    )
    at(
        "2023-04-05",
        10,
        lambda: _fee(
            deal, "upfront", "upfront", "Upfront on signature", "25000000", "EUR", day("2023-04-20")
        ),
    )
    at(
        "2023-04-05",
        11,
        lambda: _ladder(
            deal,
            "EUR",
            [
                ("ind_filed", "", "5000000"),
                ("phase_2", "", "15000000"),
                ("phase_3", "", "40000000"),
                ("approval", "EU", "90000000"),
            ],
        ),
    )
    _settle_fee(story, at, deal, "upfront", "2023-04-07", "ARD-INV-0001", "2023-05-05")
    _milestone(
        story,
        at,
        deal,
        "ind_filed0",
        "2023-11-14",
        "CTA approved by the CCMO.",
        "2023-11-27",
        "2023-12-22",
        "ARD-INV-0007",
    )
    _milestone(
        story,
        at,
        deal,
        "phase_20",
        "2026-06-02",
        "First patient dosed in the Phase 2 study ARD-104-201 (Amsterdam UMC).",
        "2026-06-15",
        "",
        "ARD-INV-0021",
    )
    at(
        "2026-07-10",
        15,
        partial(_pay, deal, "phase_20", "10000000", "Castlegate wire, net of withholding"),
    )
    at(
        "2026-07-10",
        16,
        lambda: services.dispute_raise(
            actor=deal.tom,
            payment=_payment_of(deal, "phase_20"),
            reason="Dutch dividend withholding does not apply to milestones, but our tax team needs Ardent's residence certificate before releasing the EUR 5M balance.",
        ),
    )
    at(
        "2026-07-12",
        9,
        lambda: _note(
            story,
            deal,
            "ardent",
            "eva",
            "EUR 5M balance outstanding: residence certificate requested from the Belastingdienst, expected in 6–8 weeks. Cash forecast assumes Q4.",
        ),
    )


def _irisvale(story: Story, at: Any, day: Any) -> None:
    """A small licence: a few million upfront, in Swiss francs."""
    deal = DemoDeal(
        story, "Iris Vale–Castlegate sustained-release TKI licence", "irisvale", "lukas"
    )
    at(
        "2023-06-20",
        9,
        lambda: _terms(
            deal, "Licence to IRV-221 for wet AMD. CHF 8M upfront; approval milestone CHF 20M."
        ),
    )
    at(
        "2023-06-20",
        10,
        lambda: _fee(
            deal, "upfront", "upfront", "Upfront on signature", "8000000", "CHF", day("2023-07-15")
        ),
    )
    at("2023-06-20", 11, lambda: _ladder(deal, "CHF", [("approval", "EU", "20000000")]))
    _settle_fee(story, at, deal, "upfront", "2023-06-26", "IRV-2023-07", "2023-07-31")
    _milestone(
        story,
        at,
        deal,
        "approvalEU0",
        "2025-07-22",
        "European Commission approval of IRV-221.",
        "2025-08-04",
        "2025-09-02",
        "IRV-2025-19",
    )
