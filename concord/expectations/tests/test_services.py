"""The rules of commitments: who records, delivers, judges, waives and disputes; what the status is
on which day; and that a rejected delivery is owed again while the history stays readable.

Bob (Borealis) records that Helix owes a tox report, owned by Alice; Alice delivers, Bob judges.
Carol is read-only at Helix; Dave, at Cobalt, is outside the alliance.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from concord.alliances import services as alliance_services
from concord.core.models import AuditEvent
from concord.core.signals import achievement
from concord.expectations import selectors, services
from concord.expectations.models import Commitment, CommitmentDispute, Delivery, Status
from concord.expectations.tests.helpers import (
    CRITERIA,
    borealis_owes,
    clock,
    helix_owes,
    moment,
    party,
)

pytestmark = pytest.mark.django_db


def status_of(commitment: Commitment) -> str:
    return (
        selectors.with_status(Commitment.objects.unscoped().filter(pk=commitment.pk)).get().status
    )


# --- Recording a commitment --------------------------------------------------------------------


def test_the_party_owed_records_a_commitment_due_at_the_end_of_the_owners_day(cast):
    with clock("2026-03-02"):
        commitment = helix_owes(cast, due="2026-03-31")
    assert commitment.receiving_party == party(cast.helix_borealis, cast.borealis)
    # Helix works in London: the last second of 31 March there is 22:59:59 UTC (summer time).
    assert commitment.due_at == datetime.datetime(2026, 3, 31, 22, 59, 59, tzinfo=datetime.UTC)
    event = AuditEvent.objects.unscoped().filter(action="commitment.created").get()
    assert "Helix Biotherapeutics owes “Tox report”" in event.summary
    assert mail.outbox[-1].to == [cast.alice.email]
    assert "You owe “Tox report”" in mail.outbox[-1].subject


def test_the_owing_party_can_record_its_own_commitment(cast):
    commitment = borealis_owes(cast, due="2026-12-15")
    assert commitment.owner == cast.bob
    assert commitment.receiving_party == party(cast.helix_borealis, cast.helix)


@pytest.mark.parametrize("who", ["carol", "dave", "mallory"])
def test_viewers_and_outsiders_cannot_record_commitments(cast, who):
    with pytest.raises(PermissionDenied):
        services.commitment_create(
            actor=getattr(cast, who),
            alliance=cast.helix_borealis,
            title="Anything",
            acceptance_criteria=CRITERIA,
            owner_party=party(cast.helix_borealis, cast.helix),
            owner=cast.alice,
            due_date=datetime.date(2026, 12, 1),
        )
    assert not Commitment.objects.unscoped().exists()


def test_the_owner_must_belong_to_the_owing_party(cast):
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            actor=cast.bob,
            alliance=cast.helix_borealis,
            title="Tox report",
            acceptance_criteria=CRITERIA,
            owner_party=party(cast.helix_borealis, cast.helix),
            owner=cast.bob,
            due_date=datetime.date(2026, 12, 1),
        )
    assert "owner" in error.value.message_dict


def test_a_party_cannot_owe_itself_nor_name_a_party_of_another_alliance(cast):
    helix = party(cast.helix_borealis, cast.helix)
    for receiving, field in [
        (helix, "receiving_party"),
        (party(cast.cobalt_borealis, cast.borealis), "receiving_party"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.commitment_create(
                actor=cast.bob,
                alliance=cast.helix_borealis,
                title="Tox report",
                acceptance_criteria=CRITERIA,
                owner_party=helix,
                receiving_party=receiving,
                owner=cast.alice,
                due_date=datetime.date(2026, 12, 1),
            )
        assert field in error.value.message_dict


def test_blank_criteria_and_absurd_dates_are_refused(cast):
    base = {
        "actor": cast.bob,
        "alliance": cast.helix_borealis,
        "title": "Tox report",
        "acceptance_criteria": CRITERIA,
        "owner_party": party(cast.helix_borealis, cast.helix),
        "owner": cast.alice,
        "due_date": datetime.date(2026, 12, 1),
    }
    for change, field in [
        ({"acceptance_criteria": "  "}, "acceptance_criteria"),
        ({"due_date": datetime.date(9999, 12, 31)}, "due_date"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.commitment_create(**(base | change))
        assert field in error.value.message_dict
    assert not Commitment.objects.unscoped().exists()


def test_in_a_three_party_alliance_the_party_owed_must_be_named_and_others_stay_out(cast):
    alliance = cast.helix_borealis
    meridian = alliance_services.party_invite(
        actor=cast.alice, alliance=alliance, organisation=cast.outsider_org
    ).party
    alliance_services.party_respond(actor=cast.mallory, party=meridian, accept=True)
    borealis = party(alliance, cast.borealis)
    with pytest.raises(ValidationError) as error:
        services.commitment_create(
            actor=cast.alice,
            alliance=alliance,
            title="Assay access",
            acceptance_criteria=CRITERIA,
            owner_party=borealis,
            owner=cast.bob,
            due_date=datetime.date(2026, 12, 1),
        )
    assert "receiving_party" in error.value.message_dict
    with pytest.raises(PermissionDenied):  # Helix may not record what Borealis owes Meridian
        services.commitment_create(
            actor=cast.alice,
            alliance=alliance,
            title="CRO slots",
            acceptance_criteria=CRITERIA,
            owner_party=borealis,
            receiving_party=meridian,
            owner=cast.bob,
            due_date=datetime.date(2026, 12, 1),
        )


# --- Status, from dates ------------------------------------------------------------------------


def test_status_moves_from_pending_to_due_soon_to_overdue_with_the_calendar(cast):
    with clock("2026-03-01") as now:
        commitment = helix_owes(cast, due="2026-03-20")
        assert status_of(commitment) == Status.PENDING
        now.moment = moment("2026-03-13", 23)  # seven days and a second before the end of the 20th
        assert status_of(commitment) == Status.PENDING
        now.moment = moment("2026-03-14", 1)
        assert status_of(commitment) == Status.DUE_SOON
        now.moment = moment("2026-03-20", 23)  # still the 20th in London
        assert status_of(commitment) == Status.DUE_SOON
        now.moment = moment("2026-03-21", 0)
        assert status_of(commitment) == Status.OVERDUE
    # Nothing was stored: the same row reads differently on a different day.
    assert Commitment.objects.unscoped().get(pk=commitment.pk).state == Commitment.State.OPEN


def test_overdue_counts_in_the_owing_organisations_time_zone(cast):
    cast.helix.time_zone = "Asia/Tokyo"
    cast.helix.save()
    with clock(moment("2026-03-20", 14)) as now:  # 23:00 on the 20th in Tokyo
        commitment = helix_owes(cast, due="2026-03-20")
        assert status_of(commitment) == Status.DUE_SOON
        now.moment = moment("2026-03-20", 15)  # midnight in Tokyo: the 21st there
        assert status_of(commitment) == Status.OVERDUE
        delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    assert delivery.delivered_on == datetime.date(2026, 3, 21)
    assert delivery.days_late == 1


def test_delivered_accepted_rejected_waived_and_in_dispute_statuses(cast):
    with clock("2026-03-01") as now:
        delivered = helix_owes(cast, due="2026-03-20", title="A")
        accepted = helix_owes(cast, due="2026-03-20", title="B")
        rejected = helix_owes(cast, due="2026-04-30", title="C")
        rejected_late = helix_owes(cast, due="2026-03-05", title="D")
        waived = helix_owes(cast, due="2026-03-02", title="E")
        disputed = helix_owes(cast, due="2026-03-02", title="F")
        for c in (delivered, accepted, rejected, rejected_late):
            services.commitment_deliver(actor=cast.alice, commitment=c)
        services.delivery_accept(actor=cast.bob, delivery=accepted.deliveries.get())
        for c in (rejected, rejected_late):
            services.delivery_reject(actor=cast.bob, delivery=c.deliveries.get(), comment="No QA")
        services.commitment_waive(actor=cast.bob, commitment=waived, reason="Not needed")
        services.commitment_dispute(actor=cast.alice, commitment=disputed, reason="Never agreed")
        now.moment = moment("2026-04-01")
        assert status_of(delivered) == Status.DELIVERED  # the party owed has the ball
        assert status_of(accepted) == Status.ACCEPTED
        assert status_of(rejected) == Status.REJECTED
        assert status_of(rejected_late) == Status.OVERDUE  # owed again, and past its date
        assert status_of(waived) == Status.WAIVED
        assert status_of(disputed) == Status.IN_DISPUTE


# --- Delivering and judging --------------------------------------------------------------------


def test_only_the_owing_party_delivers_and_viewers_cannot(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    for who in (cast.bob, cast.carol, cast.dave):
        with pytest.raises(PermissionDenied):
            services.commitment_deliver(actor=who, commitment=commitment)
    assert not Delivery.objects.unscoped().exists()


def test_delivery_asks_the_party_owed_and_cannot_be_repeated_while_awaiting_a_verdict(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    mail.outbox.clear()
    services.commitment_deliver(
        actor=cast.alice, commitment=commitment, note="Signed by QA.", reference="DR/Tox/001"
    )
    assert mail.outbox[-1].to == [cast.bob.email]  # Borealis's lead on the alliance
    assert "Delivered for your acceptance" in mail.outbox[-1].subject
    with pytest.raises(ValidationError):
        services.commitment_deliver(actor=cast.alice, commitment=commitment)
    assert Delivery.objects.unscoped().count() == 1


def test_only_the_party_owed_judges_and_a_rejection_needs_a_comment(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    with pytest.raises(PermissionDenied):
        services.delivery_accept(actor=cast.alice, delivery=delivery)  # not one's own work
    with pytest.raises(PermissionDenied):
        services.delivery_accept(actor=cast.dave, delivery=delivery)
    with pytest.raises(ValidationError) as error:
        services.delivery_reject(actor=cast.bob, delivery=delivery, comment="  ")
    assert "comment" in error.value.message_dict
    delivery.refresh_from_db()
    assert delivery.is_pending


def test_accepting_meets_the_commitment_tells_the_owner_and_celebrates(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    achievement.connect(receiver)
    try:
        mail.outbox.clear()
        services.delivery_accept(
            actor=cast.bob, delivery=delivery, comment="Meets every criterion."
        )
    finally:
        achievement.disconnect(receiver)
    commitment.refresh_from_db()
    assert commitment.state == Commitment.State.ACCEPTED and commitment.closed_at
    assert [h["kind"] for h in heard] == ["delivery_accepted"]
    assert heard[0]["alliance"] == cast.helix_borealis and heard[0]["source"] == delivery
    assert "Tox report" in heard[0]["title"]
    assert mail.outbox[-1].to == [cast.alice.email]
    assert mail.outbox[-1].subject.startswith("Accepted")
    with pytest.raises(ValidationError):
        services.delivery_reject(actor=cast.bob, delivery=delivery, comment="Changed my mind")


def test_a_rejected_delivery_is_redelivered_and_the_history_stays(cast):
    with clock("2026-03-01") as now:
        commitment = helix_owes(cast, due="2026-03-10")
        now.moment = moment("2026-03-09")
        first = services.commitment_deliver(actor=cast.alice, commitment=commitment)
        mail.outbox.clear()
        services.delivery_reject(actor=cast.bob, delivery=first, comment="Not QA-signed.")
        assert mail.outbox[-1].to == [cast.alice.email]
        assert "Not QA-signed." in mail.outbox[-1].body
        now.moment = moment("2026-03-13")
        second = services.commitment_deliver(actor=cast.alice, commitment=commitment)
        services.delivery_accept(actor=cast.bob, delivery=second)
    history = selectors.commitment_history(user=cast.alice, commitment=commitment)
    deliveries = list(history.deliveries.all())
    assert [(d.sequence, d.outcome, d.days_late) for d in deliveries] == [
        (1, Delivery.Outcome.REJECTED, 0),
        (2, Delivery.Outcome.ACCEPTED, 3),
    ]
    assert deliveries[0].judgement_comment == "Not QA-signed."
    assert history.state == Commitment.State.ACCEPTED


# --- Waiving -----------------------------------------------------------------------------------


def test_only_the_party_owed_waives_with_a_reason(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    with pytest.raises(PermissionDenied):
        services.commitment_waive(actor=cast.alice, commitment=commitment, reason="We are busy")
    with pytest.raises(ValidationError):
        services.commitment_waive(actor=cast.bob, commitment=commitment, reason=" ")
    mail.outbox.clear()
    services.commitment_waive(actor=cast.bob, commitment=commitment, reason="Study cancelled")
    commitment.refresh_from_db()
    assert commitment.state == Commitment.State.WAIVED
    assert commitment.waive_reason == "Study cancelled"
    assert mail.outbox[-1].to == [cast.alice.email]
    with pytest.raises(ValidationError):
        services.commitment_deliver(actor=cast.alice, commitment=commitment)


def test_a_delivery_awaiting_a_verdict_is_judged_before_any_waiver(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    services.commitment_deliver(actor=cast.alice, commitment=commitment)
    with pytest.raises(ValidationError):
        services.commitment_waive(actor=cast.bob, commitment=commitment, reason="Not needed")


# --- Editing -----------------------------------------------------------------------------------


def test_only_the_party_owed_moves_the_due_date(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    with pytest.raises(ValidationError) as error:
        services.commitment_update(
            actor=cast.alice, commitment=commitment, due_date=datetime.date(2027, 1, 31)
        )
    assert "due_date" in error.value.message_dict
    services.commitment_update(
        actor=cast.bob, commitment=commitment, due_date=datetime.date(2027, 1, 31)
    )
    commitment.refresh_from_db()
    assert commitment.due_date == datetime.date(2027, 1, 31)
    assert commitment.due_at.date() == datetime.date(2027, 1, 31)
    event = AuditEvent.objects.unscoped().filter(action="commitment.updated").get()
    assert event.before == {"due_date": "2026-12-20"} and event.after == {"due_date": "2027-01-31"}


def test_criteria_are_fixed_once_delivered_and_closed_commitments_do_not_change(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    services.commitment_update(actor=cast.alice, commitment=commitment, title="Final tox report")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    with pytest.raises(ValidationError) as error:
        services.commitment_update(
            actor=cast.bob, commitment=commitment, acceptance_criteria="Anything at all"
        )
    assert "acceptance_criteria" in error.value.message_dict
    services.delivery_accept(actor=cast.bob, delivery=delivery)
    with pytest.raises(ValidationError):
        services.commitment_update(actor=cast.bob, commitment=commitment, title="Renamed")
    with pytest.raises(PermissionDenied):
        services.commitment_update(actor=cast.carol, commitment=commitment, title="Renamed")


# --- Disputes ----------------------------------------------------------------------------------


def test_either_party_disputes_and_the_dispute_holds_deliveries_and_verdicts(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    services.delivery_reject(actor=cast.bob, delivery=delivery, comment="Missing the QA page")
    mail.outbox.clear()
    dispute = services.commitment_dispute(
        actor=cast.alice, commitment=commitment, reason="The QA page was in the appendix."
    )
    assert mail.outbox[-1].to == [cast.bob.email]
    assert dispute.raising_party == party(cast.helix_borealis, cast.helix)
    with pytest.raises(ValidationError):
        services.commitment_deliver(actor=cast.alice, commitment=commitment)
    with pytest.raises(ValidationError):  # one open dispute at a time
        services.commitment_dispute(actor=cast.bob, commitment=commitment, reason="Also")
    with pytest.raises(PermissionDenied):
        services.commitment_dispute(actor=cast.carol, commitment=commitment, reason="Me too")


def test_the_owing_party_records_that_a_commitment_stands_but_cannot_concede_for_the_other(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    services.delivery_reject(actor=cast.bob, delivery=delivery, comment="No QA page")
    dispute = services.commitment_dispute(actor=cast.alice, commitment=commitment, reason="It is")
    with pytest.raises(PermissionDenied):
        services.dispute_resolve(
            actor=cast.alice, dispute=dispute, resolution="We win", outcome="accepted"
        )
    services.dispute_resolve(
        actor=cast.alice, dispute=dispute, resolution="Agreed at the JSC: we redeliver."
    )
    dispute.refresh_from_db()
    commitment.refresh_from_db()
    assert not dispute.is_open and dispute.outcome == CommitmentDispute.Outcome.STANDS
    assert not commitment.in_dispute and commitment.state == Commitment.State.REJECTED
    services.commitment_deliver(actor=cast.alice, commitment=commitment)  # delivering again


def test_the_party_owed_settles_a_dispute_by_accepting_the_latest_delivery(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    delivery = services.commitment_deliver(actor=cast.alice, commitment=commitment)
    services.delivery_reject(actor=cast.bob, delivery=delivery, comment="No QA page")
    dispute = services.commitment_dispute(actor=cast.alice, commitment=commitment, reason="It is")
    services.dispute_resolve(
        actor=cast.bob, dispute=dispute, resolution="Found it in the appendix.", outcome="accepted"
    )
    commitment.refresh_from_db()
    delivery.refresh_from_db()
    assert commitment.state == Commitment.State.ACCEPTED
    assert delivery.outcome == Delivery.Outcome.ACCEPTED
    assert delivery.judgement_comment == "Found it in the appendix."


def test_a_dispute_settled_by_waiver_or_a_new_date(cast):
    waived = helix_owes(cast, due="2026-12-20", title="Waived")
    dispute = services.commitment_dispute(actor=cast.alice, commitment=waived, reason="Not ours")
    services.dispute_resolve(
        actor=cast.bob, dispute=dispute, resolution="Out of scope after all.", outcome="waived"
    )
    waived.refresh_from_db()
    assert waived.state == Commitment.State.WAIVED

    later = helix_owes(cast, due="2026-12-20", title="Later")
    dispute = services.commitment_dispute(actor=cast.alice, commitment=later, reason="Too soon")
    with pytest.raises(ValidationError) as error:
        services.dispute_resolve(
            actor=cast.bob, dispute=dispute, resolution="More time.", outcome="rescheduled"
        )
    assert "due_date" in error.value.message_dict
    services.dispute_resolve(
        actor=cast.bob,
        dispute=dispute,
        resolution="More time.",
        outcome="rescheduled",
        due_date=datetime.date(2027, 2, 28),
    )
    later.refresh_from_db()
    assert later.due_date == datetime.date(2027, 2, 28) and not later.in_dispute
    with pytest.raises(ValidationError):
        services.dispute_resolve(actor=cast.bob, dispute=dispute, resolution="Again")


# --- Reminders ---------------------------------------------------------------------------------


def test_the_sweep_reminds_once_per_commitment_and_state(cast):
    with clock("2026-03-01") as now:
        commitment = helix_owes(cast, due="2026-03-10")
        assert services.commitment_reminders_send() == (0, 0)
        now.moment = moment("2026-03-05")
        mail.outbox.clear()
        assert services.commitment_reminders_send() == (1, 0)
        assert [m.subject for m in mail.outbox] == [
            "Due 10 Mar: “Tox report” (Helix–Borealis oncology alliance)"
        ]
        assert services.commitment_reminders_send() == (0, 0)  # twice: nothing new
        now.moment = moment("2026-03-11")
        mail.outbox.clear()
        assert services.commitment_reminders_send() == (0, 1)
        assert set(mail.outbox[0].to) == {cast.alice.email}
        assert services.commitment_reminders_send() == (0, 0)
        assert len(mail.outbox) == 1
        # A new due date re-arms both reminders; a delivered commitment gets none.
        services.commitment_update(
            actor=cast.bob, commitment=commitment, due_date=datetime.date(2026, 3, 14)
        )
        assert services.commitment_reminders_send() == (1, 0)
        services.commitment_deliver(actor=cast.alice, commitment=commitment)
        now.moment = moment("2026-03-20")
        assert services.commitment_reminders_send() == (0, 0)


# --- Confidentiality ---------------------------------------------------------------------------


def test_outsiders_see_nothing_of_an_alliances_commitments(cast):
    commitment = helix_owes(cast, due="2026-12-20")
    services.commitment_deliver(actor=cast.alice, commitment=commitment)
    for who, seen in [
        (cast.alice, 1),
        (cast.bob, 1),
        (cast.carol, 1),
        (cast.dave, 0),
        (cast.mallory, 0),
    ]:
        assert Commitment.objects.visible_to(who).count() == seen
        assert Delivery.objects.visible_to(who).count() == seen


def test_concord_sweep_reports_what_the_reminders_did(cast):
    from concord.expectations.sweep import sweep

    with clock("2026-03-05"):
        helix_owes(cast, due="2026-03-10")
        assert sweep() == "1 due-soon reminder(s) sent"
        assert sweep() == ""  # nothing new to remind of, so nothing to say
