"""Goals in the site admin: read-only and scoped by visible_to(), like every page."""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.goals.models import Goal, Kpi


@admin.register(Goal)
class GoalAdmin(TenantAdmin):
    list_display = ["title", "alliance", "status", "version"]
    list_filter = ["status"]
    search_fields = ["title"]


@admin.register(Kpi)
class KpiAdmin(TenantAdmin):
    list_display = ["name", "alliance", "kind", "owner_party", "latest_value", "latest_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
