"""Governance on Today and the portfolio: actions, escalations at one's rung, minutes to circulate
or approve, meetings coming; next meeting, overdue actions, escalations and late committees."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from concord.alliances import services as alliance_services
from concord.alliances.models import Party
from concord.core import clock
from concord.core.today import ACT, COMING, FLAG
from concord.governance import services, today
from concord.governance.models import Charter
from concord.governance.tests.conftest import schedule
from conftest import colleague

pytestmark = pytest.mark.django_db


def items(user, kind):
    return [i for i in today.today_items(user) if i.kind == kind]


def days(n: int) -> datetime.date:
    return clock.today() + datetime.timedelta(days=n)


def action(board, owner, due_in: int, title="Send the tox data"):
    return services.action_create(
        actor=board.cast.alice,
        alliance=board.jsc.alliance,
        title=title,
        owner=owner,
        due_on=days(due_in),
        committee=board.jsc,
    )


def test_an_action_is_on_its_owners_today_and_a_colleagues_overdue_one_flags_for_the_lead(board):
    cast = board.cast
    action(board, cast.alice, 3, "Mine, soon")
    action(board, cast.alice, 30, "Mine, later")
    [mine] = items(cast.alice, "action")
    assert (mine.title, mine.section, mine.overdue) == ("Mine, soon", ACT, False)
    action(board, cast.bob, -6, "Bob's, late")
    [own] = items(cast.bob, "action")
    assert own.overdue and "6 days overdue" in own.why and own.section == ACT
    hana = colleague(cast.alice, "hana@helix.test", "Hana", "Hale", "scientist")
    party = Party.objects.unscoped().get(alliance=cast.helix_borealis, organisation=cast.helix)
    alliance_services.team_member_add(actor=cast.alice, party=party, user=hana, role="scientist")
    action(board, hana, -4, "Hana's, late")
    [flag] = [i for i in items(cast.alice, "action") if i.section == FLAG]
    assert (
        flag.title == "Overdue: Hana's, late" and "Hana Hale's action, 4 days overdue" in flag.why
    )
    assert [i.title for i in items(hana, "action")] == ["Hana's, late"]
    assert items(cast.erin, "action") == []  # Erin leads nothing on this alliance's team


def test_an_escalation_is_on_the_today_of_those_at_its_rung(board):
    cast = board.cast
    services.escalation_raise(
        actor=cast.alice,
        alliance=board.jsc.alliance,
        committee=board.jsc,
        title="Slow tox reports",
        level="committee",
    )
    # The committee rung: its seat holders, Erin's alternate seat included.
    for person in (cast.alice, cast.bob, cast.erin):
        [item] = items(person, "escalation")
        assert item.title == "Slow tox reports" and "committee rung" in item.why
    assert items(cast.carol, "escalation") == []


def test_draft_minutes_are_for_the_co_chairs_to_circulate_then_for_each_party_to_approve(board):
    cast = board.cast
    services.attendance_record(
        actor=cast.alice, meeting=board.meeting, present=[board.alice_seat, board.bob_seat]
    )
    minutes = services.minutes_save(actor=cast.alice, meeting=board.meeting, body="We met.")
    [draft] = items(cast.bob, "minutes")
    assert draft.title.startswith("Circulate the minutes") and draft.action == "Circulate"
    assert items(cast.erin, "minutes") == []  # an alternate does not co-chair
    services.minutes_circulate(actor=cast.alice, minutes=minutes)
    for person in (cast.alice, cast.bob):
        [out] = items(person, "minutes")
        assert out.title.startswith("Approve the minutes") and out.action == "Review"


def test_meetings_in_the_next_fourteen_days_are_coming(board):
    cast = board.cast
    soon = services.meeting_schedule(
        actor=cast.alice,
        committee=board.jsc,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Helix, Cambridge",
    )
    services.meeting_schedule(
        actor=cast.alice,
        committee=board.jsc,
        starts_at=timezone.now() + datetime.timedelta(days=20),
    )
    [item] = items(cast.erin, "meeting")
    assert (item.section, item.due) == (COMING, soon.starts_at.date())
    assert "Helix, Cambridge" in item.why
    assert items(cast.dave, "meeting") == []


def test_the_portfolio_names_the_next_meeting_overdue_actions_and_open_escalations(board):
    cast = board.cast
    ahead = schedule(cast, board.jsc, days_ago=-9)
    action(board, cast.bob, -2)
    action(board, cast.alice, -5)
    services.escalation_raise(
        actor=cast.alice, alliance=board.jsc.alliance, committee=board.jsc, title="Costs"
    )
    pk = board.jsc.alliance_id
    facts = today.portfolio_source(cast.bob, [pk])[pk]
    assert facts.values["next_meeting"] == ahead.starts_at.date()
    assert facts.values["overdue_actions"] == 2
    assert {(r.code, r.text) for r in facts.reasons} == {
        ("overdue_action", "2 overdue actions"),
        ("escalation", "1 open escalation"),
    }
    assert today.portfolio_source(cast.dave, [pk]) == {}


def test_a_committee_past_its_cadence_with_nothing_scheduled_is_a_reason(board):
    cast = board.cast
    board.meeting.delete()  # nothing held, nothing scheduled
    charter = Charter.objects.unscoped().get(committee=board.jsc, status="in_force")
    due = cast.helix_borealis.effective_date + datetime.timedelta(days=charter.first_meeting_days)
    late = (clock.today() - due).days
    pk = board.jsc.alliance_id
    [reason] = today.portfolio_source(cast.alice, [pk])[pk].reasons
    assert (reason.code, reason.text) == ("committee_overdue", f"JSC overdue {late} days")
    assert reason.units == (Decimal(late) / 30).quantize(Decimal("0.1"))
    schedule(cast, board.jsc, days_ago=-7)  # scheduled now: no longer a reason
    assert today.portfolio_source(cast.alice, [pk])[pk].reasons == []
