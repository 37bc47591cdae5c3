"""Committees and their charters: the rules each committee works by, each version adopted by
every party, and who sits on it."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel


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


def matter_category_field() -> models.CharField:
    """A matter's category, which the charter's carve-out rules read."""
    return models.CharField(
        max_length=12, choices=MatterCategory.choices, default=MatterCategory.GENERAL
    )


def budget_change_field(help_text: str) -> models.DecimalField:
    """The change to the budget a matter asks for or decides, if any (with its currency)."""
    return models.DecimalField(
        max_digits=18, decimal_places=2, null=True, blank=True, help_text=help_text
    )


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
        from concord.governance.models.escalations import Escalation  # it refers to Committee

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
