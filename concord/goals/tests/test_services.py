"""Goals as joint acts, benefits shared or private, KPIs and their status along the trajectory,
and automatic measurements from what Concord already records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from concord.core import clock
from concord.core.metrics import _METRICS, AllianceMetric, register_alliance_metric
from concord.core.models import AuditEvent
from concord.goals import selectors, services
from concord.goals.models import Benefit, Goal, GoalVersion, KpiStatus, Measurement
from concord.goals.status import kpi_status
from concord.goals.tests.helpers import BASELINE_DATE, TARGET_DATE, agreed_goal, kpi, party_of

pytestmark = pytest.mark.django_db

MIDYEAR = datetime.date(2026, 7, 2)  # 182 of 364 days along: the line stands at 50


def test_a_goal_holds_only_once_every_party_has_agreed_through_its_own_people(cast):
    goal = services.goal_propose(
        actor=cast.alice, alliance=cast.helix_borealis, title="First-in-human by 2027"
    )
    assert goal.status == Goal.Status.PROPOSED and goal.version == 0
    version = goal.versions.get()
    with pytest.raises(ValidationError) as refused:  # Alice cannot answer for Borealis
        services.goal_version_agree(
            actor=cast.alice, version=version, party_id=party_of(cast, cast.bob).pk
        )
    assert "party_id" in refused.value.message_dict
    with pytest.raises(ValidationError):  # nor agree twice for Helix
        services.goal_version_agree(actor=cast.alice, version=version)
    services.goal_version_agree(actor=cast.bob, version=version)
    goal.refresh_from_db()
    assert (goal.status, goal.version) == (Goal.Status.AGREED, 1)
    assert AuditEvent.objects.unscoped().filter(action="goal.agreed_by_all").count() == 1


def test_a_change_is_a_new_version_agreed_again_and_the_old_wording_stands_until_then(cast):
    goal = agreed_goal(cast, "Phase 1 start in 2026")
    change = services.goal_change_propose(
        actor=cast.bob, goal=goal, title="Phase 1 start in 2027", reason="Tox delayed"
    )
    goal.refresh_from_db()
    assert (goal.title, goal.version, change.number) == ("Phase 1 start in 2026", 1, 2)
    with pytest.raises(ValidationError):  # one change at a time
        services.goal_change_propose(actor=cast.alice, goal=goal, title="X", reason="Y")
    services.goal_version_agree(actor=cast.alice, version=change)
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Phase 1 start in 2027", 2)


def test_a_refused_change_leaves_the_agreed_goal_as_it_was(cast):
    goal = agreed_goal(cast, "Phase 1 start in 2026")
    change = services.goal_change_propose(
        actor=cast.bob, goal=goal, title="Drop the programme", reason="Portfolio review"
    )
    with pytest.raises(ValidationError):
        services.goal_version_reject(actor=cast.alice, version=change, comment="")
    services.goal_version_reject(actor=cast.alice, version=change, comment="Not agreed")
    goal.refresh_from_db()
    change.refresh_from_db()
    assert (goal.title, goal.status) == ("Phase 1 start in 2026", Goal.Status.AGREED)
    assert change.status == GoalVersion.Status.REJECTED


def test_viewers_and_outsiders_cannot_propose_or_answer(cast):
    with pytest.raises(PermissionDenied):
        services.goal_propose(actor=cast.carol, alliance=cast.helix_borealis, title="Mine")
    with pytest.raises(PermissionDenied):
        services.goal_propose(actor=cast.dave, alliance=cast.helix_borealis, title="Mine")
    goal = services.goal_propose(actor=cast.alice, alliance=cast.helix_borealis, title="Ours")
    with pytest.raises(PermissionDenied):
        services.goal_version_agree(actor=cast.dave, version=goal.versions.get())


def test_a_private_benefit_never_reaches_the_partner(cast):
    services.benefit_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Validate our platform for a later deal",
        visibility="private",
    )
    shared = services.benefit_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        title="Milestone income",
        visibility="shared",
    )
    mine = selectors.benefit_list(user=cast.carol, alliance=cast.helix_borealis)
    theirs = selectors.benefit_list(user=cast.bob, alliance=cast.helix_borealis)
    assert len(mine) == 2 and theirs == [shared]
    events = AuditEvent.objects.visible_to(cast.bob).filter(object_type="benefit")
    assert [e.object_id for e in events] == [str(shared.pk)]  # nor in the activity feed
    assert not Benefit.objects.visible_to(cast.dave).exists()


@pytest.mark.parametrize(
    ("value", "on", "status"),
    [
        (Decimal(50), MIDYEAR, KpiStatus.ON_TRACK),  # exactly on the line
        (Decimal(70), MIDYEAR, KpiStatus.ON_TRACK),  # ahead of it
        (Decimal(40), MIDYEAR, KpiStatus.AT_RISK),  # behind by exactly a tenth of the way
        (Decimal("39.9"), MIDYEAR, KpiStatus.OFF_TRACK),  # a little more
        (Decimal(0), BASELINE_DATE, KpiStatus.ON_TRACK),  # at the baseline, on its day
        (Decimal(100), TARGET_DATE, KpiStatus.ON_TRACK),  # target met on time
        (Decimal(95), datetime.date(2027, 3, 1), KpiStatus.AT_RISK),  # past the date: the target
        (Decimal(80), datetime.date(2027, 3, 1), KpiStatus.OFF_TRACK),
    ],
)
def test_status_is_the_value_against_the_line_from_baseline_to_target(cast, value, on, status):
    kp = kpi(cast, agreed_goal(cast))
    assert kpi_status(kp, value, on) == status


def test_where_lower_is_better_the_line_runs_down(cast):
    kp = kpi(
        cast,
        agreed_goal(cast),
        name="Days from first patient to data",
        kind="outcome",
        unit="days",
        direction="decrease",
        baseline=Decimal(400),
        target=Decimal(200),
    )
    assert kp.expected_on(MIDYEAR) == Decimal(300)
    assert kpi_status(kp, Decimal(290), MIDYEAR) == KpiStatus.ON_TRACK
    assert kpi_status(kp, Decimal(320), MIDYEAR) == KpiStatus.AT_RISK
    assert kpi_status(kp, Decimal(330), MIDYEAR) == KpiStatus.OFF_TRACK
    assert kpi_status(kp) == KpiStatus.NO_DATA


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        kpi(cast, agreed_goal(cast), target=Decimal(-5))
    assert "target" in refused.value.message_dict


def test_only_the_owner_party_records_measurements_with_a_source(cast):
    kp = kpi(cast, agreed_goal(cast))
    with clock.moved_to(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC)):
        with pytest.raises(PermissionDenied):
            services.measurement_record(
                actor=cast.bob, kpi=kp, value=Decimal(10), measured_on=MIDYEAR, source="CRO"
            )
        with pytest.raises(ValidationError) as refused:
            services.measurement_record(
                actor=cast.alice, kpi=kp, value=Decimal(10), measured_on=MIDYEAR, source=" "
            )
        assert "source" in refused.value.message_dict
        services.measurement_record(
            actor=cast.alice, kpi=kp, value=Decimal(20), measured_on=MIDYEAR, source="EDC export"
        )
        services.measurement_record(  # an older figure, recorded late, does not replace it
            actor=cast.alice,
            kpi=kp,
            value=Decimal(10),
            measured_on=datetime.date(2026, 4, 1),
            source="EDC export",
        )
    kp.refresh_from_db()
    assert (kp.latest_value, kp.latest_on) == (Decimal(20), MIDYEAR)
    assert kpi_status(kp) == KpiStatus.OFF_TRACK


@pytest.fixture
def fixed_metric():
    """A metric of known figures, as another capability would register one."""
    figures: dict[int, Decimal] = {}
    metric = AllianceMetric(
        "test_metric",
        "Test figure",
        "%",
        lambda ids: {pk: figures[pk] for pk in ids if pk in figures},
    )
    register_alliance_metric(metric)
    yield figures
    _METRICS.pop("test_metric")


def test_automatic_measurements_come_once_a_day_from_the_registered_metric(cast, fixed_metric):
    kp = kpi(cast, agreed_goal(cast), metric="test_metric", unit="%", kind="activity")
    fixed_metric[cast.helix_borealis.pk] = Decimal("87.5")
    with clock.moved_to(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC)):
        assert services.measurements_automatic() == 1
        assert services.measurements_automatic() == 0  # the sweep may run again: nothing more
        with pytest.raises(ValidationError):  # nobody types over Concord's own figure
            services.measurement_record(
                actor=cast.alice, kpi=kp, value=Decimal(1), measured_on=MIDYEAR, source="Me"
            )
    [measurement] = Measurement.objects.unscoped().filter(kpi=kp)
    assert measurement.automatic and measurement.value == Decimal("87.5")
    assert measurement.source == "Concord: Test figure"
