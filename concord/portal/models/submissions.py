"""Submissions and what hangs on them: reviews, the dialogue, attachments, the path to a deal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea
from concord.portal.models.portals import DealStage, DeclineReason, PartnerRequest


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

    def owner_q(self, org: Any) -> Q:
        """The receiving organisation owns a submission: never the one that sent it."""
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
    request = models.ForeignKey(
        PartnerRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        help_text="The request for partners this submission answers (none: the open portal).",
    )
    # How far an advanced submission has come on the path to a deal (its latest DealStep).
    deal_stage = models.CharField(max_length=20, choices=DealStage.choices, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who an overdue submission was escalated to (the head of BD at the time).",
    )
    # How long the first answer and the decision took, in microseconds, kept with the
    # statistics (selectors/statistics.py) so a median reads a few index entries, not every row.
    first_response_lag = models.BigIntegerField(null=True, blank=True, editable=False)
    decision_lag = models.BigIntegerField(null=True, blank=True, editable=False)
    # The queue's order, kept so its default order reads an index (selectors/queue.py): an open
    # submission's deadline in whole seconds since 1970, pauses over added; QUEUE_DECIDED plus
    # the id once decided (after every open one, oldest first); NULL while waiting on the
    # submitter, since a running pause moves the deadline every second.
    queue_key = models.BigIntegerField(null=True, blank=True, editable=False)
    # The status this submission is counted under in the kept SubmissionCount rows ("" before it
    # is counted): the services move it to its status, and the counts with it, under its lock.
    counted_status = models.CharField(max_length=20, blank=True, editable=False)

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
    def deal_stage_words(self) -> str:
        """Where an advanced submission stands on the path to a deal, in plain words."""
        them = str(self.organisation)
        words: dict[str, str] = {
            DealStage.CDA_REQUESTED: f"{them} wants to talk in confidence and is preparing a "
            "confidentiality agreement (CDA) for you.",
            DealStage.CDA_SENT: f"{them} has sent you a confidentiality agreement (CDA). Each "
            "side signs it for itself; nothing confidential is shared before both have.",
            DealStage.CDA_SIGNED: "The confidentiality agreement is signed by both sides: you "
            "can now share confidential data for evaluation.",
            DealStage.EVALUATION: f"{them} is evaluating your confidential data.",
            DealStage.TERM_SHEET: f"{them} has proposed terms: you are negotiating a term sheet.",
            DealStage.DEAL_SIGNED: f"The deal is signed: you and {them} are partners, with an "
            "alliance on Concord.",
        }
        return words.get(self.deal_stage, "")

    @property
    def decline_reason_labels(self) -> list[str]:
        return [DeclineReason(reason).label for reason in self.decline_reasons]


class DealStep(TenantModel):
    """One stage reached on an advanced submission's path to a deal: when, and whose it is.

    Read by the receiving team and, through its account or status link, by the submitter.
    """

    tenancy = SubmissionTenancy(submission="submission")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="deal_steps")
    stage = models.CharField(max_length=20, choices=DealStage.choices)
    on = models.DateField(help_text="The day the stage was reached.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who on the receiving team carries the submission through this stage.",
    )
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["submission", "recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "stage"], name="one_step_per_stage")
        ]
        indexes = [models.Index(fields=["stage", "on"])]

    def __str__(self) -> str:
        return f"{self.submission.reference}: {self.get_stage_display()}"


class CdaSignature(TenantModel):
    """One side's own signature of a submission's confidentiality agreement (a joint act).

    The receiving organisation signs through one of its people, re-entering their password;
    the submitter through its own account or its private status link, naming who signs. The
    CDA is signed when both have; neither side can sign for the other.
    """

    class Side(models.TextChoices):
        RECEIVER = "receiver", "Receiving organisation"
        SUBMITTER = "submitter", "Submitter"

    tenancy = SubmissionTenancy(submission="submission")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="cda_signatures"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    printed_name = models.CharField(max_length=200)
    organisation_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "side"], name="one_cda_signature_per_side"
            )
        ]

    def __str__(self) -> str:
        return f"{self.printed_name} for {self.organisation_name}"


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
