"""Governance as code: committees and their charters, meetings, minutes, decisions, actions,
concerns, the escalation ladder, the operating model's workstreams, and calendar feeds."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel


def _days(default: int, most: int = 365) -> models.PositiveIntegerField:
    """A charter's period in days, within what an agreement could sensibly say."""
    return models.PositiveIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(most)]
    )


class Committee(TenantModel):
    """A joint committee of an alliance (JSC, JDC, …); its rules live in its charter."""

    class Kind(models.TextChoices):
        JSC = "jsc", "Joint steering committee"
        JDC = "jdc", "Joint development committee"
        JCC = "jcc", "Joint commercialisation committee"
        JPC = "jpc", "Joint patent committee"
        JRC = "jrc", "Joint research committee"
        CUSTOM = "custom", "Other committee"

    ABBREVIATIONS = {"jsc": "JSC", "jdc": "JDC", "jcc": "JCC", "jpc": "JPC", "jrc": "JRC"}

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_committees"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.JSC)
    name = models.CharField(max_length=200)
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subcommittees"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["alliance", "reports_to_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="gov_one_committee_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.ABBREVIATIONS.get(self.kind, self.name)


class Abstention(models.TextChoices):
    """What a charter says an abstaining party's vote does."""

    NOT_ALLOWED = "not_allowed", "Not allowed: each party votes for or against"
    NEUTRAL = "neutral", "Allowed: the other parties' votes decide"
    BLOCKS = "blocks", "Allowed, but counts as a vote against"


class MatterCategory(models.TextChoices):
    """What a matter before a committee is about; a charter names the categories that are
    carve-outs, which no party decides alone."""

    GENERAL = "general", "General"
    SAFETY = "safety", "Safety"
    IP = "ip", "Intellectual property"
    BUDGET = "budget", "Budget"
    PLAN = "plan", "Research or development plan"
    REGULATORY = "regulatory", "Regulatory"
    PUBLICATION = "publication", "Publication"
    COMMERCIAL = "commercial", "Commercial"
    TERMINATION = "termination", "Termination"


class Charter(TenantModel):
    """One version of a committee's rules. A change is proposed and adopted by every party;
    superseded versions stay readable, since the alliance's history is judged by them."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        IN_FORCE = "in_force", "In force"
        SUPERSEDED = "superseded", "Superseded"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    tenancy = Tenancy(alliance="committee__alliance")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    scope = models.TextField(max_length=5000, blank=True, help_text="What it may decide.")
    out_of_scope = models.TextField(max_length=5000, blank=True)
    seats_per_party = models.PositiveIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    parity_required = models.BooleanField(default=True)
    cadence_days = _days(92)
    first_meeting_days = _days(60)
    quorum_per_party = models.PositiveIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    unanimous = models.BooleanField(default=True)
    abstention = models.CharField(
        max_length=12, choices=Abstention.choices, default=Abstention.NOT_ALLOWED
    )
    vote_window_days = models.PositiveIntegerField(
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="Days after a meeting (or a written-consent request) a party may still vote.",
    )
    written_consent = models.BooleanField(default=True)
    minutes_draft_days = _days(15, most=90)
    team_days = _days(14, most=180)
    committee_days = _days(30, most=180)
    executive_days = _days(30, most=180)
    executives = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    final_say_party = models.ForeignKey(
        "alliances.Party", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    carve_outs = models.TextField(max_length=5000, blank=True, help_text="One topic per line.")
    carve_out_categories = models.JSONField(
        default=list, blank=True, help_text="Matter categories no party decides alone."
    )
    budget_carve_out_above = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="A budget change above this amount is a carve-out, whatever it is tagged.",
    )
    budget_carve_out_currency = models.CharField(max_length=3, blank=True)
    rationale = models.TextField(max_length=5000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposing_party = models.ForeignKey(
        "alliances.Party", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    in_force_from = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    RULE_FIELDS = [
        "scope",
        "out_of_scope",
        "seats_per_party",
        "parity_required",
        "cadence_days",
        "first_meeting_days",
        "quorum_per_party",
        "unanimous",
        "abstention",
        "vote_window_days",
        "written_consent",
        "minutes_draft_days",
        "team_days",
        "committee_days",
        "executive_days",
        "final_say_party",
        "carve_outs",
        "carve_out_categories",
        "budget_carve_out_above",
        "budget_carve_out_currency",
    ]

    class Meta:
        ordering = ["committee", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "version"], name="gov_one_charter_version"
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(status="in_force"),
                name="gov_one_charter_in_force",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(status="proposed"),
                name="gov_one_charter_proposal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} charter v{self.version}"

    @property
    def carve_out_topics(self) -> list[str]:
        return [line.strip() for line in self.carve_outs.splitlines() if line.strip()]

    def days_for(self, level: str) -> int | None:
        """The time limit of an escalation level under this charter; None where none applies."""
        limits: dict[str, int] = {
            Escalation.Level.TEAM: self.team_days,
            Escalation.Level.COMMITTEE: self.committee_days,
            Escalation.Level.EXECUTIVES: self.executive_days,
        }
        return limits.get(level)


class CharterApproval(TenantModel):
    """One party's answer to a proposed charter version."""

    tenancy = Tenancy(alliance="charter__committee__alliance")

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    approved = models.BooleanField()
    reason = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "party"], name="gov_one_charter_answer")
        ]

    def __str__(self) -> str:
        return f"{self.party} {'approved' if self.approved else 'rejected'} {self.charter}"


class CommitteeMember(TenantModel):
    """A person sitting on a committee for their party: co-chair, member or alternate."""

    class Role(models.TextChoices):
        CO_CHAIR = "co_chair", "Co-chair"
        MEMBER = "member", "Member"
        ALTERNATE = "alternate", "Alternate"

    tenancy = Tenancy(alliance="committee__alliance")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    party = models.ForeignKey("alliances.Party", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_seats"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    added_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["committee", "party", "role", "user__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="gov_one_seat_per_person"),
            models.UniqueConstraint(
                fields=["committee", "party"],
                condition=Q(role="co_chair"),
                name="gov_one_co_chair_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def votes(self) -> bool:
        """Co-chairs and members hold the party's voting seats; alternates stand in for them."""
        return self.role != self.Role.ALTERNATE


class Meeting(TenantModel):
    """A committee meeting: when and where, its agenda, who attended, and whether it was quorate."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_meetings"
    )
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    location = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    quorum_met = models.BooleanField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    # When the co-chairs were told the draft minutes are past their turnaround (once per meeting).
    minutes_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["committee", "starts_at"]),
            models.Index(fields=["alliance", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD


class AgendaItem(TenantModel):
    """One item on a meeting's agenda, with what the meeting should do about it."""

    class Objective(models.TextChoices):
        INFORM = "inform", "Inform"
        DISCUSS = "discuss", "Discuss"
        DECIDE = "decide", "Decide"

    tenancy = Tenancy(alliance="meeting__alliance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=200)
    objective = models.CharField(
        max_length=10, choices=Objective.choices, default=Objective.DISCUSS
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    minutes_allotted = models.PositiveIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notes = models.TextField(max_length=5000, blank=True)
    concern = models.ForeignKey(
        "Concern", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    escalation = models.ForeignKey(
        "Escalation", null=True, blank=True, on_delete=models.SET_NULL, related_name="agenda_items"
    )
    # The matter's category is set when it goes on the agenda, for every party to see; the other
    # party may dispute it, and while disputed the reading that makes it a carve-out applies.
    category = models.CharField(
        max_length=12, choices=MatterCategory.choices, default=MatterCategory.GENERAL
    )
    budget_change = models.DecimalField(
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The change to the budget it asks for, if any.",
    )
    budget_currency = models.CharField(max_length=3, blank=True)
    disputed_category = models.CharField(max_length=12, choices=MatterCategory.choices, blank=True)
    category_disputed_by = models.ForeignKey(
        "alliances.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category_dispute_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(TenantModel):
    """Whether a committee member was at a meeting; quorum is counted from these rows."""

    tenancy = Tenancy(alliance="meeting__alliance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(default=False)

    class Meta:
        ordering = ["meeting", "member__party", "member__role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="gov_one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.member} {'present' if self.present else 'absent'}"


class Minutes(TenantModel):
    """One version of a meeting's minutes. Approved versions are locked; a correction is a new
    version, and the approved text it corrects stays readable."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        CIRCULATED = "circulated", "Circulated for comment"
        APPROVED = "approved", "Approved"

    tenancy = Tenancy(alliance="meeting__alliance")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes")
    version = models.PositiveIntegerField(default=1)
    body = models.TextField(max_length=50_000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    correction_note = models.CharField(max_length=300, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="approved_minutes"
    )

    class Meta:
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="gov_one_minutes_version")
        ]
        verbose_name_plural = "minutes"

    def __str__(self) -> str:
        return f"Minutes of {self.meeting} (v{self.version})"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.APPROVED


class MinutesApproval(TenantModel):
    """One party's own approval of a version of the minutes, at a quorate later meeting; the
    minutes lock when every party has approved them."""

    tenancy = Tenancy(alliance="minutes__meeting__alliance")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(default=clock.now)
    at_meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["minutes", "approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "party"], name="gov_one_minutes_approval")
        ]

    def __str__(self) -> str:
        return f"{self.party} approved {self.minutes}"


class MinutesComment(TenantModel):
    """A comment on circulated minutes, for the drafter to take in before approval."""

    tenancy = Tenancy(alliance="minutes__meeting__alliance")

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author}"


class Decision(TenantModel):
    """A committee decision, a joint act of the parties: each party casts its own vote, at the
    meeting or within the charter's window after it; agreed, rejected or deadlocked once every
    party has voted, lapsed if the window closes first, or deferred."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Awaiting votes"
        AGREED = "agreed", "Agreed"
        REJECTED = "rejected", "Rejected"
        DEADLOCKED = "deadlocked", "Deadlocked"
        DEFERRED = "deferred", "Deferred"
        LAPSED = "lapsed", "Lapsed: not every party voted in time"

    class Method(models.TextChoices):
        MEETING = "meeting", "At a meeting"
        WRITTEN = "written", "Written consent"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_decisions"
    )
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    charter = models.OneToOneField(
        Charter, null=True, blank=True, on_delete=models.SET_NULL, related_name="decision"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(max_length=10_000, blank=True, help_text="The resolution as worded.")
    carve_out = models.CharField(
        max_length=200, blank=True, help_text="The charter's carve-out topic this falls under."
    )
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.MEETING)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.TextField(max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    votes_close_at = models.DateTimeField(
        null=True, blank=True, help_text="The end of the charter's window for casting votes."
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "number"], name="gov_one_decision_number")
        ]
        indexes = [models.Index(fields=["alliance", "-created_at"])]

    def __str__(self) -> str:
        return f"D-{self.number}: {self.title}"

    @property
    def reference(self) -> str:
        return f"D-{self.number:03d}"


class DecisionVote(TenantModel):
    """One party's own vote on a decision, cast by a person of that party; a change is explicit
    and keeps the vote it replaced."""

    class Vote(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        ABSTAIN = "abstain", "Abstain"

    tenancy = Tenancy(alliance="decision__alliance")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    vote = models.CharField(max_length=10, choices=Vote.choices)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cast_at = models.DateTimeField(default=clock.now)
    replaced_vote = models.CharField(
        max_length=10, choices=Vote.choices, blank=True, help_text="The vote this one changed."
    )

    class Meta:
        ordering = ["decision", "party", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "party"], name="gov_one_vote_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.vote}"


class ActionItem(TenantModel):
    """Something a person of either party has agreed to do by a date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_actions"
    )
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(max_length=200)
    detail = models.TextField(max_length=5000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="governance_owned_actions"
    )
    owner_party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["alliance", "status", "due_on"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < clock.today()


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Concern(TenantModel):
    """A worry raised early, private to its organisation or shared; it may go on an agenda or up
    the escalation ladder. A concern the system raises (an early warning) has no person."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ON_AGENDA = "on_agenda", "On an agenda"
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_concerns"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose concern it is; empty when the system raised it.",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=10_000, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=PRIVATE)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(max_length=40, blank=True, help_text="e.g. pulse, for early warnings")
    created_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility == SHARED

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED


class Escalation(TenantModel):
    """A disagreement moving up the alliance's ladder, each level with its charter time limit.
    One raised above the level the agreed path allows is recorded as an end-run."""

    class Level(models.TextChoices):
        TEAM = "team", "Working team"
        COMMITTEE = "committee", "Committee"
        EXECUTIVES = "executives", "Executives"
        FINAL_SAY = "final_say", "Party with final say"
        DISPUTE = "dispute", "Dispute resolution"
        OUTSIDE = "outside", "Outside the agreed path"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    LADDER = [Level.TEAM, Level.COMMITTEE, Level.EXECUTIVES]

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_escalations"
    )
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="escalations")
    concern = models.ForeignKey(
        Concern, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=10_000, blank=True)
    carve_out = models.CharField(max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raising_party = models.ForeignKey(
        "alliances.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    addressed_to = models.CharField(
        max_length=200, blank=True, help_text="Who it was taken to, when outside the ladder."
    )
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.TEAM)
    level_since = models.DateTimeField(default=clock.now)
    level_due_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    is_end_run = models.BooleanField(default=False)
    end_run_reason = models.CharField(max_length=300, blank=True)
    resolution = models.TextField(max_length=5000, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_expiry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "status"]),
            models.Index(fields=["status", "level_due_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.level_due_at is not None and self.level_due_at < clock.now()


class EscalationStep(TenantModel):
    """The escalation's path: each level it reached, when, by whose hand and why."""

    tenancy = Tenancy(alliance="escalation__alliance")

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="steps")
    level = models.CharField(max_length=12, choices=Escalation.Level.choices)
    entered_at = models.DateTimeField(default=clock.now)
    due_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["escalation", "entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.escalation} at {self.get_level_display()}"


class ExecutiveAct(TenantModel):
    """One party's executive acting at the executives' rung: agreeing to move on before the
    period ends, or to a resolution as worded. Either is a joint act of every party."""

    class Purpose(models.TextChoices):
        MOVE_ON = "move_on", "Move on early"
        RESOLVE = "resolve", "Resolve"

    tenancy = Tenancy(alliance="escalation__alliance")

    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="executive_acts"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    resolution = models.TextField(max_length=5000, blank=True)
    acted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acted_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["escalation", "acted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["escalation", "purpose", "party"], name="gov_one_executive_act"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.get_purpose_display()}"


class Workstream(TenantModel):
    """A line of the alliance's work, with who is responsible for it (its RACI per party)."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_workstreams"
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="workstreams"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["alliance", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="gov_one_workstream_name")
        ]

    def __str__(self) -> str:
        return self.name


class Raci(TenantModel):
    """One party's part in a workstream: Responsible, Accountable, Consulted or Informed."""

    class Role(models.TextChoices):
        RESPONSIBLE = "R", "Responsible"
        ACCOUNTABLE = "A", "Accountable"
        CONSULTED = "C", "Consulted"
        INFORMED = "I", "Informed"

    tenancy = Tenancy(alliance="workstream__alliance")

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="raci")
    party = models.ForeignKey("alliances.Party", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=1, choices=Role.choices)

    class Meta:
        ordering = ["workstream", "party", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workstream", "party"], name="gov_one_raci_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.role}"


class CalendarFeed(TenantModel):
    """A person's secret calendar URL; only the token's hash is kept."""

    tenancy = Tenancy(organisation="user__membership__organisation", person="user")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} ({self.prefix}…)"
