"""The demo's deals story, a chapter of the demo story (see concord/demo/story.py).

Castlegate pays its partners on realistic terms, played through the services at dated moments:
upfronts from CHF 8M to USD 250M; milestone ladders whose achievements one side notifies and
the other confirms (Quillon's Phase 1 arrives with its IND milestone skipped, so both fall due
together); royalties on two marketed products, reported quarter by quarter across their tiers;
a Build-to-Buy deal with Fenwick half-way through its tranches, its option window still ahead;
a 60/40 cost share on the TL1A co-development with quarterly true-ups; payments invoiced and
paid over the years, one paid in part and disputed, one overdue, one due but not invoiced;
an audit request and each side's private finance notes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concord.demo.story import Story

D = Decimal
PHARMA = "castlegate"


class DemoDeal:
    """One demo alliance's money, looked up when a step runs (the alliance exists by then)."""

    def __init__(self, story: Story, name: str, partner: str, partner_person: str) -> None:
        self.story, self.name, self.partner = story, name, partner
        self.partner_person = partner_person
        self.milestones: dict[str, Any] = {}
        self.items: dict[str, Any] = {}

    @property
    def alliance(self) -> Any:
        from concord.alliances.models import Alliance

        return Alliance.objects.unscoped().get(name=self.name)

    def party(self, key: str) -> Any:
        from concord.alliances.models import Party

        org = self.story.orgs[key].name
        return Party.objects.unscoped().get(alliance=self.alliance, organisation__name=org)

    def programme(self, index: int = 0) -> Any:
        from concord.alliances.models import Programme

        return Programme.objects.unscoped().filter(alliance=self.alliance).order_by("pk")[index]

    @property
    def tom(self) -> Any:
        """Castlegate's finance person, who handles the pharma's side of every deal here."""
        return self.story.person(PHARMA, "tom")

    @property
    def them(self) -> Any:
        return self.story.person(self.partner, self.partner_person)

    def money(self) -> dict[str, Any]:
        return {"payer": self.party(PHARMA), "payee": self.party(self.partner)}


def _fresh(obj: Any) -> Any:
    return type(obj).objects.unscoped().get(pk=obj.pk)


TITLE = "Deals and money"


def counts() -> dict[str, int]:
    """What this chapter leaves in the database."""
    from concord.deals.models import Payment

    return {"ledger payments": Payment.objects.unscoped().count()}


def schedule(story: Story) -> None:
    """Schedule this capability's demo steps; each runs under the demo clock at its moment."""
    from concord.demo.dates import day as _day
    from concord.demo.dates import moment as _moment

    def at(day: str, hour: int, action: Callable[[], Any]) -> None:
        story.at(_moment(day, hour, minute=len(story.steps) % 50), action)

    for plan in (
        _lumen,
        _brightwater,
        _tidewell,
        _fenwick_codev,
        _fenwick_option,
        _quillon,
        _sorrel,
        _ardent,
        _irisvale,
    ):
        plan(story, at, _day)
    _sweeps(story, at)


# --- Shared steps ------------------------------------------------------------------------------


def _terms(deal: DemoDeal, summary: str, payment_days: int = 30) -> None:
    from concord.deals import services

    services.deal_terms_save(
        actor=deal.tom,
        alliance=deal.alliance,
        signed_on=deal.alliance.effective_date,
        summary=summary,
        payment_days=payment_days,
    )


def _fee(
    deal: DemoDeal, key: str, kind: str, title: str, amount: str, currency: str, due: datetime.date
) -> None:
    from concord.deals import services

    deal.items[key] = services.fee_create(
        actor=deal.tom,
        alliance=deal.alliance,
        kind=kind,
        title=title,
        amount=D(amount),
        currency=currency,
        due_date=due,
        **deal.money(),
    ).payment


def _ladder(
    deal: DemoDeal, currency: str, rungs: list[tuple[str, str, str]], programme: int = 0
) -> None:
    """The milestones of one programme: (event, region, amount)."""
    from concord.deals import services

    for event, region, amount in rungs:
        threshold = None
        if event.startswith("net_sales"):
            event, threshold = "net_sales", D(region)
            region = ""
        key = f"{event}{region}{threshold or ''}{programme}"
        deal.milestones[key] = services.milestone_create(
            actor=deal.tom,
            alliance=deal.alliance,
            programme=deal.programme(programme),
            event=event,
            region=region,
            sales_threshold=threshold,
            amount=D(amount),
            currency=currency,
            **deal.money(),
        )


def _achieve(deal: DemoDeal, key: str, day: datetime.date, evidence: str) -> None:
    """The partner notifies an achievement; Castlegate's finance person confirms it a week on."""
    from concord.deals import services

    services.milestone_notify(
        actor=deal.them, milestone=deal.milestones[key], achieved_on=day, evidence=evidence
    )


def _confirm(deal: DemoDeal, key: str) -> None:
    from concord.deals import services

    services.milestone_confirm(actor=deal.tom, milestone=deal.milestones[key])


def _partner_confirms(deal: DemoDeal, key: str) -> None:
    """A sales milestone Castlegate's royalty report notified: the partner confirms it."""
    from concord.deals import services

    services.milestone_confirm(actor=deal.them, milestone=_fresh(deal.milestones[key]))


def _payment_of(deal: DemoDeal, key: str) -> Any:
    from concord.deals.models import Payment

    item = deal.milestones.get(key)
    if item is not None:
        return Payment.objects.unscoped().get(milestone=item)
    return _fresh(deal.items[key])


def _invoice(deal: DemoDeal, key: str, number: str, who: Any = None) -> None:
    from concord.deals import services

    services.payment_invoice(
        actor=who or deal.them, payment=_payment_of(deal, key), invoice_number=number
    )


def _pay(deal: DemoDeal, key: str, amount: str | None = None, reference: str = "") -> None:
    from concord.deals import services

    payment = _payment_of(deal, key)
    services.payment_record(
        actor=deal.tom,
        payment=payment,
        amount=D(amount) if amount else payment.outstanding,
        reference=reference or f"Castlegate wire {payment.pk:05d}",
    )


def _settle_fee(
    story: Story, at: Any, deal: DemoDeal, key: str, day: str, number: str, paid: str
) -> None:
    at(day, 10, partial(_invoice, deal, key, number))
    at(paid, 15, partial(_pay, deal, key))


def _milestone(
    story: Story,
    at: Any,
    deal: DemoDeal,
    key: str,
    day: str,
    evidence: str,
    invoice: str = "",
    paid: str = "",
    number: str = "",
) -> None:
    """A milestone's whole course: notified, confirmed a week later, invoiced, paid."""
    from concord.demo.dates import day as _day

    at(day, 11, lambda: _achieve(deal, key, _day(day), evidence))
    confirmed = (datetime.date.fromisoformat(day) + datetime.timedelta(days=7)).isoformat()
    at(confirmed, 14, partial(_confirm, deal, key))
    if invoice:
        at(invoice, 10, partial(_invoice, deal, key, number))
    if paid:
        at(paid, 15, partial(_pay, deal, key))


# --- The alliances -----------------------------------------------------------------------------


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
        services.option_save(
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


def _note(story: Story, deal: DemoDeal, org: str, first: str, body: str) -> None:
    from concord.deals import services

    services.finance_note_create(actor=story.person(org, first), alliance=deal.alliance, body=body)


def _sweeps(story: Story, at: Any) -> None:
    """The weekly sweep of the story's last weeks: nudges, overdue flags, option lapses."""
    from concord.deals.sweep import sweep
    from concord.demo.data import STORY_END

    for weeks in range(6):
        at((STORY_END - datetime.timedelta(weeks=weeks)).isoformat(), 6, sweep)
