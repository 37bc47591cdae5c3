"""The operating model: workstreams and each party's part in them (RACI)."""

from __future__ import annotations

from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.governance.models.committees import Committee


class Workstream(TenantModel):
    """A line of the alliance's work, with who is responsible for it (its RACI per party)."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="governance_workstreams"
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="workstreams"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["alliance", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="gov_one_workstream_name")
        ]

    def __str__(self) -> str:
        return self.name


class Raci(TenantModel):
    """One party's part in a workstream: Responsible, Accountable, Consulted or Informed."""

    class Role(models.TextChoices):
        RESPONSIBLE = "R", "Responsible"
        ACCOUNTABLE = "A", "Accountable"
        CONSULTED = "C", "Consulted"
        INFORMED = "I", "Informed"

    tenancy = Tenancy(alliance="workstream__alliance")

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="raci")
    party = models.ForeignKey("alliances.Party", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=1, choices=Role.choices)

    class Meta:
        ordering = ["workstream", "party", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["workstream", "party"], name="gov_one_raci_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.party}: {self.role}"
