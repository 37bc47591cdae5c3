"""Forms for organisations, their people, invitations, tokens and signing in.

Forms parse and check the shape of input; the rules (unique names, strong passwords, who may do
what) live in concord.orgs.services, whose errors the views put back on these forms.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from concord.core.forms import ConcordForm
from concord.core.middleware import client_ip
from concord.orgs import signin_limits
from concord.orgs.models import TIME_ZONE_CHOICES, IdentityProvider, Membership, Organisation
from concord.orgs.selectors import requires_sso

# Countries where most biotech and pharma organisations on Concord are based; any other country
# is entered by its ISO 3166-1 alpha-2 code.
COMMON_COUNTRIES = sorted(
    [
        ("AT", "Austria"),
        ("AU", "Australia"),
        ("BE", "Belgium"),
        ("BR", "Brazil"),
        ("CA", "Canada"),
        ("CH", "Switzerland"),
        ("CN", "China"),
        ("CZ", "Czechia"),
        ("DE", "Germany"),
        ("DK", "Denmark"),
        ("ES", "Spain"),
        ("FI", "Finland"),
        ("FR", "France"),
        ("GB", "United Kingdom"),
        ("HK", "Hong Kong"),
        ("HU", "Hungary"),
        ("IE", "Ireland"),
        ("IL", "Israel"),
        ("IN", "India"),
        ("IT", "Italy"),
        ("JP", "Japan"),
        ("KR", "South Korea"),
        ("MX", "Mexico"),
        ("NL", "Netherlands"),
        ("NO", "Norway"),
        ("NZ", "New Zealand"),
        ("PL", "Poland"),
        ("PT", "Portugal"),
        ("SE", "Sweden"),
        ("SG", "Singapore"),
        ("TW", "Taiwan"),
        ("US", "United States"),
        ("ZA", "South Africa"),
    ],
    key=lambda pair: pair[1],
)
COUNTRY_NAMES = dict(COMMON_COUNTRIES)
OTHER_COUNTRY = "other"
STRENGTH_HINT = (
    "At least 8 characters. Not a common password, not only digits, and not too like your name "
    "or email."
)


def country_name(code: str) -> str:
    """A country's name for display, or its code when it is not one of the common ones."""
    return COUNTRY_NAMES.get(code, code)


def _time_zone_groups() -> list[tuple[str, list[tuple[str, str]]]]:
    """Time zones grouped by region ("Europe" → "London"), for a select with optgroups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for value, _label in TIME_ZONE_CHOICES:
        region, _, place = value.partition("/")
        groups.setdefault(region, []).append((value, place.replace("_", " ").replace("/", " / ")))
    return list(groups.items())


class SignupForm(ConcordForm):
    """A new organisation and the person who signs it up (its first admin)."""

    name = forms.CharField(label="Organisation name", max_length=200)
    kind = forms.ChoiceField(
        label="Kind of organisation", choices=[("", "Choose a kind…"), *Organisation.Kind.choices]
    )
    country = forms.ChoiceField(
        label="Country",
        choices=[("", "Choose a country…"), *COMMON_COUNTRIES, (OTHER_COUNTRY, "Another country…")],
        help_text="Where the organisation is based.",
    )
    country_code = forms.CharField(
        label="Another country's code",
        max_length=2,
        required=False,
        help_text="Only if your country is not in the list: its two-letter ISO code, e.g. PT.",
    )
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=_time_zone_groups(),
        initial="Europe/London",
        help_text="Deadlines count in this time zone.",
    )
    first_name = forms.CharField(label="Your first name", max_length=150)
    last_name = forms.CharField(label="Your last name", max_length=150)
    email = forms.EmailField(
        label="Your work email",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="You log in with it.",
    )
    role = forms.ChoiceField(
        label="Your job role",
        choices=Membership.Role.choices,
        initial=Membership.Role.ALLIANCE_MANAGER,
        help_text="You are also the organisation's admin: you invite colleagues and set roles.",
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=STRENGTH_HINT,
    )

    organisation_fields = ("name", "kind", "country", "country_code", "time_zone")
    person_fields = ("first_name", "last_name", "email", "role", "password")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("country") == OTHER_COUNTRY:
            code = (cleaned.get("country_code") or "").strip().upper()
            if not re.fullmatch(r"[A-Z]{2}", code):
                self.add_error("country_code", "Give the country's two-letter ISO code, e.g. PT.")
            else:
                cleaned["country"] = code
        return cleaned

    def signup_data(self) -> dict[str, Any]:
        """The keyword arguments of organisation_signup."""
        data = dict(self.cleaned_data)
        data.pop("country_code", None)
        return data


class InvitationAcceptForm(ConcordForm):
    """The invited colleague's name and password."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=STRENGTH_HINT,
    )


class InvitationCreateForm(ConcordForm):
    """An admin invites a colleague by email, with a role and optionally the admin right."""

    email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(
        label="Role", choices=Membership.Role.choices, initial=Membership.Role.SCIENTIST
    )
    is_admin = forms.BooleanField(
        label="Also an admin (can invite people and change roles)", required=False
    )


class MembershipUpdateForm(ConcordForm):
    """One change to a colleague: role, admin right, or active. Absent fields stay as they are."""

    role = forms.ChoiceField(choices=[("", "—"), *Membership.Role.choices], required=False)
    is_admin = forms.NullBooleanField(required=False)
    is_active = forms.NullBooleanField(required=False)

    def changes(self) -> dict[str, Any]:
        """The keyword arguments of membership_update: only what the request named."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value is not None and value != ""
        }


class MemberFilterForm(ConcordForm):
    """Search and filters above the members table."""

    STATUS_CHOICES = [("", "Everyone"), ("active", "Active"), ("deactivated", "Deactivated")]

    q = forms.CharField(label="Search people", required=False, max_length=100)
    role = forms.ChoiceField(
        label="Role", choices=[("", "All roles"), *Membership.Role.choices], required=False
    )
    status = forms.ChoiceField(label="Status", choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = "Name or email"


class OrganisationFilterForm(ConcordForm):
    """Search and the kind filter above the directory."""

    q = forms.CharField(label="Search organisations", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "All kinds"), *Organisation.Kind.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = "Organisation name"


class ApiTokenCreateForm(ConcordForm):
    """A new API token: a name its owner recognises later, what it may do, and how long."""

    EXPIRY_CHOICES = [(7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "1 year")]

    name = forms.CharField(
        label="Token name",
        max_length=100,
        required=False,
        help_text="What will use it, e.g. “Portfolio export script”.",
    )
    scope = forms.ChoiceField(
        label="It may",
        choices=[("read", "Only read"), ("write", "Read and change data")],
        initial="read",
        required=False,
        widget=forms.RadioSelect,
        help_text="A read-only token cannot change anything, even if it leaks.",
    )
    expires_in_days = forms.TypedChoiceField(
        label="Expires after",
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=90,
        required=False,
        empty_value=90,  # type: ignore[arg-type]  # django-stubs types it str, Django takes any
    )

    def clean_scope(self) -> str:
        return self.cleaned_data.get("scope") or "read"  # the safer one when none is chosen


class IdentityProviderForm(ConcordForm):
    """An organisation's identity provider (OpenID Connect or SAML 2.0) and the domains it signs
    in. Secrets are write-only: the client secret and certificate are never rendered back."""

    name = forms.CharField(label="Provider name", max_length=100, initial="Okta")
    protocol = forms.ChoiceField(
        label="Protocol",
        choices=IdentityProvider.Protocol.choices,
        initial=IdentityProvider.Protocol.OIDC,
    )
    issuer = forms.URLField(
        label="Issuer URL (OpenID Connect)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="E.g. https://castlegate.okta.com or "
        "https://login.microsoftonline.com/<tenant id>/v2.0",
    )
    client_id = forms.CharField(label="Client ID (OpenID Connect)", max_length=200, required=False)
    client_secret = forms.CharField(
        label="Client secret (OpenID Connect)",
        max_length=500,
        required=False,
        strip=False,
        # render_value=False: a saved secret never travels back to the browser.
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}, render_value=False),
        help_text="Leave empty to keep the one saved.",
    )
    saml_metadata_url = forms.URLField(
        label="Metadata URL (SAML)",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Read for the sign-in URL and certificate; or give them below instead.",
    )
    saml_entity_id = forms.CharField(label="Entity ID (SAML)", max_length=500, required=False)
    saml_sso_url = forms.URLField(
        label="Single sign-on URL (SAML)", max_length=500, required=False, assume_scheme="https"
    )
    saml_x509cert = forms.CharField(
        label="Signing certificate (SAML)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The provider's X.509 certificate (PEM). Leave empty to keep the one saved.",
    )
    domains = forms.CharField(
        label="Email domains",
        max_length=2000,
        help_text="People whose address ends in one of these sign in here; one per line or "
        "separated by commas.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    default_role = forms.ChoiceField(
        label="Role of people joining on first sign-in",
        choices=Membership.Role.choices,
        initial=Membership.Role.VIEWER,
    )
    allow_jit = forms.BooleanField(
        label="Let colleagues join on their first sign-in (just in time)",
        required=False,
        initial=True,
    )
    require_sso = forms.BooleanField(
        label="Require single sign-on: passwords stop working for everyone in the organisation",
        required=False,
    )
    is_enabled = forms.BooleanField(label="Enabled", required=False, initial=True)

    def clean_domains(self) -> list[str]:
        return [d for d in re.split(r"[\s,;]+", self.cleaned_data["domains"]) if d]


class SecurityForm(ConcordForm):
    """The organisation's rule on second factors."""

    require_mfa = forms.BooleanField(
        label="Require two-factor authentication of everyone in the organisation",
        required=False,
        help_text="People without a second factor are asked to set one up before anything else. "
        "People signed in through your identity provider rely on its own rules.",
    )


class LoginForm(AuthenticationForm):
    """Log in with an email address; deactivated members are turned away, guessing is slowed
    down (signin_limits), and people whose organisation requires single sign-on are sent to it."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account on Concord.",
        "deactivated": "Your organisation's admin has deactivated your account. Ask them to reactivate it.",
        "sso_required": "Your organisation signs you in through its identity provider, not with "
        "a password here.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = "Email"
        username.widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "username", "maxlength": 254}
        )

    def clean_username(self) -> str:
        # Usernames are stored as the lower-cased email address (see organisation_signup).
        return (self.cleaned_data.get("username") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username") or ""
        address = client_ip(self.request) if self.request is not None else ""
        refusal = signin_limits.signin_refusal(email=email, address=address)
        if refusal is not None:
            raise ValidationError(refusal.message, code="rate_limited")
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                signin_limits.signin_failed(email=email, address=address)
            raise
        signin_limits.signin_succeeded(email=email)
        return cleaned

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        membership = getattr(user, "membership", None)
        if membership is not None and not membership.is_active:
            raise ValidationError(self.error_messages["deactivated"], code="deactivated")
        if requires_sso(user):
            raise ValidationError(self.error_messages["sso_required"], code="sso_required")
