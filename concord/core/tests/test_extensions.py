"""Core's extension points: every app's extensions.py is found, and each registry keeps its rules."""

from __future__ import annotations

import datetime
import sys

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from concord.core import clock, extensions, tenancy, today, views


def test_every_concord_app_with_an_extensions_module_had_it_imported():
    declared = [
        config.name
        for config in apps.get_app_configs()
        if config.name.startswith("concord.") and f"{config.name}.extensions" in sys.modules
    ]
    assert set(declared) >= {
        "concord.alliances",
        "concord.portal",
        "concord.governance",
        "concord.expectations",
        "concord.deals",
        "concord.health",
    }


def test_today_items_come_from_every_registered_source_acts_and_overdue_first(monkeypatch):
    monkeypatch.setattr(today, "_SOURCES", [])
    soon = clock.today() + datetime.timedelta(days=3)
    late = clock.today() - datetime.timedelta(days=2)

    def owed(user):
        return [
            today.TodayItem("commitment", f"{user} owes a report", "Yours.", "/c/1/", due=soon),
            today.TodayItem("commitment", "Late report", "Yours.", "/c/2/", due=late, overdue=True),
        ]

    def flags(user):
        return [today.TodayItem("health", "Gap", "Watch it.", "/h/", section=today.FLAG)]

    extensions.register_today_source(owed)
    extensions.register_today_source(owed)  # twice is harmless
    extensions.register_today_source(
        lambda user: [
            today.TodayItem("meeting", "JSC", "Soon.", "/m/", section=today.COMING, due=late)
        ]
    )
    extensions.register_today_source(flags)
    titles = [i.title for i in today.today_items("alice")]
    assert titles == ["Late report", "alice owes a report", "JSC", "Gap"]
    assert [i.title for i in today.today_items("alice", kind="health")] == ["Gap"]
    assert today.today_items("alice")[0].days_overdue == 2
    assert today.count_days(1) == "1 day" and today.count_days(3) == "3 days"


def test_the_attention_score_is_units_times_weights_with_defaults(monkeypatch):
    from decimal import Decimal

    from concord.core import portfolio

    monkeypatch.setattr(portfolio, "_FACTORS", [])
    monkeypatch.setattr(portfolio, "_SOURCES", [])
    portfolio.register_portfolio_source(
        lambda user, ids: {},
        factors=[
            portfolio.AttentionFactor("late", "Late (each)", Decimal(3)),
            portfolio.AttentionFactor("gap", "Gap (per point)", Decimal(2)),
        ],
    )
    reasons = [
        portfolio.Reason("late", "2 late", Decimal(2)),
        portfolio.Reason("gap", "gap 0.8", Decimal("0.8")),
    ]
    assert portfolio.attention_score(reasons, {}) == Decimal("7.6")
    assert portfolio.attention_score(reasons, {"gap": Decimal(0)}) == Decimal("6.0")
    assert portfolio.attention_score([], {}) == Decimal("0.0")


def test_there_is_one_home_page(monkeypatch, cast):
    monkeypatch.setattr(views, "_HOME", [])
    request = RequestFactory().get("/")
    request.user = cast.alice
    with pytest.raises(Http404):
        views.home(request)

    def dashboard(request):
        return HttpResponse("dashboard")

    extensions.register_home_page(dashboard)
    extensions.register_home_page(dashboard)
    assert views.home(request).content == b"dashboard"
    with pytest.raises(ValueError, match="dashboard"):
        extensions.register_home_page(lambda request: HttpResponse("another"))


def test_tenancy_needs_to_be_told_how_organisations_reach_alliances(monkeypatch, cast):
    registered = list(tenancy._alliance_reach)
    assert len(registered) == 1
    with pytest.raises(ValueError, match="registered already"):
        extensions.register_alliance_reach(lambda organisation, proposals: None)
    monkeypatch.setattr(tenancy, "_alliance_reach", [])
    with pytest.raises(ImproperlyConfigured):
        tenancy.Tenancy(alliance="alliance").visible_q(cast.helix, cast.alice)
