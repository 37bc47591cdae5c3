"""Decisions, each party's own vote on them, and the action items that follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core import clock
from concord.core.records import OpenUntilClosed
from concord.core.tenancy import Tenancy, TenantModel
from concord.governance.models.committees import (
    Charter,
    Committee,
    budget_change_field,
    matter_category_field,
)
from concord.governance.models.meetings import AgendaItem, Meeting


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
    # What a decision sought by written consent is about, set when it is sought, for every
    # party to see: the charter's carve-out rules apply to it as to an agenda item's.
    category = matter_category_field()
    budget_change = budget_change_field("The change to the budget it decides, if any.")
    budget_currency = models.CharField(max_length=3, blank=True)
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


class ActionItem(OpenUntilClosed, TenantModel):
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

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < clock.today()
