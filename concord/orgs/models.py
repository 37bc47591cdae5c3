"""Organisations, the people in them, their roles, invitations and API tokens."""

from __future__ import annotations

import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.orgs.sealing import unseal

TIME_ZONE_CHOICES = sorted((tz, tz) for tz in zoneinfo.available_timezones() if "/" in tz)


class User(AbstractUser):
    """A person who signs in; the username is their email address."""

    email = models.EmailField(unique=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class Organisation(models.Model):
    """A company or institution on Concord. The directory of names is visible to every member."""

    class Kind(models.TextChoices):
        PHARMA = "pharma", "Pharma"
        BIOTECH = "biotech", "Biotech"
        ACADEMIC = "academic", "Academic"
        INVESTOR = "investor", "Investor"
        CRO = "cro", "CRO"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    country = models.CharField(max_length=2, help_text="ISO 3166 country code, e.g. GB")
    time_zone = models.CharField(max_length=64, choices=TIME_ZONE_CHOICES, default="Europe/London")
    # Its admins may require everyone to have a second factor before they reach any page.
    require_mfa = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TenantModel):
    """A person's place in their organisation: a job role, and whether they also administer it.

    Admin is held beside a job role rather than instead of one: at a small biotech the person who
    administers Concord is usually also the one who leads the alliances and signs the gates.
    """

    class Role(models.TextChoices):
        ALLIANCE_MANAGER = "alliance_manager", "Alliance manager"
        BUSINESS_DEVELOPMENT = "business_development", "Business development"
        SCIENTIST = "scientist", "Scientist"
        EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
        FINANCE = "finance", "Finance"
        VIEWER = "viewer", "Viewer"

    tenancy = Tenancy(organisation="organisation")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.VIEWER)
    is_admin = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    joined_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    @property
    def is_read_only(self) -> bool:
        return self.role == self.Role.VIEWER and not self.is_admin

    @property
    def can_manage_alliances(self) -> bool:
        """Alliance managers (and admins) create alliances, invite partners and propose gates."""
        return self.is_admin or self.role == self.Role.ALLIANCE_MANAGER

    @property
    def can_sign_gates(self) -> bool:
        """The issue's rule: a party's alliance manager or executive sponsor signs off a gate."""
        return self.role in {self.Role.ALLIANCE_MANAGER, self.Role.EXECUTIVE_SPONSOR}


class Invitation(TenantModel):
    """An emailed link that lets a colleague join an organisation, until it expires."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Membership.Role.choices)
    is_admin = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None and self.revoked_at is None and self.expires_at > clock.now()
        )

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "open" if self.expires_at > clock.now() else "expired"


class ApiToken(TenantModel):
    """A bearer token for the API; only its SHA-256 is stored, so a database leak reveals none."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    tenancy = Tenancy(organisation="user__membership__organisation", person="user")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="API token")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.WRITE)
    created_at = models.DateTimeField(default=clock.now)
    # None: the token never expires (tokens issued before expiry existed).
    expires_at = models.DateTimeField(null=True, blank=True)
    # Written at most once a minute per token (see selectors.user_for_api_key).
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= clock.now()

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.is_expired else "active"


class IdentityProvider(TenantModel):
    """An organisation's own identity provider, OpenID Connect (Okta, Entra ID, Ping…) or SAML 2.0.

    A person whose email address is in one of its domains signs in there instead of with a
    password; the first sign-in makes them a member with `default_role` (just in time).
    """

    class Protocol(models.TextChoices):
        OIDC = "oidc", "OpenID Connect"
        SAML = "saml", "SAML 2.0"

    tenancy = Tenancy(organisation="organisation")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="identity_provider"
    )
    name = models.CharField(max_length=100, help_text="Shown on the sign-in button, e.g. Okta.")
    protocol = models.CharField(max_length=10, choices=Protocol.choices, default=Protocol.OIDC)
    # OpenID Connect
    issuer = models.URLField(
        max_length=500,
        blank=True,
        help_text="The issuer URL; its /.well-known/openid-configuration is read.",
    )
    client_id = models.CharField(max_length=200, blank=True)
    # Sealed with a key derived from SECRET_KEY (orgs/sealing.py); read through `client_secret`.
    client_secret_sealed = models.TextField(blank=True)
    # SAML 2.0: the identity provider's metadata URL, or its entity ID, sign-in URL and certificate.
    saml_metadata_url = models.URLField(max_length=500, blank=True)
    saml_entity_id = models.CharField(max_length=500, blank=True)
    saml_sso_url = models.URLField(max_length=500, blank=True)
    saml_x509cert = models.TextField(blank=True)
    default_role = models.CharField(
        max_length=30, choices=Membership.Role.choices, default=Membership.Role.VIEWER
    )
    allow_jit = models.BooleanField(
        default=True, help_text="The first sign-in makes the person a member of the organisation."
    )
    require_sso = models.BooleanField(
        default=False, help_text="Passwords stop working for the organisation's people."
    )
    is_enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.name} for {self.organisation}"

    @property
    def provider_id(self) -> str:
        """The name allauth knows this provider by; it appears in the sign-in URLs."""
        return f"org{self.organisation_id}"

    @property
    def is_saml(self) -> bool:
        return self.protocol == self.Protocol.SAML

    @property
    def client_secret(self) -> str:
        """The OpenID Connect client secret, unsealed for the token request only."""
        return unseal(self.client_secret_sealed)


class SignInDomain(TenantModel):
    """An email domain whose people sign in through their organisation's identity provider."""

    tenancy = Tenancy(organisation="provider__organisation")

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    # One organisation per domain, so an address never picks between two providers.
    domain = models.CharField(max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class SignInFailure(models.Model):
    """A failed sign-in (password or API key), counted per account and per address to slow
    guessing down. Not tenant data: it names an address typed in, not a record."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        ADDRESS = "address", "Network address"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=254)
    failed_at = models.DateTimeField(default=clock.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "failed_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} at {self.failed_at:%Y-%m-%d %H:%M}"
