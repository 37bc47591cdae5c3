"""Amendments: once Helix and Borealis have signed, an agreed term changes only when one party
proposes an amendment and the other approves it for itself. Each approved amendment is a version
of the term in force from its date, and every calculation reads the version of its own date."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from concord.core.models import AuditEvent, Signature
from concord.core.signatures import signature_matches, signatures_of
from concord.deals import services
from concord.deals.models import Amendment, Milestone, Payment, RoyaltyReport
from concord.deals.services import Proposed
from concord.deals.services._common import deal_signed_on
from concord.deals.services.amendments import amendment_content
from conftest import signed as signature

D = Decimal
SIGNED = datetime.date(2023, 12, 15)
PROTOCOL = "The Phase 3 protocol doubled the enrolment (amendment 4 of the study protocol)."


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def signed(deal):
    """The deal, signed just before its first amendment is proposed: the milestones a test
    records first are the agreement's (once it is signed, none is added)."""
    deal.sign_first = True
    return deal


def sign(deal) -> None:
    """Record the deal's signature date, once."""
    if deal_signed_on(deal.alliance) is None:
        services.deal_terms_save(actor=deal.cast.bob, alliance=deal.alliance, signed_on=SIGNED)


def milestone(deal, event="phase_3", amount="40000000", **extra):
    return services.milestone_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        programme=deal.programme,
        event=event,
        amount=D(amount),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
        **extra,
    )


def propose(deal, subject, term="milestone.amount", actor=None, effective="2025-01-01", **kw):
    reason = kw.pop("reason", PROTOCOL)
    party_id = kw.pop("party_id", None)
    sealed = kw.pop("signature", None) or signature()
    if getattr(deal, "sign_first", False):
        sign(deal)
    return services.amendment_propose(
        actor=actor or deal.cast.alice,
        alliance=deal.alliance,
        term=term,
        subject_id=subject.pk,
        effective_from=day(effective),
        reason=reason,
        proposed=Proposed(**kw),
        party_id=party_id,
        **sealed,
    )


def refused(error: ValidationError) -> dict[str, list[str]]:
    return error.value.message_dict  # type: ignore[attr-defined]


def reload(obj):
    return type(obj).objects.unscoped().get(pk=obj.pk)


# --- The joint act ------------------------------------------------------------------------------


def test_a_proposal_changes_nothing_until_the_other_party_approves_it(signed):
    phase_3 = milestone(signed)
    amendment = propose(signed, phase_3, value="55000000")
    assert amendment.status == Amendment.Status.PENDING
    assert reload(phase_3).amount == D("40000000")
    assert [(a.party_id, a.answer) for a in amendment.acts.all()] == [(signed.helix.pk, "approve")]
    services.amendment_approve(actor=signed.fiona, amendment=amendment, **signature())
    amendment = reload(amendment)
    assert amendment.status == Amendment.Status.APPROVED
    assert amendment.closed_by == signed.fiona
    assert reload(phase_3).amount == D("55000000")
    assert amendment.old_value == "40000000.00" and amendment.new_value == "55000000.00"
    assert sorted(a.party_id for a in amendment.acts.all()) == sorted(
        [signed.helix.pk, signed.borealis.pk]
    )
    actions = AuditEvent.objects.unscoped().filter(object_id=str(amendment.pk))
    assert {"amendment.proposed", "amendment.approved"} <= set(
        actions.values_list("action", flat=True)
    )


def test_a_party_cannot_approve_its_own_proposal(signed):
    amendment = propose(signed, milestone(signed), value="55000000")
    for colleague in (signed.cast.alice, signed.hugo):
        with pytest.raises(ValidationError) as error:
            services.amendment_approve(actor=colleague, amendment=amendment, **signature())
        assert "proposed this amendment" in refused(error)["amendment"][0]
    assert reload(amendment).status == Amendment.Status.PENDING


def test_a_party_cannot_act_for_the_other(signed):
    phase_3 = milestone(signed)
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_3, value="55000000", party_id=signed.borealis.pk)
    assert "each party acts only through its own people" in refused(error)["party_id"][0]
    amendment = propose(signed, phase_3, value="55000000")
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(
            actor=signed.cast.alice,
            amendment=amendment,
            party_id=signed.borealis.pk,
            **signature(),
        )
    assert "party_id" in refused(error)
    with pytest.raises(ValidationError):
        services.amendment_reject(
            actor=signed.cast.bob,
            amendment=amendment,
            reason="No",
            party_id=signed.helix.pk,
            **signature("reject"),
        )
    assert reload(amendment).status == Amendment.Status.PENDING


def test_only_money_people_of_a_party_to_the_term_act_on_it(signed):
    phase_3 = milestone(signed)
    for reader in (signed.cast.carol, signed.cast.erin):
        with pytest.raises(PermissionDenied):
            propose(signed, phase_3, value="55000000", actor=reader)
    amendment = propose(signed, phase_3, value="55000000")
    with pytest.raises(PermissionDenied):
        services.amendment_approve(actor=signed.cast.erin, amendment=amendment, **signature())
    with pytest.raises(PermissionDenied):
        services.amendment_approve(actor=signed.cast.dave, amendment=amendment, **signature())


def test_the_other_party_rejects_with_a_reason_and_the_term_stays(
    signed, django_capture_on_commit_callbacks
):
    phase_3 = milestone(signed)
    amendment = propose(signed, phase_3, value="55000000")
    with pytest.raises(ValidationError) as error:
        services.amendment_reject(
            actor=signed.cast.bob, amendment=amendment, reason="  ", **signature("reject")
        )
    assert "reason" in refused(error)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.amendment_reject(
            actor=signed.cast.bob,
            amendment=amendment,
            reason="The budget allows no more.",
            **signature("reject"),
        )
    amendment = reload(amendment)
    assert amendment.status == Amendment.Status.REJECTED
    assert amendment.closing_note == "The budget allows no more."
    assert reload(phase_3).amount == D("40000000")
    [message] = mail.outbox
    assert "alice@helix.test" in message.to
    assert "rejected" in message.subject
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(actor=signed.fiona, amendment=amendment, **signature())
    assert "rejected" in refused(error)["amendment"][0]


def test_an_answer_is_the_answerers_electronic_signature(signed):
    phase_3 = milestone(signed)
    amendment = propose(signed, phase_3, value="55000000")
    audited = AuditEvent.objects.unscoped().count()
    for wrong, field in (
        ({"password": "guess", "meaning": "approve"}, "password"),
        ({"password": "", "meaning": "approve"}, "password"),
        (signature(""), "meaning"),
        (signature("reject"), "meaning"),
    ):
        with pytest.raises(ValidationError) as error:
            services.amendment_approve(actor=signed.cast.bob, amendment=amendment, **wrong)
        assert field in refused(error), wrong
    with pytest.raises(ValidationError) as error:
        services.amendment_reject(
            actor=signed.cast.bob, amendment=amendment, reason="No", **signature("approve")
        )
    assert "rejection" in refused(error)["meaning"][0]
    # Nothing was written: no act, no signature, no audit event, the term as it was.
    assert [a.party_id for a in reload(amendment).acts.all()] == [signed.helix.pk]
    assert (
        not signatures_of(user=signed.cast.bob, subject=amendment)
        .filter(signer=signed.cast.bob)
        .exists()
    )
    assert AuditEvent.objects.unscoped().count() == audited
    assert reload(amendment).status == Amendment.Status.PENDING
    assert reload(phase_3).amount == D("40000000")
    services.amendment_approve(actor=signed.cast.bob, amendment=amendment, **signature())
    [manifest] = signatures_of(user=signed.cast.alice, subject=amendment).filter(
        signer=signed.cast.bob
    )
    assert manifest.signer == signed.cast.bob and manifest.meaning == "approve"
    assert manifest.organisation == signed.cast.borealis
    assert manifest.statement.startswith("Approved the amendment of Milestone amount")
    assert signature_matches(manifest, amendment_content(reload(amendment), "approve"))
    assert not signature_matches(manifest, amendment_content(reload(amendment), "reject"))


def test_proposing_is_the_proposers_signed_approval(signed):
    phase_3 = milestone(signed)
    sign(signed)
    audited = AuditEvent.objects.unscoped().count()
    for wrong, field in (
        ({"password": "guess", "meaning": "approve"}, "password"),
        ({"password": "", "meaning": "approve"}, "password"),
        (signature(""), "meaning"),
        (signature("reject"), "meaning"),
    ):
        with pytest.raises(ValidationError) as error:
            propose(signed, phase_3, value="55000000", signature=wrong)
        assert field in refused(error), wrong
    # Nothing was written: no amendment, no act, no signature, no audit event.
    assert not Amendment.objects.unscoped().filter(subject_id=phase_3.pk).exists()
    assert not Signature.objects.unscoped().filter(subject_type="deals.amendment").exists()
    assert AuditEvent.objects.unscoped().count() == audited
    amendment = propose(signed, phase_3, value="55000000")
    [proposer] = signatures_of(user=signed.cast.bob, subject=amendment)
    assert proposer.signer == signed.cast.alice and proposer.meaning == "approve"
    assert proposer.organisation == signed.cast.helix
    assert proposer.statement.startswith("Proposed and approved the amendment of Milestone amount")
    assert signature_matches(proposer, amendment_content(reload(amendment), "approve"))
    services.amendment_approve(actor=signed.cast.bob, amendment=amendment, **signature())
    manifest = signatures_of(user=signed.cast.alice, subject=amendment)
    assert {(s.organisation, s.meaning) for s in manifest} == {
        (signed.cast.helix, "approve"),
        (signed.cast.borealis, "approve"),
    }


def test_a_proposal_is_emailed_to_the_other_partys_money_people(
    signed, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        propose(signed, milestone(signed), value="55000000")
    [message] = mail.outbox
    assert "bob@borealis.test" in message.to and "alice@helix.test" not in message.to
    assert "USD 40,000,000.00" in message.body and "USD 55,000,000.00" in message.body
    assert PROTOCOL in message.body


def test_the_proposer_may_withdraw_while_it_waits_and_the_other_party_may_not(signed):
    amendment = propose(signed, milestone(signed), value="55000000")
    with pytest.raises(PermissionDenied):
        services.amendment_withdraw(actor=signed.cast.bob, amendment=amendment)
    services.amendment_withdraw(actor=signed.hugo, amendment=amendment)
    assert reload(amendment).status == Amendment.Status.WITHDRAWN
    with pytest.raises(ValidationError) as error:
        services.amendment_withdraw(actor=signed.cast.alice, amendment=amendment)
    assert "withdrawn" in refused(error)["amendment"][0]


# --- What can be amended, and from when ----------------------------------------------------------


def test_amending_a_term_that_does_not_exist_is_refused(signed):
    phase_3 = milestone(signed)
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_3, term="milestone.colour", value="blue")
    assert "term" in refused(error)
    with pytest.raises(ValidationError) as error:
        services.amendment_propose(
            actor=signed.cast.alice,
            alliance=signed.alliance,
            term="milestone.amount",
            subject_id=999999,
            effective_from=day("2025-01-01"),
            reason=PROTOCOL,
            proposed=Proposed(value="1"),
            **signature(),
        )
    assert "No milestone of this alliance" in refused(error)["subject_id"][0]
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_3, term="milestone.sales_threshold", value="100")
    assert "sales milestone" in refused(error)["term"][0]
    with pytest.raises(ValidationError) as error:  # a milestone's id is no tranche's
        propose(signed, phase_3, term="tranche.amount", value="5")
    assert "No tranche of this alliance" in refused(error)["subject_id"][0]


def test_an_effective_date_before_the_deal_is_refused(signed):
    with pytest.raises(ValidationError) as error:
        propose(signed, milestone(signed), value="55000000", effective="2023-12-14")
    assert "signed on 15 Dec 2023" in refused(error)["effective_from"][0]


def test_amendments_wait_for_the_deal_to_be_signed(deal):
    with pytest.raises(ValidationError) as error:
        propose(deal, milestone(deal), value="55000000")
    assert "alliance" in refused(error)


def test_two_pending_amendments_to_the_same_term_are_refused(signed):
    phase_3, phase_2 = milestone(signed), milestone(signed, "phase_2")
    propose(signed, phase_3, value="55000000")
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_3, value="60000000", actor=signed.cast.bob, effective="2025-06-01")
    assert "already awaiting an answer" in refused(error)["term"][0]
    # Another term of the same milestone, or the same term of another, is its own amendment.
    propose(signed, phase_2, value="25000000")


def test_a_new_value_must_change_the_term_and_be_valid(signed):
    phase_3 = milestone(signed)
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_3, value="40000000.00")
    assert "nothing would change" in refused(error)["value"][0]
    for bad in ("", "-5", "1.001", "lots"):
        with pytest.raises(ValidationError) as error:
            propose(signed, phase_3, value=bad)
        assert "value" in refused(error)
    assert not Amendment.objects.unscoped().exists()


def test_a_later_version_takes_effect_after_the_latest_one(signed):
    phase_3 = milestone(signed)
    services.amendment_approve(
        actor=signed.cast.bob,
        amendment=propose(signed, phase_3, value="55000000"),
        **signature(),
    )
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_3, value="60000000", effective="2025-01-01")
    assert "latest version" in refused(error)["effective_from"][0]
    propose(signed, phase_3, value="60000000", effective="2025-01-02")


def test_direct_edits_of_agreed_terms_are_refused_once_the_deal_is_signed(deal):
    def option(price: str):
        return services.option_save(
            actor=deal.cast.bob,
            alliance=deal.alliance,
            kind="acquisition",
            price=D(price),
            currency="USD",
            holder=deal.borealis,
            grantor=deal.helix,
            window_opens=day("2026-01-01"),
            window_closes=day("2026-06-30"),
        )

    option("300000000")
    option("310000000")  # still being agreed: edited directly
    services.deal_terms_save(actor=deal.cast.bob, alliance=deal.alliance, signed_on=SIGNED)
    with pytest.raises(ValidationError) as error:
        option("250000000")
    assert "only through an amendment" in refused(error)["price"][0]
    with pytest.raises(ValidationError) as error:
        services.deal_terms_save(actor=deal.cast.bob, alliance=deal.alliance, signed_on=None)
    assert "signed_on" in refused(error)
    services.deal_terms_save(
        actor=deal.cast.bob, alliance=deal.alliance, signed_on=SIGNED, payment_days=45
    )


def test_an_achieved_milestone_or_released_tranche_is_not_amended(signed):
    phase_2 = milestone(signed, "phase_2", "20000000")
    services.milestone_notify(actor=signed.cast.alice, milestone=phase_2, achieved_on=SIGNED)
    services.milestone_confirm(actor=signed.cast.bob, milestone=phase_2)
    with pytest.raises(ValidationError) as error:
        propose(signed, phase_2, value="25000000")
    assert "achieved" in refused(error)["subject_id"][0]
    tranche = tranche_of(signed)
    services.tranche_release(actor=signed.cast.bob, tranche=tranche, released_on=SIGNED)
    with pytest.raises(ValidationError) as error:
        propose(signed, tranche, term="tranche.amount", value="1")
    assert "released" in refused(error)["subject_id"][0]


def test_approval_is_refused_when_the_term_moved_on_meanwhile(signed):
    phase_3 = milestone(signed)
    amendment = propose(signed, phase_3, value="55000000")
    services.milestone_notify(actor=signed.cast.alice, milestone=phase_3, achieved_on=SIGNED)
    with pytest.raises(ValidationError) as error:
        services.amendment_approve(actor=signed.cast.bob, amendment=amendment, **signature())
    assert "subject_id" in refused(error)
    assert reload(amendment).status == Amendment.Status.PENDING


# --- Terms in force by date ----------------------------------------------------------------------


def tranche_of(deal, amount="4000000"):
    return services.tranche_create(
        actor=deal.cast.bob,
        alliance=deal.alliance,
        title="Proof of concept",
        unlocks_when="In vivo efficacy",
        amount=D(amount),
        currency="USD",
        payer=deal.borealis,
        payee=deal.helix,
    )


def approved(deal, subject, actor=None, **kw):
    """Proposed by `actor` (Alice unless named), approved by the other side's finance person."""
    amendment = propose(deal, subject, actor=actor, **kw)
    other = (
        deal.hugo
        if actor is not None and actor.membership.organisation == deal.cast.borealis
        else deal.fiona
    )
    return services.amendment_approve(actor=other, amendment=amendment, **signature())


@pytest.mark.parametrize(
    ("achieved_on", "paid"), [("2025-03-31", "40000000"), ("2025-04-01", "55000000")]
)
def test_a_milestone_is_paid_at_the_amount_in_force_on_the_day_it_was_achieved(
    signed, achieved_on, paid
):
    phase_3 = milestone(signed)
    approved(signed, phase_3, value="55000000", effective="2025-04-01")
    services.milestone_notify(
        actor=signed.cast.alice, milestone=phase_3, achieved_on=day(achieved_on)
    )
    services.milestone_confirm(actor=signed.cast.bob, milestone=phase_3)
    assert Payment.objects.unscoped().get(milestone=phase_3).amount == D(paid)


def test_royalty_tiers_amended_from_a_year_count_from_that_year(signed):
    term = services.royalty_term_create(
        actor=signed.cast.bob,
        alliance=signed.alliance,
        title="Royalty",
        currency="USD",
        payer=signed.borealis,
        payee=signed.helix,
        tiers=[(D("100000000"), D("8")), (None, D("10"))],
    )
    services.royalty_report_submit(
        actor=signed.cast.bob, term=term, year=2024, quarter=1, net_sales=D("150000000")
    )
    with pytest.raises(ValidationError) as error:
        propose(signed, term, term="royalty.tiers", tiers=[(None, D("9"))], effective="2024-07-01")
    assert "1 January" in refused(error)["effective_from"][0]
    with pytest.raises(ValidationError) as error:
        propose(signed, term, term="royalty.tiers", tiers=[(None, D("9"))], effective="2024-01-01")
    assert "2024 already has royalty reports" in refused(error)["effective_from"][0]
    with pytest.raises(ValidationError) as error:
        propose(signed, term, term="royalty.tiers", tiers=[(D("5"), D("9"))])
    assert "tiers" in refused(error)
    approved(signed, term, term="royalty.tiers", tiers=[(D("200000000"), D("6")), (None, D("9"))])
    q2_2024 = services.royalty_report_submit(
        actor=signed.cast.bob, term=term, year=2024, quarter=2, net_sales=D("10000000")
    )
    q1_2025 = services.royalty_report_submit(
        actor=signed.cast.bob, term=term, year=2025, quarter=1, net_sales=D("250000000")
    )
    assert q2_2024.royalty == D("1000000.00")  # 2024: 10% above 100M, as signed
    assert q1_2025.royalty == D("16500000.00")  # 2025: 6% to 200M + 9% on 50M, as amended
    # A restatement of 2024 recomputes the year on 2024's tiers.
    restated = services.royalty_report_restate(
        actor=signed.cast.bob,
        report=RoyaltyReport.objects.unscoped().get(term=term, year=2024, quarter=1),
        net_sales=D("140000000"),
        reason="Returns",
    )
    assert restated.adjustment == D("-1000000.00")


def test_a_tranche_is_released_at_the_amount_in_force_on_its_release(signed):
    early, late = tranche_of(signed), tranche_of(signed, "6000000")
    approved(signed, early, term="tranche.amount", value="5000000", effective="2025-06-01")
    approved(signed, late, term="tranche.amount", value="7000000", effective="2025-06-01")
    services.tranche_release(actor=signed.cast.bob, tranche=early, released_on=day("2025-05-31"))
    services.tranche_release(actor=signed.cast.bob, tranche=late, released_on=day("2025-06-01"))
    amounts = dict(
        Payment.objects.unscoped()
        .filter(tranche__in=[early, late])
        .values_list("tranche_id", "amount")
    )
    assert amounts == {early.pk: D("4000000.00"), late.pk: D("7000000.00")}


def test_the_option_is_exercised_in_the_window_and_at_the_price_in_force(signed, clock):
    option = services.option_save(
        actor=signed.cast.bob,
        alliance=signed.alliance,
        kind="acquisition",
        price=D("300000000"),
        currency="USD",
        holder=signed.borealis,
        grantor=signed.helix,
        window_opens=day("2026-01-01"),
        window_closes=day("2026-03-31"),
    )
    with pytest.raises(ValidationError) as error:
        propose(
            signed, option, term="option.window",
            window_opens=day("2026-05-01"), window_closes=day("2026-04-01"),
        )  # fmt: skip
    assert "window_closes" in refused(error)
    approved(
        signed, option, term="option.window", effective="2025-06-01",
        window_opens=day("2026-01-01"), window_closes=day("2026-06-30"),
    )  # fmt: skip
    approved(signed, option, term="option.price", value="320000000", effective="2026-05-01")
    clock.set(day("2026-04-15"))  # past the window as signed, inside it as amended
    services.option_exercise(actor=signed.cast.bob, option=option)
    assert Payment.objects.unscoped().get(option=option).amount == D("300000000.00")
    with pytest.raises(ValidationError) as error:
        propose(signed, option, term="option.price", value="1", effective="2026-05-01")
    assert "exercised" in refused(error)["subject_id"][0]


def test_a_cost_share_split_amended_from_a_quarter_settles_that_quarter_on_it(signed, clock):
    clock.set(day("2025-12-15"))
    workstream = services.workstream_create(
        actor=signed.cast.bob,
        alliance=signed.alliance,
        name="Phase 2",
        currency="EUR",
        shares={signed.borealis: D("60"), signed.helix: D("40")},
    )
    split = {signed.borealis.pk: D("70"), signed.helix.pk: D("30")}
    with pytest.raises(ValidationError) as error:
        propose(signed, workstream, term="cost_share.split", shares=split, effective="2025-08-01")
    assert "quarter" in refused(error)["effective_from"][0]
    with pytest.raises(ValidationError) as error:
        propose(
            signed, workstream, term="cost_share.split",
            shares={signed.borealis.pk: D("70"), signed.helix.pk: D("20")},
        )  # fmt: skip
    assert "not 100%" in refused(error)["shares"][0]
    approved(signed, workstream, term="cost_share.split", shares=split, effective="2025-10-01")
    settled = {}
    for quarter in (3, 4):
        services.cost_entry_record(
            actor=signed.cast.alice, workstream=workstream, year=2025, quarter=quarter,
            amount=D("100000"), description="CRO",
        )  # fmt: skip
        true_up = services.true_up_settle(
            actor=signed.cast.bob, workstream=workstream, year=2025, quarter=quarter
        )
        settled[quarter] = {line["party"]: line["fair_share"] for line in true_up.lines}
    assert settled[3][signed.borealis.pk] == "60000.00"
    assert settled[4][signed.borealis.pk] == "70000.00"
    with pytest.raises(ValidationError) as error:
        propose(
            signed, workstream, term="cost_share.split", effective="2025-10-01",
            shares={signed.borealis.pk: D("50"), signed.helix.pk: D("50")},
        )  # fmt: skip
    assert "effective_from" in refused(error)


def test_a_sales_threshold_amended_counts_from_its_effective_date(signed):
    term = services.royalty_term_create(
        actor=signed.cast.bob,
        alliance=signed.alliance,
        title="Royalty",
        currency="USD",
        payer=signed.borealis,
        payee=signed.helix,
        tiers=[(None, D("10"))],
        programme=signed.programme,
    )
    sales = milestone(signed, "net_sales", "25000000", sales_threshold=D("300000000"))
    higher = milestone(signed, "net_sales", "5", sales_threshold=D("900000000"))
    approved(
        signed, sales, term="milestone.sales_threshold", value="250000000", effective="2025-07-01"
    )
    assert reload(sales).sales_threshold == D("250000000")
    assert reload(sales).title == "Annual net sales reach USD 250,000,000.00"
    services.royalty_report_submit(
        actor=signed.cast.bob, term=term, year=2025, quarter=1, net_sales=D("260000000")
    )
    assert reload(sales).status == Milestone.Status.PENDING  # Q1 ends before the new threshold
    services.royalty_report_submit(
        actor=signed.cast.bob, term=term, year=2025, quarter=2, net_sales=D("1")
    )
    assert reload(sales).status == Milestone.Status.PENDING  # 30 June: still the old one
    services.royalty_report_submit(
        actor=signed.cast.bob, term=term, year=2025, quarter=3, net_sales=D("1")
    )
    assert reload(sales).status == Milestone.Status.NOTIFIED
    approved(signed, higher, term="milestone.threshold_rule", value="exceeds")
    assert reload(higher).threshold_rule == "exceeds"
    assert reload(higher).title == "Annual net sales exceed USD 900,000,000.00"


def test_each_version_of_a_term_is_in_force_from_its_own_date(signed):
    from concord.deals import versions

    phase_3 = milestone(signed)
    approved(signed, phase_3, value="55000000", effective="2025-01-01")
    approved(signed, phase_3, value="60000000", effective="2025-06-01", actor=signed.cast.bob)
    phase_3 = reload(phase_3)
    assert phase_3.amount == D("60000000")  # the record holds the newest agreed value
    in_force = {
        when: versions.milestone_amount_on(phase_3, day(when))
        for when in ("2024-12-31", "2025-01-01", "2025-05-31", "2025-06-01", "2030-01-01")
    }
    assert in_force == {
        "2024-12-31": D("40000000.00"),
        "2025-01-01": D("55000000.00"),
        "2025-05-31": D("55000000.00"),
        "2025-06-01": D("60000000.00"),
        "2030-01-01": D("60000000.00"),
    }
    # A rejected or withdrawn amendment is no version at all.
    services.amendment_withdraw(
        actor=signed.cast.alice,
        amendment=propose(signed, phase_3, value="70000000", effective="2026-01-01"),
    )
    assert versions.milestone_amount_on(reload(phase_3), day("2027-01-01")) == D("60000000.00")


def test_approval_and_withdrawal_are_emailed_to_the_right_side(
    signed, django_capture_on_commit_callbacks
):
    phase_3 = milestone(signed)
    first = propose(signed, phase_3, value="55000000")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.amendment_approve(actor=signed.cast.bob, amendment=first, **signature())
    [approval] = mail.outbox
    assert "approved" in approval.subject and "alice@helix.test" in approval.to
    assert "bob@borealis.test" not in approval.to
    second = propose(signed, phase_3, value="60000000", effective="2025-06-01")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.amendment_withdraw(actor=signed.cast.alice, amendment=second)
    [withdrawal] = mail.outbox
    assert "withdrew" in withdrawal.subject and "bob@borealis.test" in withdrawal.to
