"""Deals in the site admin: read-only, scoped by visible_to() like every page and the API.

Private finance notes appear only to staff of the organisation that wrote them, by the same rule.
No list filter is on a foreign key to a tenant model (its choices would be read unscoped).
"""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.deals.models import (
    Amendment,
    AuditRequest,
    BuyOption,
    CostEntry,
    CostWorkstream,
    DealTerms,
    Dispute,
    Fee,
    FinanceNote,
    Milestone,
    Payment,
    RoyaltyReport,
    RoyaltyRestatement,
    RoyaltyTerm,
    Tranche,
    TrueUp,
)


@admin.register(DealTerms)
class DealTermsAdmin(TenantAdmin):
    list_display = ["alliance", "signed_on", "payment_days", "nudge_days"]
    list_select_related = ["alliance"]


@admin.register(Fee)
class FeeAdmin(TenantAdmin):
    list_display = ["title", "alliance", "kind", "amount", "currency", "due_date"]
    list_filter = ["kind", "currency"]
    list_select_related = ["alliance"]


@admin.register(Milestone)
class MilestoneAdmin(TenantAdmin):
    list_display = ["title", "alliance", "programme", "kind", "amount", "currency", "status"]
    list_filter = ["kind", "status", "currency"]
    search_fields = ["title"]
    list_select_related = ["alliance", "programme"]


@admin.register(RoyaltyTerm)
class RoyaltyTermAdmin(TenantAdmin):
    list_display = ["title", "alliance", "currency"]
    list_select_related = ["alliance"]


@admin.register(RoyaltyReport)
class RoyaltyReportAdmin(TenantAdmin):
    list_display = ["term", "year", "quarter", "net_sales", "royalty"]
    list_filter = ["year", "quarter"]
    list_select_related = ["term"]


@admin.register(RoyaltyRestatement)
class RoyaltyRestatementAdmin(TenantAdmin):
    list_display = ["report", "previous_net_sales", "net_sales", "adjustment", "restated_at"]
    list_select_related = ["report__term"]


@admin.register(Tranche)
class TrancheAdmin(TenantAdmin):
    list_display = ["title", "alliance", "sequence", "amount", "currency", "status"]
    list_filter = ["status"]
    list_select_related = ["alliance"]


@admin.register(BuyOption)
class BuyOptionAdmin(TenantAdmin):
    list_display = [
        "alliance",
        "kind",
        "price",
        "currency",
        "window_opens",
        "window_closes",
        "status",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["alliance"]


@admin.register(Payment)
class PaymentAdmin(TenantAdmin):
    list_display = ["description", "alliance", "amount", "currency", "status", "due_date"]
    list_filter = ["status", "source", "currency"]
    search_fields = ["description", "invoice_number"]
    list_select_related = ["alliance"]


@admin.register(CostWorkstream)
class CostWorkstreamAdmin(TenantAdmin):
    list_display = ["name", "alliance", "currency"]
    list_select_related = ["alliance"]


@admin.register(CostEntry)
class CostEntryAdmin(TenantAdmin):
    list_display = ["description", "workstream", "year", "quarter", "amount"]
    list_filter = ["year", "quarter"]
    list_select_related = ["workstream"]


@admin.register(TrueUp)
class TrueUpAdmin(TenantAdmin):
    list_display = ["workstream", "year", "quarter", "total", "settled_at"]
    list_select_related = ["workstream"]


@admin.register(Dispute)
class DisputeAdmin(TenantAdmin):
    list_display = ["alliance", "status", "raised_at", "resolved_at"]
    list_filter = ["status"]
    list_select_related = ["alliance"]


@admin.register(AuditRequest)
class AuditRequestAdmin(TenantAdmin):
    list_display = ["alliance", "period_start", "period_end", "status", "requested_at"]
    list_filter = ["status"]
    list_select_related = ["alliance"]


@admin.register(FinanceNote)
class FinanceNoteAdmin(TenantAdmin):
    list_display = ["alliance", "organisation", "author", "created_at"]
    list_select_related = ["alliance", "organisation", "author"]


@admin.register(Amendment)
class AmendmentAdmin(TenantAdmin):
    list_display = ["subject_label", "term", "alliance", "status", "effective_from", "proposed_at"]
    list_filter = ["term", "status"]
    list_select_related = ["alliance"]
