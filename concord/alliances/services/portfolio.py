"""The organisation's weights for the portfolio's attention score."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from concord.alliances.acting import active_membership
from concord.alliances.models import AttentionSettings
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.portfolio import attention_factors
from concord.orgs.models import User

MAX_WEIGHT = Decimal(100)


@transaction.atomic
def attention_weights_update(*, actor: User, weights: dict[str, Any]) -> AttentionSettings:
    """Set the organisation's weight for each attention factor (admins only); 0 ignores one."""
    membership = active_membership(actor)
    if not membership.is_admin:
        raise forbidden("Only your organisation's admins can change the attention weights.")
    known = {f.code for f in attention_factors()}
    cleaned: dict[str, str] = {}
    for code, raw in weights.items():
        if code not in known:
            raise invalid(code, "This is not a factor of the attention score.")
        try:
            weight = Decimal(str(raw))
        except InvalidOperation:
            raise invalid(code, "Enter a number.") from None
        if not weight.is_finite() or not Decimal(0) <= weight <= MAX_WEIGHT:
            raise invalid(code, f"A weight is between 0 and {MAX_WEIGHT}.")
        cleaned[code] = str(weight.quantize(Decimal("0.01")))
    settings, _ = AttentionSettings.objects.unscoped().get_or_create(
        organisation=membership.organisation
    )
    before = dict(settings.weights)
    settings.weights = {**before, **cleaned}
    settings.updated_by, settings.updated_at = actor, clock.now()
    settings.save()
    audit_record(
        actor=actor,
        action="alliances.attention_weights_updated",
        obj=settings,
        organisation=membership.organisation,
        summary=f"{actor} changed the portfolio's attention weights",
        before=before,
        after=settings.weights,
    )
    return settings
