"""Single sign-on against a real OpenID Connect provider on loopback (concord/orgs/dev_idp.py).

Bob's Borealis brings its own identity provider for borealis.test. The provider is a separate
HTTP server: Concord discovers it, sends the browser to its sign-in form, exchanges the code at
its token endpoint (client secret and PKCE) and checks the RS256-signed ID token against its
JWKS, all over loopback sockets. Alice's Helix keeps its passwords.
"""

from __future__ import annotations

import importlib
from urllib.parse import urlsplit

import pytest
import requests
from django.urls import reverse

from concord.core.models import AuditEvent
from concord.orgs import services
from concord.orgs.dev_idp import DevIdentityProvider
from concord.orgs.models import IdentityProvider, Membership, User
from concord.orgs.sealing import unseal
from conftest import PASSWORD

CLIENT_ID, CLIENT_SECRET = "concord-borealis", "borealis-client-secret"
IDP_PASSWORD = "at-the-provider-1"


@pytest.fixture
def idp():
    provider = DevIdentityProvider(clients={CLIENT_ID: CLIENT_SECRET}).start()
    provider.add_person("bob@borealis.test", IDP_PASSWORD, "Bob", "Brennan")
    provider.add_person("frank@borealis.test", IDP_PASSWORD, "Frank", "Fischer")
    provider.add_person("alice@helix.test", IDP_PASSWORD, "Alice", "Impostor")
    yield provider
    provider.stop()


@pytest.fixture
def borealis_sso(cast, idp):
    return services.identity_provider_save(
        actor=cast.bob,
        name="Borealis Okta",
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        domains=["borealis.test"],
        default_role=Membership.Role.SCIENTIST,
    )


def sign_in_at_provider(client, idp, email, password=IDP_PASSWORD):
    """What a browser does: Concord's sign-in page, the provider's form, back to Concord."""
    handover = client.post(reverse("login"), {"username": email})
    assert handover.status_code == 200
    assert "Continue to Borealis Okta" in handover.content.decode()
    to_idp = client.post(handover.context["action"], {"process": "login"})
    assert to_idp.status_code == 302
    assert to_idp.url.startswith(f"{idp.issuer}/authorize?")
    form = requests.get(to_idp.url, timeout=5)
    assert form.status_code == 200 and 'name="password"' in form.text
    back = requests.post(
        to_idp.url, data={"email": email, "password": password}, allow_redirects=False, timeout=5
    )
    assert back.status_code == 302, back.text[:300]
    location = urlsplit(back.headers["Location"])
    assert location.path == reverse("openid_connect_callback", args=[f"org{cast_org(email)}"])
    return client.get(f"{location.path}?{location.query}")


def cast_org(email):
    return User.objects.get(email="bob@borealis.test").membership.organisation_id


def signed_in_user(client):
    response = client.get(reverse("orgs:profile"))
    return response.context["user"] if response.status_code == 200 else None


def test_first_sign_in_through_the_provider_makes_the_person_a_member(
    client, cast, borealis_sso, idp
):
    response = sign_in_at_provider(client, idp, "frank@borealis.test")

    assert response.status_code == 302
    frank = User.objects.get(email="frank@borealis.test")
    assert signed_in_user(client) == frank
    membership = frank.membership
    assert membership.organisation == cast.bob.membership.organisation
    assert membership.role == Membership.Role.SCIENTIST and not membership.is_admin
    assert not frank.has_usable_password()
    assert (
        AuditEvent.objects.unscoped()
        .filter(action="member.joined", object_id=str(membership.pk))
        .exists()
    )


def test_an_existing_member_is_signed_in_as_themselves(client, cast, borealis_sso, idp):
    sign_in_at_provider(client, idp, "bob@borealis.test")

    assert signed_in_user(client) == cast.bob
    assert User.objects.filter(email__endswith="@borealis.test").count() == 2  # Bob and Erin


def test_a_person_the_provider_has_disabled_cannot_sign_in(client, cast, borealis_sso, idp):
    sign_in_at_provider(client, idp, "frank@borealis.test")
    client.logout()
    idp.disable("frank@borealis.test")

    response = sign_in_at_provider(client, idp, "frank@borealis.test")

    assert response.url == reverse("socialaccount_login_cancelled")
    assert "no longer accepts your account" in client.get(response.url).content.decode()
    assert signed_in_user(client) is None


def test_the_partners_password_users_are_unaffected(client, cast, borealis_sso, idp):
    response = client.post(reverse("login"), {"username": "alice@helix.test", "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_user(client) == cast.alice


def test_another_organisations_provider_cannot_sign_in_its_people(client, cast, borealis_sso, idp):
    """Borealis's provider vouches for an address at Helix: Concord refuses it."""
    handover = client.post(reverse("login"), {"username": "bob@borealis.test"})
    to_idp = client.post(handover.context["action"], {"process": "login"})
    back = requests.post(
        to_idp.url,
        data={"email": "alice@helix.test", "password": IDP_PASSWORD},
        allow_redirects=False,
        timeout=5,
    )
    location = urlsplit(back.headers["Location"])

    response = client.get(f"{location.path}?{location.query}", follow=True)

    assert signed_in_user(client) is None
    assert "not an address of Borealis Pharma" in response.content.decode()


def test_required_sso_turns_passwords_off_for_the_organisation(client, cast, borealis_sso):
    services.identity_provider_save(
        actor=cast.bob,
        name="Borealis Okta",
        issuer=borealis_sso.issuer,
        client_id=CLIENT_ID,
        domains=["borealis.test", "borealis-research.test"],
        require_sso=True,
    )
    from concord.orgs.forms import LoginForm

    form = LoginForm(None, {"username": "erin@borealis.test", "password": PASSWORD})

    assert not form.is_valid()
    assert "identity provider" in str(form.errors)


def test_without_jit_a_newcomer_is_turned_away(client, cast, borealis_sso, idp):
    services.identity_provider_save(
        actor=cast.bob,
        name="Borealis Okta",
        issuer=idp.issuer,
        client_id=CLIENT_ID,
        domains=["borealis.test"],
        allow_jit=False,
    )

    response = sign_in_at_provider(client, idp, "frank@borealis.test")

    assert signed_in_user(client) is None
    assert not User.objects.filter(email="frank@borealis.test").exists()
    assert response.status_code == 302


def test_a_domain_belongs_to_one_organisation(cast, borealis_sso):
    with pytest.raises(Exception, match="another organisation"):
        services.identity_provider_save(
            actor=cast.alice,
            name="Helix Entra",
            issuer="https://login.example/helix/v2.0",
            client_id="helix",
            client_secret="x",
            domains=["borealis.test"],
        )
    assert IdentityProvider.objects.unscoped().count() == 1


def test_only_admins_see_and_change_their_own_organisations_provider(client, cast, borealis_sso):
    client.force_login(cast.erin)  # Borealis, not an admin
    assert client.get(reverse("orgs:signin-settings")).status_code == 403
    client.force_login(cast.alice)  # Helix's admin sees Helix's (none), never Borealis's
    page = client.get(reverse("orgs:signin-settings")).content.decode()
    assert "Borealis Okta" not in page and CLIENT_ID not in page
    client.force_login(cast.bob)
    page = client.get(reverse("orgs:signin-settings")).content.decode()
    assert "Borealis Okta" in page and CLIENT_SECRET not in page


def test_bob_connects_his_provider_from_the_settings_page(client, cast):
    client.force_login(cast.bob)
    data = {
        "idp-name": "Borealis Entra",
        "idp-protocol": "oidc",
        "idp-issuer": "https://login.microsoftonline.com/borealis/v2.0",
        "idp-client_id": "concord",
        "idp-client_secret": "entra-secret",
        "idp-domains": "borealis.test, borealis-research.test",
        "idp-default_role": "viewer",
        "idp-allow_jit": "on",
        "idp-is_enabled": "on",
    }

    response = client.post(reverse("orgs:signin-settings"), data)

    assert response.url == reverse("orgs:signin-settings")
    provider = IdentityProvider.objects.unscoped().get(
        organisation=cast.bob.membership.organisation
    )
    assert sorted(d.domain for d in provider.domains.all()) == [
        "borealis-research.test",
        "borealis.test",
    ]
    page = client.get(reverse("orgs:signin-settings")).content.decode()
    assert f"/accounts/oidc/{provider.provider_id}/login/callback/" in page
    assert "entra-secret" not in page
    # Saved again without a secret: the stored one stays.
    client.post(reverse("orgs:signin-settings"), {**data, "idp-client_secret": ""})
    provider.refresh_from_db()
    assert provider.client_secret == "entra-secret"


def test_the_client_secret_is_stored_encrypted(cast, borealis_sso):
    stored = IdentityProvider.objects.unscoped().values_list("client_secret_sealed", flat=True)

    assert CLIENT_SECRET not in stored[0] and len(stored[0]) > 60
    assert borealis_sso.client_secret == CLIENT_SECRET


def test_the_secrets_migration_0004_sealed_are_read_back_as_sealed_today():
    """0004 seals with a copy of the sealing frozen in the migration: what it wrote, the
    current code still reads."""
    migration = importlib.import_module("concord.orgs.migrations.0004_saml_sealed_secret")

    assert unseal(migration.seal(CLIENT_SECRET)) == CLIENT_SECRET


def test_a_secret_sealed_under_another_secret_key_reads_as_empty(cast, borealis_sso, settings):
    settings.SECRET_KEY = "another-" + "k" * 50  # e.g. rotated without re-entering the secret

    assert borealis_sso.client_secret == ""


def test_with_sso_required_the_api_refuses_passwords_too(client, cast, borealis_sso):
    services.identity_provider_save(
        actor=cast.bob,
        name="Borealis Okta",
        issuer=borealis_sso.issuer,
        client_id=CLIENT_ID,
        domains=["borealis.test"],
        require_sso=True,
    )

    response = client.post(
        "/api/v1/auth/token",
        {"username": "bob@borealis.test", "password": PASSWORD},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "single sign-on" in response.json()["message"]
