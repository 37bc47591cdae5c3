"""Fenwick's Build-to-Buy deal, mid-way: tranches invoiced and paid, the option still ahead, and
Castlegate's amendment of its window awaiting Fenwick's answer."""

from __future__ import annotations

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
    _note,
    _propose_amendment,
    _settle_fee,
    _terms,
)

if TYPE_CHECKING:
    from concord.demo.story import Story


def _fenwick_option(story: Story, at: Any, day: Any) -> None:
    """Build-to-Buy, mid-way: two tranches released, the next waits on Phase 1, the option ahead."""
    from concord.deals import services

    deal = DemoDeal(story, "Fenwick–Castlegate oral IL-23R peptide option", "fenwick", "imogen")
    at(
        "2023-06-20",
        9,
        lambda: _terms(
            deal,
            "Build-to-Buy: Castlegate funds FNW-118 in four tranches to the end of Phase 1 for an option to acquire the programme at a pre-agreed price.",
        ),
    )
    at(
        "2023-06-20",
        10,
        lambda: _fee(
            deal,
            "option_fee",
            "option_fee",
            "Option fee on signature",
            "5000000",
            "USD",
            day("2023-06-30"),
        ),
    )
    at(
        "2023-06-20",
        11,
        lambda: _ladder(
            deal, "USD", [("candidate_selected", "", "3000000"), ("phase_1", "", "8000000")]
        ),
    )
    _settle_fee(story, at, deal, "option_fee", "2023-06-22", "FNW-O-0001", "2023-07-20")

    def tranches() -> None:
        for title, when, amount, milestone in (
            ("Lead optimisation", "Signature of the agreement", "4000000", None),
            (
                "Candidate nomination",
                "Development candidate selected",
                "6000000",
                "candidate_selected0",
            ),
            ("First patient in Phase 1", "First patient dosed in Phase 1", "10000000", "phase_10"),
            ("Phase 1 completion", "Phase 1 clinical study report delivered", "12000000", None),
        ):
            deal.items[title] = services.tranche_create(
                actor=deal.tom,
                alliance=deal.alliance,
                title=title,
                unlocks_when=when,
                amount=D(amount),
                currency="USD",
                milestone=deal.milestones.get(milestone) if milestone else None,
                **deal.money(),
            )
        deal.items["option"] = services.option_save(
            actor=deal.tom,
            alliance=deal.alliance,
            kind="acquisition",
            price=D("420000000"),
            currency="USD",
            holder=deal.party(PHARMA),
            grantor=deal.party("fenwick"),
            window_opens=day("2027-06-01"),
            window_closes=day("2027-12-31"),
            terms="Exercisable within the window after delivery of the Phase 1 clinical study report; price includes all rights to FNW-118 and its backups.",
        )

    at("2023-06-21", 9, tranches)
    at(
        "2023-06-28",
        10,
        lambda: services.tranche_release(
            actor=deal.tom, tranche=_fresh(deal.items["Lead optimisation"])
        ),
    )
    at("2023-07-05", 10, partial(_invoice_tranche, deal, "Lead optimisation", "FNW-O-0002"))
    at("2023-07-28", 15, partial(_pay_tranche, deal, "Lead optimisation"))
    # Candidate selected at the pre-clinical gate: confirming it releases the second tranche.
    _milestone(
        story,
        at,
        deal,
        "candidate_selected0",
        "2024-04-18",
        "FNW-118 nominated by the joint research committee on 18 April.",
        "2024-05-02",
        "2024-05-30",
        "FNW-O-0011",
    )
    at("2024-05-02", 11, partial(_invoice_tranche, deal, "Candidate nomination", "FNW-O-0012"))
    at("2024-05-30", 16, partial(_pay_tranche, deal, "Candidate nomination"))
    at(
        "2026-10-30",
        9,
        lambda: _note(
            story,
            deal,
            "fenwick",
            "imogen",
            "If the clinical gate slips past January, tranche 3 moves with it: runway to June without it. Board to discuss a bridge.",
        ),
    )
    # Castlegate asks for a longer window; the amendment waits for Fenwick's answer.
    at(
        "2026-11-12",
        10,
        lambda: _propose_amendment(
            deal,
            "window",
            deal.tom,
            "option.window",
            _fresh(deal.items["option"]),
            day("2026-12-01"),
            "The Phase 1 food-effect cohort moves the clinical study report to Q1 2028; the "
            "exercise window follows it so the option can be judged on the full Phase 1 data.",
            window_opens=day("2027-06-01"),
            window_closes=day("2028-03-31"),
        ),
    )


def _invoice_tranche(deal: DemoDeal, title: str, number: str) -> None:
    from concord.deals import services
    from concord.deals.models import Payment

    services.payment_invoice(
        actor=deal.them,
        payment=Payment.objects.unscoped().get(tranche=deal.items[title]),
        invoice_number=number,
    )


def _pay_tranche(deal: DemoDeal, title: str) -> None:
    from concord.deals import services
    from concord.deals.models import Payment

    payment = Payment.objects.unscoped().get(tranche=deal.items[title])
    services.payment_record(
        actor=deal.tom, payment=payment, amount=payment.outstanding, reference=f"Tranche: {title}"
    )
