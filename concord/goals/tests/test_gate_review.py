"""At every gate each party reviews the goals with their KPIs, through its own people: it
confirms them or proposes a change, and the review is complete once every party has answered."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from concord.alliances import services as alliance_services
from concord.core.models import AuditEvent, OutboxEmail
from concord.core.today import today_items
from concord.goals import selectors, services
from concord.goals.models import GateGoalReview
from concord.goals.tests.helpers import agreed_goal, kpi, party_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def gate(cast):
    return alliance_services.gate_propose(
        actor=cast.alice, alliance=cast.helix_borealis, to_phase="preclinical", rationale="Lead"
    )


def test_each_party_reviews_the_goals_for_itself_and_the_review_completes_with_the_last(cast, gate):
    goal = agreed_goal(cast)

    def asked(user):
        return [item.title for item in today_items(user) if item.kind == "goals"]

    assert asked(cast.alice) == [f"Review the goals at the gate {gate}"] == asked(cast.bob)
    services.gate_goals_review(actor=cast.alice, gate=gate, answer="confirmed")
    assert asked(cast.alice) == [] and len(asked(cast.bob)) == 1
    assert not services.gate_review_joint_act(gate).is_complete
    with pytest.raises(ValidationError) as twice:  # Helix has answered already
        services.gate_goals_review(actor=cast.alice, gate=gate, answer="confirmed")
    assert "gate" in twice.value.message_dict
    with pytest.raises(ValidationError) as for_other:  # nor may Alice answer for Borealis
        services.gate_goals_review(
            actor=cast.alice, gate=gate, answer="confirmed", party_id=party_of(cast, cast.bob).pk
        )
    assert "party_id" in for_other.value.message_dict
    with pytest.raises(ValidationError) as silent:  # a change says what should change
        services.gate_goals_review(actor=cast.bob, gate=gate, answer="change", goal_id=goal.pk)
    assert "comment" in silent.value.message_dict
    review = services.gate_goals_review(
        actor=cast.bob, gate=gate, answer="change", goal_id=goal.pk, comment="Move to 2027"
    )
    assert (review.party, review.goal, review.proposes_change) == (
        party_of(cast, cast.bob),
        goal,
        True,
    )
    assert services.gate_review_joint_act(gate).is_complete
    sent = OutboxEmail.objects.filter(name="gate-goals-reviewed").order_by("pk")
    assert [cast.bob.email in m.to for m in sent] == [True, False]  # each told the other party
    assert "asks for a change" in sent.last().subject and "Move to 2027" in sent.last().text
    actions = set(AuditEvent.objects.unscoped().values_list("action", flat=True))
    assert {"goal.gate_confirmed", "goal.gate_change", "goal.gate_reviewed_by_all"} <= actions


def test_a_read_only_colleague_cannot_review_and_a_decided_gate_takes_no_review(cast, gate):
    with pytest.raises(PermissionDenied):
        services.gate_goals_review(actor=cast.carol, gate=gate, answer="confirmed")
    alliance_services.gate_withdraw(actor=cast.alice, gate=gate)
    with pytest.raises(ValidationError) as closed:
        services.gate_goals_review(actor=cast.bob, gate=gate, answer="confirmed")
    assert "gate" in closed.value.message_dict
    assert not GateGoalReview.objects.unscoped().exists()


def test_the_gate_card_shows_the_goals_with_their_kpis_and_each_partys_review(cast, gate, client):
    goal = agreed_goal(cast, "Dose the first patient")
    kpi(cast, goal, name="Patients dosed")
    client.force_login(cast.bob)
    url = reverse("goals:kpi-panel", args=[cast.helix_borealis.pk]) + "?at=gate"
    page = client.get(url).content.decode()
    assert "Dose the first patient" in page and "Patients dosed" in page
    assert "Not reviewed yet" in page and reverse("goals:gate-review", args=[gate.pk]) in page
    answered = client.post(
        reverse("goals:gate-review", args=[gate.pk]),
        {"answer": "change", "goal_id": goal.pk, "comment": "Dose in Q3 instead"},
    )
    assert answered.status_code == 302 and answered.url.endswith("#gate")
    page = client.get(url).content.decode()
    assert "Dose in Q3 instead" in page and "Proposed a change" in page
    assert reverse("goals:gate-review", args=[gate.pk]) not in page  # Borealis has answered
    assert selectors.gate_goals(user=cast.bob, alliance=cast.helix_borealis).awaited == [
        party_of(cast, cast.alice)
    ]
    client.force_login(cast.dave)  # a rival biotech's person reads nothing of it
    assert client.get(url).status_code == 404
