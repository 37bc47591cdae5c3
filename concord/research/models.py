"""Federated studies: a model the parties of an alliance train together on data that never
leaves each party's own node, approved by a committee, admitted node by node, run and recorded.

A study reaches only the parties taking part in it: a party of the alliance that is not in the
study sees nothing of it, and the rule lives in one place, `ParticipantQuerySet.visible_to`.
"""

from __future__ import annotations

from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel, TenantQuerySet, organisation_of


class ParticipantQuerySet(TenantQuerySet):
    """Tenancy's alliance rule, narrowed to the studies the reader's organisation takes part in."""

    def _taking_part(self, user: Any) -> Q:
        org = organisation_of(user)
        studies = StudyParty.objects.unscoped().filter(organisation=org).values("study_id")
        path: str = getattr(self.model, "study_path")  # noqa: B009 - set on every model here
        return Q(**{f"{path}__pk__in" if path else "pk__in": studies})

    def visible_to(self, user: Any) -> Self:
        scoped = super().visible_to(user)
        return scoped if organisation_of(user) is None else scoped.filter(self._taking_part(user))

    def editable_by(self, user: Any) -> Self:
        scoped = super().editable_by(user)
        return scoped if organisation_of(user) is None else scoped.filter(self._taking_part(user))


ParticipantManager = models.Manager.from_queryset(ParticipantQuerySet)


class DataSteward(TenantModel):
    """A person their organisation trusts to admit its data nodes to studies (and withdraw
    them): appointed by its own admins or alliance managers, never by a partner."""

    tenancy = Tenancy(organisation="organisation")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appointed_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="research_one_steward")
        ]

    def __str__(self) -> str:
        return f"{self.user} (data steward, {self.organisation})"


class Study(TenantModel):
    """A federated study: its question, model, schema, rounds and privacy, and its approval."""

    class Model(models.TextChoices):
        COX = "cox", "Cox proportional hazards (time to event)"
        LOGISTIC = "logistic", "Logistic regression (binary outcome)"

    class Status(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting the committee"
        APPROVED = "approved", "Approved"
        NOT_APPROVED = "not_approved", "Not approved"

    tenancy = Tenancy(alliance="alliance")
    study_path = ""
    objects = ParticipantManager()  # type: ignore[misc]  # narrows TenantModel's manager

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="studies"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+", help_text="Proposed by."
    )
    title = models.CharField(max_length=200)
    question = models.TextField(max_length=5000)
    model = models.CharField(max_length=10, choices=Model.choices)
    # The engine's StudySpec as canonical JSON, and its digest: what the committee approves.
    spec_json = models.TextField()
    spec_digest = models.CharField(max_length=64)
    metrics = models.JSONField(default=list, help_text="The metrics reported, by code.")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_APPROVAL
    )
    committee_name = models.CharField(max_length=200)
    decision_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    decision_reference = models.CharField(max_length=20, blank=True)
    # What the approval pins: a run with other code or other parameters is refused.
    pinned_bundle_hash = models.CharField(max_length=64)
    pinned_spec_digest = models.CharField(max_length=64)
    decided_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["alliance", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class StudyParty(TenantModel):
    """One party's part in a study: its data steward's admission of its node (or withdrawal of
    consent) and what its node last reported of its data: counts and errors, never rows."""

    class Admission(models.TextChoices):
        AWAITING = "awaiting", "Awaiting its data steward"
        ADMITTED = "admitted", "Node admitted"
        WITHDRAWN = "withdrawn", "Consent withdrawn"

    tenancy = Tenancy(alliance="study__alliance")
    study_path = "study"
    objects = ParticipantManager()  # type: ignore[misc]  # narrows TenantModel's manager

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    admission = models.CharField(
        max_length=10, choices=Admission.choices, default=Admission.AWAITING
    )
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    admitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(max_length=2000, blank=True)
    # The node's public key (OpenSSH line, P-384) its steward uploaded when admitting it, and its
    # SHA-256 fingerprint: the coordinator lets only this key's node connect for the party.
    node_public_key = models.TextField(max_length=4000, blank=True)
    node_key_fingerprint = models.CharField(max_length=60, blank=True)
    # On a standing coordinator: the node id it gave this key when it was registered (an unsigned
    # 64-bit number, kept as text).
    coordinator_node_id = models.CharField(max_length=20, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    errors = models.JSONField(default=dict, blank=True, help_text="Per column, what is wrong.")
    validated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["study", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["study", "party"], name="research_one_part_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.study}"

    @property
    def is_admitted(self) -> bool:
        return self.admission == self.Admission.ADMITTED

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in (self.errors or {}).values())


class StudyRun(TenantModel):
    """One run of an approved study on the parties' nodes, and what it produced."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Finished"
        FAILED = "failed", "Failed"
        REFUSED = "refused", "Refused"

    tenancy = Tenancy(alliance="study__alliance")
    study_path = "study"
    objects = ParticipantManager()  # type: ignore[misc]  # narrows TenantModel's manager

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    engine = models.CharField(max_length=12)
    bundle_hash = models.CharField(max_length=64)
    spec_digest = models.CharField(max_length=64)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    queued_at = models.DateTimeField(default=clock.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    final = models.JSONField(default=dict, blank=True)
    # Each party's held-out figures for the federated model, keyed by organisation name.
    per_party = models.JSONField(default=dict, blank=True)
    model_hash = models.CharField(max_length=64, blank=True)
    model_file = models.FileField(upload_to="research/models/", max_length=200, blank=True)
    error = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["study", "number"], name="research_one_run_number")
        ]

    def __str__(self) -> str:
        return f"Run {self.number} of {self.study}"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED, self.Status.REFUSED)


class RunRound(TenantModel):
    """One round's aggregate figures, recorded as the round finishes."""

    tenancy = Tenancy(alliance="run__study__alliance")
    study_path = "run__study"
    objects = ParticipantManager()  # type: ignore[misc]  # narrows TenantModel's manager

    run = models.ForeignKey(StudyRun, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveIntegerField()
    metrics = models.JSONField(default=dict)
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="research_one_round_number")
        ]


class LocalComparison(TenantModel):
    """How a party's own local-only model compares with the federated one on its held-out data:
    the reason to federate, and its own business only."""

    tenancy = Tenancy(
        alliance="run__study__alliance", organisation="organisation", always_private=True
    )
    study_path = "run__study"
    objects = ParticipantManager()  # type: ignore[misc]  # narrows TenantModel's manager

    run = models.ForeignKey(StudyRun, on_delete=models.CASCADE, related_name="comparisons")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    local_only = models.JSONField(default=dict)
    federated = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "organisation"], name="research_one_comparison")
        ]
