"""Expectations on Today and the portfolio: commitments to deliver, deliveries to judge, partners'
overdue deliveries to chase; overdue counts and reasons per alliance."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from concord.core import clock as core_clock
from concord.core.today import ACT, FLAG
from concord.expectations import services, today
from concord.expectations.tests.helpers import borealis_owes, helix_owes

pytestmark = pytest.mark.django_db


def items(user, kind=""):
    return [i for i in today.today_items(user) if not kind or i.kind == kind]


def days(n: int) -> datetime.date:
    return core_clock.today() + datetime.timedelta(days=n)


def test_a_commitment_the_person_owns_is_on_their_today_within_the_horizon(cast):
    soon = helix_owes(cast, due=days(5), title="Tox report")
    helix_owes(cast, due=days(40), title="Far away")
    [item] = items(cast.alice, "commitment")
    assert (item.title, item.section, item.overdue, item.action) == (
        "Tox report",
        ACT,
        False,
        "Deliver",
    )
    assert "Owed to Borealis Pharma" in item.why and "You own it" in item.why
    assert item.url.endswith(f"/commitments/{soon.pk}/deliver/")
    assert items(cast.carol) == []  # read-only: nothing is hers to act on


def test_an_overdue_commitment_says_how_late_it_is(cast):
    helix_owes(cast, due=days(-3))
    [item] = items(cast.alice, "commitment")
    assert item.overdue and "3 days overdue" in item.why


def test_a_delivery_is_for_the_party_owed_to_judge(cast):
    commitment = helix_owes(cast, due=days(5))
    services.commitment_deliver(actor=cast.alice, commitment=commitment, note="Uploaded.")
    [item] = items(cast.bob, "acceptance")
    assert item.title == "Accept or reject: Tox report" and item.action == "Judge"
    assert "Helix Biotherapeutics delivered it" in item.why
    assert items(cast.alice, "acceptance") == []


def test_a_partners_overdue_delivery_is_a_flag_to_chase_for_whoever_leads_the_alliance(cast):
    borealis_owes(cast, due=days(-10), title="Assay access")
    chase = [i for i in items(cast.alice, "commitment") if i.section == FLAG]
    assert [i.title for i in chase] == ["Chase: Assay access"]
    assert "Borealis Pharma owes it to your organisation, 10 days overdue" in chase[0].why
    # Bob owns it: for him it is to deliver, overdue, not a flag.
    [own] = items(cast.bob, "commitment")
    assert own.section == ACT and own.overdue


def test_a_rival_sees_nothing_of_an_alliance_it_is_not_party_to(cast):
    helix_owes(cast, due=days(-2))
    borealis_owes(cast, due=days(-2))
    assert items(cast.dave) == []
    assert today.portfolio_source(cast.dave, [cast.helix_borealis.pk]) == {}


def test_overdue_commitments_are_counted_per_side_with_a_reason_each(cast):
    helix_owes(cast, due=days(-2), title="One")
    helix_owes(cast, due=days(-1), title="Two")
    borealis_owes(cast, due=days(-4))
    helix_owes(cast, due=days(3), title="Not yet")
    facts = today.portfolio_source(cast.bob, [cast.helix_borealis.pk])[cast.helix_borealis.pk]
    assert facts.values["overdue_commitments"] == "1 / 2"
    assert {(r.code, r.text, r.units) for r in facts.reasons} == {
        ("partner_overdue", "2 overdue deliveries owed to us", Decimal(2)),
        ("own_overdue", "1 overdue delivery we owe", Decimal(1)),
    }
    assert facts.flags == {"overdue"}
