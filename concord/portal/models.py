"""The partnering portal: what a pharma seeks, what is submitted to it, how it is judged and answered."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea


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
        """Which of this area's dimensions the submission falls in, named for the reviewer."""
        found = []
        for field, value, label in (
            (
                "therapeutic_areas",
                submission.therapeutic_area,
                submission.get_therapeutic_area_display(),
            ),
            ("modalities", submission.modality, submission.get_modality_display()),
            ("stages", submission.stage, submission.get_stage_display()),
            ("deal_types", submission.deal_type, submission.get_deal_type_display()),
        ):
            if value in getattr(self, field):
                found.append(label)
        return found


@dataclass(frozen=True)
class SubmissionTenancy(Tenancy):
    """A submission belongs to the pharma that receives it, and is shared with a submitter account.

    submission: lookup path from the model to its Submission ("" for Submission itself).
    """

    submission: str = ""

    def _path(self, name: str) -> str:  # type: ignore[override]
        return f"{self.submission}__{name}" if self.submission else name

    def visible_q(self, org: Any, user: Any) -> Q:
        return Q(**{self._path("organisation"): org}) | Q(
            **{self._path("submitter_organisation"): org}
        )

    def editable_q(self, org: Any, user: Any) -> Q:
        return Q(**{self._path("organisation"): org})


class Submission(TenantModel):
    """A non-confidential opportunity submitted to a portal, or an internal programme scored alike."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        UNDER_REVIEW = "under_review", "Under review"
        INFO_REQUESTED = "info_requested", "Information requested"
        DECLINED = "declined", "Declined"
        CDA = "cda", "Confidential discussion (CDA)"
        TERM_SHEET = "term_sheet", "Term sheet"

    DECIDED = (Status.DECLINED, Status.CDA, Status.TERM_SHEET)
    QUEUE_DECIDED = 10**15  # above any deadline in seconds (the year 31 million): see queue_key

    tenancy = SubmissionTenancy()

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="received_submissions"
    )
    reference = models.CharField(max_length=32, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    is_internal = models.BooleanField(
        default=False, help_text="An internal programme, scored alike."
    )
    # The submitter
    contact_name = models.CharField(max_length=200)
    contact_email = models.EmailField()
    submitter_organisation_name = models.CharField(max_length=200)
    submitter_organisation = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sent_submissions",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitter_ip_hash = models.CharField(max_length=64, blank=True)
    # The asset
    asset_name = models.CharField(max_length=200)
    modality = models.CharField(max_length=30, choices=Modality.choices)
    therapeutic_area = models.CharField(max_length=30, choices=TherapeuticArea.choices)
    indication = models.CharField(max_length=200)
    stage = models.CharField(max_length=30, choices=Stage.choices)
    mechanism = models.CharField(max_length=500)
    differentiation = models.TextField(max_length=5000)
    data_summary = models.TextField(max_length=10000)
    ip_status = models.TextField(max_length=3000)
    deal_type = models.CharField(max_length=30, choices=DealType.choices)
    attested_non_confidential = models.BooleanField(default=False)
    # Progress and service levels
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    submitted_at = models.DateTimeField(default=clock.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    paused_since = models.DateTimeField(
        null=True, blank=True, help_text="Waiting on the submitter: the clocks stand still."
    )
    paused_seconds = models.PositiveBigIntegerField(default=0)
    # The two service-level deadlines before pauses, as clock.py reckons them, kept so the queue
    # can filter and sort by deadline in SQL (the organisation's local day is beyond SQLite).
    # Set on arrival and again whenever the portal's service levels change (clock.deadlines_set).
    first_response_due = models.DateTimeField(null=True, blank=True)
    decision_due = models.DateTimeField(null=True, blank=True)
    match_score = models.PositiveSmallIntegerField(default=0)
    match_explanation = models.JSONField(default=list, blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="assigned_submissions"
    )
    decline_reasons = models.JSONField(default=list, blank=True)
    feedback = models.TextField(blank=True, max_length=10000)
    alliance = models.ForeignKey(
        "alliances.Alliance", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # How long the first answer and the decision took, in microseconds, kept with the
    # statistics (selectors/statistics.py) so a median reads a few index entries, not every row.
    first_response_lag = models.BigIntegerField(null=True, blank=True, editable=False)
    decision_lag = models.BigIntegerField(null=True, blank=True, editable=False)
    # The queue's order, kept so its default order reads an index (selectors/queue.py): an open
    # submission's deadline in whole seconds since 1970, pauses over added; QUEUE_DECIDED plus
    # the id once decided (after every open one, oldest first); NULL while waiting on the
    # submitter, since a running pause moves the deadline every second.
    queue_key = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            # The submitter's organisation rides along so the queue's counts, read through
            # visible_to (received OR sent), are answered from the index alone.
            models.Index(
                fields=["organisation", "status", "submitter_organisation"],
                name="portal_submission_status",
            ),
            models.Index(fields=["organisation", "submitted_at"]),
            # The statistics' medians read one range of answer times, offset to the middle:
            # with what their window filters on riding along, from the index alone.
            models.Index(
                fields=["organisation", "first_response_lag", "is_internal", "submitted_at"],
                name="portal_submission_first_lag",
            ),
            models.Index(
                fields=["organisation", "decision_lag", "is_internal", "submitted_at"],
                name="portal_submission_decided_lag",
            ),
            # The queue in its default order, and its length: the open submissions are the keys
            # below QUEUE_DECIDED, counted from the index alone (status rides along for the
            # queue's status filters, the submitter's organisation for visible_to).
            models.Index(
                fields=["organisation", "queue_key", "status", "submitter_organisation"],
                name="portal_submission_queued",
            ),
            models.Index(fields=["organisation", "paused_since"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.asset_name}"

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    @property
    def decline_reason_labels(self) -> list[str]:
        return [DeclineReason(reason).label for reason in self.decline_reasons]


class Attachment(TenantModel):
    """A non-confidential PDF that came with a submission (checked by content, at most 10 MB)."""

    tenancy = SubmissionTenancy(submission="submission")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="submissions/%Y/%m/")
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name


class Review(TenantModel):
    """One reviewer's scores on the rubric: private to the receiving organisation."""

    class Track(models.TextChoices):
        BD = "bd", "Business development"
        RND = "rnd", "R&D"

    tenancy = Tenancy(organisation="submission__organisation")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    track = models.CharField(max_length=5, choices=Track.choices)
    scores = models.JSONField(help_text="Criterion → {score: 1–5, comment}.")
    weighted_score = models.DecimalField(max_digits=4, decimal_places=2)
    was_blind = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_track_display()} review of {self.submission.reference}"


class MessageTenancy(Tenancy):
    """The dialogue: the receiving team sees all of it; a submitter account sees the non-internal part."""

    def visible_q(self, org: Any, user: Any) -> Q:
        return Q(submission__organisation=org) | Q(
            submission__submitter_organisation=org, is_internal=False
        )

    def editable_q(self, org: Any, user: Any) -> Q:
        return Q(pk__in=[])  # messages are never edited


class Message(TenantModel):
    """One entry in a submission's dialogue, or an internal note of the receiving team."""

    class Kind(models.TextChoices):
        MESSAGE = "message", "Message"
        QUESTION = "question", "Request for information"
        NOTE = "note", "Internal note"
        DECISION = "decision", "Decision"

    tenancy = MessageTenancy()

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MESSAGE)
    from_submitter = models.BooleanField(default=False)
    is_internal = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200)
    body = models.TextField(max_length=10000)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.submission.reference}"


class SubmissionDay(TenantModel):
    """A portal's statistics for the external submissions it received on one day (UTC).

    Kept by the services, in the transaction that changed a submission of that day (see
    selectors/statistics.py: submission_kept_refresh), so the statistics page adds up at most
    eighteen months of days instead of reading every submission. Submissions waiting on their
    submitter are left out: their clocks still run, so the statistics read them as they are.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    # {"areas": {area: {total, acknowledged, gaps, gapped, n_<reason>…}}, "first": n,
    # "first_in_time": n, "decision": n, "decision_in_time": n, "first_lags": {hour: n},
    # "decision_lags": {hour: n}}: see selectors/statistics.py's Figures.
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="one_submission_day")
        ]

    def __str__(self) -> str:
        return f"portal figures of {self.day}"


class SubmissionMonth(TenantModel):
    """A portal's statistics for the external submissions it received in one month (UTC): the
    sum of its days' SubmissionDay figures, kept with them (services/statistics.py), so the
    statistics page adds up eighteen months and the days of its window's first month rather
    than some five hundred days, however many submissions each day holds.
    """

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The month's first day.")
    figures = models.JSONField(default=dict)  # as SubmissionDay's

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "month"], name="one_submission_month")
        ]

    def __str__(self) -> str:
        return f"portal figures of {self.month:%B %Y}"
