"""Reads of alliance data, always through visible_to(user)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

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
from concord.core.models import AuditEvent
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret

SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "phase": ("phase_rank", "name"),
    "-phase": ("-phase_rank", "name"),
    "effective": ("effective_date", "pk"),
    "-effective": ("-effective_date", "-pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "tier": ("tier_rank", "name"),
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
    from django.db.models import Case, IntegerField, Value, When

    from concord.alliances.models import PHASE_ORDER

    filters = filters or AllianceFilters()
    alliances = Alliance.objects.visible_to(user)
    if filters.search:
        term = filters.search.strip()
        alliances = alliances.filter(
            Q(name__icontains=term)
            | Q(purpose__icontains=term)
            | Q(
                pk__in=Programme.objects.unscoped()
                .filter(Q(asset_name__icontains=term) | Q(indication__icontains=term))
                .values("alliance_id")
            )
            | Q(
                pk__in=Party.objects.unscoped()
                .filter(organisation__name__icontains=term, status__in=Party.VISIBLE_STATUSES)
                .values("alliance_id")
            )
        )
    if filters.phase:
        alliances = alliances.filter(phase__in=filters.phase)
    if filters.tier:
        alliances = alliances.filter(tier__in=filters.tier)
    if filters.alliance_type:
        alliances = alliances.filter(alliance_type__in=filters.alliance_type)
    if filters.status:
        alliances = alliances.filter(status=filters.status)
    if filters.partner:
        alliances = alliances.filter(
            pk__in=Party.objects.unscoped()
            .filter(organisation_id=filters.partner, status__in=Party.VISIBLE_STATUSES)
            .values("alliance_id")
        )
    alliances = alliances.annotate(
        phase_rank=Case(
            *[When(phase=p, then=Value(i)) for i, p in enumerate(PHASE_ORDER)],
            output_field=IntegerField(),
        ),
        tier_rank=Case(
            *[When(tier=t, then=Value(i)) for i, t in enumerate(Alliance.Tier.values)],
            output_field=IntegerField(),
        ),
        programme_count=Count("programmes", distinct=True),
        has_pending_gate=Exists(
            Gate.objects.unscoped().filter(alliance=OuterRef("pk"), status=Gate.Status.PENDING)
        ),
    )
    return alliances.order_by(*SORTS.get(filters.sort, SORTS["name"])).prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.unscoped()
            .filter(status__in=Party.VISIBLE_STATUSES)
            .select_related("organisation"),
        )
    )


def alliance_get(*, user: Any, pk: int) -> Alliance:
    """One alliance the user may see; raises Alliance.DoesNotExist otherwise (→ 404)."""
    return Alliance.objects.visible_to(user).get(pk=pk)


def alliance_partners(*, user: Any) -> list[Any]:
    """Organisations the user's organisation shares an alliance with, for the partner filter."""
    from concord.orgs.models import Organisation

    org = organisation_of(user)
    visible = Alliance.objects.visible_to(user).values("pk")
    return list(
        Organisation.objects.filter(
            parties__alliance__in=visible, parties__status__in=Party.VISIBLE_STATUSES
        )
        .exclude(pk=getattr(org, "pk", None))
        .distinct()
        .order_by("name")
    )


@dataclass
class AllianceWorkspace:
    """Everything the alliance page shows, each part read in scope."""

    alliance: Alliance
    own_party: Party | None
    parties: list[Party]
    programmes: list[Programme]
    timeline: list[PhaseTransition]
    pending_gate: Gate | None
    past_gates: list[Gate]
    notes: list[Note]
    partner_invitations: list[PartnerInvitation]
    activity: list[AuditEvent]


def alliance_workspace(*, user: Any, alliance: Alliance) -> AllianceWorkspace:
    """The shared alliance page's contents: shared records plus the user's own private ones."""
    org = organisation_of(user)
    parties = list(
        Party.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMember.objects.unscoped().select_related("user").order_by("role"),
            )
        )
    )
    gates = list(
        Gate.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("proposed_by", "proposing_party__organisation")
        .prefetch_related(
            Prefetch(
                "signoffs",
                queryset=GateSignoff.objects.unscoped().select_related(
                    "party__organisation", "signed_by"
                ),
            )
        )
    )
    return AllianceWorkspace(
        alliance=alliance,
        own_party=next((p for p in parties if p.organisation_id == getattr(org, "pk", None)), None),
        parties=[p for p in parties if p.status != Party.Status.DECLINED],
        programmes=list(Programme.objects.visible_to(user).filter(alliance=alliance)),
        timeline=list(PhaseTransition.objects.visible_to(user).filter(alliance=alliance)),
        pending_gate=next((g for g in gates if g.is_pending), None),
        past_gates=[g for g in gates if not g.is_pending],
        notes=list(
            Note.objects.visible_to(user)
            .filter(alliance=alliance)
            .select_related("author", "organisation")
        ),
        partner_invitations=[
            i
            for i in PartnerInvitation.objects.visible_to(user).filter(alliance=alliance)
            if i.is_open
        ],
        activity=list(alliance_activity(user=user, alliance=alliance)[:20]),
    )


def alliance_activity(*, user: Any, alliance: Alliance) -> QuerySet[AuditEvent]:
    """The alliance's history from the audit trail: shared events and the user's own private ones."""
    return (
        AuditEvent.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("organisation")
        .order_by("-seq")
    )


def gate_get(*, user: Any, pk: int) -> Gate:
    """One gate of an alliance the user may see."""
    return Gate.objects.visible_to(user).select_related("alliance").get(pk=pk)


def party_get(*, user: Any, pk: int) -> Party:
    """One party of an alliance the user may see."""
    return Party.objects.visible_to(user).select_related("alliance", "organisation").get(pk=pk)


def partner_invitation_for_token(token: str) -> PartnerInvitation | None:
    """The open partner invitation a link token stands for; the token is the credential."""
    invitation = (
        PartnerInvitation.objects.unscoped()
        .select_related("alliance", "invited_by__membership", "organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    return invitation if invitation is not None and invitation.is_open else None
