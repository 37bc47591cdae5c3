"""Continuity alerts, worked out for every stakeholder map by the sweep (and after each change).

- fewer than two engaged sponsors at the partner (champion or supportive, still there);
- a sponsor or counterpart who left: marked as left, or their Concord account, membership or
  place on the partner's team is gone;
- a key relationship (sponsor, decision-maker, counterpart) without contact for CONTACT_DAYS;
- one of our relationship owners who left our organisation: reassign the relationship.

Each alert's cause names what raised it, so each is raised once.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from concord.alliances.models import Alliance, Party, TeamMember
from concord.core import clock
from concord.homework.models import Alert, Stakeholder
from concord.homework.services.alerts import alert_raise
from concord.orgs.models import Organisation

CONTACT_DAYS = 60
ENGAGED = {Stakeholder.Stance.CHAMPION, Stakeholder.Stance.SUPPORTIVE}


def _gone(user: object | None, organisation_id: int | None = None) -> bool:
    """A person is gone when their account or membership is, or they moved organisation."""
    if user is None:
        return False
    membership = getattr(user, "membership", None)
    if not getattr(user, "is_active", False) or membership is None or not membership.is_active:
        return True
    return organisation_id is not None and membership.organisation_id != organisation_id


def _findings(
    stakeholders: list[Stakeholder], on_team: set[tuple[int, int]], today: datetime.date
) -> Iterable[tuple[str, str, str, Stakeholder | None]]:
    """(kind, cause, message, stakeholder) for one organisation's map of one alliance."""
    engaged: list[int] = []
    for s in stakeholders:
        left = (
            s.left_on is not None
            or _gone(s.person)
            or (s.person_id is not None and (s.alliance_id, s.person_id) not in on_team)
        )
        if left and s.role in (Stakeholder.Role.SPONSOR, Stakeholder.Role.COUNTERPART):
            yield (
                Alert.Kind.STAKEHOLDER_LEFT,
                f"left:{s.pk}",
                f"{s.name} ({s.get_role_display().lower()}) has left the alliance: "
                "who takes their place?",
                s,
            )
        if left:
            continue
        if s.role == Stakeholder.Role.SPONSOR and s.stance in ENGAGED:
            engaged.append(s.pk)
        quiet = s.last_contact is None or (today - s.last_contact).days > CONTACT_DAYS
        if s.is_key and quiet:
            since = "never" if s.last_contact is None else s.last_contact.isoformat()
            yield (
                Alert.Kind.STALE_CONTACT,
                f"stale:{s.pk}:{since}",
                f"No contact with {s.name} ({s.get_role_display().lower()}) "
                + (
                    "recorded yet."
                    if s.last_contact is None
                    else f"since {s.last_contact:%d %b %Y}."
                ),
                s,
            )
        if _gone(s.owner, s.organisation_id):
            yield (
                Alert.Kind.OWNER_LEFT,
                f"owner:{s.pk}:{s.owner_id}",
                f"{s.owner} owned the relationship with {s.name} and has left: reassign it.",
                s,
            )
    if len(engaged) < 2:
        yield (
            Alert.Kind.FEW_SPONSORS,
            "sponsors:" + ",".join(map(str, sorted(engaged))),
            f"Only {len(engaged)} engaged sponsor{'' if len(engaged) == 1 else 's'} at the "
            "partner: enlist another so the alliance survives a departure.",
            None,
        )


def continuity_after_departure(*, user: object, **kwargs: object) -> int:
    """Someone left their organisation (orgs sends `member_departed`): re-check at once the
    maps where they were a stakeholder or owned a relationship, so the alerts come today."""
    mapped = Stakeholder.objects.unscoped().filter(Q(person=user) | Q(owner=user))
    alliance_ids = sorted(set(mapped.values_list("alliance_id", flat=True)))
    return continuity_check(alliance_ids=alliance_ids) if alliance_ids else 0


def continuity_check(*, alliance_ids: list[int] | None = None) -> int:
    """Raise the continuity alerts not yet raised; the number raised."""
    stakeholders = Stakeholder.objects.unscoped().select_related(
        "person__membership", "owner__membership"
    )
    stakeholders = stakeholders.filter(alliance__status=Alliance.Status.ACTIVE)
    if alliance_ids is not None:
        stakeholders = stakeholders.filter(alliance_id__in=alliance_ids)
    maps: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
    for s in stakeholders:
        maps[(s.alliance_id, s.organisation_id)].append(s)
    if not maps:
        return 0
    team = TeamMember.objects.unscoped().filter(
        party__alliance_id__in={a for a, _ in maps}, party__status=Party.Status.ACCEPTED
    )
    on_team = set(team.values_list("party__alliance_id", "user_id"))
    known = set(
        Alert.objects.unscoped()
        .filter(alliance_id__in={a for a, _ in maps})
        .values_list("alliance_id", "organisation_id", "cause")
    )
    today, raised = clock.today(), 0
    for (alliance_id, organisation_id), people in maps.items():
        for kind, cause, message, stakeholder in _findings(people, on_team, today):
            if (alliance_id, organisation_id, cause) in known:
                continue
            with transaction.atomic():
                alert = alert_raise(
                    alliance=Alliance.objects.unscoped().get(pk=alliance_id),
                    organisation=Organisation.objects.get(pk=organisation_id),
                    kind=kind,
                    cause=cause,
                    message=message,
                    stakeholder=stakeholder,
                )
            raised += alert is not None
    return raised
