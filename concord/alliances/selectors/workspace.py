"""An alliance's page: its timeline, the pending gate's answers, and what the user may do there."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Window

from concord.alliances.models import (
    PHASE_ORDER,
    Alliance,
    Gate,
    GateSignoff,
    Note,
    PartnerInvitation,
    Party,
    Phase,
    PhaseTransition,
    Programme,
)
from concord.alliances.selectors.alliances import alliance_activity
from concord.alliances.selectors.records import gate_list, note_list, party_list, programme_list
from concord.core.models import AuditEvent
from concord.core.tenancy import organisation_of
from concord.orgs.models import Membership

FEED_LINES = 8  # lines of the alliance page's feed; the full history is a click away
FEED_READ = 80  # events read for them: enough that a burst of reminders leaves room for the rest


@dataclass(frozen=True)
class TimelineStep:
    """One phase on the alliance's timeline: done, current, skipped or still to come."""

    phase: str
    label: str
    state: str
    entered_at: datetime.datetime | None


@dataclass(frozen=True)
class GateAnswer:
    """One accepted party's answer to the pending gate; no signoff yet means it is awaited."""

    party: Party
    signoff: GateSignoff | None


@dataclass(frozen=True)
class AlliancePermissions:
    """What the alliance page offers the user. Display only: the services enforce every rule."""

    edit: bool = False
    invite: bool = False
    invite_blocker: str = ""
    propose_gate: bool = False
    gate_blocker: str = ""
    answer_gate: bool = False
    gate_answered: bool = False
    withdraw_gate: bool = False
    respond: bool = False
    write_note: bool = False
    manage_team: bool = False


@dataclass
class FeedLine:
    """A line of the alliance page's activity feed: one event, or a run of automatic reminders
    folded into their latest ("Reminded … ×12")."""

    event: AuditEvent
    count: int = 1

    @property
    def is_reminder(self) -> bool:
        return is_reminder(self.event)


def is_reminder(event: AuditEvent) -> bool:
    """An automatic reminder the sweep sent (no person acted): "commitment.reminded" and kin."""
    return event.actor_id is None and event.action.endswith("reminded")


def fold_reminders(events: list[AuditEvent], lines: int = FEED_LINES) -> list[FeedLine]:
    """The feed, newest first, each run of reminders with nothing between them as one line."""
    feed: list[FeedLine] = []
    for event in events:
        if feed and is_reminder(event) and feed[-1].is_reminder:
            feed[-1].count += 1
            continue
        if len(feed) == lines:
            break
        feed.append(FeedLine(event))
    return feed


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
    notes: Sequence[Note]  # the latest, each annotated with how many there are in all
    note_count: int
    partner_invitations: list[PartnerInvitation]
    activity: list[FeedLine]
    timeline_steps: list[TimelineStep] = field(default_factory=list)
    gate_answers: list[GateAnswer] = field(default_factory=list)
    permissions: AlliancePermissions | None = None


NOTES_SHOWN = 10  # the latest notes; an alliance of years has hundreds


def alliance_workspace(
    *, user: Any, alliance: Alliance, all_notes: bool = False
) -> AllianceWorkspace:
    """The shared alliance page's contents: shared records plus the user's own private ones."""
    org = organisation_of(user)
    parties = list(party_list(user=user).filter(alliance=alliance))
    # The latest notes, each carrying how many there are in all (one query, not two).
    counted = note_list(user=user, alliance=alliance).annotate(_count=Window(Count("pk")))
    notes = list(counted if all_notes else counted[:NOTES_SHOWN])
    gates = list(gate_list(user=user).filter(alliance=alliance))
    own_party = next((p for p in parties if p.organisation_id == getattr(org, "pk", None)), None)
    pending_gate = next((g for g in gates if g.is_pending), None)
    timeline = list(PhaseTransition.objects.visible_to(user).filter(alliance=alliance))
    _known_parties(alliance)[getattr(user, "pk", None)] = (
        own_party if own_party is not None and own_party.is_accepted else None
    )
    _known_joined(alliance)[getattr(user, "pk", None)] = [p for p in parties if p.is_accepted]
    return AllianceWorkspace(
        alliance=alliance,
        own_party=own_party,
        parties=parties,
        programmes=list(programme_list(user=user, alliance=alliance)),
        timeline=timeline,
        pending_gate=pending_gate,
        past_gates=[g for g in gates if not g.is_pending],
        notes=notes,
        note_count=notes[0]._count if notes else 0,
        partner_invitations=[
            i
            for i in PartnerInvitation.objects.visible_to(user).filter(alliance=alliance)
            if i.is_open
        ],
        activity=fold_reminders(list(alliance_activity(user=user, alliance=alliance)[:FEED_READ])),
        timeline_steps=_timeline_steps(alliance, timeline),
        gate_answers=_gate_answers(pending_gate, parties),
        permissions=alliance_permissions(
            user=user, alliance=alliance, own_party=own_party, pending_gate=pending_gate
        ),
    )


def accepted_party(*, user: Any, alliance: Alliance) -> Party | None:
    """The user's organisation's party in `alliance` if it has joined, else None.

    Asked by every capability's panel on the alliance page: read once per alliance object (the
    page's workspace already knows it), so the panels add no query each for it.
    """
    known = _known_parties(alliance)
    key = getattr(user, "pk", None)
    if key not in known:
        known[key] = (
            party_list(user=user)
            .filter(
                alliance=alliance, organisation=organisation_of(user), status=Party.Status.ACCEPTED
            )
            .first()
        )
    return known[key]


def joined_parties(*, user: Any, alliance: Alliance) -> list[Party]:
    """The parties that have joined `alliance`, with their organisations, as the user sees them.

    On the alliance page the workspace has read every party already and hands them over on the
    alliance object, so a panel that lists the parties (expectations' scorecard) adds no query;
    anywhere else they are read.
    """
    known = _known_joined(alliance)
    key = getattr(user, "pk", None)
    if key in known:
        return list(known[key])
    return list(
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
    )


def _known_joined(alliance: Alliance) -> dict[Any, list[Party]]:
    """The joined parties the alliance page's workspace read for this alliance object, by user."""
    known: dict[Any, list[Party]] = alliance.__dict__.setdefault("_joined_parties", {})
    return known


def _known_parties(alliance: Alliance) -> dict[Any, Party | None]:
    """The accepted parties already read for this alliance object, by user id."""
    known: dict[Any, Party | None] = alliance.__dict__.setdefault("_accepted_parties", {})
    return known


def _timeline_steps(alliance: Alliance, timeline: list[PhaseTransition]) -> list[TimelineStep]:
    """Every lifecycle phase in order, with when the alliance (last) entered it.

    A phase jumped over by a gate is "skipped"; after termination, the phases the alliance never
    got to are "unreached" rather than skipped, since termination is an exit, not a stage.
    """
    entered = {t.phase: t.entered_at for t in timeline}  # ordered by date: the latest entry wins
    terminated = alliance.phase == Phase.TERMINATED
    stages = [p for p in PHASE_ORDER if p != Phase.TERMINATED]
    furthest = max((stages.index(p) for p in [*entered, alliance.phase] if p in stages), default=0)
    steps = []
    for index, (phase, label) in enumerate(Phase.choices):
        if phase == Phase.TERMINATED and not terminated:
            continue
        if phase == alliance.phase:
            state = "current"
        elif phase in entered:
            state = "done"
        elif index < furthest:
            state = "skipped"
        else:
            state = "unreached" if terminated else "upcoming"
        steps.append(TimelineStep(phase, label, state, entered.get(phase)))
    return steps


def _gate_answers(gate: Gate | None, parties: list[Party]) -> list[GateAnswer]:
    """Each accepted party beside its answer to the pending gate (from the prefetched signoffs)."""
    if gate is None:
        return []
    answers = {s.party_id: s for s in gate.signoffs.all()}
    return [GateAnswer(p, answers.get(p.pk)) for p in parties if p.is_accepted]


def alliance_permissions(
    *, user: Any, alliance: Alliance, own_party: Party | None, pending_gate: Gate | None
) -> AlliancePermissions:
    """Which actions to offer; mirrors the services' role rules so the page shows no dead buttons."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active or own_party is None:
        return AlliancePermissions()
    joined = own_party.is_accepted
    manager = membership.can_manage_alliances
    signer = membership.can_sign_gates
    answered = pending_gate is not None and any(
        s.party_id == own_party.pk for s in pending_gate.signoffs.all()
    )
    return AlliancePermissions(
        edit=joined and manager,
        invite=joined and manager and alliance.phase != Phase.TERMINATED,
        invite_blocker="A terminated alliance takes no new parties."
        if alliance.phase == Phase.TERMINATED
        else "",
        propose_gate=joined and (manager or signer),
        gate_blocker=_gate_blocker(alliance, pending_gate),
        answer_gate=joined and pending_gate is not None and signer and not answered,
        gate_answered=answered,
        withdraw_gate=joined
        and pending_gate is not None
        and pending_gate.proposing_party_id == own_party.pk
        and (manager or signer),
        respond=own_party.status == Party.Status.INVITED and manager,
        write_note=not membership.is_read_only and joined,
        manage_team=joined and manager,
    )


def _gate_blocker(alliance: Alliance, pending_gate: Gate | None) -> str:
    """Why no gate can be proposed right now, or "" (gate_propose enforces the same)."""
    if alliance.phase == Phase.TERMINATED:
        return "A terminated alliance has no further phases."
    if alliance.is_proposed:
        return "Every invited party must accept the alliance before a phase change."
    if pending_gate is not None:
        return "A gate is already pending: answer or withdraw it first."
    return ""


def alliance_permissions_for(*, user: Any, alliance: Alliance) -> AlliancePermissions:
    """The same permissions for pages that do not load the whole workspace."""
    org = organisation_of(user)
    own_party = Party.objects.visible_to(user).filter(alliance=alliance, organisation=org).first()
    pending_gate = (
        Gate.objects.visible_to(user)
        .filter(alliance=alliance, status=Gate.Status.PENDING)
        .prefetch_related("signoffs")
        .first()
    )
    return alliance_permissions(
        user=user, alliance=alliance, own_party=own_party, pending_gate=pending_gate
    )


def alliance_create_allowed(*, user: Any) -> bool:
    """Whether to offer the new-alliance page (alliance_create enforces the same rule)."""
    membership: Membership | None = getattr(user, "membership", None)
    return membership is not None and membership.is_active and membership.can_manage_alliances
