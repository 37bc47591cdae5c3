"""The governance API, with the shared cast: the JSC's business over HTTP, in scope, and every
error in the one JSON shape."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from concord.governance import selectors, services
from concord.governance.models import Committee, Decision, Escalation, Meeting
from concord.governance.tests.conftest import Board, schedule
from conftest import api_client, assert_api_error, signed, signed_vote

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
    body = {"title": "Budget", "votes": votes, **signed_vote("for")}
    refused = client.post(f"{meeting}/decisions", body, content_type="application/json")
    assert_api_error(refused, 422, "meeting")
    both = client.put(
        f"{meeting}/attendance",
        {"present_member_ids": [board.alice_seat.pk, board.bob_seat.pk]},
        content_type="application/json",
    ).json()
    assert both["quorum"]["met"] is True and both["status"] == "held"
    for_another = client.post(f"{meeting}/decisions", body, content_type="application/json")
    assert_api_error(for_another, 422, "votes")  # Helix cannot cast Borealis's vote
    unsigned = client.post(
        f"{meeting}/decisions",
        {"title": "Budget", "votes": votes[:1]},
        content_type="application/json",
    )
    assert_api_error(unsigned, 422, "password")  # a vote cast now is signed now
    decided = client.post(
        f"{meeting}/decisions",
        {**body, "votes": votes[:1]},
        content_type="application/json",
    )
    assert decided.status_code == 201 and decided.json()["outcome"] == "pending"
    vote_url = f"{API}/decisions/{decided.json()['id']}/votes"
    bob = api_client(board.cast.bob)
    as_helix = bob.post(
        vote_url,
        {"vote": "for", "party_id": ids["helix"], **signed_vote("for")},
        content_type="application/json",
    )
    assert_api_error(as_helix, 422, "party_id")
    against = {"vote": "against", **signed_vote("against")}
    unsigned = bob.post(vote_url, {"vote": "against"}, content_type="application/json")
    assert_api_error(unsigned, 422, "password")
    wrong = bob.post(vote_url, {**against, "password": "not-his"}, content_type="application/json")
    assert_api_error(wrong, 422, "password")
    misread = bob.post(vote_url, {**against, "meaning": "approve"}, content_type="application/json")
    assert_api_error(misread, 422, "meaning")  # a vote against is signed as a rejection
    cast = bob.post(vote_url, against, content_type="application/json")
    assert cast.status_code == 200 and cast.json()["outcome"] == "deadlocked"
    who = {v["organisation"]: v["cast_by"]["name"] for v in cast.json()["votes"]}
    assert who == {"Helix Biotherapeutics": "Alice Archer", "Borealis Pharma": "Bob Brennan"}
    manifest = [(s["printed_name"], s["meaning"]) for s in cast.json()["signatures"]]
    assert manifest == [("Alice Archer", "approve"), ("Bob Brennan", "reject")]
    again = bob.post(
        vote_url,
        {"vote": "for", "change": True, **signed_vote("for")},
        content_type="application/json",
    )
    assert_api_error(again, 422, "decision")  # settled: no vote changes after the outcome
    escalations = client.get(f"{API}/alliances/{board.jsc.alliance.pk}/escalations").json()
    assert escalations["items"][0]["level"] == "executives"
    log = client.get(
        f"{API}/alliances/{board.jsc.alliance.pk}/decisions", {"outcome": "deadlocked"}
    ).json()
    assert log["count"] == 1 and {v["vote"] for v in log["items"][0]["votes"]} == {"for", "against"}


def test_the_executives_act_for_their_own_party_over_the_api(board):
    ids = party_ids(board)
    services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat, board.bob_seat]
    )
    decision = services.decision_record(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="CRO",
        votes={ids["helix"]: "for"},
        **signed_vote("for"),
    )
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="against", **signed_vote("against")
    )
    escalation = decision.escalations.get()
    url = f"{API}/escalations/{escalation.pk}"
    erin, alice = api_client(board.cast.erin), api_client(board.cast.alice)
    early = erin.post(f"{url}/advance", {}, content_type="application/json")
    assert_api_error(early, 422, "escalation")
    for_helix = erin.post(
        f"{url}/move-on", {"party_id": ids["helix"]}, content_type="application/json"
    )
    assert_api_error(for_helix, 422, "party_id")
    one = erin.post(f"{url}/move-on", {}, content_type="application/json")
    assert one.status_code == 200 and one.json()["level"] == "executives"
    assert [a["acted_by"]["name"] for a in one.json()["executive_acts"]] == ["Erin Eklund"]
    both = alice.post(f"{url}/move-on", {}, content_type="application/json")
    assert both.json()["level"] in {"final_say", "dispute"}


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
            f"{API}/decisions/{decision.pk}/votes",
            {"vote": "for", **signed_vote("for")},
            content_type="application/json",
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


# --- The rest of the committee's business --------------------------------------------------------


def send(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    return getattr(client, method)(url, data or {}, content_type="application/json")


def hold(board: Board, days_ago: int = 1) -> Meeting:
    """A quorate meeting of the board's committee: both co-chairs attended."""
    meeting = board.meeting if days_ago == 1 else schedule(board.cast, board.jsc, days_ago)
    services.attendance_record(
        actor=board.cast.alice, meeting=meeting, present=[board.alice_seat, board.bob_seat]
    )
    return meeting


def test_a_decision_is_deferred_and_read_back_by_either_party(board):
    deferred = send(
        api_client(board.cast.alice),
        "post",
        f"{API}/meetings/{board.meeting.pk}/deferrals",
        {"title": "Budget", "note": "Until the forecast is in"},
    )
    assert deferred.status_code == 201, deferred.content
    assert deferred.json()["outcome"] == "deferred" and deferred.json()["votes"] == []
    url = f"{API}/decisions/{deferred.json()['id']}"
    read = api_client(board.cast.bob).get(url).json()
    assert (read["reference"], read["note"]) == (
        deferred.json()["reference"],
        "Until the forecast is in",
    )
    assert_api_error(api_client(board.cast.dave).get(url), 404)


def test_a_deferral_names_an_item_of_its_own_meeting(board):
    other = services.meeting_schedule(
        actor=board.cast.alice, committee=board.jsc, starts_at=timezone.now()
    )
    item = services.agenda_item_add(actor=board.cast.alice, meeting=other, title="Elsewhere")
    refused = send(
        api_client(board.cast.alice),
        "post",
        f"{API}/meetings/{board.meeting.pk}/deferrals",
        {"title": "Budget", "agenda_item_id": item.pk},
    )
    assert_api_error(refused, 422, "agenda_item_id")
    assert not Decision.objects.unscoped().exists()


def test_written_consent_is_sought_over_the_api_and_viewers_may_not(board):
    url = f"{API}/committees/{board.jsc.pk}/decisions"
    sought = send(api_client(board.cast.bob), "post", url, {"title": "Extend", "text": "By a year"})
    assert sought.status_code == 201, sought.content
    assert (sought.json()["method"], sought.json()["outcome"]) == ("written", "pending")
    assert sought.json()["meeting_id"] is None
    viewer = send(api_client(board.cast.carol), "post", url, {"title": "Mine", "text": "No"})
    assert_api_error(viewer, 403)
    odd = send(
        api_client(board.cast.bob), "post", url, {"title": "X", "text": "Y", "carve_out": "Golf"}
    )
    assert_api_error(odd, 422, "carve_out")
    assert Decision.objects.unscoped().count() == 1


def test_written_consent_takes_its_matter_and_the_carve_out_rules_apply(board):
    url = f"{API}/committees/{board.jsc.pk}/decisions"
    bob = api_client(board.cast.bob)
    matter = {"title": "Stop dosing", "text": "Until the DSMB reports.", "category": "termination"}
    sought = send(bob, "post", url, matter)
    assert sought.status_code == 201, sought.content
    body = sought.json()
    assert (body["category"], body["budget_change"], body["carve_out"]) == (
        "termination",
        None,
        "Termination",
    )
    budget = {"title": "Top up", "text": "More money.", "budget_change": "12.50"}
    assert_api_error(send(bob, "post", url, budget), 422, "budget_currency")
    priced = send(bob, "post", url, {**budget, "budget_currency": "EUR"}).json()
    assert (priced["budget_change"], priced["budget_currency"]) == ("12.50", "EUR")
    assert_api_error(send(bob, "post", url, {**matter, "category": "golf"}), 422, "category")


def test_minutes_take_comments_while_circulated_and_corrections_once_approved(board):
    meeting = hold(board)
    minutes = services.minutes_save(actor=board.cast.alice, meeting=meeting, body="Draft")
    comments = f"{API}/minutes/{minutes.pk}/comments"
    bob = api_client(board.cast.bob)
    assert_api_error(send(bob, "post", comments, {"body": "Too early"}), 422, "minutes")
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    commented = send(bob, "post", comments, {"body": "Item 2 is missing."})
    assert commented.status_code == 201, commented.content
    assert commented.json()["author"]["id"] == board.cast.bob.pk
    assert commented.json()["minutes_id"] == minutes.pk

    corrections = f"{API}/minutes/{minutes.pk}/corrections"
    change = {"body": "Draft, with item 2", "note": "Item 2 added"}
    assert_api_error(send(bob, "post", corrections, change), 422, "minutes")
    approve = f"{API}/minutes/{minutes.pk}/approve"
    alice = api_client(board.cast.alice)
    nowhere = {"at_meeting_id": 999_999, **signed()}
    assert_api_error(send(alice, "post", approve, nowhere), 422, "at_meeting_id")
    follow_up = hold(board, 0).pk
    at = {"at_meeting_id": follow_up}
    assert_api_error(send(alice, "post", approve, at), 422, "password")
    assert_api_error(send(alice, "post", approve, {**at, **signed("review")}), 422, "meaning")
    helix_only = send(alice, "post", approve, {**at, **signed()})
    assert helix_only.status_code == 200 and helix_only.json()["status"] == "circulated"
    assert [s["printed_name"] for s in helix_only.json()["signatures"]] == ["Alice Archer"]
    assert_api_error(send(alice, "post", approve, {**at, **signed()}), 422, "minutes")
    approved = send(bob, "post", approve, {**at, **signed()})
    assert approved.status_code == 200 and approved.json()["status"] == "approved", approved.content
    assert {a["approved_by"]["id"] for a in approved.json()["approvals"]} == {
        board.cast.alice.pk,
        board.cast.bob.pk,
    }
    corrected = send(bob, "post", corrections, change)
    assert corrected.status_code == 201, corrected.content
    assert (corrected.json()["version"], corrected.json()["status"]) == (2, "draft")
    assert corrected.json()["correction_note"] == "Item 2 added"
    assert_api_error(send(bob, "post", corrections, {"body": "Again"}), 422, "note")


def test_a_private_concern_is_shared_put_on_the_agenda_and_resolved(board):
    concern = services.concern_raise(
        actor=board.cast.alice, alliance=board.jsc.alliance, title="Slow reports"
    )
    url = f"{API}/concerns/{concern.pk}"
    alice, bob = api_client(board.cast.alice), api_client(board.cast.bob)
    assert_api_error(bob.get(url), 404)  # private to Helix until shared
    shared = send(alice, "post", f"{url}/share")
    assert shared.status_code == 200 and shared.json()["visibility"] == "shared"
    assert bob.get(url).json()["title"] == "Slow reports"
    assert_api_error(send(bob, "post", f"{url}/share"), 422, "concern")

    assert_api_error(
        send(alice, "post", f"{url}/agenda", {"meeting_id": 99_999_999}), 422, "meeting_id"
    )
    item = send(alice, "post", f"{url}/agenda", {"meeting_id": board.meeting.pk})
    assert item.status_code == 201, item.content
    assert item.json()["concern_id"] == concern.pk
    assert bob.get(url).json()["status"] == "on_agenda"

    resolved = send(bob, "post", f"{url}/resolve", {"resolution": "Reports come weekly"})
    assert resolved.status_code == 200, resolved.content
    assert (resolved.json()["status"], resolved.json()["resolution"]) == (
        "resolved",
        "Reports come weekly",
    )
    assert resolved.json()["resolved_at"] is not None
    again = send(alice, "post", f"{url}/resolve", {"resolution": "Twice"})
    assert_api_error(again, 422, "concern")


def test_an_escalation_is_read_with_its_steps_and_withdrawn_only_by_its_raiser(board):
    escalation = services.escalation_raise(
        actor=board.cast.alice, alliance=board.jsc.alliance, committee=board.jsc, title="Budget"
    )
    url = f"{API}/escalations/{escalation.pk}"
    read = api_client(board.cast.bob).get(url).json()
    assert [(s["level"], s["actor"]["id"]) for s in read["steps"]] == [
        ("team", board.cast.alice.pk)
    ]
    assert_api_error(api_client(board.cast.dave).get(url), 404)
    refused = send(api_client(board.cast.bob), "post", f"{url}/withdraw")
    assert_api_error(refused, 403)
    withdrawn = send(api_client(board.cast.alice), "post", f"{url}/withdraw", {"note": "Settled"})
    assert withdrawn.status_code == 200, withdrawn.content
    assert (withdrawn.json()["status"], withdrawn.json()["resolution"]) == ("withdrawn", "Settled")


def test_a_meeting_is_moved_then_cancelled_and_then_stays_as_it_is(board):
    url = f"{API}/meetings/{board.meeting.pk}"
    client = api_client(board.cast.bob)
    naive = send(client, "patch", url, {"starts_at": "2030-03-03T14:00:00"})
    assert_api_error(naive, 422, "starts_at")
    moved = send(
        client, "patch", url, {"starts_at": "2030-03-03T14:00:00+01:00", "location": "Oslo"}
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["location"] == "Oslo"
    assert moved.json()["starts_at"].startswith("2030-03-03T13:00:00")
    assert moved.json()["title"] == board.meeting.title  # not sent, so unchanged
    cancelled = send(client, "post", f"{url}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert_api_error(send(client, "patch", url, {"location": "Bergen"}), 422, "meeting")
    assert_api_error(send(client, "post", f"{url}/cancel"), 422, "meeting")


def test_an_agenda_item_can_be_about_an_escalation_and_can_come_off(board):
    escalation = services.escalation_raise(
        actor=board.cast.bob, alliance=board.jsc.alliance, committee=board.jsc, title="Budget"
    )
    client = api_client(board.cast.alice)
    agenda = f"{API}/meetings/{board.meeting.pk}/agenda"
    unknown = send(client, "post", agenda, {"title": "Dispute", "escalation_id": 99_999_999})
    assert_api_error(unknown, 422, "escalation_id")
    added = send(client, "post", agenda, {"title": "Dispute", "escalation_id": escalation.pk})
    assert added.status_code == 201 and added.json()["escalation_id"] == escalation.pk
    item = f"{API}/agenda-items/{added.json()['id']}"
    assert_api_error(send(api_client(board.cast.carol), "delete", item), 403)
    assert send(client, "delete", item).status_code == 204
    assert client.get(f"{API}/meetings/{board.meeting.pk}").json()["agenda"] == []
    assert_api_error(send(client, "delete", item), 404)


def test_each_party_takes_only_its_own_people_off_a_committee(board):
    seat = f"{API}/committee-members/{board.alice_seat.pk}"
    assert_api_error(send(api_client(board.cast.bob), "delete", seat), 403)
    assert send(api_client(board.cast.alice), "delete", seat).status_code == 204
    members = api_client(board.cast.bob).get(f"{API}/committees/{board.jsc.pk}").json()["members"]
    assert board.cast.alice.pk not in {m["user"]["id"] for m in members}


def test_only_the_proposing_party_withdraws_a_charter_change(board):
    charter = services.charter_propose(
        actor=board.cast.alice, committee=board.jsc, rationale="Meet monthly", cadence_days=31
    )
    url = f"{API}/charters/{charter.pk}/withdraw"
    assert_api_error(send(api_client(board.cast.bob), "post", url), 403)
    withdrawn = send(api_client(board.cast.alice), "post", url)
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    assert_api_error(send(api_client(board.cast.alice), "post", url), 422, "charter")


def test_carve_out_rules_and_a_disputed_category_over_the_api(board):
    alice, bob = api_client(board.cast.alice), api_client(board.cast.bob)
    proposed = alice.post(
        f"{API}/committees/{board.jsc.pk}/charters",
        {
            "rationale": "Safety and large budget changes are for both of us",
            "carve_out_categories": ["safety"],
            "budget_carve_out_above": "250000.00",
            "budget_carve_out_currency": "EUR",
        },
        content_type="application/json",
    )
    assert proposed.status_code == 201, proposed.content
    charter = proposed.json()
    assert charter["carve_out_categories"] == ["safety"]
    assert charter["budget_carve_out_above"] == "250000.00"
    item = alice.post(
        f"{API}/meetings/{board.meeting.pk}/agenda",
        {"title": "Extra site", "budget_change": "300000.00", "budget_currency": "EUR"},
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["category"] == "general"
    assert item.json()["budget_change"] == "300000.00"
    url = f"{API}/agenda-items/{item.json()['id']}/category-dispute"
    assert_api_error(
        bob.post(url, {"category": "gossip", "reason": "x"}, content_type="application/json"),
        422,
        "category",
    )
    disputed = bob.post(
        url, {"category": "safety", "reason": "Dosing change"}, content_type="application/json"
    )
    assert disputed.status_code == 200 and disputed.json()["disputed_category"] == "safety"


def test_a_meetings_minutes_say_whether_they_are_on_time_late_or_overdue(board):
    """The charter's 15-day turnaround, read from the meeting: null until the meeting is held."""
    bob = api_client(board.cast.bob)
    upcoming = services.meeting_schedule(
        actor=board.cast.alice,
        committee=board.jsc,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        time_zone="Europe/London",
    )
    assert bob.get(f"{API}/meetings/{upcoming.pk}").json()["minutes_turnaround"] is None
    recent = hold(board)
    assert bob.get(f"{API}/meetings/{recent.pk}").json()["minutes_turnaround"] == "due"
    minutes = services.minutes_save(actor=board.cast.alice, meeting=recent, body="Draft")
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    assert bob.get(f"{API}/meetings/{recent.pk}").json()["minutes_turnaround"] == "on_time"
    old = hold(board, days_ago=20)
    body = bob.get(f"{API}/meetings/{old.pk}").json()
    assert body["minutes_turnaround"] == "overdue"
    assert body["minutes_due"] == (old.starts_at.date() + datetime.timedelta(days=15)).isoformat()
    late = services.minutes_save(actor=board.cast.alice, meeting=old, body="Draft, at last")
    services.minutes_circulate(actor=board.cast.alice, minutes=late)
    assert bob.get(f"{API}/meetings/{old.pk}").json()["minutes_turnaround"] == "late"
