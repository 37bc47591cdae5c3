"""The governance API, with the shared cast: the JSC's business over HTTP, in scope, and every
error in the one JSON shape."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from concord.governance import selectors, services
from concord.governance.models import Committee, Decision, Escalation
from concord.governance.tests.conftest import Board
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db
API = "/api/v1"


def party_ids(board: Board) -> dict[str, int]:
    parties = selectors.parties_of(user=board.cast.alice, alliance=board.jsc.alliance)
    return {p.organisation.name.split()[0].lower(): p.pk for p in parties}


def test_a_committee_is_set_up_with_the_charter_defaults_and_the_values_sent(cast):
    client = api_client(cast.bob)
    response = client.post(
        f"{API}/alliances/{cast.helix_borealis.pk}/committees",
        {"kind": "jdc", "cadence_days": 61, "executive_ids": [cast.erin.pk]},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Joint development committee"
    assert body["charter"]["cadence_days"] == 61 and body["charter"]["quorum_per_party"] == 1
    assert body["charter"]["executives"] == [{"id": cast.erin.pk, "name": "Erin Eklund"}]
    assert body["meeting_overdue"] is True  # due 60 days after the January 2025 effective date


def test_the_party_with_final_say_is_one_of_the_alliance(cast):
    from concord.alliances.models import Party

    borealis = Party.objects.unscoped().get(
        alliance=cast.helix_borealis, organisation=cast.borealis
    )
    other = Party.objects.unscoped().get(alliance=cast.cobalt_borealis, organisation=cast.cobalt)
    url = f"{API}/alliances/{cast.helix_borealis.pk}/committees"
    client = api_client(cast.alice)
    refused = client.post(url, {"final_say_party_id": other.pk}, content_type="application/json")
    assert_api_error(refused, 422, "final_say_party_id")
    made = client.post(
        url,
        {"final_say_party_id": borealis.pk, "carve_outs": "Pricing"},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["charter"]["final_say_party_id"] == borealis.pk
    assert made.json()["charter"]["carve_outs"] == ["Pricing"]


def test_someone_outside_the_alliance_cannot_be_an_executive(cast):
    response = api_client(cast.alice).post(
        f"{API}/alliances/{cast.helix_borealis.pk}/committees",
        {"executive_ids": [cast.dave.pk]},
        content_type="application/json",
    )
    assert_api_error(response, 422, "executive_ids")
    assert not Committee.objects.unscoped().exists()


def test_the_meeting_flow_over_the_api(board):
    client = api_client(board.cast.alice)
    meeting = f"{API}/meetings/{board.meeting.pk}"
    assert (
        client.post(
            f"{meeting}/agenda",
            {"title": "Budget", "objective": "decide"},
            content_type="application/json",
        ).status_code
        == 201
    )
    seats = [board.alice_seat.pk]
    alone = client.put(
        f"{meeting}/attendance", {"present_member_ids": seats}, content_type="application/json"
    ).json()
    assert alone["quorum"]["met"] is False
    ids = party_ids(board)
    votes = [
        {"party_id": ids["helix"], "vote": "for"},
        {"party_id": ids["borealis"], "vote": "against"},
    ]
    refused = client.post(
        f"{meeting}/decisions", {"title": "Budget", "votes": votes}, content_type="application/json"
    )
    assert_api_error(refused, 422, "meeting")
    both = client.put(
        f"{meeting}/attendance",
        {"present_member_ids": [board.alice_seat.pk, board.bob_seat.pk]},
        content_type="application/json",
    ).json()
    assert both["quorum"]["met"] is True and both["status"] == "held"
    decided = client.post(
        f"{meeting}/decisions", {"title": "Budget", "votes": votes}, content_type="application/json"
    )
    assert decided.status_code == 201 and decided.json()["outcome"] == "deadlocked"
    escalations = client.get(f"{API}/alliances/{board.jsc.alliance.pk}/escalations").json()
    assert escalations["items"][0]["level"] == "executives"
    log = client.get(
        f"{API}/alliances/{board.jsc.alliance.pk}/decisions", {"outcome": "deadlocked"}
    ).json()
    assert log["count"] == 1 and {v["vote"] for v in log["items"][0]["votes"]} == {"for", "against"}


def test_the_partner_cannot_read_a_private_concern_and_outsiders_get_404(board):
    alliance = board.jsc.alliance.pk
    api_client(board.cast.alice).post(
        f"{API}/alliances/{alliance}/concerns",
        {"title": "Helix only", "visibility": "private"},
        content_type="application/json",
    )
    assert (
        api_client(board.cast.bob).get(f"{API}/alliances/{alliance}/concerns").json()["count"] == 0
    )
    assert (
        api_client(board.cast.alice).get(f"{API}/alliances/{alliance}/concerns").json()["count"]
        == 1
    )
    assert_api_error(api_client(board.cast.dave).get(f"{API}/committees/{board.jsc.pk}"), 404)


def test_an_end_run_over_the_api_is_flagged(board):
    response = api_client(board.cast.bob).post(
        f"{API}/alliances/{board.jsc.alliance.pk}/escalations",
        {
            "committee_id": board.jsc.pk,
            "title": "Straight to the CEO",
            "level": "outside",
            "addressed_to": "Helix's CEO",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["is_end_run"] is True
    assert Escalation.objects.unscoped().get().addressed_to == "Helix's CEO"


def test_bad_input_gets_a_clear_error_and_changes_nothing(board):
    client = api_client(board.cast.alice)
    meeting = f"{API}/committees/{board.jsc.pk}/meetings"
    assert_api_error(
        client.post(meeting, {"starts_at": "2030-03-03T14:00:00"}, content_type="application/json"),
        422,
        "starts_at",
    )
    assert_api_error(
        client.post(
            meeting,
            {"starts_at": "2030-03-03T14:00:00Z", "time_zone": "Mars/Olympus"},
            content_type="application/json",
        ),
        422,
        "time_zone",
    )
    assert_api_error(
        client.post(
            meeting,
            {"starts_at": "2030-03-03T14:00:00Z", "video_link": "not a url"},
            content_type="application/json",
        ),
        422,
        "video_link",
    )
    assert_api_error(
        client.patch(
            f"{API}/actions/99999999", {"status": "done"}, content_type="application/json"
        ),
        404,
    )
    assert_api_error(
        client.post(
            f"{API}/alliances/{board.jsc.alliance.pk}/actions",
            {"title": "X", "owner_id": board.cast.dave.pk, "due_on": "2030-01-01"},
            content_type="application/json",
        ),
        422,
        "owner_id",
    )


def test_written_consent_votes_and_the_actions_list(board):
    decision = services.decision_propose(
        actor=board.cast.alice, committee=board.jsc, title="Extend", text="By a year"
    )
    for who in (board.cast.alice, board.cast.bob):
        response = api_client(who).post(
            f"{API}/decisions/{decision.pk}/votes", {"vote": "for"}, content_type="application/json"
        )
        assert response.status_code == 200
    assert Decision.objects.unscoped().get(pk=decision.pk).outcome == "agreed"
    services.action_create(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Late",
        owner=board.cast.bob,
        due_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    overdue = (
        api_client(board.cast.bob)
        .get(
            f"{API}/alliances/{board.jsc.alliance.pk}/actions", {"status": "overdue", "mine": True}
        )
        .json()
    )
    assert overdue["count"] == 1 and overdue["items"][0]["overdue"] is True


def test_the_committee_list_reads_the_same_queries_for_one_and_four_committees(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from concord.governance.tests.conftest import seat_jsc

    client = api_client(cast.bob)
    url = f"{API}/alliances/{cast.helix_borealis.pk}/committees"
    seat_jsc(cast)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for kind in ("jdc", "jcc", "jpc"):
        seat_jsc(cast, kind=kind, name=f"Committee {kind}")
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(url).json()) == 4
    assert len(four) == len(one)
