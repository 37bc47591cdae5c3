"""What every deals model shares: money and party fields, calendar quarters."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models

from concord.alliances.models import Party
from concord.deals.money import CURRENCY_CHOICES

USER = settings.AUTH_USER_MODEL


def money_field(**kwargs: object) -> models.DecimalField:
    """An amount: up to a thousand trillion with three decimals (KWD, BHD)."""
    return models.DecimalField(max_digits=18, decimal_places=3, **kwargs)  # type: ignore[arg-type]


def currency_field() -> models.CharField:
    return models.CharField(max_length=3, choices=CURRENCY_CHOICES)


def party_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(Party, on_delete=models.PROTECT, related_name=related_name)


def quarter_label(year: int, quarter: int) -> str:
    return f"{year} Q{quarter}"


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a calendar quarter."""
    start = datetime.date(year, 3 * quarter - 2, 1)
    following = datetime.date(year + quarter // 4, (3 * quarter) % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)
