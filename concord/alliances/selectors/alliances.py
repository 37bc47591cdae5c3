"""Lists of alliances: filtered, searched and ordered; one alliance; its partners and its activity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from concord.alliances.models import (
    PHASE_ORDER,
    Alliance,
    Gate,
    Party,
    Programme,
)
from concord.core.models import AuditEvent
from concord.core.tenancy import organisation_of
from concord.orgs.models import Organisation

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "phase": ("phase_rank", "name"),
    "-phase": ("-phase_rank", "name"),
    "effective": ("effective_date", "pk"),
    "-effective": ("-effective_date", "-pk"),
    "updated": ("last_activity", "pk"),
    "-updated": ("-last_activity", "-pk"),
    "tier": ("tier_rank", "name"),
    "-tier": ("-tier_rank", "name"),
}


@dataclass
class AllianceFilters:
    """What an alliance list is narrowed and ordered by."""

    search: str = ""
    phase: list[str] = field(default_factory=list)
    tier: list[str] = field(default_factory=list)
    alliance_type: list[str] = field(default_factory=list)
    partner: int | None = None
    status: str = ""
    sort: str = "name"


def alliance_list(*, user: Any, filters: AllianceFilters | None = None) -> QuerySet[Alliance]:
    """Alliances the user's organisation is a party to, filtered and sorted, partners prefetched."""
    filters = filters or AllianceFilters()
    alliances = Alliance.objects.visible_to(user)
    if filters.search.strip():
        alliances = alliances.filter(_search_q(user, filters.search.strip()))
    if filters.phase:
        alliances = alliances.filter(phase__in=filters.phase)
    if filters.tier:
        alliances = alliances.filter(tier__in=filters.tier)
    if filters.alliance_type:
        alliances = alliances.filter(alliance_type__in=filters.alliance_type)
    if filters.status:
        alliances = alliances.filter(status=filters.status)
    if filters.partner:
        alliances = alliances.filter(pk__in=_parties_of(filters.partner).values("alliance_id"))
    # Counts and flags come from the user's scope too: an invited organisation sees neither.
    programmes = Programme.objects.visible_to(user)
    annotated = alliances.annotate(
        phase_rank=_rank("phase", PHASE_ORDER),
        tier_rank=_rank("tier", Alliance.Tier.values),
        programme_count=Count(
            "programmes", distinct=True, filter=Q(programmes__in=programmes.values("pk"))
        ),
        has_pending_gate=Exists(
            Gate.objects.visible_to(user).filter(
                alliance=OuterRef("pk"), status=Gate.Status.PENDING
            )
        ),
        last_activity=Coalesce(Subquery(_latest_event(user)), F("updated_at")),
    )
    partners = Party.objects.unscoped().filter(status__in=Party.VISIBLE_STATUSES)
    return annotated.order_by(*SORTS.get(filters.sort, SORTS["name"])).prefetch_related(
        Prefetch("parties", queryset=partners.select_related("organisation"))
    )


def _latest_event(user: Any) -> Any:  # a values() queryset of `created_at`
    """When the alliance last changed, as far as the user may see: its latest event in the audit
    trail, whichever capability wrote it (a note, a meeting, a pulse), not only the alliance row's
    own edits."""
    return (
        AuditEvent.objects.visible_to(user)
        .filter(alliance=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )


def _search_q(user: Any, term: str) -> Q:
    # Programmes are searched in the user's scope: an organisation only invited so far must
    # not learn an alliance's assets by guessing their names.
    programmes = Programme.objects.visible_to(user).filter(
        Q(asset_name__icontains=term) | Q(indication__icontains=term)
    )
    partners = Party.objects.unscoped().filter(
        organisation__name__icontains=term, status__in=Party.VISIBLE_STATUSES
    )
    own = organisation_of(user)
    return (
        Q(name__icontains=term)
        | Q(purpose__icontains=term)
        | Q(pk__in=programmes.values("alliance_id"))
        | Q(pk__in=partners.exclude(organisation=own).values("alliance_id"))
    )


def _parties_of(organisation_id: int) -> QuerySet[Party]:
    return Party.objects.unscoped().filter(
        organisation_id=organisation_id, status__in=Party.VISIBLE_STATUSES
    )


def _rank(field_name: str, order: list[str]) -> Case:
    """Sort by a choice field in its meaningful order (Discovery before Pre-Clinical)."""
    whens = [When(**{field_name: value}, then=Value(i)) for i, value in enumerate(order)]
    return Case(*whens, output_field=IntegerField())


def alliance_get(*, user: Any, pk: int) -> Alliance:
    """One alliance the user may see; raises Alliance.DoesNotExist otherwise (→ 404)."""
    return Alliance.objects.visible_to(user).get(pk=pk)


def alliance_partners(*, user: Any) -> list[Organisation]:
    """Organisations the user's organisation shares an alliance with, for the partner filter."""
    org = organisation_of(user)
    visible = Alliance.objects.visible_to(user).values("pk")
    partners = Organisation.objects.filter(
        parties__alliance__in=visible, parties__status__in=Party.VISIBLE_STATUSES
    )
    if org is not None:
        partners = partners.exclude(pk=org.pk)
    return list(partners.distinct().order_by("name"))


def alliance_activity(*, user: Any, alliance: Alliance, action: str = "") -> QuerySet[AuditEvent]:
    """The alliance's history from the audit trail: shared events and the user's own private ones."""
    events = AuditEvent.objects.visible_to(user).filter(alliance=alliance)
    if action:
        events = events.filter(action=action)
    return events.select_related("organisation").order_by("-id")


def alliance_activity_actions(*, user: Any, alliance: Alliance) -> list[str]:
    """The kinds of event (action codes) in the history the user can see, for the filter."""
    return list(
        AuditEvent.objects.visible_to(user)
        .filter(alliance=alliance)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )
