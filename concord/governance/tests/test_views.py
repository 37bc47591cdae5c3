"""The governance pages, with the shared cast: what each person sees, and what each click changes."""

from __future__ import annotations

import datetime
import re
import subprocess
from decimal import Decimal
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concord.core.calendar import CalendarEntry
from concord.governance import ics, selectors, services
from concord.governance.models import (
    AgendaItem,
    Charter,
    Concern,
    Decision,
    Escalation,
    Meeting,
    Minutes,
    Workstream,
)
from concord.governance.tests.conftest import Board
from concord.orgs.models import User
from conftest import signed_vote


def prefixed(vote: str) -> dict[str, str]:
    """The decision form's signature fields (the form's prefix is "decision")."""
    signature = signed_vote(vote)
    return {"decision-password": signature["password"], "decision-meaning": signature["meaning"]}


def vote_data(vote: str) -> dict[str, str]:
    """The vote form's fields: the vote and its signature."""
    signature = signed_vote(vote)
    return {"vote": vote, "password": signature["password"], "meaning": signature["meaning"]}


pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def get(user: User, name: str, *args: Any, **query: Any) -> Any:
    return client_for(user).get(reverse(name, args=args), query)


def post(user: User, name: str, *args: Any, data: dict[str, Any] | None = None) -> Any:
    return client_for(user).post(reverse(name, args=args), data or {})


def html(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def party_ids(board: Board) -> tuple[int, int]:
    found = {
        p.organisation_id: p.pk
        for p in selectors.parties_of(user=board.cast.alice, alliance=board.jsc.alliance)
    }
    return found[board.cast.helix.pk], found[board.cast.borealis.pk]


# --- Reading -------------------------------------------------------------------------------------


def test_both_parties_see_the_governance_page_and_outsiders_get_404(board):
    alliance = board.jsc.alliance
    for who in (board.cast.alice, board.cast.bob, board.cast.carol):
        assert "Joint steering committee" in html(
            get(who, "governance:alliance-governance", alliance.pk)
        )
    assert get(board.cast.dave, "governance:alliance-governance", alliance.pk).status_code == 404
    assert get(board.cast.dave, "governance:committee-detail", board.jsc.pk).status_code == 404
    assert (
        client_for(None)
        .get(reverse("governance:alliance-governance", args=[alliance.pk]))
        .status_code
        == 302
    )


def test_the_alliance_overview_shows_the_governance_tab_and_panel(board):
    page = html(get(board.cast.bob, "alliances:alliance-detail", board.jsc.alliance.pk))
    assert reverse("governance:alliance-governance", args=[board.jsc.alliance.pk]) in page
    assert "Next meeting" in page and "Open escalations" in page


def test_an_invited_organisation_sees_no_governance(board, cast):
    from concord.alliances import services as alliance_services
    from conftest import signup

    quinn = signup("Quartz Bio", "biotech", "quinn@quartz.test", "Quinn", "Q").user
    alliance_services.party_invite(
        actor=cast.alice, alliance=cast.helix_borealis, organisation=quinn.membership.organisation
    )
    assert get(quinn, "governance:alliance-governance", cast.helix_borealis.pk).status_code == 404
    assert get(quinn, "governance:decision-log", cast.helix_borealis.pk).status_code == 404


def test_viewers_read_but_get_no_buttons_and_a_403_on_forms(board):
    carol = board.cast.carol
    page = html(get(carol, "governance:committee-detail", board.jsc.pk))
    assert "Schedule a meeting" not in page and "Propose a charter change" not in page
    assert get(carol, "governance:meeting-create", board.jsc.pk).status_code == 403
    assert get(carol, "governance:committee-create", board.jsc.alliance.pk).status_code == 403
    assert post(carol, "governance:attendance", board.meeting.pk).status_code == 403


def test_the_partner_never_sees_a_private_concern(board):
    services.concern_raise(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Walk-away worry",
        visibility="private",
    )
    services.concern_raise(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Shared tox worry",
        visibility="shared",
    )
    alliance = board.jsc.alliance.pk
    bob_pages = [
        html(get(board.cast.bob, "governance:concern-list", alliance, status="all")),
        html(get(board.cast.bob, "governance:alliance-governance", alliance)),
        html(get(board.cast.bob, "alliances:alliance-activity", alliance)),
    ]
    assert all("Walk-away worry" not in page for page in bob_pages)
    assert "Shared tox worry" in bob_pages[0]
    private = Concern.objects.unscoped().get(title="Walk-away worry")
    assert get(board.cast.bob, "governance:concern-detail", private.pk).status_code == 404
    assert "Walk-away worry" in html(get(board.cast.carol, "governance:concern-list", alliance))


# --- The meeting, as the browser flow runs it ---------------------------------------------------


def test_schedule_a_meeting_in_its_own_time_zone(board):
    response = post(
        board.cast.bob,
        "governance:meeting-create",
        board.jsc.pk,
        data={
            "date": "2026-03-03",
            "time": "14:00",
            "time_zone": "America/New_York",
            "duration_minutes": 90,
            "location": "Boston",
            "video_link": "",
        },
    )
    meeting = Meeting.objects.unscoped().order_by("-pk").first()
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance:meeting-detail", args=[meeting.pk]
    )
    assert meeting.starts_at == datetime.datetime(2026, 3, 3, 19, 0, tzinfo=datetime.UTC)
    assert "14:00 America/New_York" in html(
        get(board.cast.alice, "governance:meeting-detail", meeting.pk)
    )


def test_a_bad_date_is_an_error_on_the_form_not_a_500(board):
    response = post(
        board.cast.alice,
        "governance:meeting-create",
        board.jsc.pk,
        data={"date": "soon", "time": "25:99"},
    )
    assert response.status_code == 200 and "Enter a valid date" in response.content.decode()


def test_no_quorum_means_no_decision_form_and_a_refused_decision(board):
    meeting = board.meeting
    post(
        board.cast.alice,
        "governance:attendance",
        meeting.pk,
        data={"attendance-present": [board.alice_seat.pk]},
    )
    page = html(get(board.cast.alice, "governance:meeting-detail", meeting.pk))
    assert "No quorum" in page and "Record decision" not in page
    helix, borealis = party_ids(board)
    post(
        board.cast.alice,
        "governance:decision-record",
        meeting.pk,
        data={
            "decision-title": "Adopt the plan",
            f"decision-vote_{helix}": "for",
            f"decision-vote_{borealis}": "for",
        },
    )
    assert not Decision.objects.unscoped().exists()


def test_with_quorum_a_decision_is_recorded_and_a_deadlock_escalates(board):
    meeting = board.meeting
    post(
        board.cast.alice,
        "governance:attendance",
        meeting.pk,
        data={"attendance-present": [board.alice_seat.pk, board.bob_seat.pk]},
    )
    post(
        board.cast.alice,
        "governance:decision-record",
        meeting.pk,
        data={"decision-title": "Adopt the plan", "decision-vote": "for", **prefixed("for")},
    )
    post(
        board.cast.bob,
        "governance:decision-record",
        meeting.pk,
        data={
            "decision-title": "Raise the budget",
            "decision-vote": "against",
            **prefixed("against"),
        },
    )
    first, second = Decision.objects.unscoped().order_by("number")
    assert (first.outcome, second.outcome) == ("pending", "pending")
    post(board.cast.bob, "governance:decision-vote", first.pk, data=vote_data("for"))
    post(board.cast.alice, "governance:decision-vote", second.pk, data=vote_data("for"))
    assert list(
        Decision.objects.unscoped().order_by("number").values_list("outcome", flat=True)
    ) == ["agreed", "deadlocked"]
    page = html(get(board.cast.bob, "governance:meeting-detail", meeting.pk))
    assert "Escalation started" in page and "Executives" in page
    escalation = Escalation.objects.unscoped().get()
    assert "Deadlock on D-002" in html(
        get(board.cast.alice, "governance:escalation-detail", escalation.pk)
    )


def test_a_decision_awaits_the_other_partys_own_vote_on_its_page(board):
    post(
        board.cast.alice,
        "governance:attendance",
        board.meeting.pk,
        data={"attendance-present": [board.alice_seat.pk, board.bob_seat.pk]},
    )
    post(
        board.cast.alice,
        "governance:decision-record",
        board.meeting.pk,
        data={"decision-title": "X", "decision-vote": "for", **prefixed("for")},
    )
    decision = Decision.objects.unscoped().get()
    assert decision.outcome == "pending"
    meeting_page = html(get(board.cast.alice, "governance:meeting-detail", board.meeting.pk))
    assert "Awaiting votes" in meeting_page
    alice_page = html(get(board.cast.alice, "governance:decision-detail", decision.pk))
    assert "cast by Alice" in alice_page and "Change your party's vote" in alice_page
    bob_page = html(get(board.cast.bob, "governance:decision-detail", decision.pk))
    assert "Cast your party's vote" in bob_page
    assert 'value="abstain"' not in bob_page  # the charter does not allow abstaining
    vote_url = reverse("governance:decision-vote", args=[decision.pk])
    unsigned = client_for(board.cast.bob).post(vote_url, {"vote": "against"}, follow=True)
    assert "This field is required" in html(unsigned)
    wrong = {**vote_data("against"), "password": "bobs-guess"}
    post(board.cast.bob, "governance:decision-vote", decision.pk, data=wrong)
    decision.refresh_from_db()
    assert decision.outcome == "pending" and decision.votes.count() == 1
    post(board.cast.bob, "governance:decision-vote", decision.pk, data=vote_data("against"))
    decision.refresh_from_db()
    assert decision.outcome == "deadlocked"
    alice_page = html(get(board.cast.alice, "governance:decision-detail", decision.pk))
    assert "cast by Bob" in alice_page
    assert "Electronic signatures" in alice_page and "Rejection" in alice_page  # the manifest
    assert "Voted against D-001 “X” for Borealis Pharma" in alice_page


# --- The decision log ----------------------------------------------------------------------------


def test_the_decision_log_searches_and_filters(board):
    services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat, board.bob_seat]
    )
    helix, _ = party_ids(board)
    for title, votes in (
        ("Adopt the tox plan", ("for", "for")),
        ("Choose the CRO", ("for", "against")),
    ):
        decision = services.decision_record(
            actor=board.cast.alice,
            meeting=board.meeting,
            title=title,
            votes={helix: votes[0]},
            **signed_vote(votes[0]),
        )
        services.decision_vote(
            actor=board.cast.bob, decision=decision, vote=votes[1], **signed_vote(votes[1])
        )
    alliance = board.jsc.alliance.pk
    assert [
        d.title
        for d in get(board.cast.bob, "governance:decision-log", alliance, search="tox").context[
            "page_obj"
        ]
    ] == ["Adopt the tox plan"]
    assert [
        d.title
        for d in get(
            board.cast.bob, "governance:decision-log", alliance, outcome="deadlocked"
        ).context["page_obj"]
    ] == ["Choose the CRO"]
    assert [
        d.title
        for d in get(board.cast.bob, "governance:decision-log", alliance, search="D-002").context[
            "page_obj"
        ]
    ] == ["Choose the CRO"]
    assert (
        get(
            board.cast.bob,
            "governance:decision-log",
            alliance,
            since="nonsense",
            committee="x",
            page="z",
        ).status_code
        == 200
    )
    export = get(
        board.cast.alice, "governance:decision-export", alliance, outcome="agreed"
    ).content.decode()
    assert "Adopt the tox plan" in export and "Choose the CRO" not in export
    assert "Helix Biotherapeutics: For" in export
    # The signature manifest: printed name, meaning, date and time with the time zone.
    assert re.search(
        r"Alice Archer, Approval, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d GMT \(UTC\+00:00\)", export
    )


# --- The meeting pack ----------------------------------------------------------------------------


def test_the_meeting_pack_is_a_pdf_with_the_agenda_in_it(board):
    services.agenda_item_add(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="Approve the GLP toxicology package",
        objective="decide",
    )
    response = get(board.cast.bob, "governance:meeting-pack", board.meeting.pk)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Approve the GLP toxicology package" in text
    assert "Phase and gate status" in text and "Discovery" in text
    assert get(board.cast.dave, "governance:meeting-pack", board.meeting.pk).status_code == 404


def test_the_meeting_pack_shows_the_signature_manifest_of_votes_and_minutes(board):
    services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat, board.bob_seat]
    )
    decision = services.decision_record(
        actor=board.cast.alice,
        meeting=board.meeting,
        title="Adopt the tox plan",
        votes={board.alice_seat.party_id: "for"},
        **signed_vote("for"),
    )
    services.decision_vote(
        actor=board.cast.bob, decision=decision, vote="against", **signed_vote("against")
    )
    minutes = services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Held.")
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    follow_up = services.meeting_schedule(
        actor=board.cast.alice, committee=board.jsc, starts_at=timezone.now()
    )
    services.attendance_record(
        actor=board.cast.alice, meeting=follow_up, present=[board.alice_seat, board.bob_seat]
    )
    services.minutes_approve(
        actor=board.cast.bob, minutes=minutes, at_meeting=follow_up, **signed_vote("for")
    )
    response = get(board.cast.alice, "governance:meeting-pack", follow_up.pk)
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "D-001: signatures" in text
    assert "Alice Archer" in text and "Rejection" in text and "Bob Brennan" in text
    assert "Approved the minutes of" in text
    # The layout wraps the zone under the time in its column.
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text) and "GMT (UTC+00:00)" in text
    minutes_page = html(get(board.cast.alice, "governance:meeting-detail", board.meeting.pk))
    assert "Approved the minutes of" in minutes_page and "Bob Brennan" in minutes_page


def test_the_pack_is_a_portrait_page_and_the_diagram_a_landscape_page_of_its_own(board):
    from weasyprint import HTML

    from concord.governance import pack

    services.agenda_item_add(
        actor=board.cast.alice, meeting=board.meeting, title="Budget", objective="decide"
    )
    html_text = pack.pack_html(user=board.cast.bob, meeting=board.meeting)
    pages = HTML(string=html_text).render().pages
    assert [page.width < page.height for page in pages] == [True, False]
    assert 'class="diagram" src="data:image/png;base64,' in html_text


def test_the_pack_leaves_out_the_partners_private_concern(board):
    private = services.concern_raise(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Helix-only worry",
        visibility="private",
    )
    assert private.pk
    response = get(board.cast.bob, "governance:meeting-pack", board.meeting.pk)
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Helix-only worry" not in text


# --- The operating model -------------------------------------------------------------------------


def test_the_diagram_is_drawn_from_live_data_and_escapes_user_text(board, cast):
    hostile = '<script>alert("x")</script> & "Quoted" R&D'
    services.committee_update(actor=cast.alice, committee=board.jsc, name=hostile, reports_to=None)
    helix, borealis = party_ids(board)
    services.workstream_save(
        actor=cast.alice,
        alliance=board.jsc.alliance,
        name="<img src=x onerror=alert(1)>",
        raci={helix: "A", borealis: "R"},
    )
    page = html(get(cast.bob, "governance:operating-model", board.jsc.alliance.pk))
    start = page.index('<svg class="opmodel__svg"')
    svg = page[start : page.index("</svg>", start)]
    assert "<script" not in svg and "<img" not in svg
    assert "&lt;script&gt;" in svg and "onerror" in svg  # drawn as text, never as markup
    assert "Bob Brennan" in svg and "Executives" in svg
    download = get(cast.bob, "governance:operating-model-download", board.jsc.alliance.pk, "svg")
    assert download["Content-Type"] == "image/svg+xml" and b"<script" not in download.content
    png = get(cast.bob, "governance:operating-model-download", board.jsc.alliance.pk, "png")
    assert png.content.startswith(b"\x89PNG")
    assert (
        get(
            cast.bob, "governance:operating-model-download", board.jsc.alliance.pk, "exe"
        ).status_code
        == 404
    )


def test_the_raci_table_saves_a_row_and_refuses_two_accountable_parties(board):
    helix, borealis = party_ids(board)
    alliance = board.jsc.alliance.pk
    post(
        board.cast.alice,
        "governance:workstream-create",
        alliance,
        data={"new-name": "CMC", f"new-raci_{helix}": "A", f"new-raci_{borealis}": "C"},
    )
    workstream = Workstream.objects.unscoped().get()
    response = client_for(board.cast.bob).post(
        reverse("governance:workstream-update", args=[workstream.pk]),
        {
            f"ws{workstream.pk}-name": "CMC",
            f"ws{workstream.pk}-raci_{helix}": "A",
            f"ws{workstream.pk}-raci_{borealis}": "A",
        },
        follow=True,
    )
    assert "Exactly one party is accountable" in response.content.decode()
    assert {r.role for r in workstream.raci.all()} == {"A", "C"}


# --- The calendar --------------------------------------------------------------------------------


def test_my_calendar_shows_the_link_once_and_the_feed_is_valid_icalendar(board):
    services.action_create(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title="Send the tox report",
        owner=board.cast.bob,
        due_on=datetime.date(2026, 12, 1),
    )
    client = client_for(board.cast.bob)
    page = client.post(reverse("governance:calendar")).content.decode()
    url = page.split('id="feed-url" type="text" readonly value="')[1].split('"')[0]
    assert "/calendar/cal_" in url and url.endswith(".ics")
    assert url not in client.get(reverse("governance:calendar")).content.decode()  # shown once
    feed = Client().get(url.replace("http://testserver", ""))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    meeting = events[f"meeting-{board.meeting.pk}@concord"]
    assert (
        meeting.decoded("DTSTART").tzinfo is not None
        and meeting.decoded("DTSTART").utcoffset().total_seconds() == 0
    )
    action = next(e for uid, e in events.items() if uid.startswith("action-"))
    assert type(action.decoded("DTSTART")) is datetime.date
    assert str(calendar["VERSION"]) == "2.0" and "PRODID" in calendar
    assert Client().get("/calendar/cal_not-a-real-token.ics").status_code == 404


def test_the_feed_marks_overdue_items_in_their_titles_and_links_back_to_each_record(board):
    today = timezone.localdate()
    late, coming = (
        services.action_create(
            actor=board.cast.alice,
            alliance=board.jsc.alliance,
            title=title,
            owner=board.cast.bob,
            due_on=today + datetime.timedelta(days=days),
        )
        for title, days in (("Send the tox report", -3), ("Book the venue", 5))
    )
    calendar = icalendar.Calendar.from_ical(ics.calendar_for(board.cast.bob))
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    overdue, upcoming = events[f"action-{late.pk}@concord"], events[f"action-{coming.pk}@concord"]
    assert str(overdue["SUMMARY"]) == "OVERDUE · Due: Send the tox report"
    assert overdue["CATEGORIES"].cats == ["Overdue"]
    assert str(upcoming["SUMMARY"]) == "Due: Book the venue" and "CATEGORIES" not in upcoming
    action_list = reverse("governance:action-list", args=[board.jsc.alliance.pk])
    assert str(overdue["URL"]).endswith(f"{action_list}?mine=1#action-{late.pk}")
    assert str(overdue["URL"]).startswith(("http://", "https://"))
    meeting = events[f"meeting-{board.meeting.pk}@concord"]
    assert str(meeting["URL"]).endswith(
        reverse("governance:meeting-detail", args=[board.meeting.pk])
    )
    page = html(client_for(board.cast.bob).get(action_list + "?mine=1"))
    assert f'id="action-{late.pk}"' in page


def test_the_feed_asks_every_registered_source_and_leaves_out_others_alliances(
    board, cast, monkeypatch
):
    from concord.core import calendar as core_calendar
    from concord.governance import ics

    def payments(user: Any) -> list[CalendarEntry]:
        return [
            CalendarEntry(
                uid="payment-1@concord",
                summary="Milestone payment due",
                start=datetime.date(2027, 1, 15),
            )
        ]

    monkeypatch.setattr(core_calendar, "_SOURCES", [ics.governance_entries, payments])
    other = services.committee_create(actor=cast.dave, alliance=cast.cobalt_borealis)
    services.committee_member_add(actor=cast.bob, committee=other, user=cast.bob)
    services.meeting_schedule(
        actor=cast.bob, committee=other, starts_at=timezone.now(), title="Cobalt secret JSC"
    )
    alice_feed = ics.calendar_for(cast.alice).decode()
    assert "Milestone payment due" in alice_feed and "Cobalt secret JSC" not in alice_feed
    assert "Cobalt secret JSC" in ics.calendar_for(cast.bob).decode()


# --- Query counts: the pages do not grow with the history ---------------------------------------


def queries_for(user: User, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(user)
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_history(board: Board, meetings: int, start: int) -> Meeting:
    """Held meetings with an agenda, decisions, actions and circulated minutes."""
    cast = board.cast
    helix, _ = party_ids(board)
    last = board.meeting
    for number in range(start, start + meetings):
        meeting = services.meeting_schedule(
            actor=cast.alice,
            committee=board.jsc,
            starts_at=timezone.now() - datetime.timedelta(days=400 - number * 30),
        )
        services.agenda_item_add(actor=cast.alice, meeting=meeting, title=f"Item {number}")
        services.attendance_record(
            actor=cast.alice, meeting=meeting, present=[board.alice_seat, board.bob_seat]
        )
        decision = services.decision_record(
            actor=cast.alice,
            meeting=meeting,
            title=f"Decision {number}",
            votes={helix: "for"},
            **signed_vote("for"),
        )
        services.decision_vote(
            actor=cast.bob,
            decision=decision,
            vote="against" if number % 3 == 0 else "for",
            **signed_vote("against" if number % 3 == 0 else "for"),
        )
        services.action_create(
            actor=cast.alice,
            alliance=meeting.alliance,
            meeting=meeting,
            title=f"Action {number}",
            owner=cast.bob,
            due_on=timezone.localdate(),
        )
        minutes = services.minutes_save(actor=cast.alice, meeting=meeting, body=f"Minutes {number}")
        services.minutes_circulate(actor=cast.alice, minutes=minutes)
        services.concern_raise(
            actor=cast.alice,
            alliance=meeting.alliance,
            title=f"Concern {number}",
            visibility="shared",
        )
        last = meeting
    return last


def test_governance_pages_run_the_same_queries_for_a_short_and_a_long_history(board):
    alliance = board.jsc.alliance.pk
    urls = lambda meeting: [  # noqa: E731 - a table of the pages measured
        reverse("governance:alliance-governance", args=[alliance]),
        reverse("governance:decision-log", args=[alliance]),
        reverse("governance:action-list", args=[alliance]) + "?status=all",
        reverse("governance:escalation-list", args=[alliance]) + "?status=",
        reverse("governance:committee-detail", args=[board.jsc.pk]),
        reverse("governance:operating-model", args=[alliance]),
        reverse("governance:meeting-pack", args=[meeting.pk]),
        reverse("governance:meeting-detail", args=[meeting.pk]),
    ]
    latest = add_history(board, 2, 0)
    short = [queries_for(board.cast.bob, url) for url in urls(latest)]
    latest = add_history(board, 7, 2)
    assert [queries_for(board.cast.bob, url) for url in urls(latest)] == short


def test_a_named_executive_sees_how_to_resolve_at_their_rung(board):
    from concord.governance.models import Charter
    from concord.governance.tests.test_services import deadlock
    from conftest import colleague

    named = colleague(board.cast.bob, "nils@borealis.test", "Nils", "Nordby", "scientist")
    unnamed = colleague(board.cast.bob, "olga@borealis.test", "Olga", "Ortiz", "scientist")
    Charter.objects.unscoped().get(committee=board.jsc, status="in_force").executives.add(named)
    escalation = deadlock(board)
    assert "<h2>Resolve</h2>" in html(get(named, "governance:escalation-detail", escalation.pk))
    assert "<h2>Resolve</h2>" not in html(
        get(unnamed, "governance:escalation-detail", escalation.pk)
    )


def test_an_escalation_is_put_on_a_coming_agenda_from_its_page(board):
    from concord.governance.tests.test_services import deadlock

    escalation = deadlock(board)
    coming = services.meeting_schedule(
        actor=board.cast.alice,
        committee=board.jsc,
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    page = html(get(board.cast.bob, "governance:escalation-detail", escalation.pk))
    assert "Put it on an agenda" in page
    post(
        board.cast.bob,
        "governance:escalation-agenda",
        escalation.pk,
        data={"meeting": coming.pk},
    )
    meeting = html(get(board.cast.alice, "governance:meeting-detail", coming.pk))
    assert f"Escalation: {escalation.title}" in meeting


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example/"])
def test_an_action_update_never_sends_the_browser_off_site(board, target):
    from concord.governance.tests.test_services import action

    item = action(board, due_days=5)
    response = post(
        board.cast.bob, "governance:action-status", item.pk, data={"status": "done", "next": target}
    )
    assert response["Location"] == reverse("governance:action-list", args=[board.jsc.alliance_id])
    own = reverse("governance:meeting-detail", args=[board.meeting.pk])
    kept = post(
        board.cast.bob, "governance:action-status", item.pk, data={"status": "open", "next": own}
    )
    assert kept["Location"] == own


def test_an_agenda_items_category_is_shown_to_both_parties_and_the_partner_disputes_it(board):
    post(
        board.cast.alice,
        "governance:agenda-item-add",
        board.meeting.pk,
        data={
            "agenda-title": "Extra site",
            "agenda-objective": "decide",
            "agenda-minutes_allotted": 15,
            "agenda-category": "commercial",
            "agenda-budget_change": "300000.00",
            "agenda-budget_currency": "EUR",
        },
    )
    item = AgendaItem.objects.unscoped().get(title="Extra site")
    assert (item.category, item.budget_currency) == ("commercial", "EUR")
    page = html(get(board.cast.bob, "governance:meeting-detail", board.meeting.pk))
    assert "Commercial" in page and "EUR 300000.00" in page and "Dispute the category" in page
    post(
        board.cast.bob,
        "governance:agenda-item-category-dispute",
        item.pk,
        data={"category": "safety", "reason": "It changes the dosing."},
    )
    page = html(get(board.cast.alice, "governance:meeting-detail", board.meeting.pk))
    assert "Borealis Pharma reads it as safety" in page and "It changes the dosing." in page


# --- Carve-out rules and written consent ---------------------------------------------------------


def test_the_charter_page_adds_and_removes_carve_out_rules_by_a_proposal(board):
    url = reverse("governance:charter-carve-outs", args=[board.jsc.pk])
    form = html(get(board.cast.alice, "governance:charter-carve-outs", board.jsc.pk))
    ticked = set(re.findall(r'<input[^>]*value="(\w+)"[^>]*checked', form))
    assert ticked == {"plan", "termination"}, "the rules in force, to add to or remove from"
    assert client_for(board.cast.carol).get(url).status_code == 403
    alice = client_for(board.cast.alice)
    refused = alice.post(
        url,
        {
            "rationale": "Safety too",
            "budget_carve_out_above": "250000",
            "carve_out_categories": ["safety"],
        },
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["budget_carve_out_currency"]
    assert Charter.objects.unscoped().filter(committee=board.jsc).count() == 1
    proposed = alice.post(
        url,
        {
            "rationale": "Safety matters and big budget changes are for both parties.",
            "carve_out_categories": ["safety", "termination"],  # plan removed, safety added
            "budget_carve_out_above": "250000.00",
            "budget_carve_out_currency": "eur",
        },
    )
    assert proposed.status_code == 302
    charter = Charter.objects.unscoped().get(committee=board.jsc, status="proposed")
    assert charter.carve_out_categories == ["safety", "termination"]
    assert (charter.budget_carve_out_above, charter.budget_carve_out_currency) == (
        Decimal("250000.00"),
        "EUR",
    )
    assert charter.scope == Charter.objects.unscoped().get(status="in_force").scope
    page = html(get(board.cast.bob, "governance:charter-detail", charter.pk))
    assert "Matters of Safety, Termination; a budget change above EUR 250000.00" in page
    assert "Approve for Borealis Pharma" in page


def test_written_consent_is_sought_with_its_matter_and_shows_the_carve_out(board):
    Charter.objects.unscoped().filter(committee=board.jsc).update(
        budget_carve_out_above=Decimal("100000.00"), budget_carve_out_currency="EUR"
    )
    response = post(
        board.cast.bob,
        "governance:written-consent",
        board.jsc.pk,
        data={
            "title": "Expand the cohort",
            "text": "Add 40 patients.",
            "category": "budget",
            "budget_change": "400000.00",
            "budget_currency": "EUR",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.unscoped().get()
    assert decision.carve_out == "Budget change above EUR 100,000.00"
    page = html(get(board.cast.alice, "governance:decision-detail", decision.pk))
    assert "Matter: Budget; budget change EUR 400000.00" in page
    assert "Carve-out: Budget change above EUR 100,000.00" in page


def test_each_party_signs_its_approval_of_the_minutes_on_the_next_meetings_page(board):
    services.attendance_record(
        actor=board.cast.alice, meeting=board.meeting, present=[board.alice_seat, board.bob_seat]
    )
    minutes = services.minutes_save(actor=board.cast.alice, meeting=board.meeting, body="Held.")
    services.minutes_circulate(actor=board.cast.alice, minutes=minutes)
    follow_up = services.meeting_schedule(
        actor=board.cast.alice, committee=board.jsc, starts_at=timezone.now()
    )
    services.attendance_record(
        actor=board.cast.alice, meeting=follow_up, present=[board.alice_seat, board.bob_seat]
    )
    page = html(get(board.cast.bob, "governance:meeting-detail", follow_up.pk))
    assert "Approve them at this meeting" in page and 'autocomplete="current-password"' in page
    approve = reverse("governance:minutes-approve", args=[minutes.pk])
    bob = client_for(board.cast.bob)
    refused = bob.post(approve, {"at_meeting": follow_up.pk, "password": "x", "meaning": "approve"})
    assert "That is not your password" in html(bob.get(refused.url))
    assert not minutes.approvals.exists()
    signature = signed_vote("for")
    bob.post(approve, {"at_meeting": follow_up.pk, **signature})
    client_for(board.cast.alice).post(approve, {"at_meeting": follow_up.pk, **signature})
    assert Minutes.objects.unscoped().get(pk=minutes.pk).is_locked
    version = html(get(board.cast.carol, "governance:minutes-detail", minutes.pk))
    assert version.count('<tr class="signature">') == 2
    assert "Approved the minutes of" in version and "Bob Brennan" in version
