"""The steps every deal of the chapter shares: the deal's parties and people, its terms, fees,
milestone ladders, invoices and payments, and each side's private finance notes.
"""

from __future__ import annotations

import datetime
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
        self.terms: dict[str, Any] = {}  # the frame saved before the milestones, kept on signing

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


def _terms(deal: DemoDeal, summary: str, payment_days: int = 30) -> None:
    """The agreement's frame, recorded before its milestones; the signature date comes last."""
    from concord.deals import services

    deal.terms = {"summary": summary, "payment_days": payment_days}
    services.deal_terms_save(actor=deal.tom, alliance=deal.alliance, **deal.terms)


def _signed(deal: DemoDeal) -> None:
    """The signature date, once the agreement's milestones are recorded: from then on its terms
    change only through amendments."""
    from concord.deals import services

    signed_on = deal.alliance.effective_date
    services.deal_terms_save(
        actor=deal.tom, alliance=deal.alliance, signed_on=signed_on, **deal.terms
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
    """The milestones of one programme: (event, region, amount); then the deal is signed."""
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
    _signed(deal)


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


def _note(story: Story, deal: DemoDeal, org: str, first: str, body: str) -> None:
    from concord.deals import services

    services.finance_note_create(actor=story.person(org, first), alliance=deal.alliance, body=body)


def _propose_amendment(
    deal: DemoDeal,
    key: str,
    who: Any,
    term: str,
    subject: Any,
    effective: datetime.date,
    reason: str,
    **proposed: Any,
) -> None:
    """One party proposes an amendment of an agreed term, signing it as its approval (with the
    demo's shared password); the other answers it later."""
    from concord.core.signatures import Meaning
    from concord.deals import services
    from concord.demo.data import DEMO_PASSWORD

    deal.items[key] = services.amendment_propose(
        actor=who,
        alliance=deal.alliance,
        term=term,
        subject_id=subject.pk,
        effective_from=effective,
        reason=reason,
        proposed=services.Proposed(**proposed),
        password=DEMO_PASSWORD,
        meaning=Meaning.APPROVE,
    )


def _approve_amendment(deal: DemoDeal, key: str, who: Any) -> None:
    from concord.core.signatures import Meaning
    from concord.deals import services
    from concord.demo.data import DEMO_PASSWORD

    # The approval is Borealis's electronic signature, with the demo's shared password.
    services.amendment_approve(
        actor=who,
        amendment=_fresh(deal.items[key]),
        password=DEMO_PASSWORD,
        meaning=Meaning.APPROVE,
    )
