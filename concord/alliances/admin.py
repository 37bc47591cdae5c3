"""Alliances in the site admin: read-only, scoped by visible_to() like every page and the API.

No list filter is on a foreign key to a tenant model: Django would list every alliance or party
in the filter's choices, unscoped, and so leak the names of other organisations' alliances.
"""

from django.contrib import admin

from concord.alliances.models import (
    Alliance,
    Gate,
    GateSignoff,
    Note,
    PartnerInvitation,
    Party,
    PhaseTransition,
    Programme,
    TeamMember,
)
from concord.core.admin import TenantAdmin


@admin.register(Alliance)
class AllianceAdmin(TenantAdmin):
    """Alliances the staff member's organisation is party to."""

    list_display = ["name", "status", "phase", "tier", "alliance_type", "effective_date"]
    list_filter = ["status", "phase", "tier", "alliance_type"]
    search_fields = ["name", "purpose"]


@admin.register(Party)
class PartyAdmin(TenantAdmin):
    """Each organisation's side of those alliances."""

    list_display = ["organisation", "alliance", "status", "invited_at", "responded_at"]
    list_filter = ["status"]
    search_fields = ["organisation__name", "alliance__name"]
    list_select_related = ["organisation", "alliance"]


@admin.register(PartnerInvitation)
class PartnerInvitationAdmin(TenantAdmin):
    """Emailed invitations the staff member's organisation sent; the token is stored hashed."""

    list_display = ["email", "alliance", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    list_select_related = ["alliance"]
    exclude = ["token_hash"]


@admin.register(TeamMember)
class TeamMemberAdmin(TenantAdmin):
    """Who works on each alliance, for each party."""

    list_display = ["user", "role", "party"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user", "party__organisation", "party__alliance"]


@admin.register(Programme)
class ProgrammeAdmin(TenantAdmin):
    """The assets the alliances work on."""

    list_display = ["asset_name", "indication", "alliance", "modality", "therapeutic_area", "stage"]
    list_filter = ["modality", "therapeutic_area", "stage"]
    search_fields = ["asset_name", "indication"]
    list_select_related = ["alliance"]


@admin.register(Gate)
class GateAdmin(TenantAdmin):
    """Phase changes, pending and closed."""

    list_display = ["alliance", "from_phase", "to_phase", "status", "created_at", "closed_at"]
    list_filter = ["status", "to_phase"]
    search_fields = ["alliance__name"]
    list_select_related = ["alliance"]


@admin.register(GateSignoff)
class GateSignoffAdmin(TenantAdmin):
    """Each party's answer to a gate."""

    list_display = ["gate", "party", "decision", "signed_by", "signed_at"]
    list_filter = ["decision"]
    list_select_related = ["gate", "party__organisation", "signed_by"]


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(TenantAdmin):
    """The phase timelines."""

    list_display = ["alliance", "phase", "entered_at"]
    list_filter = ["phase"]
    list_select_related = ["alliance"]


@admin.register(Note)
class NoteAdmin(TenantAdmin):
    """Shared notes, and the staff member's own organisation's private ones."""

    list_display = ["title", "alliance", "organisation", "visibility", "created_at"]
    list_filter = ["visibility"]
    search_fields = ["title"]
    list_select_related = ["alliance", "organisation"]
