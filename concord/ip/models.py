"""The alliance's IP register: background IP each party brings, what the others may do with it
(licences), and foreground IP arising in the alliance — invention disclosures, their inventors,
who owns them by the agreement's rule, and their filings with the deadlines that follow."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day where it is shorter (31 Jan + 1)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


PATENT_COMMITTEE = "jpc"  # governance's Committee.Kind.JPC, named here: ip never imports governance
RESTRICTED_TITLE = "Invention disclosure restricted to the patent committee"
PCT_MONTHS = 12  # Paris Convention priority year: PCT or foreign filings claim priority within it
NATIONAL_PHASE_MONTHS = 30  # PCT national phase entry, counted from the priority date


class Use(models.TextChoices):
    RESEARCH = "research", "Research use"
    COMMERCIAL = "commercial", "Commercial use"
    BOTH = "both", "Research and commercial use"


class IpAsset(TenantModel):
    """Background IP one party brings to the alliance: a patent family, know-how, materials or data."""

    class Kind(models.TextChoices):
        PATENT_FAMILY = "patent_family", "Patent family"
        KNOW_HOW = "know_how", "Know-how"
        MATERIALS = "materials", "Materials"
        DATA = "data", "Data"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="ip_assets"
    )
    owner_party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    numbers = models.CharField(
        max_length=500, blank=True, help_text="Patent and application numbers."
    )
    territories = models.CharField(
        max_length=300, blank=True, help_text="Country codes, comma-separated."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["owner_party", "title", "pk"]

    def __str__(self) -> str:
        return self.title


class Disclosure(TenantModel):
    """An invention arising in the alliance, and who owns it by the agreement's rule."""

    class Rule(models.TextChoices):
        INVENTORSHIP = "inventorship", "Sole by inventorship (each inventor's party owns)"
        JOINT = "joint", "Jointly owned by every party"
        ASSIGNED = "assigned", "Assigned to a named party"

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="ip_disclosures"
    )
    title = models.CharField(max_length=200)
    disclosed_on = models.DateField()
    programme = models.ForeignKey(
        "alliances.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.CharField(max_length=20, choices=Rule.choices)
    assigned_party = models.ForeignKey(
        "alliances.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prosecuting_party = models.ForeignKey(
        "alliances.Party", on_delete=models.PROTECT, related_name="+", help_text="Files and pays."
    )
    restricted = models.BooleanField(
        default=False,
        help_text="Its details are for the patent committee's members (and its discloser) only; "
        "others see that it exists, when, and who prosecutes it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-disclosed_on", "-pk"]

    # Set by the selectors on a restricted disclosure read by someone outside the committee.
    details_hidden = False

    def __str__(self) -> str:
        return self.title


class Inventor(TenantModel):
    """One inventor of a disclosure, and the party they invented for."""

    tenancy = Tenancy(alliance="disclosure__alliance")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="inventors")
    name = models.CharField(max_length=200)
    party = models.ForeignKey("alliances.Party", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["disclosure", "pk"]

    def __str__(self) -> str:
        return self.name


class Filing(TenantModel):
    """A patent filing for a disclosure; a priority filing starts the clock for what follows."""

    class Kind(models.TextChoices):
        PRIORITY = "priority", "Priority application"
        PCT = "pct", "PCT application"
        NATIONAL = "national", "National or regional application"

    tenancy = Tenancy(alliance="disclosure__alliance")

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="filings")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    office = models.CharField(max_length=20, help_text="EP, US, WO, JP…")
    number = models.CharField(max_length=100, blank=True)
    filed_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["disclosure", "filed_on", "pk"]
        indexes = [models.Index(fields=["kind", "filed_on"])]

    def __str__(self) -> str:
        return f"{self.office} {self.number or self.get_kind_display()}"


class Licence(TenantModel):
    """What a party may do with an asset or an invention: the right each answer rests on."""

    tenancy = Tenancy(alliance="alliance")

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.CASCADE, related_name="ip_licences"
    )
    asset = models.ForeignKey(
        IpAsset, null=True, blank=True, on_delete=models.CASCADE, related_name="licences"
    )
    disclosure = models.ForeignKey(
        Disclosure, null=True, blank=True, on_delete=models.CASCADE, related_name="licences"
    )
    licensee_party = models.ForeignKey(
        "alliances.Party", on_delete=models.PROTECT, related_name="+"
    )
    field = models.CharField(max_length=200, blank=True, help_text="Blank: any field.")
    territories = models.CharField(max_length=300, blank=True, help_text="Blank: worldwide.")
    use = models.CharField(max_length=12, choices=Use.choices)
    exclusive = models.BooleanField(default=False)
    until = models.DateField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(asset__isnull=False) ^ models.Q(disclosure__isnull=False),
                name="ip_licence_of_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_use_display()} of {self.asset or self.disclosure}"


class RoyaltyPatent(TenantModel):
    """A patent of a background family that bears one of the deal's royalties in one country.

    Royalties run country by country until the last valid claim there expires, so the latest
    expiry per country is where the royalty term ends. The term is kept by id: deals and the IP
    register never import each other, and the register reads the deal's terms through core's
    linkable registry ("deals.royaltyterm").
    """

    tenancy = Tenancy(alliance="asset__alliance")

    asset = models.ForeignKey(IpAsset, on_delete=models.CASCADE, related_name="royalty_patents")
    royalty_term_id = models.PositiveIntegerField(help_text="The deal's royalty term.")
    country = models.CharField(max_length=2, help_text="ISO country code: DE, US, JP…")
    number = models.CharField(max_length=100)
    expires_on = models.DateField(help_text="The last day its last valid claim is in force.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["royalty_term_id", "country", "-expires_on", "pk"]
        indexes = [models.Index(fields=["royalty_term_id", "country"])]

    def __str__(self) -> str:
        return f"{self.country} {self.number}"
