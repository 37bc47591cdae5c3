"""A person's calendar feed of governance dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from concord.core import clock
from concord.core.tenancy import Tenancy, TenantModel


class CalendarFeed(TenantModel):
    """A person's secret calendar URL; only the token's hash is kept."""

    tenancy = Tenancy(organisation="user__membership__organisation", person="user")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user} ({self.prefix}…)"
