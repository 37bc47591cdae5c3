"""Core's extension points: every app's extensions.py is found, and each registry keeps its rules."""

from __future__ import annotations

import sys

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from concord.core import extensions, tenancy, today, views


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


def test_today_items_come_from_every_registered_source(monkeypatch):
    monkeypatch.setattr(today, "_SOURCES", [])

    def owed(user):
        return [f"{user} owes a report"]

    extensions.register_today_source(owed)
    extensions.register_today_source(owed)  # twice is harmless
    extensions.register_today_source(lambda user: [f"{user} signs a gate"])
    assert today.today_items("alice") == ["alice owes a report", "alice signs a gate"]


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
