"""The demo's deals: Castlegate pays its partners on realistic terms, from a CHF 8M upfront to a
USD 250M one; milestone ladders climbed rung by rung, some paid, the rest ahead; royalties
reported quarter by quarter; one Build-to-Buy deal half-way through its tranches with its option
window still ahead; a milestone paid in part and disputed, and a ledger with every status. Read
from the demo seeded once for all demo tests (conftest.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from concord.core.models import Signature
from concord.core.signatures import subject_key
from concord.deals import selectors
from concord.deals.models import (
    Amendment,
    BuyOption,
    Dispute,
    Fee,
    Milestone,
    Payment,
    RoyaltyReport,
    RoyaltyRestatement,
    Tranche,
)
from concord.deals.money import MINOR_UNITS, quantize

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_upfronts_range_from_a_few_million_francs_to_a_quarter_billion_dollars(played):
    upfronts = Fee.objects.unscoped().filter(kind=Fee.Kind.UPFRONT)
    amounts = sorted((fee.amount, fee.currency) for fee in upfronts)
    assert amounts[0] == (Decimal("8000000"), "CHF")
    assert amounts[-1] == (Decimal("250000000"), "USD")
    assert {currency for _, currency in amounts} >= {"CHF", "EUR", "GBP", "USD"}
    for payment in Payment.objects.unscoped():
        assert isinstance(payment.amount, Decimal) and payment.currency in MINOR_UNITS
        # Every sum is owed one way, except a restated royalty's credit: owed back.
        assert payment.amount > 0 or payment.royalty_restatement_id is not None


@pytest.mark.django_db
def test_milestone_ladders_are_climbed_in_order(played):
    milestones = Milestone.objects.unscoped().select_related("payment")
    ladders: dict[int, list[Milestone]] = {}
    for milestone in milestones:
        ladders.setdefault(milestone.programme_id, []).append(milestone)
    climbed = 0
    for rungs in ladders.values():
        development = [m for m in rungs if m.sequence is not None]
        reached = [m.sequence for m in development if m.status == Milestone.Status.ACHIEVED]
        ahead = [m.sequence for m in development if m.status == Milestone.Status.PENDING]
        assert not (reached and ahead) or max(reached) < min(ahead)
        paid = [m for m in rungs if m.status == "achieved" and m.payment.is_paid]
        pending = [m for m in rungs if m.status == Milestone.Status.PENDING]
        if len(rungs) >= 5 and len(paid) >= 2 and len(pending) >= 2:
            climbed += 1
    assert climbed >= 2
    # Quillon's IND milestone was never notified: confirming Phase 1 made it payable with it.
    skipped = milestones.get(skipped_for__isnull=False)
    assert (skipped.event, skipped.skipped_for.event) == ("ind_filed", "phase_1")
    assert skipped.payment.status == Payment.Status.PAID


@pytest.mark.django_db
def test_royalties_are_reported_each_quarter_and_computed_across_tiers(played):
    reports = RoyaltyReport.objects.unscoped().select_related("payment", "term")
    assert reports.count() == 12 and len({r.term_id for r in reports}) == 2
    years: dict[tuple[int, int], list[RoyaltyReport]] = {}
    for report in reports:
        exact = sum(Decimal(s["royalty"]) for s in report.calculation)
        assert report.royalty > 0 and abs(report.royalty - exact) < Decimal("0.01")
        assert Decimal("0.08") <= report.royalty / report.net_sales <= Decimal("0.14")
        assert report.payment.amount == report.royalty
        years.setdefault((report.term_id, report.year), []).append(report)
    # Rounding is on the year to date, so a year's quarters add up to the rounded annual royalty.
    for quarters in years.values():
        exact = sum(Decimal(s["royalty"]) for r in quarters for s in r.calculation)
        assert sum(r.royalty for r in quarters) == quantize(exact, quarters[0].term.currency)
    assert any(len(report.calculation) > 1 for report in reports)


@pytest.mark.django_db
def test_a_royalty_quarter_restated_down_leaves_a_credit_paid_back(played):
    [restated] = RoyaltyRestatement.objects.unscoped().select_related("report__term", "payment")
    report = restated.report
    assert (report.year, report.quarter, report.term.currency) == (2025, 2, "EUR")
    assert (report.net_sales, report.current_net_sales) == (
        Decimal("131000000"),
        Decimal("127800000"),
    )
    assert "returns" in restated.reason.lower()
    # The year stays above EUR 500M, so the EUR 3.2M of returns come off at the 12% tier.
    assert restated.adjustment == Decimal("-384000.00")
    credit = restated.payment
    assert credit.amount == Decimal("-384000.00") and credit.is_paid
    assert credit.receipts.get().amount == Decimal("384000.00")


@pytest.mark.django_db
def test_one_build_to_buy_deal_is_half_way_with_its_option_ahead(played):
    option = BuyOption.objects.unscoped().get()
    tranches = list(Tranche.objects.unscoped().filter(alliance=option.alliance))
    assert Tranche.objects.unscoped().count() == len(tranches) == 4
    released = [t.sequence for t in tranches if t.status == Tranche.Status.RELEASED]
    locked = [t.sequence for t in tranches if t.status == Tranche.Status.LOCKED]
    assert released == [1, 2] and locked == [3, 4]
    assert all(t.payment.status == Payment.Status.PAID for t in tranches[:2])
    assert option.status == BuyOption.Status.OPEN and option.exercised_on is None
    assert option.window_state(timezone.localdate()) == "before"
    picture = selectors.build_to_buy(tranches, option)
    assert picture.next_tranche == tranches[2] and picture.days_left > 365


@pytest.mark.django_db
def test_the_ledger_shows_every_status_and_a_disputed_payment(played):
    tom = played.person("castlegate", "tom")

    def ledger(state: str) -> list[Payment]:
        filters = selectors.LedgerFilters(state=state)
        return list(selectors.payment_list(user=tom, filters=filters))

    assert len(ledger("paid")) > 20
    for state in ["invoiced", "unbilled", "overdue", "partly_paid"]:
        assert ledger(state), state
    (disputed,) = ledger("disputed")
    assert disputed.status == Payment.Status.PARTLY_PAID and disputed.source == "milestone"
    assert disputed.amount_paid == Decimal("10000000")
    assert disputed.outstanding == Decimal("5000000")
    assert disputed.is_late and disputed.overdue_notified_at is not None
    assert all(p.nudged_at is not None for p in ledger("unbilled"))
    cost_dispute = Dispute.objects.unscoped().get(cost_entry__isnull=False)
    assert cost_dispute.status == Dispute.Status.RESOLVED


@pytest.mark.django_db
def test_one_amendment_is_approved_and_one_awaits_the_other_party(played):
    amendments = Amendment.objects.unscoped().select_related("proposing_party__organisation")
    approved = amendments.get(status=Amendment.Status.APPROVED)
    pending = amendments.get(status=Amendment.Status.PENDING)
    # Lumen asked for more at Phase 3 after the protocol grew; Castlegate approved it.
    assert approved.term == "milestone.amount" and "protocol" in approved.reason
    assert (approved.old_value, approved.new_value) == ("60000000.00", "75000000.00")
    assert approved.proposing_party.organisation.name == "Lumen Oncology"
    assert Milestone.objects.unscoped().get(pk=approved.subject_id).amount == Decimal("75000000")
    assert {a.party_id for a in approved.acts.all()} == set(
        approved.alliance.parties.values_list("pk", flat=True)
    )
    # Lumen's proposal and Castlegate's approval are each its signer's electronic signature,
    # shown on the history.
    proposal, signature = signatures_on(approved)
    assert proposal.meaning == "approve" and proposal.organisation.name == "Lumen Oncology"
    assert proposal.statement.startswith("Proposed and approved the amendment of")
    assert signature.meaning == "approve" and signature.organisation.name.startswith("Castlegate")
    assert signature.statement.startswith("Approved the amendment of")
    [proposed] = signatures_on(pending)  # Castlegate's own; Fenwick has not signed
    assert proposed.meaning == "approve" and proposed.organisation.name.startswith("Castlegate")
    # Castlegate asks Fenwick for a longer option window; Fenwick has not answered yet.
    assert pending.term == "option.window" and pending.acts.count() == 1
    assert pending.proposing_party.organisation.name.startswith("Castlegate")
    option = BuyOption.objects.unscoped().get()
    assert option.window_closes.isoformat() == pending.old_value[1] != pending.new_value[1]


def signatures_on(subject: Any) -> list[Signature]:
    """Every signature on a record, whoever may see it."""
    subject_type, subject_id = subject_key(subject)
    found = Signature.objects.unscoped().filter(subject_type=subject_type, subject_id=subject_id)
    return list(found.select_related("organisation"))
