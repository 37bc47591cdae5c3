"""Homework: what one organisation keeps about its partner and its alliance, private to it.

The partner's profile (areas, programmes, other alliances, each fact with its source and date),
dated fit assessments whose history shows strategic drift, the stakeholder map of the partner's
people, alerts raised from both, and the onboarding checklist of the organisation's own team.
None of it is shared: every tenancy here is private to the organisation that wrote it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.core.vocabulary import Modality, Stage, TherapeuticArea

STALE_FACT_DAYS = 365  # a fact about the partner older than a year shows as stale
STALE_HOMEWORK_DAYS = 90  # homework older than this is flagged at a gate
SCORE_MAX = 5


def one_to_five() -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(SCORE_MAX)]
    )


class PartnerFact(TenantModel):
    """What every fact about a partner has: who keeps it, about whom, its source and its date."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    partner = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=300, help_text="Where this comes from.")
    as_of = models.DateField(help_text="When the source said so.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        abstract = True

    @property
    def is_stale(self) -> bool:
        return (clock.today() - self.as_of).days > STALE_FACT_DAYS


class PartnerArea(PartnerFact):
    """A therapeutic area or franchise of the partner, with its weight in the partner's business."""

    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    franchise = models.CharField(max_length=200, blank=True)
    weight_percent = models.PositiveSmallIntegerField(
        validators=[MaxValueValidator(100)], help_text="Share of the partner's business, %."
    )

    class Meta:
        ordering = ["-weight_percent", "pk"]
        indexes = [models.Index(fields=["organisation", "partner"])]

    def __str__(self) -> str:
        return self.franchise or self.get_therapeutic_area_display()


class Relation(models.TextChoices):
    COMPETES = "competes", "Competes with ours"
    COMPLEMENTS = "complements", "Complements ours"
    UNRELATED = "unrelated", "Unrelated"


class PartnerProgramme(PartnerFact):
    """One of the partner's own programmes, and whether it competes with the alliance's."""

    name = models.CharField(max_length=200)
    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    modality = models.CharField(max_length=30, choices=Modality.choices)
    mechanism = models.CharField(max_length=200, blank=True)
    indication = models.CharField(max_length=200)
    phase = models.CharField(max_length=30, choices=Stage.choices)
    relation = models.CharField(max_length=12, choices=Relation.choices)

    class Meta:
        ordering = ["therapeutic_area", "name", "pk"]
        indexes = [models.Index(fields=["organisation", "partner"])]

    def __str__(self) -> str:
        return self.name


class PartnerAlliance(PartnerFact):
    """Another alliance of the partner, known from public sources."""

    counterparty = models.CharField(max_length=200)
    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    announced_on = models.DateField()
    competes = models.BooleanField(default=False)

    class Meta:
        ordering = ["-announced_on", "pk"]
        indexes = [models.Index(fields=["organisation", "partner"])]

    def __str__(self) -> str:
        return f"{self.counterparty} ({self.announced_on:%Y})"


DIMENSIONS = {
    "strategic_fit": "Strategic fit",
    "priority": "Place in the partner's priorities",
    "market": "New market (5) or cannibalisation (1)",
    "competition": "Free of competing programmes and alliances (5) or crowded (1)",
    "sponsor_strength": "Sponsor strength",
}


class FitAssessment(TenantModel):
    """A dated judgement of how the alliance fits the partner's plans, dimension by dimension."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", always_private=True)

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="fit_assessments"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    assessed_on = models.DateField()
    strategic_fit = one_to_five()
    priority = one_to_five()
    market = one_to_five()
    competition = one_to_five()
    sponsor_strength = one_to_five()
    rationale = models.JSONField(default=dict, blank=True, help_text="A sentence per dimension.")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["alliance", "organisation", "assessed_on"])]

    def __str__(self) -> str:
        return f"Fit on {self.assessed_on:%d %b %Y}: {self.overall}"

    @property
    def overall(self) -> Decimal:
        """The five scores as one figure out of 100."""
        total = sum(getattr(self, name) for name in DIMENSIONS)
        return (Decimal(total) * 100 / (SCORE_MAX * len(DIMENSIONS))).quantize(Decimal("1"))

    def scores(self) -> list[tuple[str, str, int, str]]:
        """(name, label, score, rationale) for each dimension."""
        notes = self.rationale or {}
        return [(n, label, getattr(self, n), notes.get(n, "")) for n, label in DIMENSIONS.items()]


class Stakeholder(TenantModel):
    """A person at the partner, as our organisation sees them: level, role, stance, who knows them."""

    class Level(models.TextChoices):
        EXECUTIVE = "executive", "Executive"
        LEADERSHIP = "leadership", "Leadership"
        WORKING = "working", "Working team"

    class Function(models.TextChoices):
        RESEARCH = "research", "Research"
        CLINICAL = "clinical", "Clinical"
        COMMERCIAL = "commercial", "Commercial"
        BUSINESS_DEVELOPMENT = "business_development", "Business development"
        ALLIANCE = "alliance", "Alliance management"
        FINANCE_LEGAL = "finance_legal", "Finance & legal"

    class Role(models.TextChoices):
        SPONSOR = "sponsor", "Sponsor"
        DECISION_MAKER = "decision_maker", "Decision-maker"
        INFLUENCER = "influencer", "Influencer"
        COUNTERPART = "counterpart", "Counterpart"

    class Stance(models.TextChoices):
        CHAMPION = "champion", "Champion"
        SUPPORTIVE = "supportive", "Supportive"
        NEUTRAL = "neutral", "Neutral"
        SCEPTICAL = "sceptical", "Sceptical"

    tenancy = Tenancy(alliance="alliance", organisation="organisation", always_private=True)

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="stakeholders"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The partner's Concord user, if they have one.",
    )
    level = models.CharField(max_length=12, choices=Level.choices)
    function = models.CharField(max_length=24, choices=Function.choices)
    role = models.CharField(max_length=16, choices=Role.choices)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.NEUTRAL)
    strength = one_to_five()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Which of our people owns the relationship.",
    )
    last_contact = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True, help_text="When they left the alliance.")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["level", "name", "pk"]
        indexes = [models.Index(fields=["alliance", "organisation"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_key(self) -> bool:
        """Sponsors, decision-makers and counterparts: the relationships continuity rests on."""
        return self.role != self.Role.INFLUENCER

    def days_since_contact(self) -> int | None:
        return None if self.last_contact is None else (clock.today() - self.last_contact).days


class Alert(TenantModel):
    """A drift or continuity alert to the organisation's alliance managers; raised once per cause."""

    class Kind(models.TextChoices):
        FIT_FALL = "fit_fall", "Fit fell"
        COMPETITOR = "competitor", "New competing programme or alliance"
        SPONSOR_CHANGE = "sponsor_change", "Sponsor strength changed"
        FEW_SPONSORS = "few_sponsors", "Fewer than two engaged sponsors"
        STAKEHOLDER_LEFT = "stakeholder_left", "A sponsor or counterpart left"
        STALE_CONTACT = "stale_contact", "Key relationship without contact"
        OWNER_LEFT = "owner_left", "A relationship owner left"

    DRIFT = (Kind.FIT_FALL, Kind.COMPETITOR, Kind.SPONSOR_CHANGE)

    tenancy = Tenancy(alliance="alliance", organisation="organisation", always_private=True)

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What raised it ("fit:12", "stakeholder:4:left"): the same cause never raises it twice.
    cause = models.CharField(max_length=80)
    message = models.CharField(max_length=300)
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    raised_at = models.DateTimeField(default=clock.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-raised_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation", "cause"], name="homework_alert_once"
            )
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def is_drift(self) -> bool:
        return self.kind in self.DRIFT

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class OnboardingStep(TenantModel):
    """One step of an organisation's onboarding checklist for people joining an alliance team."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=10)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


DEFAULT_STEPS = (
    "Read the briefing book",
    "Meet your counterpart at the partner",
    "Attend a committee meeting",
    "Review the open commitments",
)


class OnboardingDone(TenantModel):
    """A team member has done one onboarding step on one alliance."""

    tenancy = Tenancy(alliance="alliance", organisation="organisation", always_private=True)

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    step = models.ForeignKey(OnboardingStep, on_delete=models.CASCADE, related_name="done")
    done_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["done_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "person", "step"], name="homework_step_done_once"
            )
        ]


def days_old(day: datetime.date | None) -> int | None:
    return None if day is None else (clock.today() - day).days
