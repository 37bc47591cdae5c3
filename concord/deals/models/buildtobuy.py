"""Build-to-Buy: funding tranches and the option to license or acquire they lead to."""

from __future__ import annotations

import datetime

from django.db import models

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel
from concord.deals.models._common import USER, currency_field, money_field, party_field
from concord.deals.models.terms import Milestone


class Tranche(TenantModel):
    """A Build-to-Buy funding step, released when its named milestone is met, in order."""

    class Status(models.TextChoices):
        LOCKED = "locked", "Not yet released"
        RELEASED = "released", "Released"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="tranches")
    sequence = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    unlocks_when = models.CharField(
        max_length=300, help_text="The named milestone that releases this tranche."
    )
    milestone = models.ForeignKey(
        Milestone, null=True, blank=True, on_delete=models.PROTECT, related_name="tranches"
    )
    amount = money_field()
    currency = currency_field()
    payer = party_field("+")
    payee = party_field("+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOCKED)
    released_on = models.DateField(null=True, blank=True)
    released_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["alliance_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "sequence"], name="deals_one_tranche_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"Tranche {self.sequence}: {self.title}"


class BuyOption(TenantModel):
    """The option that ends a Build-to-Buy deal: license or acquire at a pre-agreed price, only
    inside its exercise window."""

    class Kind(models.TextChoices):
        LICENCE = "licence", "Option to license"
        ACQUISITION = "acquisition", "Option to acquire"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        EXERCISED = "exercised", "Exercised"
        LAPSED = "lapsed", "Lapsed"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.OneToOneField(Alliance, on_delete=models.CASCADE, related_name="buy_option")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    price = money_field()
    currency = currency_field()
    holder = party_field("+")
    grantor = party_field("+")
    window_opens = models.DateField()
    window_closes = models.DateField()
    terms = models.TextField(blank=True, max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    exercised_on = models.DateField(null=True, blank=True)
    exercised_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.alliance}"

    def window_state(self, today: datetime.date) -> str:
        """ "before", "open" or "closed": where today stands against the exercise window."""
        if today < self.window_opens:
            return "before"
        return "open" if today <= self.window_closes else "closed"
