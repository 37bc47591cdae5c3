"""The charter's rules, told with the shared cast: Alice (Helix) and Bob (Borealis) co-chair the
Helix–Borealis JSC; Erin is Borealis's alternate; Carol (Helix) may only read; Dave and Mallory are
outsiders."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from concord.alliances.models import Party
from concord.core.models import AuditEvent
from concord.core.signals import early_warning
from concord.core.signatures import signature_matches, signatures_of
from concord.governance import rules, selectors, services
from concord.governance.models import (
    ActionItem,
    Charter,
    Concern,
    Decision,
    Escalation,
    Meeting,
    Minutes,
)
from concord.governance.services.minutes import minutes_content
from concord.governance.tests.conftest import Board, schedule, seat_jsc
from conftest import signed, signed_vote

pytestmark = pytest.mark.django_db
Level = Escalation.Level


def parties(board: Board) -> tuple[Party, Party]:
    """Helix's party and Borealis's, in the JSC's alliance."""
    both = {
        p.organisation_id: p
        for p in selectors.parties_of(user=board.cast.alice, alliance=board.jsc.alliance)
    }
    return both[board.cast.helix.pk], both[board.cast.borealis.pk]


def quorate(board: Board, meeting: Meeting | None = None) -> Meeting:
    meeting = meeting or board.meeting
    services.attendance_record(
        actor=board.cast.alice, meeting=meeting, present=[board.alice_seat, board.bob_seat]
    )
    return meeting


def vote(board: Board, helix: str, borealis: str, **kwargs: Any) -> Decision:
    """Alice puts the resolution to the vote with Helix's vote; Bob casts Borealis's own."""
    h, _ = parties(board)
    decision = services.decision_record(
        actor=board.cast.alice,
        meeting=kwargs.pop("meeting", board.meeting),
        title=kwargs.pop("title", "Adopt the 2026 research plan"),
        votes={h.pk: helix},
        **kwargs,
        **signed_vote(helix),
    )
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote=borealis, **signed_vote(borealis)
    )
    decision.refresh_from_db()
    return decision


def later(days: float) -> Any:
    """Patch the clock forward (the services read timezone.now())."""
    from unittest import mock

    moment = timezone.now() + datetime.timedelta(days=days)
    return mock.patch("django.utils.timezone.now", return_value=moment)


# --- Committees and charters ---------------------------------------------------------------------


def test_a_new_committee_takes_the_defaults_of_typical_agreements(cast):
    jsc = seat_jsc(cast)
    charter = Charter.objects.unscoped().get(committee=jsc)
    assert charter.status == Charter.Status.IN_FORCE and charter.version == 1
    assert (charter.cadence_days, charter.first_meeting_days, charter.quorum_per_party) == (
        92,
        60,
        1,
    )
    assert charter.unanimous and charter.written_consent and charter.parity_required
    assert (charter.minutes_draft_days, charter.executive_days) == (15, 30)
    assert "Amending the research plan" in charter.carve_out_topics
    assert jsc.name == "Joint steering committee"
    assert (
        AuditEvent.objects.unscoped()
        .filter(action="committee.created", object_id=str(jsc.pk))
        .exists()
    )


def test_every_charter_value_can_be_set_at_creation(cast):
    borealis = Party.objects.unscoped().get(
        alliance=cast.helix_borealis, organisation=cast.borealis
    )
    jsc = seat_jsc(
        cast,
        cadence_days=30,
        quorum_per_party=2,
        unanimous=False,
        final_say_party=borealis,
        carve_outs="Pricing",
    )
    charter = Charter.objects.unscoped().get(committee=jsc)
    assert (charter.cadence_days, charter.quorum_per_party, charter.unanimous) == (30, 2, False)
    assert charter.final_say_party == borealis and charter.carve_out_topics == ["Pricing"]


@pytest.mark.parametrize("rule", [{"cadence_days": 0}, {"quorum_per_party": 99}, {"not_a_rule": 1}])
def test_impossible_charter_values_are_refused_and_nothing_is_created(cast, rule):
    with pytest.raises(ValidationError):
        seat_jsc(cast, **rule)
    assert not Charter.objects.unscoped().exists()


def test_a_final_say_party_must_belong_to_the_alliance(cast):
    other = Party.objects.unscoped().get(alliance=cast.cobalt_borealis, organisation=cast.cobalt)
    with pytest.raises(ValidationError) as error:
        seat_jsc(cast, final_say_party=other)
    assert "final_say_party" in error.value.message_dict


@pytest.mark.parametrize("who", ["carol", "dave", "mallory", "erin"])
def test_only_alliance_managers_of_a_joined_party_set_up_committees(cast, who):
    with pytest.raises(PermissionDenied):
        services.committee_create(actor=getattr(cast, who), alliance=cast.helix_borealis)


def test_each_party_seats_its_own_people_one_co_chair_each(board):
    cast = board.cast
    with pytest.raises(ValidationError, match="own organisation"):
        services.committee_member_add(actor=cast.alice, committee=board.jsc, user=cast.bob)
    with pytest.raises(ValidationError, match="co-chair"):
        services.committee_member_add(
            actor=cast.alice, committee=board.jsc, user=cast.carol, role="co_chair"
        )
    with pytest.raises(ValidationError, match="already sits"):
        services.committee_member_add(actor=cast.bob, committee=board.jsc, user=cast.erin)


def test_voting_seats_are_capped_by_the_charter_but_alternates_are_not(cast):
    jsc = seat_jsc(cast, seats_per_party=1)
    services.committee_member_add(actor=cast.alice, committee=jsc, user=cast.alice, role="co_chair")
    with pytest.raises(ValidationError, match="1 voting seat"):
        services.committee_member_add(actor=cast.alice, committee=jsc, user=cast.carol)
    services.committee_member_add(
        actor=cast.alice, committee=jsc, user=cast.carol, role="alternate"
    )


def test_parity_is_flagged_when_one_party_holds_more_voting_seats(board):
    services.committee_member_add(
        actor=board.cast.alice, committee=board.jsc, user=board.cast.carol
    )
    status = selectors.committee_statuses(user=board.cast.bob, alliance=board.jsc.alliance)[0]
    assert status.parity_broken
    assert status.seats == {"Helix Biotherapeutics": 2, "Borealis Pharma": 1}


def test_a_charter_change_comes_into_force_only_when_every_party_approves(board):
    cast = board.cast
    proposal = services.charter_propose(
        actor=cast.bob,
        committee=board.jsc,
        rationale="Meet monthly during Phase 1.",
        cadence_days=31,
    )
    assert proposal.status == Charter.Status.PROPOSED and proposal.version == 2
    assert Charter.objects.unscoped().get(committee=board.jsc, status="in_force").version == 1
    assert [m.to for m in mail.outbox if "approval" in m.subject] == [["alice@helix.test"]]
    services.charter_approve(actor=cast.alice, charter=proposal)
    proposal.refresh_from_db()
    old = Charter.objects.unscoped().get(committee=board.jsc, version=1)
    assert proposal.status == Charter.Status.IN_FORCE and proposal.cadence_days == 31
    assert old.status == Charter.Status.SUPERSEDED and old.cadence_days == 92  # still readable
    adopted = Decision.objects.unscoped().get(charter=proposal)
    assert adopted.outcome == Decision.Outcome.AGREED and adopted.votes.count() == 2


def test_a_rejected_charter_change_leaves_the_charter_in_force(board):
    proposal = services.charter_propose(
        actor=board.cast.alice, committee=board.jsc, rationale="Majority voting.", unanimous=False
    )
    with pytest.raises(ValidationError, match="why"):
        services.charter_reject(actor=board.cast.bob, charter=proposal, reason=" ")
    services.charter_reject(
        actor=board.cast.bob, charter=proposal, reason="Unanimity is in the agreement."
    )
    proposal.refresh_from_db()
    assert proposal.status == Charter.Status.REJECTED
    assert Charter.objects.unscoped().get(committee=board.jsc, status="in_force").unanimous
    with pytest.raises(ValidationError):
        services.charter_approve(actor=board.cast.bob, charter=proposal)


def test_a_charter_proposal_must_change_something_and_only_one_may_wait(board):
    with pytest.raises(ValidationError, match="changes nothing"):
        services.charter_propose(actor=board.cast.alice, committee=board.jsc, rationale="Same.")
    services.charter_propose(
        actor=board.cast.alice, committee=board.jsc, rationale="Faster.", team_days=7
    )
    with pytest.raises(ValidationError, match="already awaiting"):
        services.charter_propose(
            actor=board.cast.bob, committee=board.jsc, rationale="Slower.", team_days=21
        )


def test_only_the_proposing_party_withdraws_and_a_party_answers_once(board):
    proposal = services.charter_propose(
        actor=board.cast.alice, committee=board.jsc, rationale="x", team_days=7
    )
    with pytest.raises(ValidationError, match="already answered"):
        services.charter_approve(actor=board.cast.alice, charter=proposal)
    with pytest.raises(PermissionDenied):
        services.charter_withdraw(actor=board.cast.bob, charter=proposal)
    services.charter_withdraw(actor=board.cast.alice, charter=proposal)
    assert Charter.objects.unscoped().get(pk=proposal.pk).status == Charter.Status.WITHDRAWN


# --- Quorum --------------------------------------------------------------------------------------


def test_without_the_partner_there_is_no_quorum(board):
    quorum = services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat]
    )
    assert not quorum.met and quorum.missing == ["Borealis Pharma"]
    assert Meeting.objects.unscoped().get(pk=board.meeting.pk).quorum_met is False


def test_without_ones_own_side_there_is_no_quorum_either(board):
    quorum = services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.bob_seat]
    )
    assert not quorum.met and quorum.missing == ["Helix Biotherapeutics"]


def test_with_a_voting_member_of_each_party_the_meeting_is_quorate(board):
    assert services.attendance_record(
        actor=board.cast.bob, meeting=board.meeting, present=[board.alice_seat, board.bob_seat]
    ).met


def test_an_alternate_stands_in_for_an_absent_member(board):
    assert services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat, board.erin_seat]
    ).met


def test_an_alternate_does_not_add_a_seat_beyond_the_partys_voting_members(cast):
    jsc = seat_jsc(cast, quorum_per_party=2)
    alice = services.committee_member_add(
        actor=cast.alice, committee=jsc, user=cast.alice, role="co_chair"
    )
    carol = services.committee_member_add(actor=cast.alice, committee=jsc, user=cast.carol)
    bob = services.committee_member_add(
        actor=cast.bob, committee=jsc, user=cast.bob, role="co_chair"
    )
    erin = services.committee_member_add(
        actor=cast.bob, committee=jsc, user=cast.erin, role="alternate"
    )
    meeting = schedule(cast, jsc)
    quorum = services.attendance_record(
        actor=cast.alice, meeting=meeting, present=[alice, carol, bob, erin]
    )
    assert not quorum.met  # Borealis has one voting seat; Erin can stand in for nobody
    assert [(p.name, p.present, p.needed) for p in quorum.parties] == [
        ("Helix Biotherapeutics", 2, 2),
        ("Borealis Pharma", 1, 2),
    ]


def test_attendance_waits_for_the_meeting_and_is_fixed_once_it_has_decided(board):
    future = services.meeting_schedule(
        actor=board.cast.alice,
        committee=board.jsc,
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="started"):
        services.attendance_record(
            actor=board.cast.alice, meeting=future, present=[board.alice_seat]
        )
    quorate(board)
    vote(board, "for", "for")
    with pytest.raises(ValidationError, match="decisions"):
        services.attendance_record(actor=board.cast.alice, meeting=board.meeting, present=[])


def test_someone_off_the_committee_cannot_be_marked_present(board, cast):
    other = seat_jsc(cast, name="Joint patent committee", kind="jpc")
    stranger = services.committee_member_add(actor=cast.alice, committee=other, user=cast.carol)
    with pytest.raises(ValidationError):
        services.attendance_record(actor=cast.alice, meeting=board.meeting, present=[stranger])


# --- Decisions -----------------------------------------------------------------------------------


def test_a_decision_needs_attendance_then_quorum(board):
    with pytest.raises(ValidationError, match="attendance"):
        vote(board, "for", "for")
    services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat]
    )
    with pytest.raises(ValidationError, match="not quorate"):
        vote(board, "for", "for")
    assert not Decision.objects.unscoped().exists()


def test_unanimity_agrees_only_when_every_party_votes_for(board):
    quorate(board)
    assert vote(board, "for", "for").outcome == Decision.Outcome.AGREED
    assert not Escalation.objects.unscoped().exists()


def test_a_deadlock_starts_the_escalation_at_the_executives_with_their_time(board):
    quorate(board)
    decision = vote(board, "for", "against")
    assert decision.outcome == Decision.Outcome.DEADLOCKED
    escalation = Escalation.objects.unscoped().get(decision=decision)
    assert escalation.level == Level.EXECUTIVES and not escalation.is_end_run
    days = (escalation.level_due_at - escalation.level_since).days
    assert days == 30
    executives_mail = [m for m in mail.outbox if "Escalation at executives" in m.subject]
    assert executives_mail and "erin@borealis.test" in executives_mail[0].to


def test_a_decision_waits_for_every_partys_own_vote(board):
    quorate(board)
    h, b = parties(board)
    decision = services.decision_record(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="X",
        votes={h.pk: "for"},
        **signed_vote("for"),
    )
    assert decision.outcome == Decision.Outcome.PENDING
    assert decision.votes_close_at > board.meeting.ends_at
    with pytest.raises(ValidationError) as refused:
        services.decision_record(
            actor=board.cast.alice,
            meeting=board.meeting,
            title="Y",
            votes={b.pk: "for"},
            **signed_vote("for"),
        )
    assert "votes" in refused.value.message_dict
    assert Decision.objects.unscoped().count() == 1  # the refused one changed nothing


def test_a_party_of_another_alliance_cannot_vote(board, cast):
    quorate(board)
    h, b = parties(board)
    other = Party.objects.unscoped().get(alliance=cast.cobalt_borealis, organisation=cast.cobalt)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=cast.alice,
            meeting=board.meeting,
            title="X",
            votes={h.pk: "for", b.pk: "for", other.pk: "for"},
            **signed_vote("for"),
        )


def test_majority_voting_needs_more_parties_for_than_against():
    assert rules.outcome({1: "for", 2: "for", 3: "against"}, [1, 2, 3], unanimous=False) == "agreed"
    assert rules.outcome({1: "for", 2: "against"}, [1, 2], unanimous=False) == "deadlocked"
    assert (
        rules.outcome({1: "for", 2: "for", 3: "against"}, [1, 2, 3], unanimous=True) == "deadlocked"
    )
    assert rules.outcome({1: "for"}, [1, 2], unanimous=True) == "pending"


def test_deferring_needs_no_quorum(board):
    services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat]
    )
    deferred = services.decision_defer(
        actor=board.cast.alice, meeting=board.meeting, title="Budget", note="No quorum"
    )
    assert deferred.outcome == Decision.Outcome.DEFERRED and deferred.reference == "D-001"


def test_a_carve_out_must_be_one_of_the_charters(board):
    quorate(board)
    with pytest.raises(ValidationError, match="carve-out"):
        vote(board, "for", "for", carve_out="Anything we like")


@pytest.mark.parametrize("who", ["carol", "dave"])
def test_viewers_and_outsiders_record_nothing(board, who):
    quorate(board)
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=getattr(board.cast, who), meeting=board.meeting, title="X", votes={}
        )


def test_a_scientist_runs_the_committee_only_once_seated_on_it(board, cast):
    from conftest import colleague

    scientist = colleague(cast.alice, "sam@helix.test", "Sam", "Shah", "scientist")
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(actor=scientist, committee=board.jsc, starts_at=timezone.now())
    services.committee_member_add(actor=cast.alice, committee=board.jsc, user=scientist)
    assert services.meeting_schedule(actor=scientist, committee=board.jsc, starts_at=timezone.now())


# --- Written consent -----------------------------------------------------------------------------


def test_written_consent_settles_when_the_last_party_votes(board):
    decision = services.decision_propose(
        actor=board.cast.alice,
        committee=board.jsc,
        title="Extend the research term",
        text="By six months.",
    )
    assert (
        decision.outcome == Decision.Outcome.PENDING and decision.method == Decision.Method.WRITTEN
    )
    services.decision_vote(
        actor=board.cast.alice, decision=decision, vote="for", **signed_vote("for")
    )
    with pytest.raises(ValidationError, match="already"):
        services.decision_vote(
            actor=board.cast.alice, decision=decision, vote="for", **signed_vote("for")
        )
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="for", **signed_vote("for")
    )
    decision.refresh_from_db()
    assert decision.outcome == Decision.Outcome.AGREED and decision.decided_at


def test_a_written_consent_deadlock_also_goes_to_the_executives(board):
    decision = services.decision_propose(
        actor=board.cast.bob, committee=board.jsc, title="Cut the budget", text="By 10%."
    )
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="for", **signed_vote("for")
    )
    services.decision_vote(
        actor=board.cast.alice, decision=decision, vote="against", **signed_vote("against")
    )
    assert Escalation.objects.unscoped().get(decision=decision).level == Level.EXECUTIVES


def test_both_parties_against_is_a_rejection_not_a_deadlock(board):
    quorate(board)
    decision = vote(board, "against", "against")
    assert decision.outcome == Decision.Outcome.REJECTED and decision.decided_at
    assert not Escalation.objects.unscoped().exists()


def test_each_vote_shows_who_cast_it_for_which_party_and_when(board):
    quorate(board)
    decision = vote(board, "for", "for")
    cast = {v.party.organisation.name: (v.cast_by, v.cast_at) for v in decision.votes.all()}
    assert cast["Helix Biotherapeutics"][0] == board.cast.alice
    assert cast["Borealis Pharma"][0] == board.cast.bob
    assert all(at is not None for _, at in cast.values())


def test_casting_the_other_partys_vote_is_refused_naming_the_field(board):
    quorate(board)
    h, b = parties(board)
    decision = services.decision_record(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="X",
        votes={h.pk: "for"},
        **signed_vote("for"),
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_vote(
            actor=board.cast.alice,
            decision=decision,
            vote="for",
            party_id=b.pk,
            **signed_vote("for"),
        )
    assert "party_id" in refused.value.message_dict
    assert "its own people" in refused.value.message_dict["party_id"][0]
    assert decision.votes.count() == 1
    # Naming one's own party is fine: Bob votes for Borealis.
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="for", party_id=b.pk, **signed_vote("for")
    )
    assert Decision.objects.unscoped().get(pk=decision.pk).outcome == Decision.Outcome.AGREED


def test_a_second_vote_for_the_same_party_is_refused_unless_it_changes_explicitly(board, cast):
    from conftest import colleague

    quorate(board)
    other_manager = colleague(cast.alice, "hal@helix.test", "Hal", "Hart", "alliance_manager")
    decision = services.decision_propose(
        actor=board.cast.alice, committee=board.jsc, title="Extend the term", text="By a year."
    )
    services.decision_vote(
        actor=board.cast.alice, decision=decision, vote="against", **signed_vote("against")
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_vote(
            actor=other_manager, decision=decision, vote="for", **signed_vote("for")
        )
    assert "vote" in refused.value.message_dict
    with pytest.raises(ValidationError, match="not acted yet"):
        services.decision_vote(
            actor=board.cast.bob, decision=decision, vote="for", change=True, **signed_vote("for")
        )
    services.decision_vote(
        actor=other_manager, decision=decision, vote="for", change=True, **signed_vote("for")
    )
    helix_vote = decision.votes.get(party__organisation=cast.helix)
    assert (helix_vote.vote, helix_vote.replaced_vote, helix_vote.cast_by) == (
        "for",
        "against",
        other_manager,
    )
    assert AuditEvent.objects.unscoped().filter(action="decision.vote_changed").count() == 1
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="for", **signed_vote("for")
    )
    assert Decision.objects.unscoped().get(pk=decision.pk).outcome == Decision.Outcome.AGREED
    with pytest.raises(ValidationError, match="settled"):
        services.decision_vote(
            actor=board.cast.bob,
            decision=decision,
            vote="against",
            change=True,
            **signed_vote("against"),
        )


def test_a_party_votes_after_the_meeting_within_the_charters_window_only(board):
    quorate(board)
    h, _ = parties(board)
    decision = services.decision_record(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="X",
        votes={h.pk: "for"},
        **signed_vote("for"),
    )
    with later(6):
        services.decision_vote(
            actor=board.cast.bob, decision=decision, vote="against", **signed_vote("against")
        )
    assert Decision.objects.unscoped().get(pk=decision.pk).outcome == "deadlocked"
    late = services.decision_record(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="Y",
        votes={h.pk: "for"},
        **signed_vote("for"),
    )
    with later(9):
        with pytest.raises(ValidationError, match="window"):
            services.decision_vote(
                actor=board.cast.bob, decision=late, vote="for", **signed_vote("for")
            )
        assert services.decision_votes_lapse() == 1
        assert services.decision_votes_lapse() == 0
    assert Decision.objects.unscoped().get(pk=late.pk).outcome == Decision.Outcome.LAPSED


def test_abstaining_follows_the_charter(board):
    quorate(board)
    with pytest.raises(ValidationError, match="abstain"):
        vote(board, "abstain", "for")
    assert Decision.objects.unscoped().count() == 0
    Charter.objects.unscoped().filter(committee=board.jsc).update(abstention="neutral")
    assert vote(board, "abstain", "for").outcome == Decision.Outcome.AGREED
    assert vote(board, "abstain", "against").outcome == Decision.Outcome.REJECTED
    Charter.objects.unscoped().filter(committee=board.jsc).update(abstention="blocks")
    assert vote(board, "abstain", "for").outcome == Decision.Outcome.DEADLOCKED


def test_the_outcome_rule_at_its_edges():
    unanimous = {"unanimous": True}
    assert rules.outcome({1: "for", 2: "for"}, [1, 2], **unanimous) == "agreed"
    assert rules.outcome({1: "against", 2: "against"}, [1, 2], **unanimous) == "rejected"
    assert rules.outcome({1: "for", 2: "against"}, [1, 2], **unanimous) == "deadlocked"
    assert rules.outcome({1: "for", 3: "for"}, [1, 2], **unanimous) == "pending"
    assert rules.outcome({1: "against", 2: "against", 3: "for"}, [1, 2, 3], False) == "rejected"
    assert rules.outcome({1: "abstain", 2: "abstain"}, [1, 2], True, "neutral") == "rejected"
    assert rules.outcome({1: "abstain", 2: "against"}, [1, 2], True, "blocks") == "rejected"
    assert rules.outcome({1: "abstain", 2: "for"}, [1, 2], False, "blocks") == "deadlocked"


def test_alternates_and_viewers_do_not_vote_for_their_party(board):
    decision = services.decision_propose(
        actor=board.cast.bob, committee=board.jsc, title="X", text="Y"
    )
    with pytest.raises(PermissionDenied):
        services.decision_vote(
            actor=board.cast.erin, decision=decision, vote="for", **signed_vote("for")
        )
    with pytest.raises(PermissionDenied):
        services.decision_vote(
            actor=board.cast.carol, decision=decision, vote="for", **signed_vote("for")
        )


def test_written_consent_only_where_the_charter_allows_it(cast):
    jsc = seat_jsc(cast, written_consent=False)
    with pytest.raises(ValidationError, match="written consent"):
        services.decision_propose(actor=cast.alice, committee=jsc, title="X", text="Y")


# --- The escalation ladder -----------------------------------------------------------------------


def deadlock(board: Board, **kwargs: Any) -> Escalation:
    quorate(board)
    return Escalation.objects.unscoped().get(decision=vote(board, "for", "against", **kwargs))


def final_say(board: Board, party: Party | None) -> None:
    Charter.objects.unscoped().filter(committee=board.jsc).update(final_say_party=party)


def test_after_the_executives_the_party_with_final_say_decides(board):
    _, borealis = parties(board)
    final_say(board, borealis)
    escalation = deadlock(board)
    with later(31):
        services.escalation_advance(actor=board.cast.alice, escalation=escalation)
    escalation.refresh_from_db()
    assert escalation.level == Level.FINAL_SAY and escalation.level_due_at is None
    with pytest.raises(PermissionDenied, match="final say"):
        services.escalation_resolve(
            actor=board.cast.alice, escalation=escalation, resolution="Helix decides"
        )
    services.escalation_resolve(
        actor=board.cast.bob, escalation=escalation, resolution="Borealis decides"
    )
    assert Escalation.objects.unscoped().get(pk=escalation.pk).status == Escalation.Status.RESOLVED


def test_the_named_executives_resolve_at_their_rung_whatever_their_role(board):
    from conftest import colleague

    named = colleague(board.cast.bob, "nils@borealis.test", "Nils", "Nordby", "scientist")
    unnamed = colleague(board.cast.bob, "olga@borealis.test", "Olga", "Ortiz", "scientist")
    Charter.objects.unscoped().get(committee=board.jsc, status="in_force").executives.add(named)
    escalation = deadlock(board)
    assert escalation.level == Level.EXECUTIVES
    with pytest.raises(PermissionDenied, match="executives its charter names"):
        services.escalation_resolve(actor=unnamed, escalation=escalation, resolution="Agreed")
    services.escalation_resolve(actor=named, escalation=escalation, resolution="Agreed: go")
    assert Escalation.objects.unscoped().get(pk=escalation.pk).is_open  # Helix has not agreed
    services.escalation_resolve(
        actor=board.cast.alice, escalation=escalation, resolution="Agreed: go"
    )
    resolved = Escalation.objects.unscoped().get(pk=escalation.pk)
    assert (resolved.status, resolved.resolved_by) == (Escalation.Status.RESOLVED, board.cast.alice)


def test_the_executives_period_runs_its_full_length_for_the_party_with_final_say(board):
    _, borealis = parties(board)
    final_say(board, borealis)
    escalation = deadlock(board)
    with pytest.raises(ValidationError) as refused:
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    assert "escalation" in refused.value.message_dict
    with pytest.raises(PermissionDenied, match="executives"):
        services.escalation_resolve(actor=board.cast.bob, escalation=escalation, resolution="Mine")
    services.escalation_resolve(actor=board.cast.erin, escalation=escalation, resolution="Mine")
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.EXECUTIVES
    with later(29.9):
        with pytest.raises(ValidationError):
            services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    with later(30.1):
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.FINAL_SAY


def test_the_executives_move_on_early_only_when_both_agree(board):
    h, b = parties(board)
    final_say(board, b)
    escalation = deadlock(board)
    services.escalation_executive_move_on(actor=board.cast.erin, escalation=escalation)
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.EXECUTIVES
    with pytest.raises(ValidationError, match="already"):
        services.escalation_executive_move_on(actor=board.cast.erin, escalation=escalation)
    with pytest.raises(ValidationError) as refused:
        services.escalation_executive_move_on(
            actor=board.cast.erin, escalation=escalation, party_id=h.pk
        )
    assert "party_id" in refused.value.message_dict
    with pytest.raises(PermissionDenied, match="executives its charter names"):
        services.escalation_executive_move_on(actor=board.cast.bob, escalation=escalation)
    services.escalation_executive_move_on(actor=board.cast.alice, escalation=escalation)
    escalation.refresh_from_db()
    assert escalation.level == Level.FINAL_SAY
    assert "agreed to move on early" in escalation.steps.last().note
    with pytest.raises(ValidationError, match="executives' rung"):
        services.escalation_executive_move_on(actor=board.cast.alice, escalation=escalation)


def test_a_resolution_at_the_executives_rung_needs_both_executives_on_the_same_words(board):
    h, _ = parties(board)
    escalation = deadlock(board)
    services.escalation_resolve(actor=board.cast.erin, escalation=escalation, resolution="Plan A")
    with pytest.raises(ValidationError, match="already agreed"):
        services.escalation_resolve(
            actor=board.cast.erin, escalation=escalation, resolution="Plan A"
        )
    services.escalation_resolve(actor=board.cast.alice, escalation=escalation, resolution="Plan B")
    assert Escalation.objects.unscoped().get(pk=escalation.pk).is_open  # different words
    with pytest.raises(ValidationError) as refused:
        services.escalation_resolve(
            actor=board.cast.erin, escalation=escalation, resolution="Plan B", party_id=h.pk
        )
    assert "party_id" in refused.value.message_dict
    services.escalation_resolve(actor=board.cast.erin, escalation=escalation, resolution="Plan B")
    resolved = Escalation.objects.unscoped().get(pk=escalation.pk)
    assert (resolved.status, resolved.resolution) == (Escalation.Status.RESOLVED, "Plan B")
    acts = {a.party_id: a.acted_by for a in resolved.executive_acts.all()}
    assert acts == {h.pk: board.cast.alice, parties(board)[1].pk: board.cast.erin}


def test_an_escalation_goes_on_a_coming_meeting_once_for_the_committee_to_decide(board):
    escalation = deadlock(board)
    coming = services.meeting_schedule(
        actor=board.cast.alice,
        committee=board.jsc,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    item = services.escalation_to_agenda(
        actor=board.cast.bob, escalation=escalation, meeting=coming
    )
    assert (item.escalation, item.objective) == (escalation, "decide")
    with pytest.raises(ValidationError, match="already"):
        services.escalation_to_agenda(actor=board.cast.bob, escalation=escalation, meeting=coming)
    with pytest.raises(ValidationError, match="coming meeting"):
        services.escalation_to_agenda(
            actor=board.cast.bob, escalation=escalation, meeting=board.meeting
        )
    with pytest.raises(PermissionDenied):
        services.escalation_to_agenda(actor=board.cast.dave, escalation=escalation, meeting=coming)


def test_a_carve_out_goes_to_dispute_resolution_not_to_the_final_say(board):
    _, borealis = parties(board)
    final_say(board, borealis)
    escalation = deadlock(board, carve_out="Amending the research plan")
    with later(31):
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    escalation.refresh_from_db()
    assert escalation.level == Level.DISPUTE
    with pytest.raises(ValidationError, match="last rung"):
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    services.escalation_resolve(
        actor=board.cast.alice, escalation=escalation, resolution="Mediator's award"
    )


def test_without_a_final_say_party_a_deadlock_ends_in_dispute_resolution():
    assert rules.next_level(Level.EXECUTIVES, carve_out=False, final_say=False) == Level.DISPUTE
    assert rules.next_level(Level.TEAM, carve_out=False, final_say=True) == Level.COMMITTEE
    assert rules.next_level(Level.DISPUTE, carve_out=False, final_say=True) is None


def test_the_sweep_reminds_before_and_at_expiry_then_moves_up_and_never_twice(board):
    _, borealis = parties(board)
    final_say(board, borealis)
    escalation = deadlock(board)
    mail.outbox.clear()
    assert services.escalation_reminders_send() == (0, 0)
    with later(28):
        assert services.escalation_reminders_send() == (1, 0)
        assert services.escalation_reminders_send() == (0, 0)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Time limit near"]
    with later(31):
        assert services.escalation_reminders_send() == (0, 1)
        assert services.escalation_reminders_send() == (0, 0)
    escalation.refresh_from_db()
    assert escalation.level == Level.FINAL_SAY
    subjects = [m.subject.split(":")[0] for m in mail.outbox]
    assert subjects.count("Time limit passed") == 1 and subjects.count("Time limit near") == 1
    steps = [s.level for s in escalation.steps.all()]
    assert steps == [Level.EXECUTIVES, Level.FINAL_SAY]
    assert (
        AuditEvent.objects.unscoped().filter(action="escalation.moved_up", actor=None).count() == 1
    )


def test_a_resolved_escalation_is_never_reminded(board):
    escalation = deadlock(board)
    for executive in (board.cast.erin, board.cast.alice):
        services.escalation_resolve(
            actor=executive, escalation=escalation, resolution="Agreed at exec level"
        )
    with later(40):
        assert services.escalation_reminders_send() == (0, 0)


# --- End-runs ------------------------------------------------------------------------------------


def concern(board: Board, visibility: str = "shared") -> Concern:
    return services.concern_raise(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Slow tox reports",
        visibility=visibility,
    )


def raise_at(board: Board, level: str, **kwargs: Any) -> Escalation:
    return services.escalation_raise(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        committee=board.jsc,
        title="Slow tox reports",
        level=level,
        **kwargs,
    )


def test_raising_at_the_working_team_follows_the_agreed_path(board):
    escalation = raise_at(board, Level.TEAM)
    assert not escalation.is_end_run and escalation.level_due_at is not None
    assert (escalation.level_due_at - escalation.level_since).days == 14


@pytest.mark.parametrize("level", [Level.COMMITTEE, Level.EXECUTIVES, Level.FINAL_SAY])
def test_skipping_a_rung_is_an_end_run_told_to_both_parties_managers(board, level):
    mail.outbox.clear()
    escalation = raise_at(board, level)
    assert escalation.is_end_run and "skipping the working team" in escalation.end_run_reason
    end_runs = [m for m in mail.outbox if m.subject.startswith("End-run")]
    assert {"alice@helix.test", "bob@borealis.test"} <= set(end_runs[0].to)
    event = AuditEvent.objects.unscoped().get(action="escalation.end_run")
    assert event.visibility == "shared"


def test_a_concern_the_committee_discussed_may_go_to_the_committee(board):
    shared = concern(board)
    services.concern_to_agenda(actor=board.cast.alice, concern=shared, meeting=board.meeting)
    quorate(board)
    assert not raise_at(board, Level.COMMITTEE, concern=shared).is_end_run
    assert raise_at(board, Level.EXECUTIVES, concern=shared).is_end_run


def test_going_outside_the_ladder_is_an_end_run_and_must_say_to_whom(board):
    with pytest.raises(ValidationError, match="whom"):
        raise_at(board, Level.OUTSIDE)
    escalation = raise_at(board, Level.OUTSIDE, addressed_to="Borealis's CEO")
    assert escalation.is_end_run and "outside" in escalation.end_run_reason
    services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.EXECUTIVES


def test_only_a_shared_concern_can_be_escalated_or_put_on_an_agenda(board):
    private = concern(board, visibility="private")
    with pytest.raises(ValidationError):
        raise_at(board, Level.TEAM, concern=private)
    with pytest.raises(ValidationError, match="Share"):
        services.concern_to_agenda(actor=board.cast.alice, concern=private, meeting=board.meeting)


def test_only_the_raising_party_withdraws_an_escalation(board):
    escalation = raise_at(board, Level.TEAM)
    with pytest.raises(PermissionDenied):
        services.escalation_withdraw(actor=board.cast.bob, escalation=escalation)
    services.escalation_withdraw(actor=board.cast.alice, escalation=escalation, note="Settled")
    assert Escalation.objects.unscoped().get(pk=escalation.pk).status == Escalation.Status.WITHDRAWN


# --- Concerns ------------------------------------------------------------------------------------


def test_a_private_concern_is_invisible_to_the_partner_until_shared(board):
    private = concern(board, visibility="private")
    assert not Concern.objects.visible_to(board.cast.bob).filter(pk=private.pk).exists()
    event = AuditEvent.objects.unscoped().get(action="concern.raised")
    assert event.visibility == "private"
    assert not AuditEvent.objects.visible_to(board.cast.bob).filter(pk=event.pk).exists()
    with pytest.raises(PermissionDenied):
        services.concern_share(actor=board.cast.bob, concern=private)
    services.concern_share(actor=board.cast.alice, concern=private)
    assert Concern.objects.visible_to(board.cast.bob).filter(pk=private.pk).exists()


def test_people_off_the_alliance_team_raise_no_concerns(board):
    with pytest.raises(PermissionDenied):
        services.concern_raise(actor=board.cast.erin, alliance=board.jsc.alliance, title="X")
    with pytest.raises(PermissionDenied):
        services.concern_raise(actor=board.cast.carol, alliance=board.jsc.alliance, title="X")


def test_an_early_warning_becomes_a_shared_concern_with_no_person_and_no_email(cast):
    from django.db import transaction

    mail.outbox.clear()
    with transaction.atomic():
        early_warning.send(
            sender=None,
            alliance=cast.helix_borealis,
            title="Trust dropped to 2.6",
            body="Trust fell by 0.8 since the last pulse.",
            severity="high",
            source=None,
        )
    found = Concern.objects.visible_to(cast.bob).get()
    assert found.is_shared and found.raised_by is None and found.organisation is None
    assert found.severity == "high" and found.source == "pulse"
    event = AuditEvent.objects.unscoped().get(action="concern.raised")
    assert event.actor is None and event.actor_label == "Concord" and event.organisation is None
    assert mail.outbox == []
    assert Concern.objects.visible_to(cast.alice).filter(pk=found.pk).exists()
    assert not Concern.objects.visible_to(cast.dave).filter(pk=found.pk).exists()


# --- Minutes -------------------------------------------------------------------------------------


def test_minutes_are_drafted_after_the_meeting_circulated_and_approved_at_the_next(board):
    with pytest.raises(ValidationError, match="attendance"):
        services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Minutes")
    quorate(board)
    minutes = services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Draft")
    minutes = services.minutes_save(
        actor=board.cast.bob, meeting=board.meeting, body="Revised draft"
    )
    assert minutes.version == 1 and minutes.body == "Revised draft"
    with pytest.raises(ValidationError, match="Circulate"):
        services.minutes_approve(
            actor=board.cast.alice, minutes=minutes, at_meeting=board.meeting, **signed()
        )
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    with pytest.raises(PermissionDenied):
        services.minutes_comment(actor=board.cast.carol, minutes=minutes, body="Typo")
    services.minutes_comment(
        actor=board.cast.bob, minutes=minutes, body="Item 2: say 'subject to budget'."
    )
    with pytest.raises(ValidationError, match="later meeting"):
        services.minutes_approve(
            actor=board.cast.alice, minutes=minutes, at_meeting=board.meeting, **signed()
        )
    follow_up = services.meeting_schedule(
        actor=board.cast.alice, committee=board.jsc, starts_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="quorate"):
        services.minutes_approve(
            actor=board.cast.alice, minutes=minutes, at_meeting=follow_up, **signed()
        )
    quorate(board, follow_up)
    services.minutes_approve(
        actor=board.cast.alice, minutes=minutes, at_meeting=follow_up, **signed()
    )
    assert not Minutes.objects.unscoped().get(pk=minutes.pk).is_locked  # Borealis has not
    with pytest.raises(ValidationError) as refused:
        services.minutes_approve(
            actor=board.cast.alice, minutes=minutes, at_meeting=follow_up, **signed()
        )
    assert "minutes" in refused.value.message_dict
    services.minutes_approve(
        actor=board.cast.bob, minutes=minutes, at_meeting=follow_up, **signed()
    )
    locked = Minutes.objects.unscoped().get(pk=minutes.pk)
    assert locked.is_locked and locked.approved_at_meeting == follow_up
    assert {a.approved_by for a in locked.approvals.all()} == {board.cast.alice, board.cast.bob}


def test_approving_minutes_is_a_signature_of_that_version_or_nothing(board):
    quorate(board)
    minutes = services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Draft")
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    follow_up = quorate(
        board,
        services.meeting_schedule(
            actor=board.cast.alice, committee=board.jsc, starts_at=timezone.now()
        ),
    )
    approve = partial(services.minutes_approve, minutes=minutes, at_meeting=follow_up)
    with pytest.raises(ValidationError) as wrong:
        approve(actor=board.cast.bob, password="guess", meaning="approve")
    with pytest.raises(ValidationError) as unstated:
        approve(actor=board.cast.bob, **signed(""))
    assert set(wrong.value.message_dict) == {"password"}
    assert set(unstated.value.message_dict) == {"meaning"}
    assert not minutes.approvals.exists() and not signatures_of(
        user=board.cast.bob, subject=minutes
    )
    approve(actor=board.cast.bob, **signed())
    approve(actor=board.cast.alice, **signed())
    manifest = list(signatures_of(user=board.cast.carol, subject=minutes))
    assert [(s.printed_name, s.organisation.name, s.meaning) for s in manifest] == [
        ("Bob Brennan", "Borealis Pharma", "approve"),
        ("Alice Archer", "Helix Biotherapeutics", "approve"),
    ]
    assert all(signature_matches(s, minutes_content(minutes)) for s in manifest)
    corrected = services.minutes_correct(
        actor=board.cast.alice, minutes=minutes, body="Draft, corrected", note="Typo"
    )
    assert not signature_matches(manifest[0], minutes_content(corrected))
    assert not signatures_of(user=board.cast.carol, subject=corrected).exists()


def test_a_vote_is_signed_with_the_meaning_of_the_vote(board):
    decision = services.decision_propose(
        actor=board.cast.alice, committee=board.jsc, title="Extend", text="By a year."
    )
    with pytest.raises(ValidationError) as misread:
        services.decision_vote(actor=board.cast.bob, decision=decision, vote="against", **signed())
    assert set(misread.value.message_dict) == {"meaning"}
    with pytest.raises(ValidationError) as wrong:
        services.decision_vote(
            actor=board.cast.bob, decision=decision, vote="for", password="x", meaning="approve"
        )
    assert set(wrong.value.message_dict) == {"password"}
    assert not decision.votes.exists()
    assert not AuditEvent.objects.unscoped().filter(action="decision.voted").exists()
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="against", **signed_vote("against")
    )
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="for", change=True, **signed_vote("for")
    )
    signatures = list(signatures_of(user=board.cast.alice, subject=decision))
    assert [(s.meaning, s.statement) for s in signatures] == [
        ("reject", f"Voted against {decision.reference} “Extend” for Borealis Pharma"),
        ("approve", f"Voted for {decision.reference} “Extend” for Borealis Pharma"),
    ], "a changed vote is signed again; the first signature stays"


def test_the_co_chairs_hear_once_when_the_draft_minutes_are_past_their_turnaround(board):
    quorate(board)
    mail.outbox.clear()
    assert services.minutes_reminders_send() == 0  # held yesterday; the draft is due in 14 days
    with later(15):
        assert services.minutes_reminders_send() == 1
        assert services.minutes_reminders_send() == 0
    assert [sorted(m.to) for m in mail.outbox] == [["alice@helix.test", "bob@borealis.test"]]
    assert mail.outbox[0].subject.startswith("Minutes overdue")
    assert AuditEvent.objects.unscoped().filter(action="minutes.reminded").count() == 1


def test_circulated_minutes_and_unheld_meetings_are_never_chased(board):
    schedule(board.cast, board.jsc, days_ago=3)  # scheduled, attendance never recorded
    quorate(board)
    minutes = services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Draft")
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    mail.outbox.clear()
    with later(30):
        assert services.minutes_reminders_send() == 0
    assert mail.outbox == []


def test_approved_minutes_are_locked_and_a_correction_is_a_new_version(board):
    quorate(board)
    minutes = services.minutes_save(
        actor=board.cast.alice, meeting=board.meeting, body="Original text"
    )
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    follow_up = quorate(
        board,
        services.meeting_schedule(
            actor=board.cast.alice, committee=board.jsc, starts_at=timezone.now()
        ),
    )
    for co_chair in (board.cast.alice, board.cast.bob):
        services.minutes_approve(actor=co_chair, minutes=minutes, at_meeting=follow_up, **signed())
    with pytest.raises(ValidationError, match="locked"):
        services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Rewritten")
    with pytest.raises(ValidationError, match="what the correction"):
        services.minutes_correct(
            actor=board.cast.bob, minutes=minutes, body="Corrected text", note=""
        )
    correction = services.minutes_correct(
        actor=board.cast.bob,
        minutes=Minutes.objects.unscoped().get(pk=minutes.pk),
        body="Corrected text",
        note="Wrong dose",
    )
    assert correction.version == 2 and correction.status == Minutes.Status.DRAFT
    assert Minutes.objects.unscoped().get(pk=minutes.pk).body == "Original text"


def test_the_minutes_turnaround_clock():
    due = datetime.date(2026, 3, 16)
    assert (
        rules.minutes_turnaround(due, datetime.date(2026, 3, 10), datetime.date(2026, 4, 1))
        == "on_time"
    )
    assert (
        rules.minutes_turnaround(due, datetime.date(2026, 3, 20), datetime.date(2026, 4, 1))
        == "late"
    )
    assert rules.minutes_turnaround(due, None, datetime.date(2026, 3, 17)) == "overdue"
    assert rules.minutes_turnaround(due, None, datetime.date(2026, 3, 16)) == "due"


def test_the_meeting_record_counts_the_draft_deadline_from_the_charter(board):
    quorate(board)
    record = selectors.meeting_record(user=board.cast.bob, meeting=board.meeting)
    assert record.minutes_due == board.meeting.starts_at.date() + datetime.timedelta(days=15)
    assert record.turnaround == "due"


# --- Cadence -------------------------------------------------------------------------------------


def test_the_first_meeting_is_due_within_n_days_of_the_effective_date(cast):
    jsc = seat_jsc(cast)
    status = selectors.committee_statuses(user=cast.alice, alliance=cast.helix_borealis)[0]
    assert status.committee == jsc
    assert status.next_due == cast.helix_borealis.effective_date + datetime.timedelta(days=60)
    assert status.overdue  # the cast's alliance started in January 2025


def test_after_a_held_meeting_the_next_is_due_per_cadence_and_overdue_after(board):
    quorate(board)
    status = selectors.committee_statuses(user=board.cast.alice, alliance=board.jsc.alliance)[0]
    assert status.next_due == board.meeting.starts_at.date() + datetime.timedelta(days=92)
    assert not status.overdue and not status.scheduled_in_time
    with later(100):
        status = selectors.committee_statuses(user=board.cast.alice, alliance=board.jsc.alliance)[0]
        assert status.overdue and status.late_days >= 7


# --- Actions -------------------------------------------------------------------------------------


def action(board: Board, due_days: int = -3, owner: Any = None) -> ActionItem:
    return services.action_create(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Send the tox report",
        owner=owner or board.cast.bob,
        due_on=timezone.localdate() + datetime.timedelta(days=due_days),
    )


def test_an_action_goes_to_a_person_of_either_party_who_is_told(board):
    mail.outbox.clear()
    item = action(board, due_days=10)
    assert (
        item.owner_party.organisation
        == board.cast.helix_borealis.parties.get(organisation=board.cast.borealis).organisation
    )
    assert [m.to for m in mail.outbox] == [["bob@borealis.test"]]
    with pytest.raises(ValidationError, match="owner"):
        action(board, owner=board.cast.dave)


def test_overdue_owners_are_reminded_once_per_overdue_week(board):
    action(board, due_days=-3)
    action(board, due_days=5)
    mail.outbox.clear()
    assert services.action_reminders_send() == 1
    assert services.action_reminders_send() == 0
    with later(8):
        assert services.action_reminders_send() == 2  # the second is overdue by now too
        assert services.action_reminders_send() == 0
    assert all(m.subject.startswith("Overdue") for m in mail.outbox)


def test_a_done_action_is_not_reminded_and_a_new_date_resets_the_reminder(board):
    item = action(board, due_days=-3)
    services.action_reminders_send()
    services.action_update(
        actor=board.cast.bob, action=item, due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.action_reminders_send() == 1
    services.action_update(actor=board.cast.bob, action=item, status="done")
    with later(8):
        assert services.action_reminders_send() == 0
    assert ActionItem.objects.unscoped().get(pk=item.pk).closed_at is not None


# --- Operating model and calendar ----------------------------------------------------------------


def test_a_workstream_has_exactly_one_accountable_party(board):
    h, b = parties(board)
    with pytest.raises(ValidationError, match="Exactly one"):
        services.workstream_save(
            actor=board.cast.alice,
            alliance=board.jsc.alliance,
            name="CMC",
            raci={h.pk: "R", b.pk: "R"},
        )
    with pytest.raises(ValidationError, match="Exactly one"):
        services.workstream_save(
            actor=board.cast.alice,
            alliance=board.jsc.alliance,
            name="CMC",
            raci={h.pk: "A", b.pk: "A"},
        )
    workstream = services.workstream_save(
        actor=board.cast.bob, alliance=board.jsc.alliance, name="CMC", raci={h.pk: "A", b.pk: "C"}
    )
    assert {r.party_id: r.role for r in workstream.raci.all()} == {h.pk: "A", b.pk: "C"}
    with pytest.raises(PermissionDenied):
        services.workstream_save(
            actor=board.cast.carol, alliance=board.jsc.alliance, name="X", raci={h.pk: "A"}
        )


def test_a_new_calendar_link_replaces_the_old_and_only_its_hash_is_kept(cast):
    first = services.calendar_feed_rotate(actor=cast.alice)
    assert selectors.calendar_user_for_token(first) == cast.alice
    second = services.calendar_feed_rotate(actor=cast.alice)
    assert selectors.calendar_user_for_token(first) is None
    assert selectors.calendar_user_for_token(second) == cast.alice
    feed = selectors.calendar_feed_of(user=cast.alice)
    assert second not in (feed.token_hash, feed.prefix + "x")
    services.calendar_feed_revoke(actor=cast.alice)
    assert selectors.calendar_user_for_token(second) is None


# --- Carve-outs as rules -------------------------------------------------------------------------


def carve_out_rules(board: Board, **rules_: Any) -> None:
    Charter.objects.unscoped().filter(committee=board.jsc).update(**rules_)


def deadlock_on(board: Board, **matter: Any) -> Escalation:
    """A deadlock on an agenda item of the given matter, at a quorate meeting."""
    item = services.agenda_item_add(
        actor=board.cast.alice, meeting=board.meeting, title="The matter", **matter
    )
    board.meeting.refresh_from_db()
    if not board.meeting.is_held:
        quorate(board)
    decision = vote(board, "for", "against", agenda_item=item)
    return Escalation.objects.unscoped().get(decision=decision)


def test_a_category_the_charter_lists_is_a_carve_out_whatever_the_tag(board):
    _, borealis = parties(board)
    final_say(board, borealis)
    carve_out_rules(board, carve_out_categories=["safety"])
    escalation = deadlock_on(board, category="safety")
    assert escalation.decision.carve_out == "Safety" and escalation.carve_out == "Safety"
    with later(31):
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.DISPUTE


def test_a_budget_change_above_the_threshold_is_a_carve_out_untagged(board):
    from decimal import Decimal

    carve_out_rules(
        board, budget_carve_out_above=Decimal("1000000.00"), budget_carve_out_currency="EUR"
    )
    above = deadlock_on(board, budget_change=Decimal("1000000.01"), budget_currency="eur")
    assert above.decision.carve_out == "Budget change above EUR 1,000,000.00"
    Escalation.objects.unscoped().update(status="withdrawn")
    at = deadlock_on(board, budget_change=Decimal("1000000.00"), budget_currency="EUR")
    assert at.decision.carve_out == ""
    charter = Charter.objects.unscoped().get(committee=board.jsc)
    assert "USD" in rules.carve_out(
        charter, category="general", budget_change=Decimal("5"), currency="USD"
    )
    assert rules.carve_out(
        charter, category="general", budget_change=Decimal("-2000000"), currency="EUR"
    )


def test_either_party_disputes_a_category_and_the_protective_reading_applies(board):
    _, borealis = parties(board)
    final_say(board, borealis)
    carve_out_rules(board, carve_out_categories=["ip"])
    escalation = deadlock_on(board, category="commercial")
    assert escalation.decision.carve_out == ""
    item = escalation.decision.agenda_item
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_category_dispute(
            actor=board.cast.alice, item=item, category="ip", reason=""
        )
    assert "reason" in refused.value.message_dict
    services.agenda_item_category_dispute(
        actor=board.cast.alice, item=item, category="ip", reason="It licenses our patent family."
    )
    with pytest.raises(ValidationError, match="other party"):
        services.agenda_item_category_dispute(
            actor=board.cast.bob, item=item, category="general", reason="No"
        )
    with pytest.raises(PermissionDenied):
        services.agenda_item_category_dispute(
            actor=board.cast.carol, item=item, category="ip", reason="Viewer"
        )
    with later(31):
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.DISPUTE


def test_the_charters_carve_out_rules_are_checked(cast):
    with pytest.raises(ValidationError) as refused:
        seat_jsc(cast, carve_out_categories=["whatever"])
    assert "carve_out_categories" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        seat_jsc(cast, budget_carve_out_above="100.00")
    assert "budget_carve_out_currency" in refused.value.message_dict
    jsc = seat_jsc(cast, budget_carve_out_above="100.00", budget_carve_out_currency="USD")
    assert Charter.objects.unscoped().get(committee=jsc).carve_out_categories == [
        "plan",
        "termination",
    ]


def test_an_agenda_items_matter_is_checked(board):
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(
            actor=board.cast.alice, meeting=board.meeting, title="X", budget_change=5
        )
    assert "budget_currency" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(
            actor=board.cast.alice, meeting=board.meeting, title="X", category="gossip"
        )
    assert "category" in refused.value.message_dict


def test_written_consent_carries_its_matter_and_the_charters_rules_apply(board):
    from decimal import Decimal

    _, borealis = parties(board)
    final_say(board, borealis)
    carve_out_rules(
        board,
        carve_out_categories=["safety"],
        budget_carve_out_above=Decimal("500000.00"),
        budget_carve_out_currency="EUR",
    )
    seek = partial(services.decision_propose, actor=board.cast.bob, committee=board.jsc)
    budget = seek(
        title="Add a toxicology arm",
        text="Fund a second species.",
        budget_change=Decimal("750000.00"),
        budget_currency="eur",
    )
    assert (budget.category, budget.budget_change, budget.budget_currency) == (
        "general",
        Decimal("750000.00"),
        "EUR",
    )
    assert budget.carve_out == "Budget change above EUR 500,000.00", "untagged, still a carve-out"
    safety = seek(title="Pause dosing", text="Until the DSMB reports.", category="safety")
    assert safety.carve_out == "Safety"
    small = seek(
        title="Buy reagents",
        text="As quoted.",
        budget_change=Decimal("10.00"),
        budget_currency="EUR",
    )
    assert small.carve_out == ""
    services.decision_vote(actor=board.cast.bob, decision=budget, vote="for", **signed_vote("for"))
    services.decision_vote(
        actor=board.cast.alice, decision=budget, vote="against", **signed_vote("against")
    )
    escalation = Escalation.objects.unscoped().get(decision=budget)
    assert escalation.carve_out == "Budget change above EUR 500,000.00"
    with later(31):
        services.escalation_advance(actor=board.cast.bob, escalation=escalation)
    assert Escalation.objects.unscoped().get(pk=escalation.pk).level == Level.DISPUTE


def test_a_written_consent_matter_is_checked_and_nothing_is_sought(board):
    seek = partial(
        services.decision_propose, actor=board.cast.bob, committee=board.jsc, title="X", text="Y"
    )
    for matter, field in [
        ({"category": "golf"}, "category"),
        ({"budget_change": 5}, "budget_currency"),
        ({"budget_currency": "EUR"}, "budget_change"),
    ]:
        with pytest.raises(ValidationError) as refused:
            seek(**matter)
        assert field in refused.value.message_dict
    assert not Decision.objects.unscoped().exists()
