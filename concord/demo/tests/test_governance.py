"""The demo's governance story: three of Castlegate's strategic alliances run their committees on
Concord for two years. Every committee has a charter in force; meetings are held with minutes
approved (and locked) at the next quorate meeting; decisions are taken, two of them deadlocked
and sent up the escalation ladder; the latest actions stay open, some overdue; concerns are
raised, and Lumen's CEO takes one straight to the executives, an end-run. Read from the demo
seeded once for all demo tests (conftest.py)."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from concord.alliances.models import Alliance, Party
from concord.core.models import Signature
from concord.demo.chapters import governance as chapter
from concord.governance import selectors
from concord.governance.models import (
    ActionItem,
    Charter,
    Committee,
    Concern,
    Decision,
    DecisionVote,
    Escalation,
    Meeting,
    Minutes,
    MinutesApproval,
)

pytestmark = pytest.mark.xdist_group("demo")


@pytest.mark.django_db
def test_every_committee_has_a_charter_in_force(played):
    committees = Committee.objects.unscoped()
    bodies = sum(len(plan.bodies) for plan in chapter.PLOT)
    assert committees.count() == bodies == 5
    assert set(committees.values_list("alliance__name", flat=True)) == {
        plan.alliance for plan in chapter.PLOT
    }
    charters = Charter.objects.unscoped()
    for committee in committees:
        assert charters.filter(committee=committee, status=Charter.Status.IN_FORCE).count() == 1
    # Fenwick's change to two-monthly meetings was approved by both; Tidewell's still awaits it.
    fenwick = charters.filter(committee__alliance__name=chapter.FENWICK.alliance)
    in_force = fenwick.get(status=Charter.Status.IN_FORCE)
    assert in_force.version == 2 and in_force.cadence_days == 61
    assert fenwick.filter(status=Charter.Status.SUPERSEDED, version=1).exists()
    tidewell_jsc = charters.filter(
        committee__alliance__name=chapter.TIDEWELL.alliance, committee__kind="jsc"
    )
    assert tidewell_jsc.filter(status=Charter.Status.PROPOSED).count() == 1


@pytest.mark.django_db
def test_two_years_of_meetings_with_minutes(played):
    meetings = Meeting.objects.unscoped()
    held = meetings.filter(status=Meeting.Status.HELD)
    sittings = [s for plan in chapter.PLOT for b in plan.bodies for s in b.sittings]
    assert held.count() == sum(not s.upcoming for s in sittings) >= 25
    assert meetings.filter(status=Meeting.Status.SCHEDULED).count() == sum(
        s.upcoming for s in sittings
    )
    starts = list(held.values_list("starts_at", flat=True))
    assert (max(starts) - min(starts)).days > 18 * 30
    assert len({(s.year, s.month) for s in starts}) >= 18
    assert all(s < timezone.now() for s in starts)
    assert set(held.values_list("committee", flat=True)) == set(
        Committee.objects.unscoped().values_list("pk", flat=True)
    )
    # One meeting without the partner: not quorate, so it only deferred its decision.
    unquorate = held.filter(quorum_met=False)
    assert unquorate.count() == 1
    assert set(
        Decision.objects.unscoped().filter(meeting__in=unquorate).values_list("outcome", flat=True)
    ) == {Decision.Outcome.DEFERRED}

    minutes = Minutes.objects.unscoped()
    for meeting in held:
        assert minutes.filter(meeting=meeting).exclude(status=Minutes.Status.DRAFT).exists()
    approved = minutes.filter(status=Minutes.Status.APPROVED).select_related(
        "meeting", "approved_at_meeting"
    )
    # Each committee's latest minutes await its next meeting; all the others are approved.
    assert approved.count() == held.count() - Committee.objects.unscoped().count() >= 20
    for m in approved:
        assert m.is_locked and m.approved_at is not None
        at = m.approved_at_meeting
        assert at.committee_id == m.meeting.committee_id
        assert at.is_held and at.quorum_met and at.starts_at > m.meeting.starts_at
        assert m.circulated_at < m.approved_at
    assert minutes.filter(status=Minutes.Status.CIRCULATED).count() == 5


@pytest.mark.django_db
def test_decisions_some_deadlocked_and_escalated(played):
    decisions = Decision.objects.unscoped()
    assert decisions.filter(outcome=Decision.Outcome.AGREED).count() >= 25
    assert decisions.filter(outcome=Decision.Outcome.DEFERRED).count() >= 2
    deadlocked = decisions.filter(outcome=Decision.Outcome.DEADLOCKED)
    assert deadlocked.count() == 2
    for decision in deadlocked:
        escalation = decision.escalations.get()
        assert not escalation.is_end_run  # a deadlock going to the executives is the agreed path
        assert escalation.steps.order_by("entered_at", "pk").first().level == "executives"
        assert escalation.status == Escalation.Status.RESOLVED and escalation.resolution
    # The CRO deadlock outlived the executives' time and went to Castlegate's final say.
    cro = deadlocked.get(title="Choose the CRO for the Phase 2 extension").escalations.get()
    assert cro.level == Escalation.Level.FINAL_SAY
    assert set(cro.steps.values_list("level", flat=True)) == {"executives", "final_say"}
    executives, final_say = cro.steps.order_by("entered_at", "pk")
    assert final_say.entered_at >= executives.due_at  # the executives' period ran its length
    # Both parties voted against one proposal: a rejection, a decision that escalates nothing.
    rejected = decisions.get(outcome=Decision.Outcome.REJECTED)
    assert not rejected.escalations.exists()
    assert {v.cast_by.membership.organisation_id for v in rejected.votes.all()} == {
        p.organisation_id
        for p in Party.objects.unscoped().filter(alliance=rejected.alliance, status="accepted")
    }
    carve_out = deadlocked.exclude(carve_out="").get().escalations.get()
    assert carve_out.level == Escalation.Level.EXECUTIVES


@pytest.mark.django_db
def test_actions_the_latest_open_some_overdue(played):
    actions = ActionItem.objects.unscoped()
    assert actions.count() >= 20
    assert actions.filter(status=ActionItem.Status.DONE).count() >= 10
    overdue = [a for a in actions.filter(status=ActionItem.Status.OPEN) if a.is_overdue]
    assert len(overdue) >= 1
    assert {a.alliance.name for a in overdue} <= {plan.alliance for plan in chapter.PLOT}
    alliance = Alliance.objects.unscoped().get(name=chapter.LUMEN.alliance)
    shown = selectors.action_list(
        user=played.person("castlegate", "hannah"),
        alliance=alliance,
        filters=selectors.ActionFilters(status="overdue"),
    )
    assert shown.exists()


@pytest.mark.django_db
def test_concerns_and_escalations_with_one_end_run(played):
    concerns = Concern.objects.unscoped().filter(raised_by__isnull=False)
    assert concerns.count() >= 3
    assert concerns.filter(status=Concern.Status.RESOLVED).exists()
    assert concerns.exclude(status=Concern.Status.RESOLVED).exists()
    escalations = Escalation.objects.unscoped()
    assert escalations.count() >= 4
    end_run = escalations.get(is_end_run=True)
    assert end_run.alliance.name == chapter.LUMEN.alliance
    assert end_run.raised_by == played.person("lumen", "maya")
    assert end_run.level == Escalation.Level.EXECUTIVES and end_run.end_run_reason
    assert end_run.concern is not None and end_run.concern.is_shared
    assert end_run.status == Escalation.Status.RESOLVED
    # Fenwick's cost-share escalation follows the agreed path and is still open at the committee.
    open_ = escalations.filter(status=Escalation.Status.OPEN)
    assert open_.count() == 1
    fenwick = open_.get()
    assert not fenwick.is_end_run and fenwick.level == Escalation.Level.COMMITTEE
    assert fenwick.alliance.name == chapter.FENWICK.alliance


@pytest.mark.django_db
def test_tidewells_jsc_is_overdue(played):
    alliance = Alliance.objects.unscoped().get(name=chapter.TIDEWELL.alliance)
    statuses = {
        s.committee.kind: s
        for s in selectors.committee_statuses(
            user=played.person("castlegate", "hannah"), alliance=alliance
        )
    }
    assert statuses["jsc"].charter is not None and statuses["jsc"].overdue
    assert statuses["jsc"].proposal is not None


@pytest.mark.django_db
def test_every_vote_and_every_approval_of_minutes_is_signed(played):
    meanings = {"for": "approve", "against": "reject", "abstain": "review"}
    signed = {
        (s.subject_type, s.subject_id, s.signer_id): s.meaning
        for s in Signature.objects.unscoped().filter(
            subject_type__in=("governance.decision", "governance.minutes")
        )
    }
    # A charter's adoption is logged as a decision with each party's approval of the charter.
    votes = DecisionVote.objects.unscoped().filter(decision__charter__isnull=True)
    assert votes.count() >= 50
    for vote in votes:
        key = ("governance.decision", str(vote.decision_id), vote.cast_by_id)
        assert signed.get(key) == meanings[vote.vote], vote
    approvals = MinutesApproval.objects.unscoped()
    assert approvals.exists()
    for approval in approvals:
        key = ("governance.minutes", str(approval.minutes_id), approval.approved_by_id)
        assert signed.get(key) == "approve", approval
    assert len(signed) == votes.count() + approvals.count(), "no signature without its act"


@pytest.mark.django_db
def test_the_executives_rung_runs_its_length_or_ends_in_both_executives_words(played):
    """No escalation leaves the executives' rung for the final say before the executives' period
    has run, unless every party's executive agreed to move on; each one resolved at that rung
    carries every party's own executive agreeing to the same words."""
    escalations = Escalation.objects.unscoped().prefetch_related("steps", "executive_acts")
    ran_its_length = resolved_by_both = 0
    for escalation in escalations:
        parties = set(
            Party.objects.unscoped()
            .filter(alliance=escalation.alliance_id, status="accepted")
            .values_list("pk", flat=True)
        )
        acts = list(escalation.executive_acts.all())
        for act in acts:  # each party's executive acts for that party alone
            assert act.acted_by.membership.organisation_id == act.party.organisation_id
        moved_on = {a.party_id for a in acts if a.purpose == "move_on"} == parties
        steps = list(escalation.steps.order_by("entered_at", "pk"))
        for lower, upper in itertools.pairwise(steps):
            if lower.level == Escalation.Level.EXECUTIVES:
                assert moved_on or upper.entered_at >= lower.due_at, escalation.title
                ran_its_length += not moved_on
        if escalation.status == Escalation.Status.RESOLVED and (
            escalation.level == Escalation.Level.EXECUTIVES
        ):
            resolving = [a for a in acts if a.purpose == "resolve"]
            assert {a.party_id for a in resolving} == parties, escalation.title
            assert {a.resolution for a in resolving} == {escalation.resolution}
            resolved_by_both += 1
    assert ran_its_length >= 1
    assert resolved_by_both >= 2  # the carve-out deadlock and the end-run
