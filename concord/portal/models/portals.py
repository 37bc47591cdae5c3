"""The portal an organisation opens: its rubric, areas of interest, letters and requests for partners."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.core.vocabulary import Modality, TherapeuticArea
from concord.portal import matching

if TYPE_CHECKING:
    from concord.portal.models.submissions import Submission


class Criterion(models.TextChoices):
    """The one rubric every reviewer scores on, external and internal programmes alike."""

    STRATEGIC_FIT = "strategic_fit", "Strategic fit"
    UNMET_NEED = "unmet_need", "Unmet medical need"
    DIFFERENTIATION = "differentiation", "Differentiation"
    DATA_STRENGTH = "data_strength", "Strength of data"
    IP_POSITION = "ip_position", "IP position"
    COMMERCIAL_POTENTIAL = "commercial_potential", "Commercial potential"
    FEASIBILITY = "feasibility", "Feasibility"


class DeclineReason(models.TextChoices):
    TOO_EARLY = "too_early", "Too early"
    OUTSIDE_FOCUS = "outside_focus", "Outside our focus"
    DATA_INSUFFICIENT = "data_insufficient", "Data insufficient"
    BENEFIT_UNCLEAR = "benefit_unclear", "Benefit over existing options unclear"
    COMMERCIAL_UNCLEAR = "commercial_unclear", "Commercial route unclear"
    IP_UNCLEAR = "ip_unclear", "IP unclear"
    COMPETING_PROGRAMME = "competing_programme", "Competing internal programme"
    PORTFOLIO_FULL = "portfolio_full", "Portfolio full"


class DealStage(models.TextChoices):
    """The path from "advance" to a deal, in order; each stage has a date and an owner."""

    CDA_REQUESTED = "cda_requested", "CDA requested"
    CDA_SENT = "cda_sent", "CDA sent"
    CDA_SIGNED = "cda_signed", "CDA signed by both"
    EVALUATION = "evaluation", "Confidential evaluation"
    TERM_SHEET = "term_sheet", "Term sheet"
    DEAL_SIGNED = "deal_signed", "Deal signed"


DEAL_STAGES = list(DealStage.values)


class Portal(TenantModel):
    """An organisation's partnering portal: its public page, service levels and rubric settings."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="portal"
    )
    slug = models.SlugField(max_length=80, unique=True, help_text="The public page's stable URL.")
    is_open = models.BooleanField(default=True, help_text="Accepting submissions.")
    introduction = models.TextField(blank=True, max_length=5000)
    first_response_days = models.PositiveSmallIntegerField(default=30)
    decision_days = models.PositiveSmallIntegerField(default=90)
    publish_statistics = models.BooleanField(default=False)
    blind_first_pass = models.BooleanField(default=False)
    nih_threshold = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text="Flag 'not invented here' when R&D's score is this far below BD's (1–5 scale).",
    )
    weights = models.JSONField(default=dict, blank=True, help_text="Criterion → weight.")
    head_of_bd = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Told when an overdue submission's reviewer has not answered.",
    )

    def __str__(self) -> str:
        return f"{self.organisation} portal"

    def weight(self, criterion: str) -> Decimal:
        return Decimal(str(self.weights.get(criterion, 1)))


class AreaOfInterest(TenantModel):
    """What the organisation seeks (or rules out): areas, modalities, stages and deal types."""

    class Kind(models.TextChoices):
        SEEK = "seek", "We seek"
        AVOID = "avoid", "We do not seek"

    tenancy = Tenancy(organisation="portal__organisation")

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="areas")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SEEK)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=2000)
    therapeutic_areas = models.JSONField(default=list, blank=True)
    modalities = models.JSONField(default=list, blank=True)
    stages = models.JSONField(default=list, blank=True)
    deal_types = models.JSONField(default=list, blank=True)
    reviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["kind", "title"]

    def __str__(self) -> str:
        return self.title

    def matches(self, submission: Submission) -> list[str]:
        """Which of this area's dimensions the submission falls in, named for the reviewer.

        Nothing when the area names other therapeutic areas (see portal/matching.py).
        """
        return matching.matched_labels(self, matching.values_of(submission))


class DeclineTemplate(TenantModel):
    """The organisation's starting text for a decline letter, per coded reason.

    A reviewer starts from it and must personalise it: the bracketed placeholders are replaced
    and the text changed before a decline is sent (services/letters.py).
    """

    tenancy = Tenancy(organisation="portal__organisation")

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="decline_templates")
    reason = models.CharField(max_length=30, choices=DeclineReason.choices)
    body = models.TextField(max_length=5000)
    updated_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["reason"]
        constraints = [
            models.UniqueConstraint(fields=["portal", "reason"], name="one_template_per_reason")
        ]

    def __str__(self) -> str:
        return f"Decline letter: {self.get_reason_display()}"


class PartnerRequest(TenantModel):
    """A request for partners: something specific the organisation seeks, posted on its public
    page; the answers are submissions linked to it, on the same rubric and service levels."""

    tenancy = Tenancy(organisation="portal__organisation")

    portal = models.ForeignKey(Portal, on_delete=models.CASCADE, related_name="requests")
    title = models.CharField(max_length=200)
    seeking = models.TextField(max_length=5000, help_text="What the organisation seeks, and why.")
    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    modality = models.CharField(max_length=30, choices=Modality.choices, blank=True)
    good_response = models.TextField(max_length=3000, help_text="What a good response contains.")
    respond_by = models.DateField(help_text="Responses are accepted until the end of this day.")
    decide_by = models.DateField(help_text="When the organisation will have decided.")
    is_open = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["respond_by", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def accepts_responses(self) -> bool:
        """Open, and its closing day has not passed in the organisation's calendar."""
        return self.is_open and clock.today() <= self.respond_by
