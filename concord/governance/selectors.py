"""Reads of governance data, always through visible_to(user); query counts stay flat however
long the alliance's history grows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Prefetch, Q, QuerySet

from concord.alliances.models import Alliance, Party, TeamMember
from concord.core import clock
from concord.core.tenancy import organisation_of
from concord.core.tokens import hash_secret
from concord.governance import rules
from concord.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Charter,
    CharterApproval,
    Committee,
    CommitteeMember,
    Concern,
    Decision,
    DecisionVote,
    Escalation,
    EscalationStep,
    ExecutiveAct,
    Meeting,
    Minutes,
    MinutesApproval,
    MinutesComment,
    Raci,
    Workstream,
)
from concord.orgs.models import Membership, User

# --- Permissions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GovernancePermissions:
    """What the pages offer. Display only: the services enforce every rule."""

    party: Party | None = None
    manage: bool = False  # committees, charters, members, workstreams
    write: bool = False  # actions, comments, votes through a manager or seat
    raise_concerns: bool = False
    resolve: bool = False  # escalation resolutions
    seats: frozenset[int] = frozenset()  # committees the person sits on

    def runs(self, committee: Committee) -> bool:
        """Whether the person runs this committee's business: a manager or one of its members."""
        return self.write and (self.manage or committee.pk in self.seats)


def permissions_for(*, user: Any, alliance: Alliance) -> GovernancePermissions:
    """The person's governance rights in one alliance, in two queries."""
    membership: Membership | None = getattr(user, "membership", None)
    if membership is None or not membership.is_active or membership.is_read_only:
        return GovernancePermissions()
    party = (
        Party.objects.visible_to(user)
        .filter(alliance=alliance, organisation=membership.organisation, status="accepted")
        .select_related("organisation")
        .annotate(on_team=Count("team", filter=Q(team__user=user)))
        .first()
    )
    if party is None:
        return GovernancePermissions()
    seats = CommitteeMember.objects.visible_to(user).filter(committee__alliance=alliance, user=user)
    manager = membership.can_manage_alliances
    return GovernancePermissions(
        party=party,
        manage=manager,
        write=True,
        raise_concerns=manager or bool(getattr(party, "on_team", 0)),
        resolve=manager or membership.can_sign_gates,
        seats=frozenset(seats.values_list("committee_id", flat=True)),
    )


# --- Committees ----------------------------------------------------------------------------------


def parties_of(*, user: Any, alliance: Alliance) -> list[Party]:
    """The alliance's joined parties, with their organisations."""
    return list(
        Party.objects.visible_to(user)
        .filter(alliance=alliance, status=Party.Status.ACCEPTED)
        .select_related("organisation")
        .order_by("invited_at", "pk")
    )


def _executives() -> QuerySet[User]:
    return User.objects.select_related("membership__organisation").order_by("last_name")


def committee_list(*, user: Any, alliance: Alliance) -> QuerySet[Committee]:
    """The alliance's committees with their charter in force, members, and meeting dates."""
    now = clock.now()
    charters = Charter.objects.visible_to(user).filter(status__in=["in_force", "proposed"])
    members = (
        CommitteeMember.objects.visible_to(user)
        .select_related("user", "party__organisation")
        .order_by("party__invited_at", "role", "user__last_name", "pk")
    )
    return (
        Committee.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("reports_to")
        .annotate(
            last_held=Max("meetings__starts_at", filter=Q(meetings__status="held")),
            next_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__status="scheduled", meetings__starts_at__gte=now),
            ),
        )
        .prefetch_related(
            Prefetch(
                "charters",
                queryset=charters.select_related("final_say_party__organisation").prefetch_related(
                    Prefetch("executives", queryset=_executives())
                ),
                to_attr="open_charters",
            ),
            Prefetch("members", queryset=members),
        )
        .order_by("reports_to_id", "pk")
    )


@dataclass
class CommitteeStatus:
    """A committee as the governance page shows it: its rules now, and whether it keeps them."""

    committee: Committee
    charter: Charter | None
    proposal: Charter | None
    members: list[CommitteeMember]
    next_due: datetime.date | None
    overdue: bool  # the cadence's due date passed with no meeting held
    scheduled_in_time: bool  # a meeting is in the diary before the due date
    parity_broken: bool
    seats: dict[str, int] = field(default_factory=dict)

    @property
    def late_days(self) -> int:
        return (clock.today() - self.next_due).days if self.overdue and self.next_due else 0


ROLE_ORDER: list[str] = [
    CommitteeMember.Role.CO_CHAIR,
    CommitteeMember.Role.MEMBER,
    CommitteeMember.Role.ALTERNATE,
]


def committee_choices(*, user: Any, alliance: Alliance) -> list[Committee]:
    """The alliance's committees, for a filter or a form's choices: one light query."""
    return list(
        Committee.objects.visible_to(user).filter(alliance=alliance).order_by("reports_to_id", "pk")
    )


def committee_status(
    committee: Committee, alliance: Alliance, parties: list[Party]
) -> CommitteeStatus:
    """Cadence and parity from the prefetched committee (see committee_list)."""
    charters = getattr(committee, "open_charters", [])
    charter = next((c for c in charters if c.status == "in_force"), None)
    proposal = next((c for c in charters if c.status == "proposed"), None)
    members = sorted(committee.members.all(), key=lambda m: ROLE_ORDER.index(m.role))
    last_held = getattr(committee, "last_held", None)
    next_due = None
    if charter is not None:
        next_due = rules.next_meeting_due(
            charter, alliance.effective_date, last_held.date() if last_held else None
        )
    seats = {
        p.organisation.name: sum(1 for m in members if m.party_id == p.pk and m.votes)
        for p in parties
    }
    scheduled = getattr(committee, "next_meeting", None)
    return CommitteeStatus(
        committee=committee,
        charter=charter,
        proposal=proposal,
        members=members,
        next_due=next_due,
        overdue=next_due is not None and next_due < clock.today(),
        scheduled_in_time=scheduled is not None
        and next_due is not None
        and scheduled.date() <= next_due,
        parity_broken=bool(charter and charter.parity_required and rules.parity_gaps(seats)),
        seats=seats,
    )


def committee_get(*, user: Any, pk: int) -> Committee:
    """One committee the user may see."""
    return Committee.objects.visible_to(user).select_related("alliance", "reports_to").get(pk=pk)


def committee_statuses(*, user: Any, alliance: Alliance) -> list[CommitteeStatus]:
    parties = parties_of(user=user, alliance=alliance)
    return [
        committee_status(c, alliance, parties) for c in committee_list(user=user, alliance=alliance)
    ]


def charter_history(*, user: Any, committee: Committee) -> list[Charter]:
    """Every version of a committee's charter, newest first, with each party's answer."""
    approvals = CharterApproval.objects.visible_to(user).select_related(
        "party__organisation", "decided_by"
    )
    return list(
        Charter.objects.visible_to(user)
        .filter(committee=committee)
        .select_related(
            "proposed_by", "proposing_party__organisation", "final_say_party__organisation"
        )
        .prefetch_related(
            Prefetch("executives", queryset=_executives()),
            Prefetch("approvals", queryset=approvals),
        )
    )


def charter_get(*, user: Any, pk: int) -> Charter:
    """One charter version the user may see."""
    return (
        Charter.objects.visible_to(user)
        .select_related(
            "committee__alliance",
            "proposed_by",
            "proposing_party__organisation",
            "final_say_party__organisation",
        )
        .prefetch_related(Prefetch("executives", queryset=_executives()))
        .get(pk=pk)
    )


def seat_candidates(*, user: Any, committee: Committee) -> QuerySet[Membership]:
    """Active colleagues of the user's organisation not yet on the committee."""
    seated = CommitteeMember.objects.visible_to(user).filter(committee=committee).values("user_id")
    return (
        Membership.objects.visible_to(user)
        .filter(is_active=True, organisation=organisation_of(user))
        .exclude(user_id__in=seated)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def alliance_people(*, user: Any, alliance: Alliance) -> QuerySet[User]:
    """People of the alliance's joined parties (action owners, agenda item owners, executives).

    Names only, and only of organisations the user already shares the alliance with.
    """
    orgs = Party.objects.visible_to(user).filter(alliance=alliance, status="accepted")
    return (
        User.objects.filter(
            is_active=True,
            membership__is_active=True,
            membership__organisation_id__in=orgs.values("organisation_id"),
        )
        .select_related("membership__organisation")
        .order_by("membership__organisation__name", "first_name", "last_name")
    )


# --- Meetings ------------------------------------------------------------------------------------


def meeting_get(*, user: Any, pk: int) -> Meeting:
    """One meeting the user may see."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("committee__alliance", "alliance", "created_by")
        .get(pk=pk)
    )


def meeting_list(*, user: Any, alliance: Alliance) -> QuerySet[Meeting]:
    """The alliance's meetings, newest first, with their committee."""
    return (
        Meeting.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("committee")
        .annotate(item_count=Count("agenda", distinct=True))
        .order_by("-starts_at", "-pk")
    )


@dataclass
class MeetingRecord:
    """Everything the meeting page and the meeting pack show."""

    meeting: Meeting
    charter: Charter
    parties: list[Party]
    agenda: list[AgendaItem]
    members: list[CommitteeMember]
    present: set[int]
    quorum: rules.Quorum | None
    decisions: list[Decision]
    minutes: list[Minutes]
    actions: list[ActionItem]
    previous: Meeting | None
    previous_minutes: Minutes | None
    minutes_due: datetime.date
    turnaround: str
    next_meetings: list[Meeting] = field(default_factory=list)

    @property
    def current_minutes(self) -> Minutes | None:
        return self.minutes[0] if self.minutes else None


def _votes() -> Prefetch:
    return Prefetch(
        "votes",
        queryset=DecisionVote.objects.unscoped().select_related("party__organisation", "cast_by"),
    )


def meeting_record(*, user: Any, meeting: Meeting) -> MeetingRecord:
    """The meeting with its agenda, attendance and quorum, decisions, minutes and actions."""
    committee = meeting.committee
    charter = Charter.objects.visible_to(user).get(committee=committee, status="in_force")
    parties = parties_of(user=user, alliance=meeting.alliance)
    members = sorted(
        CommitteeMember.objects.visible_to(user)
        .filter(committee=committee)
        .select_related("user", "party__organisation")
        .order_by("party__invited_at", "user__last_name"),
        key=lambda m: (m.party.invited_at, ROLE_ORDER.index(m.role)),
    )
    present = set(
        Attendance.objects.visible_to(user)
        .filter(meeting=meeting, present=True)
        .values_list("member_id", flat=True)
    )
    quorum = None
    if meeting.is_held:
        quorum = rules.quorum(
            charter, [(p.pk, p.organisation.name) for p in parties], members, present
        )
    minutes = list(
        Minutes.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("drafted_by", "approved_at_meeting")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=MinutesApproval.objects.unscoped().select_related(
                    "approved_by", "party__organisation"
                ),
            ),
            Prefetch(
                "comments", queryset=MinutesComment.objects.unscoped().select_related("author")
            ),
        )
    )
    previous = (
        Meeting.objects.visible_to(user)
        .filter(committee=committee, starts_at__lt=meeting.starts_at, status="held")
        .order_by("-starts_at")
        .first()
    )
    previous_minutes = None
    if previous is not None:
        previous_minutes = (
            Minutes.objects.visible_to(user).filter(meeting=previous).order_by("-version").first()
        )
    due = rules.minutes_due(charter, meeting.starts_at.date())
    first_circulated = min((m.circulated_at for m in minutes if m.circulated_at), default=None)
    return MeetingRecord(
        meeting=meeting,
        charter=charter,
        parties=parties,
        agenda=list(
            AgendaItem.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("owner", "concern", "escalation", "category_disputed_by__organisation")
        ),
        members=members,
        present=present,
        quorum=quorum,
        decisions=list(
            Decision.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("agenda_item")
            .prefetch_related(_votes(), "escalations")
            .order_by("number")
        ),
        minutes=minutes,
        actions=list(
            ActionItem.objects.visible_to(user)
            .filter(meeting=meeting)
            .select_related("owner", "owner_party__organisation")
        ),
        previous=previous,
        previous_minutes=previous_minutes,
        minutes_due=due,
        turnaround=rules.minutes_turnaround(
            due, first_circulated.date() if first_circulated else None, clock.today()
        ),
        next_meetings=list(
            Meeting.objects.visible_to(user)
            .filter(
                committee=committee, starts_at__gt=meeting.starts_at, status="held", quorum_met=True
            )
            .order_by("starts_at")[:3]
        ),
    )


def minutes_get(*, user: Any, pk: int) -> Minutes:
    """One version of some minutes the user may see."""
    return (
        Minutes.objects.visible_to(user)
        .select_related(
            "meeting__committee", "meeting__alliance", "drafted_by", "approved_at_meeting"
        )
        .get(pk=pk)
    )


def agenda_item_list(*, user: Any, meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda, in order."""
    return AgendaItem.objects.visible_to(user).filter(meeting=meeting).order_by("position")


def agenda_item_get(*, user: Any, pk: int) -> AgendaItem:
    return AgendaItem.objects.visible_to(user).select_related("meeting__committee").get(pk=pk)


def member_get(*, user: Any, pk: int) -> CommitteeMember:
    return (
        CommitteeMember.objects.visible_to(user)
        .select_related("committee__alliance", "user", "party")
        .get(pk=pk)
    )


# --- Decisions -----------------------------------------------------------------------------------


@dataclass
class DecisionFilters:
    """What the decision log is narrowed by."""

    search: str = ""
    committee: int | None = None
    outcome: str = ""
    method: str = ""
    carve_out: bool = False
    since: datetime.date | None = None
    until: datetime.date | None = None


def decision_log(
    *, user: Any, alliance: Alliance, filters: DecisionFilters | None = None
) -> QuerySet[Decision]:
    """The alliance's decisions, newest first, searched and filtered, votes loaded."""
    filters = filters or DecisionFilters()
    decisions = Decision.objects.visible_to(user).filter(alliance=alliance)
    term = filters.search.strip()
    if term:
        match = Q(title__icontains=term) | Q(text__icontains=term) | Q(note__icontains=term)
        if term.upper().startswith("D-") and term[2:].isdigit():
            match |= Q(number=int(term[2:]))
        decisions = decisions.filter(match)
    if filters.committee:
        decisions = decisions.filter(committee_id=filters.committee)
    if filters.outcome:
        decisions = decisions.filter(outcome=filters.outcome)
    if filters.method:
        decisions = decisions.filter(method=filters.method)
    if filters.carve_out:
        decisions = decisions.exclude(carve_out="")
    if filters.since:
        decisions = decisions.filter(created_at__date__gte=filters.since)
    if filters.until:
        decisions = decisions.filter(created_at__date__lte=filters.until)
    return (
        decisions.select_related("committee", "meeting", "recorded_by")
        .prefetch_related(_votes())
        .order_by("-created_at", "-number")
    )


def decision_get(*, user: Any, pk: int) -> Decision:
    """One decision with its votes and the escalations it started."""
    escalations = Escalation.objects.visible_to(user).order_by("created_at")
    return (
        Decision.objects.visible_to(user)
        .select_related("committee__alliance", "meeting", "recorded_by", "agenda_item", "charter")
        .prefetch_related(_votes(), Prefetch("escalations", queryset=escalations))
        .get(pk=pk)
    )


# --- Actions -------------------------------------------------------------------------------------


@dataclass
class ActionFilters:
    """What the action list is narrowed by."""

    status: str = "open"  # open, overdue, done, cancelled, all
    mine: bool = False
    committee: int | None = None
    search: str = ""


def action_list(
    *, user: Any, alliance: Alliance, filters: ActionFilters | None = None
) -> QuerySet[ActionItem]:
    """The alliance's actions, the most pressing first."""
    filters = filters or ActionFilters()
    actions = ActionItem.objects.visible_to(user).filter(alliance=alliance)
    if filters.status == "overdue":
        actions = actions.filter(status="open", due_on__lt=clock.today())
    elif filters.status in ActionItem.Status.values:
        actions = actions.filter(status=filters.status)
    if filters.mine:
        actions = actions.filter(owner=user)
    if filters.committee:
        actions = actions.filter(committee_id=filters.committee)
    if filters.search.strip():
        term = filters.search.strip()
        actions = actions.filter(Q(title__icontains=term) | Q(detail__icontains=term))
    return actions.select_related(
        "owner", "owner_party__organisation", "committee", "meeting"
    ).order_by("status", "due_on", "pk")


def action_get(*, user: Any, pk: int) -> ActionItem:
    return ActionItem.objects.visible_to(user).select_related("alliance", "owner").get(pk=pk)


# --- Concerns and escalations --------------------------------------------------------------------


def concern_list(*, user: Any, alliance: Alliance, status: str = "open") -> QuerySet[Concern]:
    """Shared concerns and the user's own organisation's private ones."""
    concerns = Concern.objects.visible_to(user).filter(alliance=alliance)
    if status == "open":
        concerns = concerns.exclude(status=Concern.Status.RESOLVED)
    elif status in Concern.Status.values:
        concerns = concerns.filter(status=status)
    return concerns.select_related("raised_by", "organisation").order_by("-created_at", "-pk")


def concern_get(*, user: Any, pk: int) -> Concern:
    return (
        Concern.objects.visible_to(user)
        .select_related("alliance", "raised_by", "organisation")
        .get(pk=pk)
    )


def escalation_list(
    *, user: Any, alliance: Alliance, status: str = "open", end_runs: bool = False
) -> QuerySet[Escalation]:
    """The alliance's escalations, end-runs included and flagged."""
    escalations = Escalation.objects.visible_to(user).filter(alliance=alliance)
    if status in Escalation.Status.values:
        escalations = escalations.filter(status=status)
    if end_runs:
        escalations = escalations.filter(is_end_run=True)
    return escalations.select_related(
        "committee", "raised_by", "raising_party__organisation", "decision"
    ).order_by("-created_at", "-pk")


def escalation_get(*, user: Any, pk: int) -> Escalation:
    steps = EscalationStep.objects.visible_to(user).select_related("actor")
    return (
        Escalation.objects.visible_to(user)
        .select_related(
            "alliance",
            "committee",
            "concern",
            "decision",
            "raised_by",
            "resolved_by",
            "raising_party__organisation",
        )
        .prefetch_related(
            Prefetch("steps", queryset=steps),
            Prefetch(
                "executive_acts",
                queryset=ExecutiveAct.objects.visible_to(user).select_related(
                    "acted_by", "party__organisation"
                ),
            ),
        )
        .get(pk=pk)
    )


# --- The governance page -------------------------------------------------------------------------

SHOWN = 8


@dataclass
class GovernanceOverview:
    """The alliance's governance at a glance."""

    alliance: Alliance
    parties: list[Party]
    committees: list[CommitteeStatus]
    upcoming: list[Meeting]
    recent_meetings: list[Meeting]
    decisions: list[Decision]
    actions: list[ActionItem]
    action_counts: dict[str, int]
    escalations: list[Escalation]
    end_runs: int
    concerns: list[Concern]
    can: GovernancePermissions


def governance_overview(*, user: Any, alliance: Alliance) -> GovernanceOverview:
    """The governance page's contents; each list is bounded, so it reads the same at any age."""
    now = clock.now()
    meetings = (
        Meeting.objects.visible_to(user).filter(alliance=alliance).select_related("committee")
    )
    actions = ActionItem.objects.visible_to(user).filter(alliance=alliance)
    counts = actions.aggregate(
        open=Count("pk", filter=Q(status="open")),
        overdue=Count("pk", filter=Q(status="open", due_on__lt=clock.today())),
    )
    escalations = escalation_list(user=user, alliance=alliance)
    return GovernanceOverview(
        alliance=alliance,
        parties=parties_of(user=user, alliance=alliance),
        committees=committee_statuses(user=user, alliance=alliance),
        upcoming=list(
            meetings.filter(status="scheduled", starts_at__gte=now).order_by("starts_at")[:5]
        ),
        recent_meetings=list(meetings.filter(starts_at__lt=now).exclude(status="cancelled")[:5]),
        decisions=list(decision_log(user=user, alliance=alliance)[:SHOWN]),
        actions=list(
            action_list(user=user, alliance=alliance, filters=ActionFilters(status="open"))[:SHOWN]
        ),
        action_counts=counts,
        escalations=list(escalations[:SHOWN]),
        end_runs=Escalation.objects.visible_to(user)
        .filter(alliance=alliance, is_end_run=True)
        .count(),
        concerns=list(concern_list(user=user, alliance=alliance)[:SHOWN]),
        can=permissions_for(user=user, alliance=alliance),
    )


@dataclass
class GovernancePanel:
    """The alliance overview's side panel: what is next and what is open."""

    next_meeting: Meeting | None
    open_actions: int
    overdue_actions: int
    open_escalations: int


def governance_panel(*, user: Any, alliance: Alliance) -> GovernancePanel:
    """Three reads, whatever the alliance's age."""
    counts = (
        ActionItem.objects.visible_to(user)
        .filter(alliance=alliance)
        .aggregate(
            open=Count("pk", filter=Q(status="open")),
            overdue=Count("pk", filter=Q(status="open", due_on__lt=clock.today())),
        )
    )
    return GovernancePanel(
        next_meeting=Meeting.objects.visible_to(user)
        .filter(alliance=alliance, status="scheduled", starts_at__gte=clock.now())
        .select_related("committee")
        .order_by("starts_at")
        .first(),
        open_actions=counts["open"],
        overdue_actions=counts["overdue"],
        open_escalations=Escalation.objects.visible_to(user)
        .filter(alliance=alliance, status="open")
        .count(),
    )


# --- Operating model -----------------------------------------------------------------------------


def workstream_list(*, user: Any, alliance: Alliance) -> list[Workstream]:
    """The alliance's workstreams with each party's RACI letter."""
    return list(
        Workstream.objects.visible_to(user)
        .filter(alliance=alliance)
        .select_related("committee")
        .prefetch_related(Prefetch("raci", queryset=Raci.objects.unscoped().order_by("party_id")))
    )


def workstream_get(*, user: Any, pk: int) -> Workstream:
    return Workstream.objects.visible_to(user).select_related("alliance").get(pk=pk)


# --- Calendar ------------------------------------------------------------------------------------


def calendar_feed_of(*, user: Any) -> CalendarFeed | None:
    """The person's own calendar feed, if they have one."""
    return CalendarFeed.objects.visible_to(user).filter(user=user).first()


def calendar_user_for_token(token: str) -> User | None:
    """Whose calendar a secret URL token opens; the token is the credential."""
    if not token:
        return None
    feed = (
        CalendarFeed.objects.unscoped()
        .select_related("user__membership__organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    membership = getattr(feed.user, "membership", None)
    return feed.user if membership is not None and membership.is_active else None


CALENDAR_PAST = datetime.timedelta(days=365)


def calendar_meetings(*, user: Any) -> QuerySet[Meeting]:
    """Meetings of the committees the person sits on, or of alliances whose team they are on,
    from a year back onwards."""
    seats = CommitteeMember.objects.visible_to(user).filter(user=user).values("committee_id")
    teams = TeamMember.objects.visible_to(user).filter(user=user).values("party__alliance_id")
    return (
        Meeting.objects.visible_to(user)
        .filter(Q(committee_id__in=seats) | Q(alliance_id__in=teams))
        .filter(starts_at__gte=clock.now() - CALENDAR_PAST)
        .exclude(status="cancelled")
        .select_related("committee", "alliance")
        .order_by("starts_at")
    )


def calendar_actions(*, user: Any) -> QuerySet[ActionItem]:
    """The person's open actions, for their due dates."""
    return (
        ActionItem.objects.visible_to(user)
        .filter(owner=user, status="open")
        .select_related("alliance")
        .order_by("due_on")
    )
