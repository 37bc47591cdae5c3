"""The reads behind the alliance pages: the timeline, what the page offers, the dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from concord.alliances import selectors, services
from concord.alliances.models import Alliance, Party, Phase, PhaseTransition, TeamMember
from concord.orgs.models import User
from conftest import signed

pytestmark = pytest.mark.django_db


def steps(phase: str, entered: list[str]) -> dict[str, str]:
    alliance = Alliance(phase=phase)
    start = timezone.now()
    timeline = [
        PhaseTransition(phase=p, entered_at=start + datetime.timedelta(days=i))
        for i, p in enumerate(entered)
    ]
    return {s.phase: s.state for s in selectors._timeline_steps(alliance, timeline)}


def test_timeline_marks_done_current_and_upcoming():
    assert steps("preclinical", ["discovery", "preclinical"]) == {
        "discovery": "done",
        "preclinical": "current",
        "clinical": "upcoming",
        "commercialisation": "upcoming",
        "scale_up": "upcoming",
        "wind_down": "upcoming",
    }


def test_a_phase_jumped_over_by_a_gate_is_skipped():
    assert steps("clinical", ["discovery", "clinical"])["preclinical"] == "skipped"


def test_after_termination_the_rest_is_unreached_not_skipped():
    states = steps("terminated", ["discovery", "preclinical", "terminated"])
    assert states["preclinical"] == "done"
    assert states["clinical"] == "unreached"
    assert states["terminated"] == "current"


def test_the_page_offers_each_person_only_what_their_role_allows(cast):
    gate = services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Go",
        **signed(),
    )
    assert gate.is_pending

    def can(user):
        return selectors.alliance_permissions_for(user=user, alliance=cast.helix_borealis)

    alice, bob, carol, erin = can(cast.alice), can(cast.bob), can(cast.carol), can(cast.erin)
    assert alice.edit and alice.withdraw_gate and not alice.answer_gate and alice.gate_answered
    assert bob.answer_gate and not bob.withdraw_gate and bob.edit
    assert erin.answer_gate and not erin.edit
    assert not (carol.edit or carol.answer_gate or carol.write_note or carol.propose_gate)
    assert alice.gate_blocker == "A gate is already pending: answer or withdraw it first."
    assert (
        selectors.alliance_permissions_for(user=cast.mallory, alliance=cast.helix_borealis)
        == selectors.AlliancePermissions()
    )


def test_dashboard_counts_only_visible_alliances_by_phase(cast):
    dashboard = selectors.alliance_dashboard(user=cast.alice)
    assert dashboard.total == 1
    assert dict((p, n) for p, _, n in dashboard.phase_counts)[Phase.DISCOVERY] == 1
    assert selectors.alliance_dashboard(user=cast.bob).total == 2


def test_who_answers_for_a_party_is_its_team_else_its_organisation_active_people_only(cast):
    helix = Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.helix)
    borealis = Party.objects.unscoped().get(
        alliance=cast.helix_borealis, organisation=cast.borealis
    )
    # Alice leads Helix's team; Carol, a viewer at Helix, never answers for it.
    assert selectors.party_contacts(helix) == ["alice@helix.test"]
    # Nobody at Helix does finance, on the team or off it.
    assert selectors.party_contacts(helix, selectors.FINANCE_ROLES) == []
    # Borealis named no executive sponsor to the team: its organisation's, Erin, stands in.
    sponsor = [TeamMember.Role.EXECUTIVE_SPONSOR]
    assert selectors.party_contacts(borealis, sponsor) == ["erin@borealis.test"]
    # Without a team lead, Helix's admins and alliance managers answer: Alice again.
    TeamMember.objects.unscoped().filter(party=helix).delete()
    assert selectors.party_contacts(helix) == ["alice@helix.test"]
    # A deactivated account is never written to, on the team or as a stand-in.
    User.objects.filter(pk__in=[cast.alice.pk, cast.erin.pk]).update(is_active=False)
    assert selectors.party_contacts(helix) == []
    assert selectors.party_contacts(borealis, sponsor) == []


def test_an_alliances_contacts_are_each_accepted_partys_and_can_be_narrowed(cast):
    alliance = cast.helix_borealis
    assert sorted(selectors.alliance_contacts(alliance_id=alliance.pk)) == [
        "alice@helix.test",
        "bob@borealis.test",
    ]
    only_borealis = selectors.alliance_contacts(
        alliance_id=alliance.pk, organisation_ids=[cast.borealis.pk]
    )
    assert only_borealis == ["bob@borealis.test"]
    # A party that has not accepted (or has left) is not written to about the alliance.
    Party.objects.unscoped().filter(alliance=alliance, organisation=cast.borealis).update(
        status=Party.Status.DECLINED
    )
    assert selectors.alliance_contacts(alliance_id=alliance.pk) == ["alice@helix.test"]
