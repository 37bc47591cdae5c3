"""Pulse and health checks: instruments and their versioned wording, rounds, anonymous tallies,
comments, early warnings, cadences and celebrations.

Anonymity is built into the tables, not only into the pages. A person's answers are never stored
as such: submitting adds them to their party's tallies (count and sum per dimension) in the same
transaction that marks the invitation answered. The invitation (`Respondent`) knows who was asked
and whether they answered, never what; a `Comment` knows its party and round, never its author,
and carries no time. So no reader, however it is written, can give one person's answers back.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.records import OpenUntilClosed
from concord.core.tenancy import PRIVATE, SHARED, VISIBILITY_CHOICES, Tenancy, TenantModel

# Results of a party appear only when at least this many of its people answered; an organisation
# or an alliance may ask for more, never for fewer.
MIN_RESPONDENTS = 3
SCALE = (1, 5)  # the agreement scale: 1 strongly disagree … 5 strongly agree
GAP_FLAG = Decimal("0.75")  # a perception gap this wide on a dimension is flagged
DROP_WARNING = Decimal("0.5")  # a fall this large since the last round raises an early warning
LOW_WARNING = Decimal("3.0")  # falling below this raises an early warning


def mean(total: int, count: int) -> Decimal | None:
    """A score to two decimals, exactly (no float), or None when nothing was counted."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class Kind(models.TextChoices):
    """The two instruments: a short monthly pulse and a fuller periodic health check."""

    PULSE = "pulse", "Pulse"
    HEALTH_CHECK = "health_check", "Health check"


class LibraryTenancy(Tenancy):
    """Built-in instruments (no owner) are everyone's to read; an organisation's copies its own."""

    def visible_q(self, org: object, user: object) -> Q:
        path = self.organisation or "organisation"
        return Q(**{f"{path}__isnull": True}) | Q(**{path: org})

    def editable_q(self, org: object, user: object) -> Q:
        return Q(**{self.organisation or "organisation": org})


class Instrument(TenantModel):
    """A questionnaire (pulse or health check): built in, or an organisation's own edited copy."""

    tenancy = LibraryTenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Empty for Concord's built-in instruments.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["kind", "name", "pk"]
        constraints = [
            # One built-in instrument per kind: the default every alliance starts with.
            models.UniqueConstraint(
                fields=["kind"], condition=Q(organisation=None), name="one_builtin_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_builtin(self) -> bool:
        return self.organisation_id is None


class InstrumentVersion(TenantModel):
    """One wording of an instrument. Versions never change once written, so rounds that used one
    stay comparable: trends and early warnings compare rounds of the same version only."""

    tenancy = LibraryTenancy(organisation="instrument__organisation")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    change_note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.number}"


class Dimension(TenantModel):
    """What a group of statements measures (trust and relationship, say). The key is stable across
    versions and copies, so trends follow a dimension when its wording is refined."""

    tenancy = LibraryTenancy(organisation="version__instrument__organisation")

    version = models.ForeignKey(
        InstrumentVersion, on_delete=models.CASCADE, related_name="dimensions"
    )
    key = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="one_dimension_key_per_version")
        ]

    def __str__(self) -> str:
        return self.name


class Statement(TenantModel):
    """One statement people rate on the 1–5 agreement scale."""

    tenancy = LibraryTenancy(organisation="dimension__version__instrument__organisation")

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="statements")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dimension", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Cadence(TenantModel):
    """How an alliance runs its checks; an alliance without one runs the defaults."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.OneToOneField(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="health_cadence"
    )
    pulse_enabled = models.BooleanField(default=True)
    pulse_every_months = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    pulse_instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    health_enabled = models.BooleanField(default=True)
    health_every_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    health_at_gates = models.BooleanField(default=True)
    health_instrument = models.ForeignKey(
        Instrument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    window_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(3), MaxValueValidator(30)]
    )
    min_respondents = models.PositiveSmallIntegerField(
        default=MIN_RESPONDENTS,
        validators=[MinValueValidator(MIN_RESPONDENTS), MaxValueValidator(50)],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(min_respondents__gte=MIN_RESPONDENTS), name="cadence_k_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return f"Cadence of {self.alliance_id}"

    def every_months(self, kind: str) -> int:
        return self.pulse_every_months if kind == Kind.PULSE else self.health_every_months

    def enabled(self, kind: str) -> bool:
        return self.pulse_enabled if kind == Kind.PULSE else self.health_enabled


class HealthSettings(TenantModel):
    """An organisation's own anonymity threshold, applied to every alliance it is party to."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="health_settings"
    )
    min_respondents = models.PositiveSmallIntegerField(
        default=MIN_RESPONDENTS,
        validators=[MinValueValidator(MIN_RESPONDENTS), MaxValueValidator(50)],
    )
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(min_respondents__gte=MIN_RESPONDENTS), name="settings_k_at_least_3"
            )
        ]

    def __str__(self) -> str:
        return f"Health settings of {self.organisation_id}"


class Round(OpenUntilClosed, TenantModel):
    """One pulse or health check of an alliance, open to both parties' teams until it closes."""

    class Reason(models.TextChoices):
        SCHEDULED = "scheduled", "On the alliance's cadence"
        GATE = "gate", "At a gate"
        MANUAL = "manual", "Started by an alliance manager"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="health_rounds"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200)
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.SCHEDULED)
    gate = models.ForeignKey(
        "alliances.Gate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What makes a round unique for its alliance and kind (the month of a scheduled round, the
    # gate of a gate's round): the sweep may run twice, or twice at once, and open it only once.
    period = models.CharField(max_length=40)
    opens_at = models.DateTimeField(default=clock.now)
    closes_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    min_respondents = models.PositiveSmallIntegerField(
        default=MIN_RESPONDENTS, validators=[MinValueValidator(MIN_RESPONDENTS)]
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-pk"]
        indexes = [
            models.Index(fields=["alliance", "kind", "status", "-opens_at"]),
            models.Index(fields=["status", "closes_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "kind", "period"], name="one_round_per_period"
            ),
            models.UniqueConstraint(
                fields=["alliance", "kind"],
                condition=Q(status="open"),
                name="one_open_round_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(min_respondents__gte=MIN_RESPONDENTS), name="round_k_at_least_3"
            ),
        ]

    @property
    def accepts_answers(self) -> bool:
        return self.is_open and clock.now() < self.closes_at


class RoundParty(TenantModel):
    """One party's side of a round: how many were asked, how many answered, and the running sum
    of all their scores. The aggregate results are read from here and from DimensionTally."""

    tenancy = Tenancy(alliance="round__alliance")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey("alliances.Party", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    invited = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)
    score_sum = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "party"], name="one_tally_per_party"),
            models.CheckConstraint(
                condition=Q(responded__lte=models.F("invited")), name="responded_within_invited"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} in round {self.round_id}"

    @property
    def overall(self) -> Decimal | None:
        return mean(self.score_sum, self.answers)


class DimensionTally(TenantModel):
    """The count and sum of one party's scores on one dimension in one round."""

    tenancy = Tenancy(alliance="round_party__round__alliance")

    round_party = models.ForeignKey(RoundParty, on_delete=models.CASCADE, related_name="tallies")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    answers = models.PositiveIntegerField(default=0)
    score_sum = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["round_party", "dimension__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_party", "dimension"], name="one_tally_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension_id}: {self.score_sum}/{self.answers}"

    @property
    def score(self) -> Decimal | None:
        return mean(self.score_sum, self.answers)


class Respondent(TenantModel):
    """An invitation to answer one round: who was asked and whether they answered, never what.

    Only the person sees their own invitations; the link's token is stored as a hash. There is
    deliberately no time of answering: it could be matched with the order tallies changed in.
    """

    tenancy = Tenancy(alliance="round__alliance", person="user")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="respondents")
    round_party = models.ForeignKey(
        RoundParty, on_delete=models.CASCADE, related_name="respondents"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # The reminder carries a fresh link (only hashes are kept, so the first cannot be resent);
    # both links work until the person answers.
    reminder_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    invited_at = models.DateTimeField(default=clock.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    has_answered = models.BooleanField(default=False)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_invitation_per_person")
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk} to round {self.round_id}"


class Comment(TenantModel):
    """An open comment from a round, with its party but never its author, time or position.

    Shared comments reach every party; internal ones only the respondent's own organisation.
    `shuffle` is a random number drawn when the comment is written: lists follow it, so the order
    on a page says nothing about who answered first.
    """

    tenancy = Tenancy(
        alliance="round_party__round__alliance",
        organisation="organisation",
        private_field="visibility",
    )

    round_party = models.ForeignKey(RoundParty, on_delete=models.CASCADE, related_name="comments")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=2000)
    visibility = models.CharField(max_length=10, choices=VISIBILITY_CHOICES, default=SHARED)
    shuffle = models.PositiveIntegerField(db_index=True)

    class Meta:
        ordering = ["shuffle", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_internal(self) -> bool:
        return self.visibility == PRIVATE


class EarlyWarning(TenantModel):
    """A dimension of one party that fell by 0.5 or more since its last round, or below 3.0."""

    class Reason(models.TextChoices):
        DROP = "drop", "Dropped since the last round"
        LOW = "low", "Fell below 3.0"
        BOTH = "both", "Dropped, and below 3.0"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    tenancy = Tenancy(alliance="round__alliance")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="warnings")
    round_party = models.ForeignKey(RoundParty, on_delete=models.CASCADE, related_name="+")
    dimension_key = models.SlugField(max_length=50)
    dimension_name = models.CharField(max_length=100)
    score = models.DecimalField(max_digits=3, decimal_places=2)
    previous = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_party", "dimension_key"], name="one_warning_per_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension_name} at {self.score}"

    @property
    def drop(self) -> Decimal | None:
        return None if self.previous is None else self.previous - self.score


class Celebration(TenantModel):
    """Something both parties celebrate: a gate passed, a milestone, a delivery, or kudos."""

    class Kind(models.TextChoices):
        GATE_PASSED = "gate_passed", "Gate passed"
        MILESTONE = "milestone_achieved", "Milestone achieved"
        DELIVERY = "delivery_accepted", "Delivery accepted"
        KUDOS = "kudos", "Kudos"
        OTHER = "other", "Achievement"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="celebrations"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=300)
    message = models.TextField(blank=True, max_length=1000)
    # The record it celebrates ("gate", "12"), so one achievement is celebrated once.
    source_type = models.CharField(max_length=50, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "-created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "source_type", "source_id"],
                condition=~Q(source_id=""),
                name="one_celebration_per_achievement",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_kudos(self) -> bool:
        return self.kind == self.Kind.KUDOS
