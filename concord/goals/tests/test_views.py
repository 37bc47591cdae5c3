"""The goals pages' wiring: the tab, agreeing as two parties, a KPI's trend and the panels."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from concord.core import clock
from concord.core.today import today_items
from concord.goals import services
from concord.goals.models import Goal
from concord.goals.tests.helpers import agreed_goal, kpi

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_parties_agree_a_goal_through_the_pages(cast):
    alliance = cast.helix_borealis
    alice, bob = client_for(cast.alice), client_for(cast.bob)
    response = alice.post(
        reverse("goals:goal-create", args=[alliance.pk]),
        {"title": "Ten thousand patients treated by 2030", "description": "Patient impact first."},
    )
    assert response.status_code == 302
    goal = Goal.objects.unscoped().get(alliance=alliance)
    page = bob.get(reverse("goals:alliance-goals", args=[alliance.pk])).content.decode()
    assert "Ten thousand patients" in page and "Agree for Borealis Pharma" in page
    version = goal.versions.get()
    assert bob.post(reverse("goals:version-agree", args=[version.pk])).status_code == 302
    goal.refresh_from_db()
    assert goal.is_agreed
    assert (
        client_for(cast.dave).get(reverse("goals:goal-detail", args=[goal.pk])).status_code == 404
    )


def test_a_kpi_page_draws_its_trend_and_the_owner_records_a_measurement(cast):
    kp = kpi(cast, agreed_goal(cast))
    url = reverse("goals:measurement-create", args=[kp.pk])
    today = clock.today().isoformat()
    with clock.moved_to(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC)):
        response = client_for(cast.alice).post(
            url, {"value": "12", "measured_on": "2026-07-01", "source": "EDC export"}
        )
        assert response.status_code == 302, response.content
        page = client_for(cast.bob).get(reverse("goals:kpi-detail", args=[kp.pk])).content.decode()
    assert "<svg" in page and "EDC export" in page and "Off track" in page
    assert "Record measurement" not in page  # Borealis does not own it
    assert (
        client_for(cast.carol)
        .post(url, {"value": "1", "measured_on": today, "source": "x"})
        .status_code
        == 403
    )


def test_the_alliance_page_shows_the_kpi_summary_and_today_flags_an_off_track_kpi(cast):
    kp = kpi(cast, agreed_goal(cast))
    with clock.moved_to(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC)):
        services.measurement_record(
            actor=cast.alice,
            kpi=kp,
            value=Decimal(5),
            measured_on=datetime.date(2026, 7, 1),
            source="EDC export",
        )
    alliance = cast.helix_borealis.pk
    page = client_for(cast.bob).get(reverse("alliances:alliance-detail", args=[alliance]))
    assert reverse("goals:kpi-panel", args=[alliance]) in page.content.decode()
    panel = client_for(cast.bob).get(reverse("goals:kpi-panel", args=[alliance])).content.decode()
    assert 'id="kpis"' in panel and "Patients enrolled" in panel and "Off track" in panel
    mine = [i for i in today_items(cast.alice) if i.kind == "kpi"]
    assert [i.title for i in mine] == ["Off track: Patients enrolled"]
    assert [i for i in today_items(cast.bob) if i.kind == "kpi"] == []  # Helix owns it


def test_the_portfolio_counts_kpis_on_track_and_flags_one_off_track(cast):
    from concord.core.portfolio import portfolio_facts

    kp = kpi(cast, agreed_goal(cast))
    with clock.moved_to(datetime.datetime(2026, 7, 2, 12, tzinfo=datetime.UTC)):
        services.measurement_record(
            actor=cast.alice,
            kpi=kp,
            value=Decimal(5),
            measured_on=datetime.date(2026, 7, 1),
            source="EDC export",
        )
    facts = portfolio_facts(cast.bob, [cast.helix_borealis.pk, cast.cobalt_borealis.pk])
    assert facts[cast.helix_borealis.pk].values["kpis"] == "0 / 1"
    assert "kpi_off_track" in facts[cast.helix_borealis.pk].flags
    assert "kpis" not in facts[cast.cobalt_borealis.pk].values
