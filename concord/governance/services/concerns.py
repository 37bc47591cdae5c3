"""Concerns: raised early by a party (or by the system from an early warning), shared, put on an
agenda or resolved."""

from __future__ import annotations

from django.db import transaction

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.tenancy import PRIVATE, SHARED
from concord.governance.models import (
    AgendaItem,
    Concern,
    Meeting,
    Severity,
)
from concord.governance.services._base import (
    clean,
    on_team,
    party_of,
)
from concord.orgs.models import User


def _team_party(actor: User, alliance: Alliance) -> Party:
    """Anyone on the alliance team (or an alliance manager) raises concerns and escalations."""
    party = party_of(actor, alliance)
    if not (actor.membership.can_manage_alliances or on_team(actor, party)):
        raise forbidden("Only people on the alliance team can do this.")
    return party


def _concern_audit(actor: User | None, concern: Concern, action: str, summary: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=concern,
        organisation=concern.organisation,
        alliance=concern.alliance,
        summary=summary,
        after={"status": concern.status, "visibility": concern.visibility},
        visibility=concern.visibility,
    )


@transaction.atomic
def concern_raise(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    body: str = "",
    severity: str = Severity.MEDIUM,
    visibility: str = PRIVATE,
    source: str = "",
) -> Concern:
    """Raise a concern early: kept within the organisation to think it through, or shared."""
    party = _team_party(actor, alliance)
    if visibility not in (SHARED, PRIVATE):
        raise invalid("visibility", "Choose shared or private.")
    concern = Concern(
        alliance=alliance,
        organisation=party.organisation,
        raised_by=actor,
        title=title.strip(),
        body=body.strip(),
        severity=severity,
        visibility=visibility,
        source=source,
    )
    clean(concern)
    concern.save()
    _concern_audit(
        actor, concern, "concern.raised", f"{actor} raised a {severity} concern: {concern.title}"
    )
    return concern


def _own_concern(actor: User, concern: Concern) -> Party:
    party = _team_party(actor, concern.alliance)
    if not concern.is_shared and concern.organisation_id != party.organisation_id:
        raise forbidden("Only its own organisation acts on a private concern.")
    return party


@transaction.atomic
def concern_share(*, actor: User, concern: Concern) -> Concern:
    """Share a private concern with every party, so it can be discussed together."""
    _own_concern(actor, concern)
    if concern.is_shared:
        raise invalid("concern", "This concern is already shared.")
    concern.visibility = SHARED
    concern.save(update_fields=["visibility"])
    _concern_audit(actor, concern, "concern.shared", f"{actor} shared the concern: {concern.title}")
    return concern


@transaction.atomic
def concern_to_agenda(
    *, actor: User, concern: Concern, meeting: Meeting, objective: str = "discuss"
) -> AgendaItem:
    """Put a shared concern on a coming meeting's agenda."""
    from concord.governance.services.meetings import agenda_item_add

    _own_concern(actor, concern)
    if not concern.is_open:
        raise invalid("concern", "This concern is resolved.")
    if meeting.alliance_id != concern.alliance_id or meeting.status != Meeting.Status.SCHEDULED:
        raise invalid("meeting", "Choose a coming meeting of this alliance.")
    item = agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=f"Concern: {concern.title}",
        objective=objective,
        owner=concern.raised_by,
        notes=concern.body,
        concern=concern,
    )
    concern.status = Concern.Status.ON_AGENDA
    concern.save(update_fields=["status"])
    return item


@transaction.atomic
def concern_resolve(*, actor: User, concern: Concern, resolution: str) -> Concern:
    """Close a concern, saying how it was resolved."""
    _own_concern(actor, concern)
    if not concern.is_open:
        raise invalid("concern", "This concern is already resolved.")
    if not resolution.strip():
        raise invalid("resolution", "Say how the concern was resolved.")
    concern.status, concern.resolved_at = Concern.Status.RESOLVED, clock.now()
    concern.resolution = resolution.strip()
    concern.save(update_fields=["status", "resolved_at", "resolution"])
    _concern_audit(
        actor, concern, "concern.resolved", f"{actor} resolved the concern: {concern.title}"
    )
    return concern


@transaction.atomic
def concern_from_early_warning(
    *, alliance: Alliance, title: str, body: str, severity: str, source: str = "pulse"
) -> Concern:
    """A shared concern the system raises when the pulse gives an early warning; no person
    raised it, so the audit event has none. (The pulse itself tells the alliance managers.)"""
    concern = Concern(
        alliance=alliance,
        organisation=None,
        raised_by=None,
        title=title.strip()[:200],
        body=body.strip(),
        severity=severity if severity in Severity.values else Severity.MEDIUM,
        visibility=SHARED,
        source=source,
    )
    clean(concern)
    concern.save()
    _concern_audit(
        None, concern, "concern.raised", f"Early warning raised a concern: {concern.title}"
    )
    return concern
