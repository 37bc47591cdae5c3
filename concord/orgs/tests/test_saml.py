"""Single sign-on through SAML 2.0 against a real identity provider process on loopback.

Bob's Borealis signs its people in through a SAML provider: pysaml2's IdP, started by the test
as a separate process (concord/orgs/tests/saml_idp.py), signs each assertion with its own key
through the xmlsec1 program; Concord (allauth's SAML provider, python3-saml) checks that
signature against the certificate Bob configured. The browser's part (following redirects and
auto-posted forms) is played by the test. Alice's Helix keeps its passwords.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.urls import reverse

from concord.orgs import services
from concord.orgs.models import IdentityProvider, Membership, User
from conftest import PASSWORD

pytestmark = pytest.mark.skipif(
    not Path("/usr/bin/xmlsec1").exists(), reason="the SAML IdP signs with xmlsec1 (apt xmlsec1)"
)

IDP_PASSWORD = "at-the-saml-provider-1"


def _write_key_and_certificate(state: Path) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Borealis test IdP")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .sign(key, hashes.SHA256())
    )
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    (state / "idp.crt").write_text(pem)
    (state / "idp.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return pem


class SamlIdp:
    """The provider process and the files it reads its people and its service provider from.
    It reads them afresh on every request, so one process serves the whole module and `reset`
    gives each test the provider as it first was."""

    def __init__(self, state: Path) -> None:
        self.state = state
        self.certificate = _write_key_and_certificate(state)
        self._key = (state / "idp.key").read_bytes()
        self.people: dict[str, dict[str, object]] = {}
        self.reset()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "concord.orgs.tests.saml_idp", str(state)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.base = self.process.stdout.readline().strip()
        assert self.base.startswith("http://127.0.0.1:"), self.base

    def reset(self) -> None:
        """Its own key and certificate, Bob and Frank enabled, and no service provider trusted."""
        (self.state / "idp.crt").write_text(self.certificate)
        (self.state / "idp.key").write_bytes(self._key)
        self.people = {}
        self.add_person("bob@borealis.test", "Bob", "Brennan")
        self.add_person("frank@borealis.test", "Frank", "Fischer")
        (self.state / "sp.xml").write_text("")

    def add_person(self, email: str, given_name: str, family_name: str) -> None:
        self.people[email] = {
            "password": IDP_PASSWORD,
            "given_name": given_name,
            "family_name": family_name,
            "enabled": True,
        }
        self._save()

    def disable(self, email: str) -> None:
        """The person has left: IT turns their account off at the provider."""
        self.people[email]["enabled"] = False
        self._save()

    def _save(self) -> None:
        (self.state / "people.json").write_text(json.dumps(self.people))

    def trust(self, sp_metadata: str) -> None:
        (self.state / "sp.xml").write_text(sp_metadata)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def saml_idp_process(tmp_path_factory):
    """One provider process for the module: starting pysaml2 takes seconds."""
    idp = SamlIdp(tmp_path_factory.mktemp("saml-idp"))
    yield idp
    idp.stop()


@pytest.fixture
def saml_idp(saml_idp_process):
    """The module's provider, its files as they first were: each test starts from the same."""
    saml_idp_process.reset()
    return saml_idp_process


@pytest.fixture
def borealis_saml(cast, client, saml_idp):
    provider = services.identity_provider_save(
        actor=cast.bob,
        name="Borealis SAML",
        protocol="saml",
        saml_entity_id=f"{saml_idp.base}/metadata",
        saml_sso_url=f"{saml_idp.base}/sso",
        saml_x509cert=saml_idp.certificate,
        domains=["borealis.test"],
        default_role=Membership.Role.SCIENTIST,
    )
    metadata = client.get(reverse("saml_metadata", args=[provider.provider_id]))
    assert metadata.status_code == 200, metadata.content[:300]
    saml_idp.trust(metadata.content.decode())
    return provider


def _hidden(page: str) -> dict[str, str]:
    """A form's hidden fields, as a browser would post them."""
    found = re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', page)
    assert found, page[:500]
    return {name: html.unescape(value) for name, value in found}


def sign_in_through_saml(client, idp, email, password=IDP_PASSWORD):
    """What a browser does: Concord's sign-in page, the provider's form, its auto-posted
    assertion back to Concord's ACS URL, then Concord's finishing redirect."""
    handover = client.post(reverse("login"), {"username": email})
    assert "Continue to Borealis SAML" in handover.content.decode()
    to_idp = client.post(handover.context["action"], {"process": "login"})
    assert to_idp.status_code == 302 and to_idp.url.startswith(f"{idp.base}/sso?SAMLRequest=")
    form = requests.get(to_idp.url, timeout=10).text
    fields = _hidden(form)
    posted = requests.post(
        f"{idp.base}/sso", data={**fields, "email": email, "password": password}, timeout=30
    )
    assert posted.status_code == 200, posted.text[:500]
    acs = urlsplit(html.unescape(re.search(r'action="([^"]+)"', posted.text).group(1)))
    assert acs.path == reverse("saml_acs", args=[f"org{cast_org_id()}"])
    # The provider's page posts cross-site, with no CSRF token: the ACS must take it as it is.
    client.handler.enforce_csrf_checks = True
    finish = client.post(acs.path, _hidden(posted.text))
    client.handler.enforce_csrf_checks = False
    assert finish.status_code == 302
    return client.get(finish.url, follow=True)


def cast_org_id() -> int:
    return User.objects.get(email="bob@borealis.test").membership.organisation_id


def signed_in_user(client):
    response = client.get(reverse("orgs:profile"))
    return response.context["user"] if response.status_code == 200 else None


def test_first_saml_sign_in_makes_the_person_a_member(client, cast, borealis_saml, saml_idp):
    sign_in_through_saml(client, saml_idp, "frank@borealis.test")

    frank = User.objects.get(email="frank@borealis.test")
    assert signed_in_user(client) == frank
    assert (frank.first_name, frank.last_name) == ("Frank", "Fischer")
    assert frank.membership.organisation == cast.borealis
    assert frank.membership.role == Membership.Role.SCIENTIST
    assert not frank.has_usable_password()


def test_an_existing_member_signs_in_as_themselves(client, cast, borealis_saml, saml_idp):
    sign_in_through_saml(client, saml_idp, "bob@borealis.test")

    assert signed_in_user(client) == cast.bob


def test_a_person_the_saml_provider_refuses_cannot_sign_in(client, cast, borealis_saml, saml_idp):
    sign_in_through_saml(client, saml_idp, "frank@borealis.test")
    client.logout()
    saml_idp.disable("frank@borealis.test")

    page = sign_in_through_saml(client, saml_idp, "frank@borealis.test")

    assert "no longer accepts your account" in page.content.decode()
    assert signed_in_user(client) is None


def test_an_assertion_signed_by_another_key_is_refused(client, cast, borealis_saml, saml_idp):
    """Someone who runs their own IdP under the same URLs cannot sign Borealis's people in."""
    _write_key_and_certificate(saml_idp.state)  # the provider now signs with a key Bob never saw

    page = sign_in_through_saml(client, saml_idp, "bob@borealis.test")

    assert "could not complete the sign-in" in page.content.decode()
    assert signed_in_user(client) is None


def test_the_partners_password_users_are_unaffected(client, cast, borealis_saml):
    response = client.post(reverse("login"), {"username": "alice@helix.test", "password": PASSWORD})

    assert response.status_code == 302
    assert signed_in_user(client) == cast.alice


def test_required_sso_turns_passwords_off_for_saml_too(client, cast, borealis_saml, saml_idp):
    services.identity_provider_save(
        actor=cast.bob,
        name="Borealis SAML",
        protocol="saml",
        saml_entity_id=f"{saml_idp.base}/metadata",
        saml_sso_url=f"{saml_idp.base}/sso",
        domains=["borealis.test"],
        require_sso=True,
    )

    response = client.post(
        reverse("login"), {"username": "erin@borealis.test", "password": PASSWORD}
    )

    assert signed_in_user(client) is None
    assert "Continue to Borealis SAML" in response.content.decode()


def test_a_saml_provider_needs_its_certificate_or_metadata(cast):
    with pytest.raises(Exception, match="metadata URL, or its entity ID"):
        services.identity_provider_save(
            actor=cast.alice,
            name="Helix SAML",
            protocol="saml",
            saml_entity_id="https://idp.helix.test/metadata",
            domains=["helix.test"],
        )


def test_another_organisations_admin_never_sees_the_saml_provider(client, cast, borealis_saml):
    client.force_login(cast.alice)

    page = client.get(reverse("orgs:signin-settings")).content.decode()

    assert "Borealis SAML" not in page and borealis_saml.saml_entity_id not in page


def test_saml_urls_do_not_serve_an_openid_connect_provider(client, cast, borealis_saml):
    """Only SAML providers answer on the SAML routes: Helix's slug (none) or an OIDC one is 404."""
    helix = f"org{cast.alice.membership.organisation_id}"

    assert client.get(reverse("saml_metadata", args=[helix])).status_code == 404
    assert client.get(reverse("saml_metadata", args=["openid_connect"])).status_code == 404


def test_bob_connects_a_saml_provider_from_the_settings_page(client, cast, saml_idp):
    client.force_login(cast.bob)
    data = {
        "idp-name": "Borealis ADFS",
        "idp-protocol": "saml",
        "idp-saml_entity_id": f"{saml_idp.base}/metadata",
        "idp-saml_sso_url": f"{saml_idp.base}/sso",
        "idp-saml_x509cert": saml_idp.certificate,
        "idp-domains": "borealis.test",
        "idp-default_role": "viewer",
        "idp-allow_jit": "on",
        "idp-is_enabled": "on",
    }

    response = client.post(reverse("orgs:signin-settings"), data)

    assert response.status_code == 302
    page = client.get(reverse("orgs:signin-settings")).content.decode()
    slug = f"org{cast.borealis.pk}"
    assert f"/accounts/saml/{slug}/acs/" in page and f"/accounts/saml/{slug}/metadata/" in page
    body = "".join(saml_idp.certificate.splitlines()[1:-1])
    assert body[:40] not in page  # the certificate is not rendered back
    # Saved again without the certificate: the stored one stays.
    client.post(reverse("orgs:signin-settings"), {**data, "idp-saml_x509cert": ""})
    stored = IdentityProvider.objects.unscoped().get(organisation=cast.borealis)
    assert stored.saml_x509cert == body
    metadata = client.get(reverse("saml_metadata", args=[slug]))
    assert metadata.status_code == 200 and b"AssertionConsumerService" in metadata.content
