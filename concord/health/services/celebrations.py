"""Celebrations of achievements, and kudos between the alliance's people; both parties see them."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance, TeamMember
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import organisation_of
from concord.health.models import Celebration
from concord.health.services._base import _joined_party, _membership
from concord.orgs.models import User


def celebration_record(
    *, alliance: Alliance, kind: str, title: str, actor: Any = None, source: Any = None
) -> Celebration | None:
    """Celebrate an achievement both parties see, once per achievement; None if already done."""
    kind = kind if kind in Celebration.Kind.values else Celebration.Kind.OTHER
    source_type = type(source).__name__.lower() if source is not None else ""
    source_id = str(getattr(source, "pk", "") or "")
    if source_id and (
        Celebration.objects.unscoped()
        .filter(alliance=alliance, source_type=source_type, source_id=source_id)
        .exists()
    ):
        return None
    celebration = Celebration.objects.create(
        alliance=alliance,
        kind=kind,
        title=title[:300],
        source_type=source_type,
        source_id=source_id,
        given_by=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation_of(actor),
    )
    audit_record(
        actor=actor,
        action="health.celebration",
        obj=celebration,
        organisation=organisation_of(actor),
        alliance=alliance,
        summary=f"Celebration: {celebration.title}",
        after={"kind": kind},
    )
    return celebration


@transaction.atomic
def kudos_give(*, actor: User, alliance: Alliance, message: str) -> Celebration:
    """A team member thanks people on the alliance; both parties see it, with the giver's name."""
    membership = _membership(actor)
    party = _joined_party(actor, alliance)
    on_team = TeamMember.objects.unscoped().filter(party=party, user=actor).exists()
    if not (on_team or membership.can_manage_alliances):
        raise forbidden("Kudos come from the alliance's team members.")
    message = message.strip()
    if not message:
        raise invalid("message", "Say what you are thanking people for.")
    if len(message) > 1000:
        raise invalid("message", "Keep kudos under 1,000 characters.")
    celebration = Celebration.objects.create(
        alliance=alliance,
        kind=Celebration.Kind.KUDOS,
        title=f"Kudos from {actor} ({membership.organisation.name})",
        message=message,
        given_by=actor,
        organisation=membership.organisation,
    )
    audit_record(
        actor=actor,
        action="health.kudos",
        obj=celebration,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"Kudos from {actor}: {message}",
    )
    return celebration


def achievement_celebrate(
    *, alliance: Alliance, kind: str, title: str, actor: Any, source: Any
) -> None:
    """An achievement elsewhere (gate, milestone, delivery) becomes a celebration both parties
    see. (A passed gate also gets its health check: the sweep opens it, gate_rounds_open_due.)"""
    celebration_record(alliance=alliance, kind=kind, title=title, actor=actor, source=source)
