"""Health records in the site admin: read-only and scoped by visible_to(), like every page.

Deliberately absent: tallies, comments and invitations. A tally of a party that fewer than k
people answered, or a comment of such a party, would break the anonymity promise the pages keep,
and an invitation says who was asked; the admin has no threshold of its own to apply.
"""

from django.contrib import admin

from concord.core.admin import TenantAdmin
from concord.health.models import Cadence, Celebration, EarlyWarning, Instrument, Round


@admin.register(Instrument)
class InstrumentAdmin(TenantAdmin):
    """The built-in instruments and the staff member's organisation's own copies."""

    list_display = ["name", "kind", "organisation", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Round)
class RoundAdmin(TenantAdmin):
    """Rounds of the alliances the staff member's organisation has joined: when, not who or what."""

    list_display = ["title", "alliance", "kind", "status", "opens_at", "closes_at"]
    list_filter = ["kind", "status", "reason"]
    search_fields = ["title", "alliance__name"]
    list_select_related = ["alliance"]
    fields = ["alliance", "kind", "title", "reason", "status", "opens_at", "closes_at", "closed_at"]


@admin.register(Cadence)
class CadenceAdmin(TenantAdmin):
    """Each alliance's cadence, where someone changed the defaults."""

    list_display = ["alliance", "pulse_enabled", "health_enabled", "min_respondents"]
    list_select_related = ["alliance"]


@admin.register(EarlyWarning)
class EarlyWarningAdmin(TenantAdmin):
    """Early warnings: party averages over the threshold, as both parties see them."""

    list_display = ["dimension_name", "score", "previous", "severity", "round", "created_at"]
    list_filter = ["severity", "reason"]
    list_select_related = ["round"]


@admin.register(Celebration)
class CelebrationAdmin(TenantAdmin):
    """Celebrations and kudos, which both parties see."""

    list_display = ["title", "alliance", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["alliance"]
