"""The demo's sign-in: Castlegate's identity provider is set up but off, so the published
password logins work; `make idp` turns it on, and then Castlegate's people go to it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from concord.demo.chapters.orgs import castlegate_sso
from concord.demo.data import DEMO_PASSWORD
from concord.orgs.models import ApiToken, IdentityProvider

pytestmark = pytest.mark.xdist_group("demo")


def test_castlegates_provider_waits_switched_off_and_passwords_work(db, seeded):
    provider = IdentityProvider.objects.unscoped().get(organisation__name="Castlegate Pharma")
    assert not provider.is_enabled
    assert [d.domain for d in provider.domains.all()] == ["castlegate.example"]
    assert ApiToken.objects.unscoped().filter(scope="read", name__contains="export").exists()

    response = Client().post(
        reverse("login"), {"username": "hannah@castlegate.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_with_the_provider_on_castlegate_signs_in_through_it(db, seeded, played):
    castlegate_sso(played.person("castlegate", "grace"), "castlegate.example", enabled=True)

    response = Client().post(reverse("login"), {"username": "hannah@castlegate.example"})

    assert "Continue to Castlegate sign-in" in response.content.decode()
    partner = Client().post(
        reverse("login"), {"username": "maya@lumen-oncology.example", "password": DEMO_PASSWORD}
    )
    assert partner.status_code == 302  # Lumen's people keep their passwords
