"""Permission-matrix entries for the deals pages and API; see tests/test_permission_matrix.py.

In each world Bob's Borealis (the partner) pays the lead's biotech: an upfront fee that is due and
not yet invoiced, a Phase 2 milestone the lead has notified and Borealis must confirm, a Phase 3
milestone still to come, a royalty on Borealis's sales with a quarter reported, a first
Build-to-Buy tranche Borealis may release, an option Borealis holds with its window open today, a
60/40 workstream with both sides' costs this quarter, a disputed payment and an audit the lead
asked of Borealis.

The right party does each step: the payee (the lead) invoices, the payer (the partner) pays,
confirms what the lead notified, reports and restates its sales, releases its tranches and
exercises its option; the lead records its own audit's findings.

The deal is signed, so its agreed terms change only by amendment: the option is no longer edited
directly (422 for everyone), and the lead has proposed raising the Phase 3 milestone. Only the
partner answers it, naming its own party; the lead naming the partner's party is acting for the
other (422). Only the lead withdraws it; the partner naming the lead's party is refused too. Viewers read and write nothing;
outsiders get a 404. A second attempt after a success meets the rule it breaks (422): payable
once, a quarter settled once, one open dispute per line.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from concord.alliances.models import Party, Programme
from concord.deals import services
from conftest import signed
from tests.matrix import (
    API_SCOPED_READ,
    MANAGERS,
    MEMBERS,
    READERS,
    Operation,
    Page,
    World,
    alliance_pk,
    body,
    expect,
    lead_of,
    object_pk,
)

D = Decimal
SIGNED = datetime.date(2025, 1, 15)
API_WRITE = expect(anonymous=401, outsider=404, viewer=403, others=201)
API_UPDATE = expect(anonymous=401, outsider=404, viewer=403, others=200)
# Only the partner (Borealis, the payer) may; a second try by the lead breaks a rule or a role.
PARTNER_THEN_RULE = expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=422)
PARTNER_ONLY = expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=403)
LEAD_ONLY = expect(anonymous=401, outsider=404, viewer=403, partner=403, lead=200)
PAGE_PARTNER = expect(anonymous=302, outsider=404, viewer=403, partner=200, lead=403)
PAGE_LEAD = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=200)
ACTION_PARTNER = expect(anonymous=302, outsider=404, viewer=403, partner=302, lead=403)
ACTION_LEAD = expect(anonymous=302, outsider=404, viewer=403, partner=403, lead=302)
# The partner answers for its own party; the lead (and its viewer) naming the partner's party
# act for the other, refused on the party named before any role is looked at.
PARTNER_ANSWERS = expect(anonymous=401, outsider=404, viewer=422, partner=200, lead=422)


def _quarter() -> tuple[int, int]:
    today = datetime.date.today()
    return today.year, (today.month - 1) // 3 + 1


def build(world: World) -> dict[str, Any]:
    """The deals records this capability's routes point at, for one of the two alliances."""
    lead, bob, alliance = lead_of(world), world.cast.bob, world.alliance
    ours = world.objects["party"]
    borealis = Party.objects.unscoped().get(alliance=alliance, organisation=world.cast.borealis)
    money = {"payer": borealis, "payee": ours}
    programme = Programme.objects.unscoped().filter(alliance=alliance).first()

    def milestone(event: str) -> Any:
        return services.milestone_create(
            actor=bob,
            alliance=alliance,
            programme=programme,
            event=event,
            amount=D("10000000"),
            currency="USD",
            **money,
        )

    notified = milestone("phase_2")
    services.milestone_notify(actor=lead, milestone=notified, achieved_on=datetime.date.today())
    fee = services.fee_create(
        actor=bob,
        alliance=alliance,
        kind="upfront",
        title="Upfront",
        amount=D("25000000"),
        currency="USD",
        due_date=datetime.date.today(),
        **money,
    )
    disputed = services.fee_create(
        actor=bob,
        alliance=alliance,
        kind="option_fee",
        title="Option fee",
        amount=D("1000000"),
        currency="USD",
        due_date=datetime.date.today(),
        **money,
    )
    workstream = services.workstream_create(
        actor=bob,
        alliance=alliance,
        name="Phase 2 development",
        currency="EUR",
        shares={borealis: D("60"), ours: D("40")},
    )
    year, quarter = _quarter()
    cost = services.cost_entry_record(
        actor=lead,
        workstream=workstream,
        year=year,
        quarter=quarter,
        amount=D("125000.50"),
        description="Site start-up",
    )
    services.cost_entry_record(
        actor=bob,
        workstream=workstream,
        year=year,
        quarter=quarter,
        amount=D("300000"),
        description="CRO monthly fee",
    )
    services.option_save(
        actor=bob,
        alliance=alliance,
        kind="acquisition",
        price=D("300000000"),
        currency="USD",
        holder=borealis,
        grantor=ours,
        window_opens=datetime.date.today(),
        window_closes=datetime.date.today() + datetime.timedelta(days=60),
    )
    royalty_term = services.royalty_term_create(
        actor=bob,
        alliance=alliance,
        title="Royalty",
        currency="USD",
        tiers=[(D("250000000"), D("8")), (None, D("10"))],
        programme=programme,
        **money,
    )
    pending = milestone("phase_3")
    services.deal_terms_save(actor=bob, alliance=alliance, signed_on=SIGNED)
    amendment = services.amendment_propose(
        actor=lead,
        alliance=alliance,
        term="milestone.amount",
        subject_id=pending.pk,
        effective_from=datetime.date(2025, 6, 1),
        reason="The Phase 3 protocol doubled the enrolment.",
        proposed=services.Proposed(value="12000000"),
        **signed(),
    )
    return {
        "borealis_party": borealis,
        "milestone": notified,
        "pending_milestone": pending,
        "amendment": amendment,
        "fee_payment": fee.payment,
        "royalty_term": royalty_term,
        "royalty_report": services.royalty_report_submit(
            actor=bob, term=royalty_term, year=2024, quarter=1, net_sales=D("120000000.00")
        ),
        "tranche": services.tranche_create(
            actor=bob,
            alliance=alliance,
            title="Seed",
            unlocks_when="Signature",
            amount=D("2000000"),
            currency="USD",
            **money,
        ),
        "cost_workstream": workstream,
        "cost_entry": cost,
        "money_dispute": services.dispute_raise(
            actor=bob, payment=disputed.payment, reason="Withholding tax not deducted"
        ),
        "audit_request": services.audit_request_create(
            actor=lead,
            alliance=alliance,
            audited_party=borealis,
            scope="Net sales reported",
            period_start=datetime.date(2025, 1, 1),
            period_end=datetime.date(2025, 12, 31),
        ),
    }


def _payer_payee(world: World) -> dict[str, int]:
    return {
        "payer_party_id": world.objects["borealis_party"].pk,
        "payee_party_id": world.objects["party"].pk,
    }


def _quarter_body(world: World) -> dict[str, Any]:
    year, quarter = _quarter()
    return {"year": year, "quarter": quarter}


PAGES: dict[str, Page] = {
    "deals:portfolio-ledger": Page(lambda w: {}, MEMBERS),
    "deals:portfolio-xlsx": Page(lambda w: {}, MEMBERS),
    "deals:alliance-money": Page(alliance_pk, READERS),
    "deals:alliance-ledger": Page(alliance_pk, READERS),
    "deals:ledger-csv": Page(alliance_pk, READERS),
    "deals:ledger-xlsx": Page(alliance_pk, READERS),
    "deals:deal-terms-edit": Page(alliance_pk, MANAGERS),
    "deals:fee-create": Page(alliance_pk, MANAGERS),
    "deals:milestone-create": Page(alliance_pk, MANAGERS),
    "deals:royalty-term-create": Page(alliance_pk, MANAGERS),
    "deals:tranche-create": Page(alliance_pk, MANAGERS),
    "deals:option-edit": Page(alliance_pk, MANAGERS),
    "deals:workstream-create": Page(alliance_pk, MANAGERS),
    "deals:audit-request-create": Page(alliance_pk, MANAGERS),
    "deals:finance-note-create": Page(alliance_pk, MANAGERS),
    # Borealis exercises the option it holds; the window is open.
    "deals:option-exercise": Page(alliance_pk, ACTION_PARTNER, post=body()),
    "deals:milestone-notify": Page(object_pk("pending_milestone"), MANAGERS),
    # The lead notified Phase 2: only the other party confirms or rejects it.
    "deals:milestone-confirm": Page(object_pk("milestone"), ACTION_PARTNER, post=body()),
    "deals:milestone-reject": Page(object_pk("milestone"), PAGE_PARTNER),
    "deals:royalty-report-create": Page(object_pk("royalty_term"), PAGE_PARTNER),
    # Borealis reported the quarter: only Borealis restates it.
    "deals:royalty-report-restate": Page(object_pk("royalty_report"), PAGE_PARTNER),
    "deals:tranche-release": Page(object_pk("tranche"), ACTION_PARTNER, post=body()),
    "deals:payment-detail": Page(object_pk("fee_payment"), READERS),
    "deals:payment-invoice": Page(object_pk("fee_payment"), PAGE_LEAD),
    "deals:payment-record": Page(object_pk("fee_payment"), PAGE_PARTNER),
    "deals:payment-dispute": Page(object_pk("fee_payment"), MANAGERS),
    "deals:workstream-detail": Page(object_pk("cost_workstream"), READERS),
    "deals:cost-entry-create": Page(object_pk("cost_workstream"), MANAGERS),
    # Either side settles the quarter; the second attempt is refused with a message (still 302).
    "deals:true-up-settle": Page(
        object_pk("cost_workstream"),
        expect(anonymous=302, outsider=404, viewer=403, others=302),
        post=_quarter_body,
    ),
    "deals:cost-entry-dispute": Page(object_pk("cost_entry"), MANAGERS),
    "deals:dispute-resolve": Page(object_pk("money_dispute"), MANAGERS),
    "deals:audit-request-close": Page(object_pk("audit_request"), PAGE_LEAD),
    "deals:amendment-list": Page(alliance_pk, READERS),
    "deals:amendment-propose": Page(alliance_pk, MANAGERS),
    # The lead proposed: its own approval or rejection is refused with a message (still 302).
    # Each answer is signed with the answerer's own password and the meaning that fits it.
    "deals:amendment-approve": Page(
        object_pk("amendment"),
        expect(anonymous=302, outsider=404, viewer=403, others=302),
        body(**signed()),
    ),
    "deals:amendment-reject": Page(
        object_pk("amendment"),
        expect(anonymous=302, outsider=404, viewer=403, others=302),
        body(reason="Not in this year's budget", **signed("reject")),
    ),
    "deals:amendment-withdraw": Page(object_pk("amendment"), ACTION_LEAD, post=body()),
}

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/alliances/{alliance_id}/deal"): Operation(API_SCOPED_READ),
    ("put", "/api/v1/alliances/{alliance_id}/deal"): Operation(
        API_UPDATE,
        body(
            signed_on="2025-01-15", payment_days=45, nudge_days=10, summary="Licence with options"
        ),
    ),
    ("post", "/api/v1/alliances/{alliance_id}/fees"): Operation(
        API_WRITE,
        lambda w: {
            "kind": "equity",
            "title": "Equity investment",
            "amount": "15000000.00",
            "currency": "USD",
            "due_date": "2026-03-31",
            **_payer_payee(w),
        },
    ),
    ("get", "/api/v1/alliances/{alliance_id}/milestones"): Operation(API_SCOPED_READ),
    # The world's deal is signed: a new milestone would change its agreed terms, which only an
    # amendment does, so it is refused for everyone who reaches it.
    ("post", "/api/v1/alliances/{alliance_id}/milestones"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        lambda w: {
            "programme_id": w.objects["programme"].pk,
            "event": "approval",
            "region": "US",
            "amount": "50000000",
            "currency": "USD",
            **_payer_payee(w),
        },
    ),
    # The world's milestone is already notified: notifying it again is refused for everyone.
    ("post", "/api/v1/milestones/{milestone_id}/notify"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        body(achieved_on="2026-01-15"),
    ),
    ("post", "/api/v1/milestones/{milestone_id}/confirm"): Operation(PARTNER_ONLY),
    ("post", "/api/v1/milestones/{milestone_id}/reject"): Operation(
        PARTNER_ONLY, body(reason="The patient was dosed in the screening period.")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/royalty-terms"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/royalty-terms"): Operation(
        API_WRITE,
        lambda w: {
            "title": "Royalty ex-US",
            "currency": "EUR",
            "tiers": [{"up_to": "100000000", "rate": "6"}, {"up_to": None, "rate": "9.5"}],
            **_payer_payee(w),
        },
    ),
    ("get", "/api/v1/alliances/{alliance_id}/royalty-reports"): Operation(API_SCOPED_READ),
    # Borealis sells and reports; the lead may not report Borealis's sales.
    ("post", "/api/v1/royalty-terms/{royalty_term_id}/reports"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=403),
        body(year=2025, quarter=1, net_sales="180000000.00"),
    ),
    ("get", "/api/v1/royalty-reports/{royalty_report_id}"): Operation(API_SCOPED_READ),
    # Borealis restates the quarter it reported; the lead may not restate Borealis's sales.
    ("post", "/api/v1/royalty-reports/{royalty_report_id}/restatements"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=403),
        body(net_sales="100000000.00", reason="Returns booked after the report"),
    ),
    ("get", "/api/v1/alliances/{alliance_id}/tranches"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/tranches"): Operation(
        API_WRITE,
        lambda w: {
            "title": "Proof of concept",
            "unlocks_when": "In vivo efficacy in two models",
            "amount": "4000000",
            "currency": "USD",
            **_payer_payee(w),
        },
    ),
    ("post", "/api/v1/tranches/{tranche_id}/release"): Operation(PARTNER_ONLY),
    # The deal is signed: the option's price and window change only by amendment.
    ("put", "/api/v1/alliances/{alliance_id}/option"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, others=422),
        lambda w: {
            "kind": "licence",
            "price": "250000000",
            "currency": "USD",
            "holder_party_id": w.objects["borealis_party"].pk,
            "grantor_party_id": w.objects["party"].pk,
            "window_opens": "2026-01-01",
            "window_closes": "2030-12-31",
        },
    ),
    ("post", "/api/v1/alliances/{alliance_id}/option/exercise"): Operation(PARTNER_ONLY),
    ("get", "/api/v1/alliances/{alliance_id}/payments"): Operation(API_SCOPED_READ),
    ("get", "/api/v1/payments"): Operation(expect(anonymous=401, others=200)),
    ("get", "/api/v1/payments/{payment_id}"): Operation(API_SCOPED_READ),
    # The payee invoices, the payer pays.
    ("post", "/api/v1/payments/{payment_id}/invoice"): Operation(
        LEAD_ONLY, body(invoice_number="INV-2026-001")
    ),
    ("post", "/api/v1/payments/{payment_id}/receipts"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=201, lead=403),
        body(amount="10000000.00", reference="Wire 8841"),
    ),
    ("post", "/api/v1/payments/{payment_id}/disputes"): Operation(
        PARTNER_THEN_RULE, body(reason="Invoice lacks the purchase order")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/cost-workstreams"): Operation(API_SCOPED_READ),
    # One workstream per name: the lead's second one of the same name is refused.
    ("post", "/api/v1/alliances/{alliance_id}/cost-workstreams"): Operation(
        PARTNER_THEN_RULE,
        lambda w: {
            "name": "CMC scale-up",
            "currency": "EUR",
            "shares": [
                {"party_id": w.objects["borealis_party"].pk, "percent": "55.5"},
                {"party_id": w.objects["party"].pk, "percent": "44.5"},
            ],
        },
    ),
    ("get", "/api/v1/alliances/{alliance_id}/cost-entries"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/cost-workstreams/{cost_workstream_id}/cost-entries"): Operation(
        API_WRITE,
        lambda w: {**_quarter_body(w), "amount": "48000.25", "description": "Assay development"},
    ),
    ("get", "/api/v1/cost-workstreams/{cost_workstream_id}/true-ups"): Operation(API_SCOPED_READ),
    # A quarter is settled once.
    ("post", "/api/v1/cost-workstreams/{cost_workstream_id}/true-ups"): Operation(
        PARTNER_THEN_RULE, _quarter_body
    ),
    ("post", "/api/v1/cost-entries/{cost_entry_id}/disputes"): Operation(
        PARTNER_THEN_RULE, body(reason="Not a shared cost under the budget")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/money-disputes"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/money-disputes/{money_dispute_id}/resolve"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=200, lead=422),
        body(resolution="Credit note issued for the withholding tax."),
    ),
    ("get", "/api/v1/alliances/{alliance_id}/audit-requests"): Operation(API_SCOPED_READ),
    # Borealis asks to audit the lead; the lead cannot ask to audit itself.
    ("post", "/api/v1/alliances/{alliance_id}/audit-requests"): Operation(
        PARTNER_THEN_RULE,
        lambda w: {
            "audited_party_id": w.objects["party"].pk,
            "scope": "Costs charged to the shared workstream",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
    ),
    ("post", "/api/v1/audit-requests/{audit_request_id}/findings"): Operation(
        LEAD_ONLY, body(findings="Net sales reconciled; one deduction reclassified.")
    ),
    ("get", "/api/v1/alliances/{alliance_id}/finance-notes"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/alliances/{alliance_id}/finance-notes"): Operation(
        API_WRITE, body(body="Accrue in Q2; check FX at payment.")
    ),
}


def _partner_party(world: World) -> dict[str, Any]:
    return {"party_id": world.objects["borealis_party"].pk}


OPERATIONS |= {
    ("get", "/api/v1/alliances/{alliance_id}/amendments"): Operation(API_SCOPED_READ),
    # One pending amendment per term: the lead's second proposal of the same change is refused.
    ("post", "/api/v1/alliances/{alliance_id}/amendments"): Operation(
        PARTNER_THEN_RULE,
        lambda w: {
            "term": "tranche.amount",
            "subject_id": w.objects["tranche"].pk,
            "value": "2500000",
            "effective_from": "2025-07-01",
            "reason": "Seed funding raised for the added toxicology study.",
            **signed(),
        },
    ),
    ("get", "/api/v1/amendments/{amendment_id}"): Operation(API_SCOPED_READ),
    ("post", "/api/v1/amendments/{amendment_id}/approve"): Operation(
        PARTNER_ANSWERS, lambda w: {**_partner_party(w), **signed()}
    ),
    ("post", "/api/v1/amendments/{amendment_id}/reject"): Operation(
        PARTNER_ANSWERS,
        lambda w: {"reason": "Not in budget", **_partner_party(w), **signed("reject")},
    ),
    # Only the proposer withdraws; the partner naming the lead's party acts for the other.
    ("post", "/api/v1/amendments/{amendment_id}/withdraw"): Operation(
        expect(anonymous=401, outsider=404, viewer=403, partner=422, lead=200),
        lambda w: {"party_id": w.objects["party"].pk},
    ),
}

PATH_OBJECTS: dict[str, Callable[[World], Any]] = {
    "amendment_id": lambda w: w.objects["amendment"].pk,
    "milestone_id": lambda w: w.objects["milestone"].pk,
    "royalty_term_id": lambda w: w.objects["royalty_term"].pk,
    "royalty_report_id": lambda w: w.objects["royalty_report"].pk,
    "tranche_id": lambda w: w.objects["tranche"].pk,
    "payment_id": lambda w: w.objects["fee_payment"].pk,
    "cost_workstream_id": lambda w: w.objects["cost_workstream"].pk,
    "cost_entry_id": lambda w: w.objects["cost_entry"].pk,
    "money_dispute_id": lambda w: w.objects["money_dispute"].pk,
    "audit_request_id": lambda w: w.objects["audit_request"].pk,
}
