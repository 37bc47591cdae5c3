"""Homework's rules: drift alerts from fit assessments and competing facts, continuity alerts
(a sponsor leaves, contact goes stale, fewer than two sponsors, an owner leaves), each raised
once, onboarding progress, and every row kept to the organisation that wrote it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.core import clock
from concord.core.models import AuditEvent, OutboxEmail
from concord.homework import sections, selectors, services
from concord.homework.models import Alert, FitAssessment, Stakeholder
from concord.homework.services.continuity import CONTACT_DAYS
from concord.homework.tests.helpers import (
    assess,
    borealis_party,
    helix_party,
    put_on_team,
    stakeholder,
)
from concord.orgs.models import Membership

pytestmark = pytest.mark.django_db


def kinds(cast, who=None):
    return sorted(
        a.kind for a in selectors.alert_list(user=who or cast.alice, alliance=cast.helix_borealis)
    )


def test_a_fall_of_ten_points_raises_one_private_drift_alert(cast):
    assess(cast, days_ago=200)
    assess(cast, days_ago=100, strategic_fit=4, priority=3)  # 76: a fall of 4, no alert
    assert kinds(cast) == []
    before = OutboxEmail.objects.count()
    third = assess(cast, strategic_fit=2, priority=2, market=2)  # 56: a fall of 20
    assert kinds(cast) == ["fit_fall"]
    alert = selectors.alert_list(user=cast.alice, alliance=cast.helix_borealis).get()
    assert "from 76" in alert.message and "to 56" in alert.message
    email = OutboxEmail.objects.latest("pk")
    assert OutboxEmail.objects.count() == before + 1
    assert email.to == [cast.alice.email]  # Helix's manager; never Borealis's people
    assert third.overall == 56
    # The partner sees neither the assessment nor the alert, nor their audit events.
    assert selectors.fit_history(user=cast.bob, alliance=cast.helix_borealis) == []
    assert kinds(cast, cast.bob) == []
    events = AuditEvent.objects.visible_to(cast.bob).filter(action__startswith="homework.")
    assert not events.exists()


def test_a_sponsor_swing_of_two_raises_a_sponsor_change_alert(cast):
    assess(cast, days_ago=30, sponsor_strength=5)
    assess(cast, sponsor_strength=3)
    assert "sponsor_change" in kinds(cast)


def test_a_competing_programme_raises_a_drift_alert_once(cast):
    fact = services.partner_fact_record(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        partner=cast.borealis,
        kind="programme",
        name="BOR-9 bispecific",
        therapeutic_area="oncology",
        modality="antibody",
        indication="NSCLC",
        phase="phase_1",
        relation="competes",
        source="Borealis R&D day, slide 14",
        as_of=clock.today(),
    )
    assert kinds(cast) == ["competitor"]
    assert not fact.is_stale
    # An unrelated one raises nothing more.
    services.partner_fact_record(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        partner=cast.borealis,
        kind="alliance",
        counterparty="Quartz Bio",
        therapeutic_area="neuroscience",
        announced_on=datetime.date(2024, 3, 1),
        competes=False,
        source="Press release",
        as_of=clock.today() - datetime.timedelta(days=400),
    )
    assert kinds(cast) == ["competitor"]
    profile = selectors.profiles(user=cast.alice, partners=[cast.borealis])[0]
    assert profile.competing == 1 and profile.stale_count == 1
    assert selectors.profiles(user=cast.bob, partners=[cast.borealis])[0].programmes == []


def test_a_fact_is_about_another_party_of_the_alliance_with_a_source(cast):
    common = {
        "actor": cast.alice,
        "alliance": cast.helix_borealis,
        "kind": "area",
        "therapeutic_area": "oncology",
        "weight_percent": 40,
        "as_of": clock.today(),
    }
    with pytest.raises(ValidationError) as refused:
        services.partner_fact_record(partner=cast.helix, source="Us", **common)
    assert "partner" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.partner_fact_record(partner=cast.borealis, source="  ", **common)
    assert "source" in refused.value.message_dict


def test_readers_and_outsiders_cannot_write_homework(cast):
    with pytest.raises(PermissionDenied):
        assess(cast, who=cast.carol)
    with pytest.raises(PermissionDenied):
        assess(cast, who=cast.dave)


def test_fewer_than_two_engaged_sponsors_is_raised_once_by_the_sweep(cast):
    stakeholder(cast)
    assert services.continuity_check() == 1
    assert kinds(cast) == ["few_sponsors"]
    assert services.continuity_check() == 0  # the same situation: not again
    stakeholder(cast, name="Gus Grant", level="leadership", stance="supportive")
    assert services.continuity_check() == 0  # two engaged sponsors now
    assert kinds(cast) == ["few_sponsors"]


def test_a_sponsor_who_leaves_the_partner_team_is_raised_once(cast):
    put_on_team(borealis_party(cast), cast.erin)
    erin = stakeholder(cast, person=cast.erin)
    stakeholder(cast, name="Gus Grant", stance="supportive")
    assert services.continuity_check() == 0
    Membership.objects.unscoped().filter(user=cast.erin).update(is_active=False)
    assert services.continuity_check() == 2  # Erin left; one sponsor is left engaged
    assert kinds(cast) == ["few_sponsors", "stakeholder_left"]
    left = selectors.alert_list(user=cast.alice, alliance=cast.helix_borealis).get(
        kind="stakeholder_left"
    )
    assert left.stakeholder == erin
    assert services.continuity_check() == 0


def test_a_key_relationship_without_contact_goes_stale_once(cast):
    stakeholder(cast, stance="champion")
    stakeholder(cast, name="Gus Grant", stance="supportive")
    stakeholder(cast, name="Ivy Ito", role="influencer", last_contact=None)  # not key
    assert services.continuity_check() == 0
    later = clock.now() + datetime.timedelta(days=CONTACT_DAYS + 1)
    with clock.moved_to(later):
        assert services.continuity_check() == 2
        assert services.continuity_check() == 0
        assert kinds(cast).count("stale_contact") == 2
        gus = Stakeholder.objects.visible_to(cast.alice).get(name="Gus Grant")
        services.stakeholder_contact(actor=cast.alice, stakeholder=gus)
        assert services.continuity_check() == 0


def test_an_owner_who_leaves_is_raised_with_a_prompt_to_reassign(cast):
    owner = Membership.objects.unscoped().get(user=cast.carol)
    owner.role = "alliance_manager"
    owner.save()
    s = stakeholder(cast, owner=cast.carol)
    stakeholder(cast, name="Gus Grant", stance="supportive")
    assert services.continuity_check() == 0
    Membership.objects.unscoped().filter(user=cast.carol).update(is_active=False)
    assert services.continuity_check() == 1
    alert = selectors.alert_list(user=cast.alice, alliance=cast.helix_borealis).get()
    assert alert.kind == "owner_left" and "reassign" in alert.message
    services.stakeholder_update(actor=cast.alice, stakeholder=s, owner=cast.alice)
    assert services.continuity_check() == 0


def test_a_stakeholders_owner_is_one_of_ours_and_their_person_one_of_theirs(cast):
    with pytest.raises(ValidationError) as refused:
        stakeholder(cast, owner=cast.bob)
    assert "owner" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        stakeholder(cast, person=cast.carol)
    assert "person" in refused.value.message_dict


def test_onboarding_progress_counts_people_who_did_every_step(cast):
    put_on_team(helix_party(cast), cast.carol, role="scientist")
    progress = selectors.onboarding(user=cast.alice, alliance=cast.helix_borealis)
    team = len(progress.people)
    assert progress.onboarded == 0 and len(progress.steps) == 4
    for i in range(4):
        services.onboarding_step_done(
            actor=cast.alice, alliance=cast.helix_borealis, step=f"default-{i}"
        )
    progress = selectors.onboarding(user=cast.alice, alliance=cast.helix_borealis)
    assert progress.onboarded == 1 and progress.share == round(100 / team)
    with pytest.raises(ValidationError):
        services.onboarding_step_done(
            actor=cast.alice, alliance=cast.helix_borealis, step="default-0"
        )
    # A manager ticks for a newcomer; the partner's onboarding stays its own.
    step = progress.steps[0]
    services.onboarding_step_done(
        actor=cast.alice, alliance=cast.helix_borealis, step=str(step.pk), person=cast.carol
    )
    theirs = selectors.onboarding(user=cast.bob, alliance=cast.helix_borealis)
    assert all(not p.done for p in theirs.people)
    facts = sections.portfolio_source(cast.alice, [cast.helix_borealis.pk])
    assert facts[cast.helix_borealis.pk].values["onboarded"] == f"{round(100 / team)}%"
    # A new step on the checklist means nobody is fully onboarded until they do it too.
    services.onboarding_step_add(actor=cast.alice, title="Shadow a JSC meeting")
    assert selectors.onboarding(user=cast.alice, alliance=cast.helix_borealis).onboarded == 0


def test_today_lists_alerts_for_managers_and_onboarding_for_team_members(cast):
    assess(cast, days_ago=30)
    assess(cast, strategic_fit=1, priority=1)
    mine = sections.today_items(cast.alice)
    assert {i.kind for i in mine} >= {"homework", "onboarding"}
    assert not [i for i in sections.today_items(cast.bob) if i.kind == "homework"]


def test_a_pending_gate_with_stale_homework_is_on_today(cast, django_capture_on_commit_callbacks):
    from concord.alliances import services as alliance_services
    from conftest import signed

    alliance_services.gate_propose(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        to_phase="preclinical",
        rationale="Candidate nominated",
        **signed(),
    )
    titles = [i.title for i in sections.today_items(cast.alice) if i.kind == "homework"]
    assert titles == ["Refresh your homework before the gate"]
    assess(cast)
    assert not [i for i in sections.today_items(cast.alice) if i.kind == "homework"]
    FitAssessment.objects.unscoped().update(assessed_on=clock.today() - datetime.timedelta(91))
    assert [i for i in sections.today_items(cast.alice) if i.kind == "homework"]


def test_resolving_an_alert_is_its_organisations_act(cast):
    assess(cast, days_ago=30)
    assess(cast, strategic_fit=1, priority=1)
    alert = Alert.objects.visible_to(cast.alice).get()
    with pytest.raises(Alert.DoesNotExist):
        selectors.alert_get(user=cast.bob, pk=alert.pk)
    services.alert_resolve(actor=cast.alice, alert=alert)
    with pytest.raises(ValidationError):
        services.alert_resolve(actor=cast.alice, alert=alert)
