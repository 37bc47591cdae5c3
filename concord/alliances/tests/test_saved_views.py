"""Saved views of the portfolio: a person keeps filters and a sort under a name, for them alone."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from concord.alliances import portfolio, services
from concord.alliances.models import SavedPortfolioView
from concord.core.models import AuditEvent
from conftest import api_client, assert_api_error

pytestmark = pytest.mark.django_db


def test_a_view_keeps_only_the_portfolios_filters_and_is_audited(cast):
    saved = services.saved_view_save(
        actor=cast.bob,
        name="  Phase 2   watch ",
        query="phase=clinical&sort=attention&csrfmiddlewaretoken=x&flag=&evil=1",
    )
    assert saved.name == "Phase 2 watch"
    assert saved.query == "phase=clinical&sort=attention"
    event = AuditEvent.objects.unscoped().get(action="alliances.saved_view_saved")
    assert event.actor_id == cast.bob.pk and event.after["query"] == saved.query
    # The same name again holds the new filters: still one view.
    services.saved_view_save(actor=cast.bob, name="Phase 2 watch", query="tier=strategic")
    assert list(portfolio.saved_views(user=cast.bob).values_list("query", flat=True)) == [
        "tier=strategic"
    ]


def test_a_view_is_private_to_the_person_who_saved_it(cast):
    saved = services.saved_view_save(actor=cast.alice, name="Mine", query="flag=overdue")
    assert list(portfolio.saved_views(user=cast.alice)) == [saved]
    for other in (cast.carol, cast.bob, cast.dave):  # a colleague, the partner, an outsider
        assert not portfolio.saved_views(user=other).exists()
        client = Client()
        client.force_login(other)
        assert "Mine" not in client.get(reverse("alliances:portfolio")).content.decode()
        response = client.post(reverse("alliances:saved-view-delete", args=[saved.pk]))
        assert response.status_code == 404
    assert SavedPortfolioView.objects.unscoped().filter(pk=saved.pk).exists()


def test_a_nameless_view_is_refused_and_nothing_is_kept(cast):
    with pytest.raises(ValidationError):
        services.saved_view_save(actor=cast.bob, name="   ", query="tier=strategic")
    client = Client()
    client.force_login(cast.bob)
    response = client.post(reverse("alliances:saved-view-save"), {"name": "x" * 81, "query": ""})
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert not SavedPortfolioView.objects.unscoped().exists()


def test_the_page_saves_lists_opens_and_deletes_a_view(cast):
    client = Client()
    client.force_login(cast.bob)
    response = client.post(
        reverse("alliances:saved-view-save"), {"name": "Strategic", "query": "tier=strategic"}
    )
    assert response.status_code == 302
    assert response["location"] == reverse("alliances:portfolio") + "?tier=strategic"
    page = client.get(reverse("alliances:portfolio")).content.decode()
    assert 'href="/portfolio/?tier=strategic"' in page and "Strategic" in page
    saved = SavedPortfolioView.objects.unscoped().get()
    response = client.post(reverse("alliances:saved-view-delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedPortfolioView.objects.unscoped().exists()
    assert AuditEvent.objects.unscoped().filter(action="alliances.saved_view_deleted").exists()


def test_the_api_keeps_lists_and_deletes_the_callers_own_views(cast):
    alice, bob = api_client(cast.alice), api_client(cast.bob)
    made = alice.post(
        "/api/v1/portfolio/views",
        {"name": "Late", "query": "flag=overdue&page=3"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["query"] == "flag=overdue"
    assert [v["name"] for v in alice.get("/api/v1/portfolio/views").json()] == ["Late"]
    assert bob.get("/api/v1/portfolio/views").json() == []
    assert bob.delete(f"/api/v1/portfolio/views/{made.json()['id']}").status_code == 404
    refused = alice.post(
        "/api/v1/portfolio/views", {"name": "  ", "query": ""}, content_type="application/json"
    )
    assert_api_error(refused, 422, "name")
    assert alice.delete(f"/api/v1/portfolio/views/{made.json()['id']}").status_code == 204
    assert not SavedPortfolioView.objects.unscoped().exists()
