"""The Django admin for site staff, scoped by the same visible_to() rule as pages and the API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from concord.core.tenancy import TenantQuerySet


class TenantAdmin(admin.ModelAdmin):
    """Read-only admin whose lists and pages show only what the staff member may see.

    Writes go through the services (permission checks and the audit trail live there), so the
    admin never adds, changes or deletes; it is a window for site staff, not a back door.
    """

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if isinstance(queryset, TenantQuerySet):
            return queryset.visible_to(request.user)
        return queryset

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
