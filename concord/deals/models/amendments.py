"""Amendments: the only way agreed deal terms change, and the versions of terms they make."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models

from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.models._common import USER


class Amendment(TenantModel):
    """A change to one agreed term of the deal, proposed by one party and approved by the other.

    The term's record always holds its newest agreed value; an approved amendment is a version
    of the term in force from `effective_from`, so calculations read the value in force on their
    own date (see `value_in_force`). Values are kept as JSON of exact strings.
    """

    class Term(models.TextChoices):
        MILESTONE_AMOUNT = "milestone.amount", "Milestone amount"
        MILESTONE_THRESHOLD = "milestone.sales_threshold", "Sales milestone threshold"
        MILESTONE_RULE = "milestone.threshold_rule", "Sales milestone rule (reach or exceed)"
        ROYALTY_TIERS = "royalty.tiers", "Royalty tiers"
        OPTION_PRICE = "option.price", "Option price"
        OPTION_WINDOW = "option.window", "Option exercise window"
        TRANCHE_AMOUNT = "tranche.amount", "Tranche amount"
        COST_SHARE = "cost_share.split", "Cost-share split"

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting the other party"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="amendments")
    term = models.CharField(max_length=30, choices=Term.choices)
    subject_id = models.PositiveIntegerField(help_text="The milestone, royalty, option, tranche…")
    subject_label = models.CharField(max_length=300)
    old_value = models.JSONField()
    new_value = models.JSONField()
    effective_from = models.DateField()
    reason = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposing_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=clock.now)
    closed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True, max_length=5000)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "term", "subject_id"],
                condition=models.Q(status="pending"),
                name="deals_one_pending_amendment_per_term",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_term_display()} of {self.subject_label}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class AmendmentAct(TenantModel):
    """One party's own act on an amendment: approve or reject, by whom and when (a joint act)."""

    class Answer(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"

    tenancy = Tenancy(alliance="amendment__alliance")

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="acts")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["amendment_id", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "party"], name="deals_one_amendment_act_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_answer_display()} by {self.party_id}"


def value_in_force(term: str, subject_id: int, current: Any, on: datetime.date) -> Any:
    """The term's value in force on a day: the newest approved version effective by then.

    Before its first amendment takes effect a term stands as agreed at signature (that
    amendment's old value); `current` is the record's value, the newest agreed one.
    """
    versions = list(
        Amendment.objects.unscoped()
        .filter(term=term, subject_id=subject_id, status=Amendment.Status.APPROVED)
        .order_by("effective_from", "closed_at", "pk")
        .values_list("effective_from", "old_value", "new_value")
    )
    if not versions:
        return current
    value = versions[0][1]
    for effective_from, _, new_value in versions:
        if effective_from <= on:
            value = new_value
    return value
