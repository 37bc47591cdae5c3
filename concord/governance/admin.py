"""Governance in the site admin: read-only, scoped by visible_to() like every page and the API.

No list filter is on a foreign key to a tenant model: Django would list every committee or
alliance in the filter's choices, unscoped, and so leak other organisations' names.
"""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.governance.models import (
    ActionItem,
    CalendarFeed,
    Charter,
    Committee,
    CommitteeMember,
    Concern,
    Decision,
    Escalation,
    Meeting,
    Minutes,
    Workstream,
)


@admin.register(Committee)
class CommitteeAdmin(TenantAdmin):
    """The alliances' committees."""

    list_display = ["name", "kind", "alliance", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "alliance__name"]
    list_select_related = ["alliance"]


@admin.register(Charter)
class CharterAdmin(TenantAdmin):
    """Every version of every charter, superseded ones included."""

    list_display = ["committee", "version", "status", "created_at", "in_force_from"]
    list_filter = ["status"]
    list_select_related = ["committee"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(TenantAdmin):
    """Who sits on which committee, for which party."""

    list_display = ["user", "role", "committee", "party"]
    list_filter = ["role"]
    list_select_related = ["user", "committee", "party__organisation"]


@admin.register(Meeting)
class MeetingAdmin(TenantAdmin):
    """Committee meetings, held or to come."""

    list_display = ["title", "committee", "starts_at", "status", "quorum_met"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["committee"]


@admin.register(Minutes)
class MinutesAdmin(TenantAdmin):
    """Minutes, each version."""

    list_display = ["meeting", "version", "status", "circulated_at", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]


@admin.register(Decision)
class DecisionAdmin(TenantAdmin):
    """The decision logs."""

    list_display = ["reference", "title", "committee", "outcome", "method", "decided_at"]
    list_filter = ["outcome", "method"]
    search_fields = ["title"]
    list_select_related = ["committee"]


@admin.register(ActionItem)
class ActionItemAdmin(TenantAdmin):
    """Action items of every party."""

    list_display = ["title", "owner", "due_on", "status", "alliance"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["owner", "alliance"]


@admin.register(Concern)
class ConcernAdmin(TenantAdmin):
    """Shared concerns, and the staff member's own organisation's private ones."""

    list_display = ["title", "alliance", "severity", "visibility", "status", "created_at"]
    list_filter = ["severity", "visibility", "status"]
    list_select_related = ["alliance"]


@admin.register(Escalation)
class EscalationAdmin(TenantAdmin):
    """Escalations, end-runs included."""

    list_display = ["title", "alliance", "level", "status", "is_end_run", "created_at"]
    list_filter = ["level", "status", "is_end_run"]
    list_select_related = ["alliance"]


@admin.register(Workstream)
class WorkstreamAdmin(TenantAdmin):
    """The operating models' workstreams."""

    list_display = ["name", "alliance"]
    list_select_related = ["alliance"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(TenantAdmin):
    """The staff member's own calendar feed; the token is stored hashed."""

    list_display = ["user", "prefix", "created_at"]
    exclude = ["token_hash"]
