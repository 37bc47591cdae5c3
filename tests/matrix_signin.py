"""Permission-matrix entries for signing in: single sign-on, second factors (allauth's pages),
sessions and the organisation's sign-in settings; see tests/test_permission_matrix.py.

Bob's Borealis has connected its OpenID Connect provider and Dave's Cobalt a SAML one; its sign-in page is open to anyone (it only
starts the provider's sign-in), while only an organisation's admins see or change its settings,
and always their own organisation's (the routes name no organisation). Alice has a session of
her own on record, which only she can end. allauth's pages for changing a second factor ask
every signed-in person for their password first (302 to reauthenticate).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.utils.module_loading import import_string

from concord.orgs import services
from tests.matrix import MEMBERS, PUBLIC, Operation, Page, World, body, by_person, expect, no_kwargs

EVERYONE_OK = expect(others=200)
REAUTHENTICATE = expect(others=302)  # anonymous: to sign in; members: to re-enter the password
NONE_YET = expect(anonymous=302, others=404)  # a factor nobody in the story has set up


def _alice_session(world: World) -> UserSession:
    """A real signed-in session of Alice's (the session row and allauth's record of it)."""
    alice = world.cast.alice
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(alice.pk)
    store[BACKEND_SESSION_KEY] = "concord.orgs.backends.MemberBackend"
    store[HASH_SESSION_KEY] = alice.get_session_auth_hash()
    store.create()
    return UserSession.objects.create(
        user=alice, session_key=store.session_key, ip="192.0.2.10", user_agent="Matrix"
    )


def build(world: World) -> dict[str, Any]:
    provider = services.identity_provider_save(
        actor=world.cast.bob,
        name="Borealis Okta",
        issuer="https://login.borealis.example/",
        client_id="concord",
        client_secret="not-used-here",
        domains=["borealis.test"],
    )
    saml = services.identity_provider_save(
        actor=world.cast.dave,
        name="Cobalt SAML",
        protocol="saml",
        saml_entity_id="https://idp.cobalt.example/metadata",
        saml_sso_url="https://idp.cobalt.example/sso",
        saml_x509cert="MIIBszCCAVmgAwIBAgIUMatrixOnlyNotARealCertificate",
        domains=["cobalt.test"],
    )
    return {
        "identity_provider": provider,
        "saml_provider": saml,
        "user_session": _alice_session(world),
    }


def _provider(world: World) -> dict[str, Any]:
    return {"provider_id": world.objects["identity_provider"].provider_id}


def _saml(world: World) -> dict[str, Any]:
    return {"organization_slug": world.objects["saml_provider"].provider_id}


PAGES: dict[str, Page] = {
    "orgs:signin-settings": Page(no_kwargs, by_person(200, carol=403, anonymous=302)),
    "orgs:security-update": Page(
        no_kwargs,
        by_person(302, carol=403, anonymous=302),
        post=lambda w: {"security-require_mfa": ""},
    ),
    "orgs:session-end": Page(
        lambda w: {"pk": w.objects["user_session"].pk},
        by_person(404, alice=302, anonymous=302),
        post=body(),
    ),
    # allauth's names for Concord's own sign-in and sign-out.
    "account_login": Page(no_kwargs, PUBLIC),
    "account_logout": Page(no_kwargs, expect(others=302), post=body()),
    "account_reauthenticate": Page(no_kwargs, MEMBERS),
    # Where an identity provider's sign-in ends when it does not sign the person in.
    "socialaccount_login_cancelled": Page(no_kwargs, EVERYONE_OK),
    "socialaccount_login_error": Page(no_kwargs, expect(others=401)),
    "socialaccount_signup": Page(no_kwargs, expect(others=302)),  # nothing pending: to sign-in
    # Starting an organisation's single sign-on is public; the callback without a state is refused.
    "openid_connect_login": Page(_provider, EVERYONE_OK),
    "openid_connect_callback": Page(_provider, expect(others=401)),
    # Dave's Cobalt signs in through SAML: its metadata (what its IdP imports) and the start of
    # its sign-in are public; the ACS only hands a posted response on; finishing without one, or a
    # logout without a SAML message, is refused.
    "saml_login": Page(_saml, EVERYONE_OK),
    "saml_metadata": Page(_saml, EVERYONE_OK),
    "saml_acs": Page(_saml, expect(others=302)),
    "saml_finish_acs": Page(_saml, expect(others=401)),
    "saml_sls": Page(_saml, expect(others=400)),  # no logout request or response in it
    # A person's own second factors.
    "mfa_index": Page(no_kwargs, MEMBERS),
    "mfa_authenticate": Page(no_kwargs, expect(others=302)),  # no sign-in waiting for a code
    "mfa_reauthenticate": Page(no_kwargs, REAUTHENTICATE),
    "mfa_activate_totp": Page(no_kwargs, REAUTHENTICATE),
    "mfa_deactivate_totp": Page(no_kwargs, NONE_YET),
    "mfa_view_recovery_codes": Page(no_kwargs, NONE_YET),
    "mfa_generate_recovery_codes": Page(no_kwargs, REAUTHENTICATE),
    "mfa_download_recovery_codes": Page(no_kwargs, NONE_YET),
    "mfa_list_webauthn": Page(no_kwargs, MEMBERS),
    "mfa_add_webauthn": Page(no_kwargs, REAUTHENTICATE),
    "mfa_reauthenticate_webauthn": Page(no_kwargs, REAUTHENTICATE),
    "mfa_remove_webauthn": Page(lambda w: {"pk": 999999}, REAUTHENTICATE),
    "mfa_edit_webauthn": Page(lambda w: {"pk": 999999}, REAUTHENTICATE),
    # A challenge for signing with a passkey: the signer's own, so only for someone who has a
    # passkey (nobody in the story has); anonymous callers get JSON, not the sign-in page.
    "core:signature-passkey-challenge": Page(
        no_kwargs, expect(anonymous=401, others=404), post=body()
    ),
}

OPERATIONS: dict[tuple[str, str], Operation] = {}
PATH_OBJECTS: dict[str, Callable[[World], Any]] = {}
