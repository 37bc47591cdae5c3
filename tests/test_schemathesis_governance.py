"""The governance API's reads against real records: the fuzzer in test_schemathesis.py hits real
ids only now and then, and a committee with a held meeting, minutes, votes, a deadlock, actions,
concerns and an escalation carries every part of each response's shape."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from concord.governance import selectors, services
from concord.governance.models import Escalation
from concord.orgs.services import api_token_create
from conftest import signed_vote
from tests.test_schemathesis import CHECKS, keep_the_test_connection, schema  # noqa: F401


@pytest.fixture
def governance(cast) -> dict[str, Any]:
    """The Helix–Borealis JSC after one quorate meeting that agreed one item and deadlocked one."""
    jsc = services.committee_create(
        actor=cast.alice, alliance=cast.helix_borealis, executives=[cast.alice, cast.erin]
    )
    alice = services.committee_member_add(
        actor=cast.alice, committee=jsc, user=cast.alice, role="co_chair"
    )
    bob = services.committee_member_add(
        actor=cast.bob, committee=jsc, user=cast.bob, role="co_chair"
    )
    meeting = services.meeting_schedule(
        actor=cast.alice, committee=jsc, starts_at=timezone.now() - datetime.timedelta(days=1)
    )
    services.agenda_item_add(
        actor=cast.alice, meeting=meeting, title="Budget", owner=cast.bob, objective="decide"
    )
    services.attendance_record(actor=cast.alice, meeting=meeting, present=[alice, bob])
    parties = [p.pk for p in selectors.parties_of(user=cast.alice, alliance=cast.helix_borealis)]
    plan = services.decision_record(
        actor=cast.alice,
        meeting=meeting,
        title="Plan",
        votes={parties[0]: "for"},
        **signed_vote("for"),
    )
    services.decision_vote(actor=cast.bob, decision=plan, vote="for", **signed_vote("for"))
    deadlock = services.decision_record(
        actor=cast.alice,
        meeting=meeting,
        title="Budget",
        votes={parties[0]: "for"},
        **signed_vote("for"),
    )
    services.decision_vote(
        actor=cast.bob, decision=deadlock, vote="against", **signed_vote("against")
    )
    services.escalation_executive_move_on(actor=cast.erin, escalation=deadlock.escalations.get())
    minutes = services.minutes_save(actor=cast.alice, meeting=meeting, body="Minutes")
    services.minutes_circulate(actor=cast.alice, minutes=minutes)
    services.action_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        meeting=meeting,
        title="Report",
        owner=cast.bob,
        due_on=timezone.localdate(),
    )
    concern = services.concern_raise(
        actor=cast.alice, alliance=cast.helix_borealis, title="Worry", visibility="private"
    )
    services.concern_resolve(actor=cast.alice, concern=concern, resolution="Talked it through")
    services.charter_propose(actor=cast.alice, committee=jsc, rationale="Faster", team_days=7)
    return {
        "alliance_id": cast.helix_borealis.pk,
        "committee_id": jsc.pk,
        "meeting_id": meeting.pk,
        "decision_id": deadlock.pk,
        "concern_id": concern.pk,
        "escalation_id": Escalation.objects.unscoped().get(decision=deadlock).pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/alliances/{alliance_id}/committees",
        "/api/v1/alliances/{alliance_id}/decisions",
        "/api/v1/alliances/{alliance_id}/actions",
        "/api/v1/alliances/{alliance_id}/concerns",
        "/api/v1/alliances/{alliance_id}/escalations",
        "/api/v1/committees/{committee_id}",
        "/api/v1/committees/{committee_id}/charters",
        "/api/v1/committees/{committee_id}/meetings",
        "/api/v1/meetings/{meeting_id}",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/concerns/{concern_id}",
        "/api/v1/escalations/{escalation_id}",
    ],
)
def test_governance_reads_match_the_schema(cast, governance, path):
    headers = {"Authorization": f"Bearer {api_token_create(actor=cast.alice).key}"}
    params = {name: value for name, value in governance.items() if f"{{{name}}}" in path}
    case = schema[path]["GET"].Case(path_parameters=params)
    assert case.call_and_validate(headers=headers, checks=CHECKS).status_code == 200


def _post(user: Any, path: str, escalation_id: int, body: dict[str, Any]) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {api_token_create(actor=user).key}"}
    case = schema[path]["POST"].Case(path_parameters={"escalation_id": escalation_id}, body=body)
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_the_executives_moving_on_together_matches_the_schema(cast, governance):
    """Erin agreed for Borealis in the fixture; Alice's agreement for Helix completes the joint
    act, and the matter leaves the executives' rung before their period ends."""
    path = "/api/v1/escalations/{escalation_id}/move-on"
    answer = _post(cast.alice, path, governance["escalation_id"], {})
    assert sorted(a["purpose"] for a in answer["executive_acts"]) == ["move_on", "move_on"]
    assert {a["acted_by"]["id"] for a in answer["executive_acts"]} == {cast.alice.pk, cast.erin.pk}
    assert answer["level"] != "executives"


@pytest.mark.django_db
def test_a_resolution_agreed_by_both_executives_matches_the_schema(cast, governance):
    """Each executive agrees to the same words for their own party: open after the first,
    resolved after the second, each answer in the declared shape."""
    path = "/api/v1/escalations/{escalation_id}/resolve"
    words = {"resolution": "Split the overrun evenly"}
    first = _post(cast.alice, path, governance["escalation_id"], words)
    assert first["status"] == "open" and first["level"] == "executives"
    second = _post(cast.erin, path, governance["escalation_id"], words)
    assert second["status"] == "resolved" and second["resolution"] == words["resolution"]
