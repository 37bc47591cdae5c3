"""The deal of the shared story: Borealis (Bob) pays Helix (Alice) for Helix's antibody.

Fiona is Borealis's finance person and Hugo Helix's; Carol (a Helix viewer) and Erin (Borealis's
executive sponsor) read the money but do not write it; Dave, at Cobalt, sees none of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypedDict
from unittest import mock

import pytest
from django.utils import timezone

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Party, Programme
from concord.deals.models import (
    AuditRequest,
    CostWorkstream,
    Dispute,
    Fee,
    FinanceNote,
    Milestone,
    RoyaltyReport,
    RoyaltyTerm,
)
from concord.orgs.models import User
from conftest import Cast, colleague


@dataclass
class Deal:
    """The cast, the alliance's two parties, its programme and the finance people."""

    cast: Cast
    alliance: Alliance
    helix: Party  # the biotech: the payee
    borealis: Party  # the pharma: the payer
    programme: Programme
    fiona: User  # Borealis finance
    hugo: User  # Helix finance

    def second_programme(self, indication: str = "Colorectal cancer") -> Programme:
        """The same asset in another indication: a programme of its own."""
        return alliance_services.programme_add(
            actor=self.cast.alice,
            alliance=self.alliance,
            asset_name=self.programme.asset_name,
            modality="antibody",
            therapeutic_area="oncology",
            indication=indication,
            stage="preclinical",
        )


@pytest.fixture
def deal(cast: Cast) -> Deal:
    alliance = cast.helix_borealis
    fiona = colleague(cast.bob, "fiona@borealis.test", "Fiona", "Foster", "finance")
    hugo = colleague(cast.alice, "hugo@helix.test", "Hugo", "Hale", "finance")
    parties = Party.objects.unscoped().filter(alliance=alliance)
    return Deal(
        cast=cast,
        alliance=alliance,
        helix=parties.get(organisation=cast.helix),
        borealis=parties.get(organisation=cast.borealis),
        programme=Programme.objects.unscoped().get(alliance=alliance),
        fiona=fiona,
        hugo=hugo,
    )


class Clock:
    """A settable today for rules that turn on dates: nudges, overdue, option windows."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def set(self, day: datetime.date) -> None:
        self.now = datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)

    def advance(self, days: int) -> None:
        self.now += datetime.timedelta(days=days)

    @property
    def today(self) -> datetime.date:
        return self.now.date()


@contextmanager
def _frozen(clock: Clock) -> Iterator[Clock]:
    with mock.patch("django.utils.timezone.now", lambda: clock.now):
        yield clock


@pytest.fixture
def clock() -> Iterator[Clock]:
    clock = Clock()
    with _frozen(clock):
        yield clock


class History(TypedDict):
    """What `populate` made, by name, for tests to look back at."""

    fee: Fee
    milestones: dict[str, Milestone]
    term: RoyaltyTerm
    workstream: CostWorkstream
    dispute: Dispute
    audit: AuditRequest
    helix_note: FinanceNote
    borealis_note: FinanceNote
    cast: Cast


def populate(deal: Deal, years: int = 1) -> History:
    """Full deal terms and `years` of history on Alice and Bob's alliance, through the services.

    Borealis pays: an upfront fee, milestones (Phase 2 confirmed, so IND and Phase 1 are skipped
    into payment), royalties reported quarter by quarter, two Build-to-Buy tranches and an option,
    a 60/40 workstream with costs each quarter, a dispute, an audit request, and each side's
    private finance note.
    """
    from decimal import Decimal as D

    from concord.deals import services

    cast, alice, bob = deal.cast, deal.cast.alice, deal.cast.bob
    today = datetime.date.today()
    first_year = today.year - years
    fee = services.fee_create(
        actor=bob,
        alliance=deal.alliance,
        kind="upfront",
        title="Upfront on signature",
        amount=D("40000000"),
        currency="USD",
        due_date=datetime.date(first_year, 1, 31),
        payer=deal.borealis,
        payee=deal.helix,
    )
    milestones = {
        event: services.milestone_create(
            actor=bob,
            alliance=deal.alliance,
            programme=deal.programme,
            event=event,
            amount=D(amount),
            currency="USD",
            payer=deal.borealis,
            payee=deal.helix,
        )
        for event, amount in (
            ("ind_filed", "5000000"),
            ("phase_1", "10000000"),
            ("phase_2", "20000000"),
            ("phase_3", "40000000"),
        )
    }
    services.milestone_notify(
        actor=alice, milestone=milestones["phase_2"], achieved_on=datetime.date(first_year, 3, 1)
    )
    services.milestone_confirm(actor=bob, milestone=milestones["phase_2"])
    term = services.royalty_term_create(
        actor=bob,
        alliance=deal.alliance,
        title="Royalty on HEL-101",
        currency="USD",
        tiers=[(D("250000000"), D("8")), (D("500000000"), D("10")), (None, D("12"))],
        programme=deal.programme,
        payer=deal.borealis,
        payee=deal.helix,
    )
    workstream = services.workstream_create(
        actor=bob,
        alliance=deal.alliance,
        name="Phase 2 development",
        currency="EUR",
        shares={deal.borealis: D("60"), deal.helix: D("40")},
    )
    add_years(deal, term, workstream, range(first_year, first_year + years))
    poc = services.tranche_create(
        actor=bob,
        alliance=deal.alliance,
        title="Seed funding",
        unlocks_when="Signature",
        amount=D("3000000"),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
    )
    services.tranche_create(
        actor=bob,
        alliance=deal.alliance,
        title="Proof of concept",
        unlocks_when="Phase 3 start",
        amount=D("6000000"),
        currency="USD",
        milestone=milestones["phase_3"],
        payer=deal.borealis,
        payee=deal.helix,
    )
    services.tranche_release(actor=bob, tranche=poc)
    services.option_save(
        actor=bob,
        alliance=deal.alliance,
        kind="acquisition",
        price=D("400000000"),
        currency="USD",
        holder=deal.borealis,
        grantor=deal.helix,
        window_opens=today,
        window_closes=today + datetime.timedelta(days=90),
    )
    services.payment_invoice(actor=alice, payment=fee.payment, invoice_number="HLX-001")
    services.payment_record(actor=bob, payment=fee.payment, amount=D("15000000"))
    dispute = services.dispute_raise(actor=bob, payment=fee.payment, reason="Withholding tax")
    audit = services.audit_request_create(
        actor=alice,
        alliance=deal.alliance,
        audited_party=deal.borealis,
        scope="Net sales",
        period_start=datetime.date(first_year, 1, 1),
        period_end=datetime.date(first_year, 12, 31),
    )
    helix_note = services.finance_note_create(
        actor=alice, alliance=deal.alliance, payment=fee.payment, body="HELIX-ONLY: runway note"
    )
    borealis_note = services.finance_note_create(
        actor=bob, alliance=deal.alliance, payment=fee.payment, body="BOREALIS-ONLY: accrual note"
    )
    return {
        "fee": fee,
        "milestones": milestones,
        "term": term,
        "workstream": workstream,
        "dispute": dispute,
        "audit": audit,
        "helix_note": helix_note,
        "borealis_note": borealis_note,
        "cast": cast,
    }


def add_years(
    deal: Deal, term: RoyaltyTerm, workstream: CostWorkstream, years: range | list[int]
) -> None:
    """A year of history per year given: four royalty reports (the second restated down, a
    credit), each quarter's shared costs trued up, and a paid fee."""
    from decimal import Decimal as D

    from concord.deals import services

    alice, bob = deal.cast.alice, deal.cast.bob
    for year in years:
        for quarter in range(1, 5):
            services.royalty_report_submit(
                actor=bob, term=term, year=year, quarter=quarter, net_sales=D("90000000.50")
            )
            for who, amount in ((bob, "1200000.10"), (alice, "333333.33")):
                services.cost_entry_record(
                    actor=who,
                    workstream=workstream,
                    year=year,
                    quarter=quarter,
                    amount=D(amount),
                    description=f"CRO costs {year} Q{quarter}",
                )
            services.true_up_settle(actor=bob, workstream=workstream, year=year, quarter=quarter)
        second_quarter = RoyaltyReport.objects.unscoped().get(term=term, year=year, quarter=2)
        services.royalty_report_restate(  # returns: a credit of 10% on 10M, owed back
            actor=bob, report=second_quarter, net_sales=D("80000000.50"), reason="Returns"
        )
        fee = services.fee_create(
            actor=bob,
            alliance=deal.alliance,
            kind="other",
            title=f"Annual licence fee {year}",
            amount=D("250000"),
            currency="GBP",
            payer=deal.borealis,
            payee=deal.helix,
            due_date=datetime.date(year, 6, 30),
        )
        services.payment_record(actor=bob, payment=fee.payment, amount=D("250000"))
