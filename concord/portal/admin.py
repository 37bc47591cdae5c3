"""The portal's records for site staff: read-only, scoped like everything else."""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.portal.models import AreaOfInterest, Message, Portal, Review, Submission


@admin.register(Portal)
class PortalAdmin(TenantAdmin):
    list_display = ["organisation", "slug", "is_open", "first_response_days", "decision_days"]


@admin.register(AreaOfInterest)
class AreaOfInterestAdmin(TenantAdmin):
    list_display = ["title", "kind", "portal"]


@admin.register(Submission)
class SubmissionAdmin(TenantAdmin):
    list_display = [
        "reference",
        "asset_name",
        "submitter_organisation_name",
        "status",
        "submitted_at",
    ]
    search_fields = ["reference", "asset_name", "submitter_organisation_name"]
    exclude = ["token_hash", "submitter_ip_hash"]


@admin.register(Review)
class ReviewAdmin(TenantAdmin):
    list_display = ["submission", "reviewer", "track", "weighted_score", "submitted_at"]


@admin.register(Message)
class MessageAdmin(TenantAdmin):
    list_display = ["submission", "kind", "author_label", "is_internal", "created_at"]
