"""Pages for signing in and its settings: the sign-in page (password or the organisation's identity
provider, then allauth's second-factor stage), an admin's single sign-on and two-factor settings,
and a person's own sessions."""

from __future__ import annotations

from typing import Any

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from concord.core.pages import MemberRequest
from concord.core.tenancy import organisation_of
from concord.orgs import selectors, services
from concord.orgs.forms import IdentityProviderForm, LoginForm, SecurityForm
from concord.orgs.identity import sign_in_url
from concord.orgs.models import User
from concord.orgs.views import forbidden_page, member_required


class SignInView(LoginView):
    """Email first: an address in an organisation's single-sign-on domains goes to its identity
    provider; anyone else gives their password, then a second factor if they have one."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("username", "").strip()
        provider = selectors.identity_provider_for_email(email) if "@" in email else None
        if provider is not None:
            context = {
                "provider": provider,
                "email": email,
                "next": self.get_redirect_url(),
                "action": sign_in_url(provider),
            }
            return render(request, "orgs/sso_continue.html", context)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        # allauth's login stages: the second factor (allauth.mfa) when the person has one.
        return perform_login(
            self.request,
            form.get_user(),
            email_verification="none",
            redirect_url=self.get_success_url(),
        )


log_in = SignInView.as_view()


def _provider_initial(provider: Any) -> dict[str, Any]:
    if provider is None:
        return {}
    return {
        "name": provider.name,
        "protocol": provider.protocol,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "saml_metadata_url": provider.saml_metadata_url,
        "saml_entity_id": provider.saml_entity_id,
        "saml_sso_url": provider.saml_sso_url,
        "domains": "\n".join(d.domain for d in provider.domains.all()),
        "default_role": provider.default_role,
        "allow_jit": provider.allow_jit,
        "require_sso": provider.require_sso,
        "is_enabled": provider.is_enabled,
    }


def _require_admin_page(request: MemberRequest[User]) -> HttpResponse | None:
    if not request.user.membership.is_admin:
        return render(
            request,
            "orgs/forbidden.html",
            {"reason": "Only your organisation's admins manage how its people sign in."},
            status=403,
        )
    return None


@member_required
@forbidden_page
def signin_settings(request: MemberRequest[User]) -> HttpResponse:
    """For admins: the organisation's identity provider, its domains, and the two-factor rule."""
    refused = _require_admin_page(request)
    if refused is not None:
        return refused
    provider = selectors.identity_provider_of(user=request.user)
    form = IdentityProviderForm(
        request.POST or None, initial=_provider_initial(provider), prefix="idp"
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_provider_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Single sign-on is saved.")
            return redirect("orgs:signin-settings")
    return _settings_page(request, provider, form)


def _settings_page(
    request: MemberRequest[User], provider: Any, form: IdentityProviderForm
) -> HttpResponse:
    organisation = organisation_of(request.user)
    context = {
        "organisation": organisation,
        "provider": provider,
        "form": form,
        **_registration_urls(request, provider),
        "security_form": SecurityForm(
            initial={"require_mfa": organisation.require_mfa if organisation else False},
            prefix="security",
        ),
    }
    return render(request, "orgs/signin_settings.html", context)


def _registration_urls(request: HttpRequest, provider: Any) -> dict[str, str]:
    """What the admin registers at their provider: OIDC's redirect URI, or SAML's ACS URL and
    entity ID (the SP metadata URL, which also serves the metadata to import)."""
    if provider is None:
        return {}
    slug = provider.provider_id
    return {
        "callback_url": request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": slug})
        ),
        "saml_acs_url": request.build_absolute_uri(reverse("saml_acs", args=[slug])),
        "saml_metadata_url": request.build_absolute_uri(reverse("saml_metadata", args=[slug])),
    }


@member_required
@forbidden_page
def security_update(request: MemberRequest[User]) -> HttpResponse:
    """For admins: require two-factor authentication of everyone, or stop requiring it."""
    if request.method != "POST":
        return redirect("orgs:signin-settings")
    form = SecurityForm(request.POST, prefix="security")
    form.is_valid()  # a checkbox: always valid
    organisation = services.organisation_security_update(
        actor=request.user, require_mfa=form.cleaned_data.get("require_mfa", False)
    )
    if organisation.require_mfa:
        messages.success(request, "Everyone now needs a second factor to use Concord.")
    else:
        messages.success(request, "A second factor is now each person's choice.")
    return redirect("orgs:signin-settings")


@member_required
@forbidden_page
def session_end(request: MemberRequest[User], pk: int) -> HttpResponse:
    """Sign out one of my sessions, e.g. on a lost laptop."""
    if request.method != "POST":
        return redirect("orgs:profile")
    sessions = {s.pk: s for s in selectors.session_list(user=request.user)}
    if pk not in sessions:
        raise Http404("No such session of yours.")
    session = sessions[pk]
    services.session_end(actor=request.user, session_key=session.session_key)
    if session.session_key == request.session.session_key:
        return redirect("login")
    messages.success(request, f"The session from {session.ip} is signed out.")
    return redirect("orgs:profile")
