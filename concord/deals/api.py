"""API of the deals capability: deal terms, milestones, royalties, Build-to-Buy, the ledger, cost
sharing, disputes, audit requests and private finance notes, always in the caller's scope."""

from __future__ import annotations

from typing import Any, TypedDict

from django.http import HttpRequest
from ninja import Query, Router, Status

from concord.alliances.models import Alliance, Party, Programme
from concord.core.api import Id, PageIn, actor, paginate, responses
from concord.core.errors import invalid
from concord.deals import selectors, services
from concord.deals.models import CostEntry, Milestone, Payment
from concord.deals.schemas import (
    AuditRequestIn,
    AuditRequestOut,
    CostEntryIn,
    CostEntryOut,
    CostEntryPageOut,
    DealOut,
    DealTermsIn,
    DealTermsOut,
    DisputeOut,
    FeeIn,
    FeeOut,
    FinanceNoteIn,
    FinanceNoteOut,
    FindingsIn,
    InvoiceIn,
    LedgerIn,
    MilestoneIn,
    MilestoneNotifyIn,
    MilestoneOut,
    MoneyReasonIn,
    MoneyResolutionIn,
    OptionIn,
    OptionOut,
    PaymentDetailOut,
    PaymentPageOut,
    QuarterOut,
    ReceiptIn,
    RoyaltyReportIn,
    RoyaltyReportOut,
    RoyaltyReportPageOut,
    RoyaltyRestatementIn,
    RoyaltyRestatementOut,
    RoyaltyTermIn,
    RoyaltyTermOut,
    TrancheIn,
    TrancheOut,
    TrueUpIn,
    WorkstreamIn,
    WorkstreamOut,
    exact,
)
from concord.deals.selectors import LedgerFilters
from concord.orgs.models import User

router = Router(tags=["deals"])


def _alliance(user: User, alliance_id: int) -> Alliance:
    return selectors.money_alliance(user=user, pk=alliance_id)


def _party(user: User, alliance: Alliance, party_id: int, field: str) -> Party:
    party = selectors.accepted_parties(user=user, alliance=alliance).filter(pk=party_id).first()
    if party is None:
        raise invalid(field, "No party that has joined this alliance has this id.")
    return party


class MoneyParties(TypedDict):
    """Who pays and who is paid, as the services take them."""

    payer: Party
    payee: Party


def _money_parties(user: User, alliance: Alliance, payload: Any) -> MoneyParties:
    return {
        "payer": _party(user, alliance, payload.payer_party_id, "payer_party_id"),
        "payee": _party(user, alliance, payload.payee_party_id, "payee_party_id"),
    }


def _programme(user: User, alliance: Alliance, programme_id: int) -> Programme:
    programme = (
        Programme.objects.visible_to(user).filter(alliance=alliance, pk=programme_id).first()
    )
    if programme is None:
        raise invalid("programme_id", "No programme of this alliance has this id.")
    return programme


def _programme_or_none(
    user: User, alliance: Alliance, programme_id: int | None
) -> Programme | None:
    return None if programme_id is None else _programme(user, alliance, programme_id)


def _payment(user: User, payment_id: int) -> Payment:
    return selectors.payment_get(user=user, pk=payment_id)


# --- Deal terms --------------------------------------------------------------------------------


def _deal(user: User, alliance: Alliance) -> dict[str, Any]:
    return {
        "alliance_id": alliance.pk,
        "terms": selectors.deal_terms_for(user=user, alliance=alliance),
        "fees": list(selectors.fee_list(user=user, alliance=alliance)),
        "totals": selectors.money_panel(user=user, alliance=alliance),
        "option": selectors.option_for(user=user, alliance=alliance),
    }


@router.get("/alliances/{alliance_id}/deal", response=responses({200: DealOut}))
def deal_get(request: HttpRequest, alliance_id: Id) -> dict[str, Any]:
    """The deal: its terms, fees, option, and totals by currency (never converted)."""
    user = actor(request)
    return _deal(user, _alliance(user, alliance_id))


@router.put("/alliances/{alliance_id}/deal", response=responses({200: DealTermsOut}))
def deal_terms_save(request: HttpRequest, alliance_id: Id, payload: DealTermsIn) -> Any:
    """Set the agreement's frame: signature date, payment terms and the unbilled-sum nudge."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    return services.deal_terms_save(actor=user, alliance=alliance, **payload.model_dump())


@router.post("/alliances/{alliance_id}/fees", response=responses({201: FeeOut}))
def fee_create(request: HttpRequest, alliance_id: Id, payload: FeeIn) -> Status[Any]:
    """Add an upfront payment, equity investment or option fee; it is due on its date."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    data = payload.model_dump(exclude={"payer_party_id", "payee_party_id"})
    fee = services.fee_create(
        actor=user, alliance=alliance, **data, **_money_parties(user, alliance, payload)
    )
    return Status(201, selectors.fee_list(user=user, alliance=alliance).get(pk=fee.pk))


# --- Milestones --------------------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/milestones", response=responses({200: list[MilestoneOut]}))
def milestone_list(request: HttpRequest, alliance_id: Id) -> list[Milestone]:
    """The alliance's milestones, with their state and payment."""
    user = actor(request)
    return list(selectors.milestone_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/milestones", response=responses({201: MilestoneOut}))
def milestone_create(request: HttpRequest, alliance_id: Id, payload: MilestoneIn) -> Status[Any]:
    """Add a milestone to a programme: payable once per programme and indication."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    milestone = services.milestone_create(
        actor=user,
        alliance=alliance,
        programme=_programme(user, alliance, payload.programme_id),
        event=payload.event,
        region=payload.region or "",
        sales_threshold=payload.sales_threshold,
        threshold_rule=payload.threshold_rule,
        amount=payload.amount,
        currency=payload.currency,
        title=payload.title,
        **_money_parties(user, alliance, payload),
    )
    return Status(201, selectors.milestone_get(user=user, pk=milestone.pk))


@router.post("/milestones/{milestone_id}/notify", response=responses({200: MilestoneOut}))
def milestone_notify(request: HttpRequest, milestone_id: Id, payload: MilestoneNotifyIn) -> Any:
    """Notify that a milestone was achieved; the other party confirms it."""
    user = actor(request)
    milestone = selectors.milestone_get(user=user, pk=milestone_id)
    services.milestone_notify(actor=user, milestone=milestone, **payload.model_dump())
    return selectors.milestone_get(user=user, pk=milestone_id)


@router.post("/milestones/{milestone_id}/confirm", response=responses({200: list[MilestoneOut]}))
def milestone_confirm(request: HttpRequest, milestone_id: Id) -> list[Milestone]:
    """Confirm the other party's notification: the milestone, and any skipped, become payable.

    Answers with every milestone that became payable: this one and the skipped earlier ones.
    """
    user = actor(request)
    milestone = selectors.milestone_get(user=user, pk=milestone_id)
    services.milestone_confirm(actor=user, milestone=milestone)
    payable = selectors.milestone_list(user=user).filter(
        pk=milestone_id
    ) | selectors.milestone_list(user=user).filter(skipped_for_id=milestone_id)
    return list(payable.order_by("pk"))


@router.post("/milestones/{milestone_id}/reject", response=responses({200: MilestoneOut}))
def milestone_reject(request: HttpRequest, milestone_id: Id, payload: MoneyReasonIn) -> Any:
    """Do not confirm the other party's notification, saying why."""
    user = actor(request)
    milestone = selectors.milestone_get(user=user, pk=milestone_id)
    services.milestone_reject(actor=user, milestone=milestone, reason=payload.reason)
    return selectors.milestone_get(user=user, pk=milestone_id)


# --- Royalties ---------------------------------------------------------------------------------


@router.get(
    "/alliances/{alliance_id}/royalty-terms", response=responses({200: list[RoyaltyTermOut]})
)
def royalty_term_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """The alliance's royalties and their tiers."""
    user = actor(request)
    return list(selectors.royalty_term_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/royalty-terms", response=responses({201: RoyaltyTermOut}))
def royalty_term_create(
    request: HttpRequest, alliance_id: Id, payload: RoyaltyTermIn
) -> Status[Any]:
    """Add a tiered royalty on annual net sales."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    term = services.royalty_term_create(
        actor=user,
        alliance=alliance,
        title=payload.title,
        currency=payload.currency,
        programme=_programme_or_none(user, alliance, payload.programme_id),
        tiers=[(tier.up_to, tier.rate) for tier in payload.tiers],
        **_money_parties(user, alliance, payload),
    )
    return Status(201, selectors.royalty_term_get(user=user, pk=term.pk))


@router.get(
    "/alliances/{alliance_id}/royalty-reports", response=responses({200: RoyaltyReportPageOut})
)
def royalty_report_list(
    request: HttpRequest, alliance_id: Id, page: Query[PageIn]
) -> dict[str, Any]:
    """Reported net sales and the royalty computed on them, newest quarter first."""
    user = actor(request)
    return paginate(
        selectors.royalty_report_list(user=user, alliance=_alliance(user, alliance_id)), page
    )


@router.post(
    "/royalty-terms/{royalty_term_id}/reports", response=responses({201: RoyaltyReportOut})
)
def royalty_report_submit(
    request: HttpRequest, royalty_term_id: Id, payload: RoyaltyReportIn
) -> Status[Any]:
    """Report a quarter's net sales (the selling party): the royalty is computed and falls due."""
    user = actor(request)
    term = selectors.royalty_term_get(user=user, pk=royalty_term_id)
    report = services.royalty_report_submit(actor=user, term=term, **payload.model_dump())
    return Status(201, selectors.royalty_report_get(user=user, pk=report.pk))


@router.get("/royalty-reports/{royalty_report_id}", response=responses({200: RoyaltyReportOut}))
def royalty_report_get(request: HttpRequest, royalty_report_id: Id) -> Any:
    """One quarter's report with the history of its restatements: every figure it has had."""
    return selectors.royalty_report_get(user=actor(request), pk=royalty_report_id)


@router.post(
    "/royalty-reports/{royalty_report_id}/restatements",
    response=responses({201: RoyaltyRestatementOut}),
)
def royalty_report_restate(
    request: HttpRequest, royalty_report_id: Id, payload: RoyaltyRestatementIn
) -> Status[Any]:
    """Restate a reported quarter's net sales, up or down, with a reason (the selling party):
    the year's royalty is recomputed and the difference is due, or a credit owed back."""
    user = actor(request)
    report = selectors.royalty_report_get(user=user, pk=royalty_report_id)
    restatement = services.royalty_report_restate(
        actor=user, report=report, net_sales=payload.net_sales, reason=payload.reason
    )
    report = selectors.royalty_report_get(user=user, pk=royalty_report_id)
    return Status(201, next(r for r in report.restatements.all() if r.pk == restatement.pk))


# --- Build-to-Buy ------------------------------------------------------------------------------


@router.get("/alliances/{alliance_id}/tranches", response=responses({200: list[TrancheOut]}))
def tranche_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """The Build-to-Buy funding tranches in order, released or not."""
    user = actor(request)
    return list(selectors.tranche_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/tranches", response=responses({201: TrancheOut}))
def tranche_create(request: HttpRequest, alliance_id: Id, payload: TrancheIn) -> Status[Any]:
    """Add the next tranche and the named milestone that releases it."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    milestone = None
    if payload.milestone_id is not None:
        milestone = (
            selectors.milestone_list(user=user, alliance=alliance)
            .filter(pk=payload.milestone_id)
            .first()
        )
        if milestone is None:
            raise invalid("milestone_id", "No milestone of this alliance has this id.")
    tranche = services.tranche_create(
        actor=user,
        alliance=alliance,
        title=payload.title,
        unlocks_when=payload.unlocks_when,
        milestone=milestone,
        amount=payload.amount,
        currency=payload.currency,
        **_money_parties(user, alliance, payload),
    )
    return Status(201, selectors.tranche_list(user=user, alliance=alliance).get(pk=tranche.pk))


@router.post("/tranches/{tranche_id}/release", response=responses({200: TrancheOut}))
def tranche_release(request: HttpRequest, tranche_id: Id) -> Any:
    """Release a tranche (the funding party), once its named milestone is met."""
    user = actor(request)
    tranche = selectors.tranche_get(user=user, pk=tranche_id)
    services.tranche_release(actor=user, tranche=tranche)
    return selectors.tranche_list(user=user, alliance=tranche.alliance).get(pk=tranche_id)


@router.put("/alliances/{alliance_id}/option", response=responses({200: OptionOut}))
def option_save(request: HttpRequest, alliance_id: Id, payload: OptionIn) -> Any:
    """Set the option to license or acquire: price and exercise window."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    services.option_save(
        actor=user,
        alliance=alliance,
        kind=payload.kind,
        price=payload.price,
        currency=payload.currency,
        holder=_party(user, alliance, payload.holder_party_id, "holder_party_id"),
        grantor=_party(user, alliance, payload.grantor_party_id, "grantor_party_id"),
        window_opens=payload.window_opens,
        window_closes=payload.window_closes,
        terms=payload.terms,
    )
    return selectors.option_for(user=user, alliance=alliance)


@router.post("/alliances/{alliance_id}/option/exercise", response=responses({200: OptionOut}))
def option_exercise(request: HttpRequest, alliance_id: Id) -> Any:
    """Exercise the option (its holder), only inside the window: the price falls due."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    option = selectors.option_for(user=user, alliance=alliance)
    if option is None:
        raise invalid("option", "This alliance has no option to exercise.")
    services.option_exercise(actor=user, option=option)
    return selectors.option_for(user=user, alliance=alliance)


# --- The ledger --------------------------------------------------------------------------------


def _filters(params: LedgerIn) -> LedgerFilters:
    return LedgerFilters(
        search=params.search.strip(),
        state=params.state,
        source=params.source or "",
        currency=params.currency or "",
        direction=params.direction,
        sort=params.sort if params.sort in selectors.LEDGER_SORTS else "due",
    )


@router.get("/alliances/{alliance_id}/payments", response=responses({200: PaymentPageOut}))
def payment_list(request: HttpRequest, alliance_id: Id, params: Query[LedgerIn]) -> dict[str, Any]:
    """The alliance's ledger: every payment due, invoiced and paid; filtered, sorted, paginated."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    return paginate(
        selectors.payment_list(user=user, alliance=alliance, filters=_filters(params)), params
    )


@router.get("/payments", response=responses({200: PaymentPageOut}))
def portfolio_payment_list(request: HttpRequest, params: Query[LedgerIn]) -> dict[str, Any]:
    """The ledger of every alliance your organisation has joined."""
    return paginate(selectors.payment_list(user=actor(request), filters=_filters(params)), params)


@router.get("/payments/{payment_id}", response=responses({200: PaymentDetailOut}))
def payment_get(request: HttpRequest, payment_id: Id) -> Payment:
    """One ledger line with the payments received against it."""
    return _payment(actor(request), payment_id)


@router.post("/payments/{payment_id}/invoice", response=responses({200: PaymentDetailOut}))
def payment_invoice(request: HttpRequest, payment_id: Id, payload: InvoiceIn) -> Payment:
    """Record the invoice (the party owed the money)."""
    user = actor(request)
    services.payment_invoice(actor=user, payment=_payment(user, payment_id), **payload.model_dump())
    return _payment(user, payment_id)


@router.post("/payments/{payment_id}/receipts", response=responses({201: PaymentDetailOut}))
def payment_record(request: HttpRequest, payment_id: Id, payload: ReceiptIn) -> Status[Payment]:
    """Record money sent (the party that owes it): all that is outstanding, or part of it."""
    user = actor(request)
    services.payment_record(actor=user, payment=_payment(user, payment_id), **payload.model_dump())
    return Status(201, _payment(user, payment_id))


@router.post("/payments/{payment_id}/disputes", response=responses({201: DisputeOut}))
def payment_dispute(request: HttpRequest, payment_id: Id, payload: MoneyReasonIn) -> Status[Any]:
    """Mark a payment as in dispute, saying why."""
    user = actor(request)
    dispute = services.dispute_raise(
        actor=user, payment=_payment(user, payment_id), reason=payload.reason
    )
    return Status(
        201, selectors.dispute_list(user=user, alliance=dispute.alliance).get(pk=dispute.pk)
    )


# --- Cost sharing ------------------------------------------------------------------------------


@router.get(
    "/alliances/{alliance_id}/cost-workstreams", response=responses({200: list[WorkstreamOut]})
)
def workstream_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """The shared workstreams and each party's agreed share of their costs."""
    user = actor(request)
    return list(selectors.workstream_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/cost-workstreams", response=responses({201: WorkstreamOut}))
def workstream_create(request: HttpRequest, alliance_id: Id, payload: WorkstreamIn) -> Status[Any]:
    """Share a workstream's costs in an agreed split; the shares add up to 100."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    shares = {_party(user, alliance, s.party_id, "shares"): s.percent for s in payload.shares}
    if len(shares) != len(payload.shares):
        raise invalid("shares", "Give each party one share.")
    workstream = services.workstream_create(
        actor=user, alliance=alliance, name=payload.name, currency=payload.currency, shares=shares
    )
    return Status(201, selectors.workstream_get(user=user, pk=workstream.pk))


@router.get("/alliances/{alliance_id}/cost-entries", response=responses({200: CostEntryPageOut}))
def cost_entry_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """Every party's cost lines on the alliance's shared workstreams, newest quarter first."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    entries = (
        CostEntry.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("workstream", "party__organisation")
    )
    return paginate(entries, page)


@router.post(
    "/cost-workstreams/{cost_workstream_id}/cost-entries", response=responses({201: CostEntryOut})
)
def cost_entry_record(
    request: HttpRequest, cost_workstream_id: Id, payload: CostEntryIn
) -> Status[Any]:
    """Record a cost your organisation incurred on the workstream in a quarter."""
    user = actor(request)
    workstream = selectors.workstream_get(user=user, pk=cost_workstream_id)
    entry = services.cost_entry_record(actor=user, workstream=workstream, **payload.model_dump())
    return Status(
        201,
        selectors.cost_entry_list(user=user, workstream=workstream)
        .select_related("workstream")
        .get(pk=entry.pk),
    )


def _quarter_out(quarter: selectors.QuarterTrueUp, currency: str) -> dict[str, Any]:
    result = quarter.result
    return {
        "year": quarter.year,
        "quarter": quarter.quarter,
        "total": exact(result.total, currency),
        "settled": quarter.settled is not None,
        "lines": [
            {
                "party_id": line.party_id,
                "organisation": line.organisation,
                "percent": f"{line.percent.normalize():f}",
                "spent": exact(line.spent, currency),
                "fair_share": exact(line.fair_share, currency),
                "balance": exact(line.balance, currency),
            }
            for line in result.lines
        ],
        "settlements": [
            {
                "debtor_party_id": s.debtor,
                "creditor_party_id": s.creditor,
                "amount": exact(s.amount, currency),
            }
            for s in result.settlements
        ],
    }


@router.get(
    "/cost-workstreams/{cost_workstream_id}/true-ups", response=responses({200: list[QuarterOut]})
)
def true_up_list(request: HttpRequest, cost_workstream_id: Id) -> list[dict[str, Any]]:
    """Each quarter's true-up: every party's spend against its share, and who owes whom."""
    user = actor(request)
    workstream = selectors.workstream_get(user=user, pk=cost_workstream_id)
    view = selectors.cost_share_overview(user=user, workstreams=[workstream])[0]
    return [_quarter_out(q, workstream.currency) for q in view.quarters]


@router.post(
    "/cost-workstreams/{cost_workstream_id}/true-ups", response=responses({201: QuarterOut})
)
def true_up_settle(
    request: HttpRequest, cost_workstream_id: Id, payload: TrueUpIn
) -> Status[dict[str, Any]]:
    """Settle a quarter: its true-up is fixed and who owes whom becomes payable."""
    user = actor(request)
    workstream = selectors.workstream_get(user=user, pk=cost_workstream_id)
    services.true_up_settle(actor=user, workstream=workstream, **payload.model_dump())
    view = selectors.cost_share_overview(
        user=user, workstreams=[workstream], since_year=payload.year
    )[0]
    quarter = next(
        q for q in view.quarters if (q.year, q.quarter) == (payload.year, payload.quarter)
    )
    return Status(201, _quarter_out(quarter, workstream.currency))


@router.post("/cost-entries/{cost_entry_id}/disputes", response=responses({201: DisputeOut}))
def cost_entry_dispute(
    request: HttpRequest, cost_entry_id: Id, payload: MoneyReasonIn
) -> Status[Any]:
    """Mark a cost line as in dispute, saying why."""
    user = actor(request)
    entry = selectors.cost_entry_get(user=user, pk=cost_entry_id)
    dispute = services.dispute_raise(actor=user, cost_entry=entry, reason=payload.reason)
    return Status(
        201, selectors.dispute_list(user=user, alliance=entry.alliance).get(pk=dispute.pk)
    )


# --- Disputes, audit requests, private notes ------------------------------------------------------


@router.get("/alliances/{alliance_id}/money-disputes", response=responses({200: list[DisputeOut]}))
def dispute_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Disputed payments and cost lines, open ones first."""
    user = actor(request)
    return list(selectors.dispute_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/money-disputes/{money_dispute_id}/resolve", response=responses({200: DisputeOut}))
def dispute_resolve(request: HttpRequest, money_dispute_id: Id, payload: MoneyResolutionIn) -> Any:
    """Record how a dispute was resolved."""
    user = actor(request)
    dispute = selectors.dispute_get(user=user, pk=money_dispute_id)
    services.dispute_resolve(actor=user, dispute=dispute, resolution=payload.resolution)
    return selectors.dispute_list(user=user, alliance=dispute.alliance).get(pk=money_dispute_id)


@router.get(
    "/alliances/{alliance_id}/audit-requests", response=responses({200: list[AuditRequestOut]})
)
def audit_request_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Audit requests between the parties, open ones first."""
    user = actor(request)
    return list(selectors.audit_request_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/audit-requests", response=responses({201: AuditRequestOut}))
def audit_request_create(
    request: HttpRequest, alliance_id: Id, payload: AuditRequestIn
) -> Status[Any]:
    """Ask to audit another party's records for a scope and period."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    created = services.audit_request_create(
        actor=user,
        alliance=alliance,
        audited_party=_party(user, alliance, payload.audited_party_id, "audited_party_id"),
        scope=payload.scope,
        period_start=payload.period_start,
        period_end=payload.period_end,
    )
    return Status(
        201, selectors.audit_request_list(user=user, alliance=alliance).get(pk=created.pk)
    )


@router.post(
    "/audit-requests/{audit_request_id}/findings", response=responses({200: AuditRequestOut})
)
def audit_request_close(request: HttpRequest, audit_request_id: Id, payload: FindingsIn) -> Any:
    """Record the audit's findings and close the request (the requesting party)."""
    user = actor(request)
    audit = selectors.audit_request_get(user=user, pk=audit_request_id)
    services.audit_request_close(actor=user, audit_request=audit, findings=payload.findings)
    return selectors.audit_request_list(user=user, alliance=audit.alliance).get(pk=audit_request_id)


@router.get(
    "/alliances/{alliance_id}/finance-notes", response=responses({200: list[FinanceNoteOut]})
)
def finance_note_list(request: HttpRequest, alliance_id: Id) -> list[Any]:
    """Your own organisation's private notes on the alliance's money; the partner never sees them."""
    user = actor(request)
    return list(selectors.finance_note_list(user=user, alliance=_alliance(user, alliance_id)))


@router.post("/alliances/{alliance_id}/finance-notes", response=responses({201: FinanceNoteOut}))
def finance_note_create(
    request: HttpRequest, alliance_id: Id, payload: FinanceNoteIn
) -> Status[Any]:
    """Write a private finance note, on the alliance or on one of its payments."""
    user = actor(request)
    alliance = _alliance(user, alliance_id)
    payment = None
    if payload.payment_id is not None:
        payment = (
            Payment.objects.visible_to(user)
            .filter(alliance=alliance, pk=payload.payment_id)
            .first()
        )
        if payment is None:
            raise invalid("payment_id", "No payment of this alliance has this id.")
    note = services.finance_note_create(
        actor=user, alliance=alliance, body=payload.body, payment=payment
    )
    return Status(201, selectors.finance_note_list(user=user, alliance=alliance).get(pk=note.pk))
