"""How allauth signs people in to Concord: adapters that fit its flows to organisations.

- Each organisation's identity provider is an allauth app, OpenID Connect or SAML 2.0, named
  `org<organisation id>`, built from its `IdentityProvider` row on demand (no copy in allauth's
  own tables to drift out of step). allauth finds a SAML app by its `client_id`, which is the
  same name, so the SAML URLs read /accounts/saml/org<id>/….
- A provider signs in only addresses in its organisation's domains, and only people of that
  organisation: another organisation's provider can never sign in someone it does not own.
- The first sign-in makes the person a member (just in time) through `sso_member_join`;
  allauth's own signup page is closed, as people join by invitation or through their provider.
- allauth's login stages ask for the second factor (allauth.mfa) after a password or a provider.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse

from concord.core.middleware import client_ip
from concord.orgs import selectors, services
from concord.orgs.models import IdentityProvider, User

OIDC = "openid_connect"
SAML = "saml"


def _saml_settings(provider: IdentityProvider) -> dict[str, Any]:
    if provider.saml_metadata_url:
        idp = {"metadata_url": provider.saml_metadata_url, "entity_id": provider.saml_entity_id}
    else:
        idp = {
            "entity_id": provider.saml_entity_id,
            "sso_url": provider.saml_sso_url,
            "x509cert": provider.saml_x509cert,
        }
    # The assertion must be signed by the provider's key; the address is read from the usual
    # attributes or, failing those, an email-format NameID. SAML carries no "email verified"
    # claim: the provider is the authority for its organisation's domains (allauth's documented
    # `verified_email` app setting), so a member's existing account is found by address.
    return {
        "idp": idp,
        # Single-label hosts (http://concord/ on an intranet) are valid service-provider URLs.
        "advanced": {"want_assertion_signed": True, "allow_single_label_domains": True},
        "verified_email": [d.domain for d in provider.domains.all()],
    }


def social_app(provider: IdentityProvider) -> SocialApp:
    """The allauth app for an organisation's provider (never saved: built from the row)."""
    if provider.is_saml:
        return SocialApp(
            provider=SAML,
            provider_id=provider.provider_id,
            name=provider.name,
            client_id=provider.provider_id,
            settings=_saml_settings(provider),
        )
    return SocialApp(
        provider=OIDC,
        provider_id=provider.provider_id,
        name=provider.name,
        client_id=provider.client_id,
        secret=provider.client_secret,
        settings={"server_url": provider.issuer, "oauth_pkce_enabled": True},
    )


def sign_in_url(provider: IdentityProvider) -> str:
    """Where the sign-in page sends a person of this provider's domains (a POST starts it)."""
    if provider.is_saml:
        return reverse("saml_login", kwargs={"organization_slug": provider.provider_id})
    return reverse("openid_connect_login", kwargs={"provider_id": provider.provider_id})


def _refuse(request: HttpRequest, message: str) -> ImmediateHttpResponse:
    messages.error(request, message)
    return ImmediateHttpResponse(redirect("login"))


class AccountAdapter(DefaultAccountAdapter):
    """Concord's sign-in rules for allauth's account flows."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Organisations sign up through /signup/; colleagues by invitation or their provider.
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request) or "0.0.0.0"  # noqa: S104 - a placeholder, never bound

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> Any:
        return _refuse(
            request,
            "Your organisation's admin has deactivated your account. Ask them to reactivate it.",
        ).response


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Sign-in through each organisation's own identity provider."""

    def list_apps(
        self, request: HttpRequest, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        if provider is None or (provider in (OIDC, SAML) and not client_id):
            return []  # no page lists every organisation's provider
        if provider == SAML:
            found = selectors.identity_provider_by_id(client_id or "")
            return [social_app(found)] if found is not None and found.is_saml else []
        found = selectors.identity_provider_by_id(provider)
        if found is None:
            return []
        app = social_app(found)
        if client_id and app.client_id != client_id:
            return []
        return [app]

    def _provider(self, sociallogin: SocialLogin) -> IdentityProvider:
        found = selectors.identity_provider_by_id(sociallogin.account.provider)
        if found is None:
            raise PermissionDenied("This sign-in is not set up any more.")
        return found

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Only the organisation's own people, in its own domains, and only active ones."""
        provider = self._provider(sociallogin)
        email = (sociallogin.user.email or "").lower()
        domains = {d.domain for d in provider.domains.all()}
        if email.rpartition("@")[2] not in domains:
            raise _refuse(
                request,
                f"{provider.name} signed you in as {email or 'someone without an email address'}, "
                f"which is not an address of {provider.organisation}.",
            )
        user = sociallogin.user if sociallogin.is_existing else None
        if user is None:
            user = User.objects.filter(email__iexact=email).first()
        if user is None:
            return
        membership = getattr(user, "membership", None)
        if membership is None or membership.organisation_id != provider.organisation_id:
            raise _refuse(request, f"{email} belongs to another organisation on Concord.")
        if not membership.is_active or not user.is_active:
            raise _refuse(
                request,
                "Your organisation's admin has deactivated your account. Ask them to reactivate it.",
            )

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        provider = self._provider(sociallogin)
        if not provider.allow_jit:
            raise _refuse(
                request,
                f"{provider.organisation} has not opened Concord to new colleagues yet. "
                "Ask its admin for an invitation.",
            )
        return True

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> User:
        provider = self._provider(sociallogin)
        candidate = sociallogin.user
        try:
            user = services.sso_member_join(
                provider=provider,
                email=candidate.email,
                first_name=candidate.first_name,
                last_name=candidate.last_name,
            )
        except (PermissionDenied, ValidationError) as error:
            raise _refuse(request, " ".join(getattr(error, "messages", [str(error)]))) from error
        sociallogin.user = user
        sociallogin.save(request)
        return user
