"""Organisations and their people in the site admin: read-only, scoped like every other read."""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.orgs.models import ApiToken, Invitation, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(TenantAdmin):
    """The directory (names are visible to every member, as on the directory page)."""

    list_display = ["name", "kind", "country", "time_zone", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    """People of the staff member's own organisation."""

    list_display = ["user", "organisation", "role", "is_admin", "is_active", "joined_at"]
    list_filter = ["role", "is_admin", "is_active"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(TenantAdmin):
    """Invitations the staff member's organisation sent; the token is stored only as a hash."""

    list_display = ["email", "organisation", "role", "is_admin", "created_at", "expires_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    list_select_related = ["organisation"]
    exclude = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(TenantAdmin):
    """The staff member's own API tokens (only their hashes are stored)."""

    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    search_fields = ["name", "prefix"]
    list_select_related = ["user"]
    exclude = ["key_hash"]


# allauth registers its own tables in the admin unscoped: every organisation's second-factor
# secrets, sessions and provider links. Site staff see people only through the scoped admins
# above, so those registrations are withdrawn; people manage their own on their profile.
def _withdraw_allauth_admins() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
    from allauth.usersessions.models import UserSession

    for model in (EmailAddress, Authenticator, SocialAccount, SocialApp, SocialToken, UserSession):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_withdraw_allauth_admins()
