"""Expectations in the site admin: read-only, scoped by visible_to() like every page and the API.

No list filter is on a foreign key to a tenant model: its choices would list other
organisations' parties and alliances, unscoped.
"""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.expectations.models import (
    Commitment,
    CommitmentDispute,
    Delivery,
    LearningObjective,
    ProgressReview,
)


@admin.register(Commitment)
class CommitmentAdmin(TenantAdmin):
    """What each party owes in the staff member's organisation's alliances."""

    list_display = ["title", "alliance", "owner_party", "receiving_party", "due_date", "state"]
    list_filter = ["state", "kind", "in_dispute"]
    search_fields = ["title", "alliance__name"]
    list_select_related = [
        "alliance",
        "owner_party__organisation",
        "receiving_party__organisation",
    ]


@admin.register(Delivery)
class DeliveryAdmin(TenantAdmin):
    """Each delivery and its verdict."""

    list_display = ["commitment", "sequence", "delivered_on", "days_late", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["commitment"]


@admin.register(CommitmentDispute)
class CommitmentDisputeAdmin(TenantAdmin):
    """Disputes on commitments and how they ended."""

    list_display = ["commitment", "raised_at", "outcome", "resolved_at"]
    list_filter = ["outcome"]
    list_select_related = ["commitment"]


@admin.register(LearningObjective)
class LearningObjectiveAdmin(TenantAdmin):
    """The alliances' learning plans."""

    list_display = ["title", "alliance", "owner", "target_date", "status"]
    list_filter = ["status"]
    search_fields = ["title", "alliance__name"]
    list_select_related = ["alliance", "owner"]


@admin.register(ProgressReview)
class ProgressReviewAdmin(TenantAdmin):
    """The measure at each review."""

    list_display = ["objective", "reviewed_on", "value"]
    list_select_related = ["objective"]
