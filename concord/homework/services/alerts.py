"""Drift and continuity alerts: raised once per cause, told to the organisation's managers."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.errors import invalid
from concord.homework import emails
from concord.homework.models import Alert, Stakeholder
from concord.homework.services._common import audit, own_record
from concord.orgs.models import Organisation, User


def alert_raise(
    *,
    alliance: Alliance,
    organisation: Organisation,
    kind: str,
    cause: str,
    message: str,
    stakeholder: Stakeholder | None = None,
    actor: Any = None,
) -> Alert | None:
    """Raise an alert unless the same cause raised one before; None when it had."""
    exists = Alert.objects.unscoped().filter(
        alliance=alliance, organisation=organisation, cause=cause
    )
    if exists.exists():
        return None
    alert = Alert(
        alliance=alliance,
        organisation=organisation,
        kind=kind,
        cause=cause,
        message=message[:300],
        stakeholder=stakeholder,
    )
    try:
        with transaction.atomic():  # a concurrent sweep raised it first: one alert still
            alert.save()
    except IntegrityError:
        return None
    audit(actor, alert, "homework.alert_raised", f"Alert: {alert.message}")
    emails.send_alert(alert)
    return alert


@transaction.atomic
def alert_resolve(*, actor: User, alert: Alert, note: str = "") -> Alert:
    """Mark an alert dealt with; it stays in the history."""
    own_record(actor, alert)
    alert = Alert.objects.unscoped().select_for_update(of=("self",)).get(pk=alert.pk)
    if alert.resolved_at is not None:
        raise invalid("alert", "This alert is already resolved.")
    alert.resolved_at, alert.resolved_by = clock.now(), actor
    alert.save(update_fields=["resolved_at", "resolved_by"])
    summary = f"{actor} resolved the alert “{alert.message}”"
    audit(actor, alert, "homework.alert_resolved", f"{summary}{': ' + note if note else ''}")
    return alert
