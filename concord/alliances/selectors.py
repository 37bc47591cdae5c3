"""Reads of alliance data, always through visible_to(user)."""

from __future__ import annotations

import datetime
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

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
    TeamMember,
)
from concord.core.models import AuditEvent
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.orgs.models import Membership, Organisation, User

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
    )
    partners = Party.objects.unscoped().filter(status__in=Party.VISIBLE_STATUSES)
    return annotated.order_by(*SORTS.get(filters.sort, SORTS["name"])).prefetch_related(
        Prefetch("parties", queryset=partners.select_related("organisation"))
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
    note_count: int
    partner_invitations: list[PartnerInvitation]
    activity: list[AuditEvent]
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
    notes = note_list(user=user, alliance=alliance)
    gates = list(gate_list(user=user).filter(alliance=alliance))
    own_party = next((p for p in parties if p.organisation_id == getattr(org, "pk", None)), None)
    pending_gate = next((g for g in gates if g.is_pending), None)
    timeline = list(PhaseTransition.objects.visible_to(user).filter(alliance=alliance))
    return AllianceWorkspace(
        alliance=alliance,
        own_party=own_party,
        parties=parties,
        programmes=list(programme_list(user=user, alliance=alliance)),
        timeline=timeline,
        pending_gate=pending_gate,
        past_gates=[g for g in gates if not g.is_pending],
        notes=list(notes if all_notes else notes[:NOTES_SHOWN]),
        note_count=notes.count(),
        partner_invitations=[
            i
            for i in PartnerInvitation.objects.visible_to(user).filter(alliance=alliance)
            if i.is_open
        ],
        activity=list(alliance_activity(user=user, alliance=alliance)[:20]),
        timeline_steps=_timeline_steps(alliance, timeline),
        gate_answers=_gate_answers(pending_gate, parties),
        permissions=alliance_permissions(
            user=user, alliance=alliance, own_party=own_party, pending_gate=pending_gate
        ),
    )


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


def programme_get(*, user: Any, pk: int) -> Programme:
    """One programme of an alliance the user may see."""
    return Programme.objects.visible_to(user).select_related("alliance").get(pk=pk)


def team_member_get(*, user: Any, pk: int) -> TeamMember:
    """One team place in an alliance the user may see."""
    return (
        TeamMember.objects.visible_to(user)
        .select_related("party__alliance", "party__organisation", "user")
        .get(pk=pk)
    )


def party_invite_candidates(*, user: Any, alliance: Alliance) -> QuerySet[Organisation]:
    """Directory organisations that could be invited: not already an invited or accepted party."""
    taken = (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status__in=Party.VISIBLE_STATUSES)
        .values("organisation_id")
    )
    return Organisation.objects.exclude(pk__in=taken).order_by("name")


def team_candidates(*, user: Any, party: Party) -> QuerySet[Membership]:
    """Active colleagues of the user's organisation not yet on this party's team."""
    on_team = TeamMember.objects.visible_to(user).filter(party=party).values("user_id")
    return (
        Membership.objects.visible_to(user)
        .filter(is_active=True, organisation_id=party.organisation_id)
        .exclude(user_id__in=on_team)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


@dataclass
class Dashboard:
    """What the signed-in home page shows: what needs the organisation's answer, then the portfolio."""

    invitations: list[Party]
    gates_awaiting: list[Gate]
    phase_counts: list[tuple[str, str, int]]
    recent: list[Alliance]
    total: int


def alliance_dashboard(*, user: Any) -> Dashboard:
    """Invitations and gates waiting on the user's organisation, alliances by phase, recent ones."""
    org = organisation_of(user)
    invitations = list(
        Party.objects.visible_to(user)
        .filter(organisation=org, status=Party.Status.INVITED)
        .select_related("alliance", "invited_by__membership__organisation")
        .order_by("-invited_at")
    )
    joined = Party.objects.visible_to(user).filter(organisation=org, status=Party.Status.ACCEPTED)
    answered = GateSignoff.objects.unscoped().filter(gate=OuterRef("pk"), party__organisation=org)
    gates_awaiting = list(
        Gate.objects.visible_to(user)
        .filter(status=Gate.Status.PENDING, alliance_id__in=joined.values("alliance_id"))
        .exclude(Exists(answered))
        .select_related("alliance", "proposed_by", "proposing_party__organisation")
        .order_by("created_at")
    )
    # order_by() clears Alliance.Meta.ordering, which would otherwise split the GROUP BY.
    counts = dict(
        Alliance.objects.visible_to(user)
        .order_by()
        .values_list("phase")
        .annotate(n=Count("pk"))
        .values_list("phase", "n")
    )
    return Dashboard(
        invitations=invitations,
        gates_awaiting=gates_awaiting,
        phase_counts=[
            (p, label, counts.get(p, 0))
            for p, label in Phase.choices
            if p != Phase.TERMINATED or counts.get(p)
        ],
        recent=list(alliance_list(user=user, filters=AllianceFilters(sort="-updated"))[:6]),
        total=sum(counts.values()),
    )


def gate_list(*, user: Any) -> QuerySet[Gate]:
    """Gates the user may see, with proposer and every party's answer loaded."""
    signoffs = GateSignoff.objects.unscoped().select_related("party__organisation", "signed_by")
    return (
        Gate.objects.visible_to(user)
        .select_related("proposed_by", "proposing_party__organisation")
        .prefetch_related(Prefetch("signoffs", queryset=signoffs))
    )


def party_list(*, user: Any) -> QuerySet[Party]:
    """Invited and joined parties of the alliances the user may see, with their teams loaded."""
    # Teams follow their own rule: an organisation only invited so far sees no names.
    team = TeamMember.objects.visible_to(user).select_related("user").order_by("role")
    return (
        Party.objects.visible_to(user)
        .filter(status__in=Party.VISIBLE_STATUSES)
        .select_related("organisation")
        .prefetch_related(Prefetch("team", queryset=team))
    )


def programme_list(*, user: Any, alliance: Alliance) -> QuerySet[Programme]:
    """The programmes of one alliance the user may see."""
    return Programme.objects.visible_to(user).filter(alliance=alliance)


def note_list(*, user: Any, alliance: Alliance) -> QuerySet[Note]:
    """One alliance's notes: shared ones and the user's own organisation's private ones."""
    return (
        Note.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("author", "organisation")
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


# --- Who answers for a party (for emails) --------------------------------------------------------

MANAGING_ROLES = (TeamMember.Role.LEAD, TeamMember.Role.ALLIANCE_MANAGER)
FINANCE_ROLES = (TeamMember.Role.FINANCE,)

_MANAGERS = Q(is_admin=True) | Q(role=Membership.Role.ALLIANCE_MANAGER)
# Whom an organisation has in a team role it has not filled on this alliance's team.
_STAND_INS: dict[str, Q] = {
    TeamMember.Role.LEAD: _MANAGERS,
    TeamMember.Role.ALLIANCE_MANAGER: _MANAGERS,
    TeamMember.Role.EXECUTIVE_SPONSOR: Q(role=Membership.Role.EXECUTIVE_SPONSOR),
    TeamMember.Role.FINANCE: Q(role=Membership.Role.FINANCE),
}


def party_contacts(party: Party, roles: Sequence[str] = MANAGING_ROLES) -> list[str]:
    """Who answers for a party: the addresses of the people its alliance team names in `roles`.

    A party that has named no one to those roles falls back to its organisation's people in the
    same roles (admins and alliance managers for the managing ones), so nothing waits unseen.
    Active people only: a deactivated account or membership is never written to. Unscoped:
    emails are sent by the system, on behalf of no one.
    """
    team = TeamMember.objects.unscoped().filter(
        party=party, role__in=roles, user__is_active=True, user__membership__is_active=True
    )
    emails = list(team.values_list("user__email", flat=True))
    stand_ins = [_STAND_INS[role] for role in roles if role in _STAND_INS]
    if emails or not stand_ins:
        return emails
    return list(
        Membership.objects.unscoped()
        .filter(organisation_id=party.organisation_id, is_active=True, user__is_active=True)
        .filter(reduce(operator.or_, stand_ins))
        .values_list("user__email", flat=True)
    )


def alliance_contacts(*, alliance_id: int, organisation_ids: list[int] | None = None) -> list[str]:
    """Who answers for each accepted party of an alliance (or for those of some organisations):
    the `party_contacts` of each, for mail the system sends to both sides."""
    parties = Party.objects.unscoped().filter(alliance_id=alliance_id, status=Party.Status.ACCEPTED)
    if organisation_ids is not None:
        parties = parties.filter(organisation_id__in=organisation_ids)
    return [email for party in parties for email in party_contacts(party)]


def alliances_reached(organisation: Organisation, proposals: bool) -> QuerySet[Party, Any]:
    """The ids of the alliances an organisation has joined, and with `proposals` those it is
    invited to: core's tenancy asks this (see extensions.py) for every alliance-scoped read."""
    statuses = Party.VISIBLE_STATUSES if proposals else [Party.Status.ACCEPTED]
    parties = Party.objects.unscoped().filter(organisation=organisation, status__in=statuses)
    return parties.values("alliance_id")


def team_list(*, user: Any, alliance: Alliance) -> QuerySet[TeamMember]:
    """Every party's team places on one alliance, as far as the user may see them."""
    return (
        TeamMember.objects.visible_to(user)
        .filter(party__alliance=alliance)
        .select_related("user", "party__organisation")
        .order_by("party__invited_at", "party_id", "role", "user__last_name", "pk")
    )


def people_directory(
    *, user: Any, alliance: Alliance | None = None, organisation: Organisation | None = None
) -> QuerySet[User]:
    """The people the user may name by id: their own organisation's, and partners' team members.

    A partner's people appear only once they are on the team of an alliance shared with the
    user's organisation; who else works at a partner (or its other partners) stays unseen.
    """
    if organisation_of(user) is None:
        return User.objects.none()
    places = TeamMember.objects.visible_to(user)
    colleagues = Membership.objects.visible_to(user).values("user_id")
    people = User.objects.filter(
        Q(pk__in=colleagues) | Q(pk__in=places.values("user_id")),
        is_active=True,
        membership__is_active=True,
    )
    if alliance is not None:
        parties = Party.objects.visible_to(user).filter(
            alliance=alliance, status=Party.Status.ACCEPTED
        )
        people = people.filter(membership__organisation__in=parties.values("organisation_id"))
    if organisation is not None:
        people = people.filter(membership__organisation=organisation)
    return (
        people.select_related("membership__organisation")
        .prefetch_related(
            Prefetch(
                "alliance_teams",
                queryset=places.select_related("party").order_by("party__alliance_id", "pk"),
                to_attr="visible_team_places",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )
