"""Every write to organisations, people, invitations and tokens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record, snapshot
from concord.core.emails import outbox_resend
from concord.core.errors import forbidden, invalid
from concord.core.models import OutboxEmail
from concord.core.signals import member_departed
from concord.core.tokens import new_secret
from concord.orgs import emails
from concord.orgs.models import (
    ApiToken,
    IdentityProvider,
    Invitation,
    Membership,
    Organisation,
    SignInDomain,
    User,
)
from concord.orgs.sealing import seal
from concord.orgs.selectors import API_TOKEN_PREFIX, invitation_for_token


def _check_new_person(email: str, password: str, first_name: str, last_name: str) -> str:
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise invalid("email", "Someone with this email address is already on Concord.")
    if not first_name.strip() or not last_name.strip():
        raise invalid("first_name", "Give your first and last name.")
    try:
        validate_password(password, User(email=email, first_name=first_name, last_name=last_name))
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    return email


_shared_hashes: ContextVar[dict[str, str] | None] = ContextVar("shared_hashes", default=None)


@contextmanager
def one_hash_per_password() -> Iterator[None]:
    """Within this block, people created with the same password share one hash (and one salt).

    The hasher is slow on purpose; the demo creates a hundred people with its one published
    password, and hashes it once. Never for real sign-ups, whose hashes must each have a salt.
    """
    token = _shared_hashes.set({})
    try:
        yield
    finally:
        _shared_hashes.reset(token)


def _hash(password: str) -> str:
    shared = _shared_hashes.get()
    if shared is None:
        return make_password(password)
    if password not in shared:
        shared[password] = make_password(password)
    return shared[password]


def _create_person(email: str, password: str, first_name: str, last_name: str) -> User:
    user = User(  # as create_user does, with the hash from _hash
        username=User.normalize_username(email),
        email=email,
        password=_hash(password),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    user.save()
    return user


@transaction.atomic
def organisation_signup(
    *,
    name: str,
    kind: str,
    country: str,
    time_zone: str,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    role: str = Membership.Role.ALLIANCE_MANAGER,
) -> Membership:
    """Register an organisation; the person who signs up becomes its admin."""
    name = name.strip()
    if not name:
        raise invalid("name", "Give the organisation's name.")
    if Organisation.objects.filter(name__iexact=name).exists():
        raise invalid("name", "An organisation with this name is already on Concord.")
    email = _check_new_person(email, password, first_name, last_name)
    organisation = Organisation(
        name=name, kind=kind, country=country.strip().upper(), time_zone=time_zone
    )
    organisation.full_clean()
    organisation.save()
    user = _create_person(email, password, first_name, last_name)
    if role not in Membership.Role.values:
        raise invalid("role", "Choose one of the listed roles.")
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=role, is_admin=True
    )
    audit_record(
        actor=user,
        action="organisation.signed_up",
        obj=organisation,
        organisation=organisation,
        summary=f"{user} signed up {organisation}",
        after=snapshot(organisation, ["name", "kind", "country", "time_zone"]),
    )
    return membership


def _require_admin(actor: User) -> Organisation:
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active or not membership.is_admin:
        raise forbidden("Only your organisation's admins can manage its people.")
    return membership.organisation


@dataclass
class IssuedInvitation:
    """A new invitation and its one-time link token (only its hash is stored)."""

    invitation: Invitation
    token: str


@transaction.atomic
def invitation_create(
    *, actor: User, email: str, role: str, is_admin: bool = False
) -> IssuedInvitation:
    """Invite a colleague by email; the link expires after CONCORD_INVITATION_DAYS."""
    organisation = _require_admin(actor)
    email = User.objects.normalize_email(email).strip().lower()
    if role not in Membership.Role.values:
        raise invalid("role", "Choose one of the listed roles.")
    if User.objects.filter(email__iexact=email).exists():
        raise invalid("email", "Someone with this email address is already on Concord.")
    token, token_hash = new_secret()
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        is_admin=is_admin,
        token_hash=token_hash,
        invited_by=actor,
        expires_at=clock.now() + timedelta(days=settings.CONCORD_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        actor=actor,
        action="member.invited",
        obj=invitation,
        organisation=organisation,
        summary=f"{actor} invited {email} as {invitation.get_role_display()}",
        after={"email": email, "role": role, "is_admin": is_admin},
    )
    emails.send_colleague_invitation(invitation, token)
    return IssuedInvitation(invitation, token)


@transaction.atomic
def invitation_accept(*, token: str, password: str, first_name: str, last_name: str) -> Membership:
    """Join the organisation through an invitation link, creating the person's account."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise invalid("token", "This invitation link has expired or was already used.")
    email = _check_new_person(invitation.email, password, first_name, last_name)
    user = _create_person(email, password, first_name, last_name)
    membership = Membership.objects.create(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        is_admin=invitation.is_admin,
    )
    invitation.accepted_at = clock.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action="member.joined",
        obj=membership,
        organisation=invitation.organisation,
        summary=f"{user} joined as {membership.get_role_display()}",
        after={"role": membership.role},
    )
    return membership


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    """Withdraw an invitation that was not used yet."""
    organisation = _require_admin(actor)
    if invitation.organisation_id != organisation.pk or not invitation.is_open:
        raise invalid("invitation", "Only open invitations of your organisation can be revoked.")
    invitation.revoked_at = clock.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="member.invitation_revoked",
        obj=invitation,
        organisation=organisation,
        summary=f"{actor} revoked the invitation for {invitation.email}",
    )


@transaction.atomic
def email_resend(*, actor: User, email: OutboxEmail) -> None:
    """An admin sends again a message that failed after every retry."""
    organisation = _require_admin(actor)
    if not email.organisations.filter(pk=organisation.pk).exists():
        raise forbidden("This message was not addressed to your organisation.")
    if email.status != OutboxEmail.Status.FAILED:
        raise invalid("email", "Only a message that failed for good can be sent again.")
    outbox_resend(email)
    audit_record(
        actor=actor,
        action="email.resent",
        obj=email,
        organisation=organisation,
        summary=f"{actor} sent again the email “{email.subject}” to {', '.join(email.to)}",
    )


def _editable_membership(actor: User, membership: Membership) -> Organisation:
    organisation = _require_admin(actor)
    if membership.organisation_id != organisation.pk:
        raise forbidden("This person is not in your organisation.")
    if membership.user_id == actor.pk:
        raise invalid("membership", "Ask another admin to change your own role or access.")
    return organisation


@transaction.atomic
def membership_update(
    *,
    actor: User,
    membership: Membership,
    role: str | None = None,
    is_admin: bool | None = None,
    is_active: bool | None = None,
) -> Membership:
    """Change a colleague's role or admin right, or deactivate / reactivate them."""
    organisation = _editable_membership(actor, membership)
    fields = ["role", "is_admin", "is_active"]
    before = snapshot(membership, fields)
    if role is not None:
        if role not in Membership.Role.values:
            raise invalid("role", "Choose one of the listed roles.")
        membership.role = role
    if is_admin is not None:
        membership.is_admin = is_admin
    if is_active is not None:
        membership.is_active = is_active
    after = snapshot(membership, fields)
    if after == before:
        return membership
    membership.save(update_fields=fields)
    if membership.user.is_active != membership.is_active:
        # Django's own login, session and API-token checks all refuse an inactive user.
        membership.user.is_active = membership.is_active
        membership.user.save(update_fields=["is_active"])
    if before["is_active"] and not membership.is_active:
        _end_access(membership.user)
        member_departed.send(
            sender=Membership, user=membership.user, organisation=organisation, actor=actor
        )
    audit_record(
        actor=actor,
        action="member.updated",
        obj=membership,
        organisation=organisation,
        summary=f"{actor} changed {membership.user}: {_describe_change(before, after)}",
        before=before,
        after=after,
    )
    return membership


def _end_access(user: User) -> None:
    """A deactivated person's API tokens stop working and their sessions end, at once."""
    ApiToken.objects.unscoped().filter(user=user, revoked_at=None).update(revoked_at=clock.now())
    for session in UserSession.objects.filter(user=user):
        session.end()  # deletes the session itself, so its cookie signs no one in


def _describe_change(before: dict[str, Any], after: dict[str, Any]) -> str:
    return ", ".join(
        f"{key} {before[key]} → {after[key]}" for key in after if before[key] != after[key]
    )


@dataclass
class IssuedToken:
    """A new API token; `key` is shown once and never stored."""

    token: ApiToken
    key: str


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    name: str = "API token",
    scope: str = ApiToken.Scope.WRITE,
    expires_in_days: int | None = None,
) -> IssuedToken:
    """Issue a bearer token for the API to an active member: read-only or read-write, expiring
    after `expires_in_days` (CONCORD_API_TOKEN_DAYS unless given; 0 for never)."""
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active:
        raise forbidden("Only active members of an organisation can use the API.")
    if scope not in ApiToken.Scope.values:
        raise invalid("scope", "Choose read only or read and write.")
    days = settings.CONCORD_API_TOKEN_DAYS if expires_in_days is None else expires_in_days
    if not 0 <= days <= 3650:
        raise invalid("expires_in_days", "Choose an expiry of at most ten years.")
    key, key_hash = new_secret(API_TOKEN_PREFIX)
    token = ApiToken.objects.create(
        user=actor,
        name=(name.strip() or "API token")[:100],
        key_hash=key_hash,
        prefix=key[len(API_TOKEN_PREFIX) : len(API_TOKEN_PREFIX) + 6],
        scope=scope,
        expires_at=clock.now() + timedelta(days=days) if days else None,
    )
    audit_record(
        actor=actor,
        action="api_token.created",
        obj=token,
        organisation=membership.organisation,
        summary=f"{actor} created API token {token.name} ({token.get_scope_display().lower()})",
        after={
            "scope": scope,
            "expires_at": token.expires_at.isoformat() if token.expires_at else None,
        },
    )
    return IssuedToken(token, key)


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke one of the actor's own tokens."""
    if token.user_id != actor.pk:
        raise forbidden("You can revoke only your own tokens.")
    if token.revoked_at is not None:
        return
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="api_token.revoked",
        obj=token,
        organisation=actor.membership.organisation,
        summary=f"{actor} revoked API token {token.name}",
    )


@transaction.atomic
def session_end(*, actor: User, session_key: str) -> None:
    """End one of the actor's own signed-in sessions (another browser, a lost laptop)."""
    session = UserSession.objects.filter(user=actor, session_key=session_key).first()
    if session is None:
        raise invalid("session", "This session has ended already.")
    session.end()
    membership = getattr(actor, "membership", None)
    audit_record(
        actor=actor,
        action="session.ended",
        obj=actor,
        organisation=membership.organisation if membership else None,
        summary=f"{actor} signed out a session from {session.ip}",
    )


# Single sign-on and the organisation's sign-in rules


def _clean_domains(domains: list[str], provider: IdentityProvider | None) -> list[str]:
    cleaned = sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})
    for domain in cleaned:
        if "." not in domain or not all(
            part and part.replace("-", "").isalnum() for part in domain.split(".")
        ):
            raise invalid("domains", f"“{domain}” is not an email domain such as example.com.")
    taken = SignInDomain.objects.unscoped().filter(domain__in=cleaned)
    if provider is not None and provider.pk:
        taken = taken.exclude(provider=provider)
    if taken.exists():
        raise invalid("domains", "One of these domains signs in with another organisation already.")
    return cleaned


PROVIDER_FIELDS = [
    "name",
    "protocol",
    "issuer",
    "client_id",
    "saml_metadata_url",
    "saml_entity_id",
    "saml_sso_url",
    "default_role",
    "allow_jit",
    "require_sso",
    "is_enabled",
]


def _pem_body(certificate: str) -> str:
    """A certificate as SAML metadata carries it: base64 alone, without PEM lines or spaces."""
    lines = [ln.strip() for ln in certificate.strip().splitlines()]
    return "".join(ln for ln in lines if ln and not ln.startswith("-----"))


def _check_protocol(provider: IdentityProvider, client_secret: str) -> None:
    """What each protocol needs before anyone can sign in through it."""
    if provider.is_saml:
        if provider.saml_metadata_url and not provider.saml_entity_id:
            raise invalid("saml_entity_id", "Give the entity ID your SAML provider shows.")
        if not provider.saml_metadata_url and not (
            provider.saml_entity_id and provider.saml_sso_url and provider.saml_x509cert
        ):
            raise invalid(
                "saml_sso_url",
                "Give the provider's metadata URL, or its entity ID, sign-in URL and certificate.",
            )
        provider.client_secret_sealed = ""
        return
    if not (provider.issuer and provider.client_id):
        raise invalid("issuer", "Give the issuer URL and client ID your identity provider shows.")
    if client_secret:
        provider.client_secret_sealed = seal(client_secret)
    if not provider.client_secret_sealed:
        raise invalid("client_secret", "Give the client secret your identity provider issued.")


@transaction.atomic
def identity_provider_save(
    *,
    actor: User,
    name: str,
    domains: list[str],
    protocol: str = IdentityProvider.Protocol.OIDC,
    issuer: str = "",
    client_id: str = "",
    client_secret: str = "",
    saml_metadata_url: str = "",
    saml_entity_id: str = "",
    saml_sso_url: str = "",
    saml_x509cert: str = "",
    default_role: str = Membership.Role.VIEWER,
    allow_jit: bool = True,
    require_sso: bool = False,
    is_enabled: bool = True,
) -> IdentityProvider:
    """An admin connects (or changes) their organisation's identity provider, OIDC or SAML.

    An empty `client_secret` keeps the one stored, and an empty SAML certificate keeps the one
    stored, so the form never has to show either.
    """
    organisation = _require_admin(actor)
    provider = IdentityProvider.objects.unscoped().filter(
        organisation=organisation
    ).first() or IdentityProvider(organisation=organisation)
    before = snapshot(provider, PROVIDER_FIELDS) if provider.pk else None
    if default_role not in Membership.Role.values:
        raise invalid("default_role", "Choose one of the listed roles.")
    if protocol not in IdentityProvider.Protocol.values:
        raise invalid("protocol", "Choose OpenID Connect or SAML 2.0.")
    cleaned = _clean_domains(domains, provider)
    if not cleaned:
        raise invalid("domains", "Give at least one email domain, e.g. castlegate.example.")
    provider.name, provider.protocol = name.strip(), protocol
    provider.issuer, provider.client_id = issuer.strip(), client_id.strip()
    provider.saml_metadata_url = saml_metadata_url.strip()
    provider.saml_entity_id, provider.saml_sso_url = saml_entity_id.strip(), saml_sso_url.strip()
    provider.saml_x509cert = _pem_body(saml_x509cert) or provider.saml_x509cert
    _check_protocol(provider, client_secret)
    provider.default_role, provider.allow_jit = default_role, allow_jit
    provider.require_sso, provider.is_enabled = require_sso, is_enabled
    provider.updated_at = clock.now()
    provider.full_clean()
    provider.save()
    provider.domains.all().delete()
    SignInDomain.objects.bulk_create(SignInDomain(provider=provider, domain=d) for d in cleaned)
    audit_record(
        actor=actor,
        action="identity_provider.saved",
        obj=provider,
        organisation=organisation,
        summary=f"{actor} set single sign-on through {provider.name} for {', '.join(cleaned)}",
        before=before,
        after={**snapshot(provider, PROVIDER_FIELDS), "domains": cleaned},
    )
    return provider


@transaction.atomic
def organisation_security_update(*, actor: User, require_mfa: bool) -> Organisation:
    """An admin requires (or stops requiring) a second factor of everyone in the organisation."""
    organisation = _require_admin(actor)
    if organisation.require_mfa == require_mfa:
        return organisation
    organisation.require_mfa = require_mfa
    organisation.save(update_fields=["require_mfa"])
    audit_record(
        actor=actor,
        action="organisation.security_updated",
        obj=organisation,
        organisation=organisation,
        summary=f"{actor} {'required' if require_mfa else 'stopped requiring'} two-factor authentication",
        after={"require_mfa": require_mfa},
    )
    return organisation


@transaction.atomic
def sso_member_join(
    *, provider: IdentityProvider, email: str, first_name: str, last_name: str
) -> User:
    """Just-in-time: the first sign-in through an organisation's identity provider makes the
    person a member with the role its admins chose. The provider has vouched for the address."""
    email = User.objects.normalize_email(email).strip().lower()
    domain = email.rpartition("@")[2]
    if not provider.allow_jit or not provider.domains.filter(domain=domain).exists():
        raise forbidden("Your organisation's admins have not opened Concord to new colleagues.")
    if User.objects.filter(email__iexact=email).exists():
        raise invalid("email", "Someone with this email address is already on Concord.")
    user = User(
        username=User.normalize_username(email),
        email=email,
        first_name=(first_name or "").strip()[:150],
        last_name=(last_name or "").strip()[:150],
    )
    user.set_unusable_password()  # they sign in through their organisation only
    user.save()
    membership = Membership.objects.create(
        user=user, organisation=provider.organisation, role=provider.default_role
    )
    audit_record(
        actor=user,
        action="member.joined",
        obj=membership,
        organisation=provider.organisation,
        summary=f"{user} joined through {provider.name} as {membership.get_role_display()}",
        after={"role": membership.role, "via": "sso"},
    )
    return user
