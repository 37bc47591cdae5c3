"""Alliances, their parties and teams, programmes, lifecycle phases and gates, and notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel
from concord.core.vocabulary import Modality, Stage, TherapeuticArea


class Phase(models.TextChoices):
    """The alliance lifecycle; every move between phases is a gate."""

    DISCOVERY = "discovery", "Discovery"
    PRECLINICAL = "preclinical", "Pre-Clinical"
    CLINICAL = "clinical", "Clinical Trials"
    COMMERCIALISATION = "commercialisation", "Commercialisation"
    SCALE_UP = "scale_up", "Scale-Up"
    WIND_DOWN = "wind_down", "Wind-Down"
    TERMINATED = "terminated", "Terminated"


PHASE_ORDER = [p.value for p in Phase]


class Alliance(TenantModel):
    """A partnership between two or more organisations, each a party to it."""

    class Type(models.TextChoices):
        RESEARCH = "research", "Research collaboration"
        CO_DEVELOPMENT = "co_development", "Co-development"
        LICENCE = "licence", "Licence"
        OPTION = "option", "Option-to-acquire"
        OTHER = "other", "Other"

    class Tier(models.TextChoices):
        STRATEGIC = "strategic", "Strategic"
        CORE = "core", "Core"
        TRANSACTIONAL = "transactional", "Transactional"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"

    tenancy = Tenancy(alliance="", proposal=True)

    name = models.CharField(max_length=200)
    purpose = models.TextField(blank=True, max_length=5000)
    alliance_type = models.CharField(max_length=20, choices=Type.choices, default=Type.RESEARCH)
    tier = models.CharField(max_length=20, choices=Tier.choices, default=Tier.CORE)
    effective_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.DISCOVERY)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["phase"]), models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_proposed(self) -> bool:
        return self.status == self.Status.PROPOSED


class Party(TenantModel):
    """One organisation's side of an alliance: invited until it accepts."""

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Invitation withdrawn"

    # An invited organisation sees the alliance it is asked to join (its overview and parties,
    # see Tenancy.proposal); one that declined or whose invitation was withdrawn does not.
    VISIBLE_STATUSES = (Status.INVITED, Status.ACCEPTED)

    tenancy = Tenancy(alliance="alliance", proposal=True)

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="parties"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(default=clock.now)
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "organisation"], name="one_party_per_org")
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.alliance}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED


class PartnerInvitation(TenantModel):
    """An emailed invitation for an organisation not yet on Concord to join an alliance."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", always_private=True)

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="partner_invitations"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", help_text="who invited"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.alliance}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > clock.now()


class TeamMember(TenantModel):
    """A person of a party who works on the alliance, and in what role."""

    class Role(models.TextChoices):
        LEAD = "lead", "Alliance lead"
        ALLIANCE_MANAGER = "alliance_manager", "Alliance manager"
        EXECUTIVE_SPONSOR = "executive_sponsor", "Executive sponsor"
        PROJECT_LEAD = "project_lead", "Project lead"
        SCIENTIST = "scientist", "Scientist"
        BUSINESS_DEVELOPMENT = "business_development", "Business development"
        FINANCE = "finance", "Finance"
        LEGAL = "legal", "Legal"
        OTHER = "other", "Other"

    tenancy = Tenancy(alliance="party__alliance", organisation="party__organisation")

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alliance_teams"
    )
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.OTHER)
    added_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["party", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["party", "user"], name="one_team_place_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Programme(TenantModel):
    """An asset the alliance works on, in one indication."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="programmes")
    asset_name = models.CharField(max_length=200)
    modality = models.CharField(max_length=30, choices=Modality.choices)
    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    indication = models.CharField(max_length=200)
    stage = models.CharField(max_length=30, choices=Stage.choices)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["asset_name", "pk"]

    def __str__(self) -> str:
        return f"{self.asset_name} – {self.indication}"


class Gate(TenantModel):
    """A proposed phase change; it passes only when every accepted party has signed off."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        PASSED = "passed", "Passed"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="gates")
    from_phase = models.CharField(max_length=20, choices=Phase.choices)
    to_phase = models.CharField(max_length=20, choices=Phase.choices)
    rationale = models.TextField(max_length=5000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposing_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(status="pending"),
                name="one_pending_gate_per_alliance",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class GateSignoff(TenantModel):
    """One party's answer to a gate: signed (recommitted) or declined with a reason."""

    class Decision(models.TextChoices):
        SIGNED = "signed", "Signed"
        DECLINED = "declined", "Declined"

    tenancy = Tenancy(alliance="gate__alliance")

    gate = models.ForeignKey(Gate, on_delete=models.CASCADE, related_name="signoffs")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = models.TextField(blank=True, max_length=5000)
    signed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["gate", "party"], name="one_answer_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party.organisation} {self.decision}"


class PhaseTransition(TenantModel):
    """An entry in the phase timeline: the alliance entered `phase` at `entered_at`."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        Alliance, on_delete=models.CASCADE, related_name="phase_transitions"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    entered_at = models.DateTimeField(default=clock.now)
    gate = models.OneToOneField(
        Gate, null=True, blank=True, on_delete=models.PROTECT, related_name="transition"
    )

    class Meta:
        ordering = ["entered_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} from {self.entered_at:%Y-%m-%d}"


class Note(TenantModel):
    """A note on an alliance, shared with all parties or private to its author's organisation."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", private_field="visibility")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="notes")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=20_000)
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=PRIVATE)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_shared(self) -> bool:
        return self.visibility == SHARED


class AttentionSettings(TenantModel):
    """An organisation's weights for the portfolio's attention score, factor code → weight.

    A factor the organisation has not weighted counts at its default (core/portfolio.py), so a
    capability that adds a factor later needs no migration here.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="attention_settings"
    )
    weights = models.JSONField(default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name_plural = "attention settings"

    def __str__(self) -> str:
        return f"Attention weights of {self.organisation_id}"


class SavedPortfolioView(TenantModel):
    """A person's named filters and sort of the portfolio, private to them ("My Phase 2 watch")."""

    tenancy = Tenancy(organisation="organisation", person="user")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_portfolio_views"
    )
    name = models.CharField(max_length=80)
    # The portfolio's query string, only its known filters and sort (services clean it).
    query = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="one_saved_view_name_per_person")
        ]

    def __str__(self) -> str:
        return self.name
