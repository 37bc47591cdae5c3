"""Fit assessments: dated scores of how the alliance fits the partner's plans, and their drift."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.audit import snapshot
from concord.core.errors import invalid
from concord.homework.models import DIMENSIONS, Alert, FitAssessment
from concord.homework.services._common import audit, clean, own_party
from concord.homework.services.alerts import alert_raise
from concord.orgs.models import User

# A fall of this many points (out of 100) since the assessment before is strategic drift.
FIT_FALL_THRESHOLD = Decimal(10)
# Sponsor strength moving this far (on 1–5), either way, means the sponsor changed.
SPONSOR_SWING = 2


def _previous(assessment: FitAssessment) -> FitAssessment | None:
    """The organisation's assessment of the alliance just before this one."""
    return (
        FitAssessment.objects.unscoped()
        .filter(alliance=assessment.alliance, organisation=assessment.organisation)
        .exclude(pk=assessment.pk)
        .filter(assessed_on__lte=assessment.assessed_on)
        .order_by("-assessed_on", "-pk")
        .first()
    )


@transaction.atomic
def fit_assess(
    *,
    actor: User,
    alliance: Alliance,
    assessed_on: datetime.date,
    strategic_fit: int,
    priority: int,
    market: int,
    competition: int,
    sponsor_strength: int,
    rationale: dict[str, str] | None = None,
) -> FitAssessment:
    """Record how the alliance fits the partner's plans today; a drift raises a private alert."""
    party = own_party(actor, alliance)
    if assessed_on > clock.today():
        raise invalid("assessed_on", "An assessment cannot be dated in the future.")
    notes = {k: str(v).strip()[:500] for k, v in (rationale or {}).items() if str(v).strip()}
    unknown = set(notes) - set(DIMENSIONS)
    if unknown:
        raise invalid("rationale", f"No dimension is called {sorted(unknown)[0]}.")
    assessment = FitAssessment(
        alliance=alliance,
        organisation=party.organisation,
        assessed_on=assessed_on,
        strategic_fit=strategic_fit,
        priority=priority,
        market=market,
        competition=competition,
        sponsor_strength=sponsor_strength,
        rationale=notes,
        assessed_by=actor,
    )
    clean(assessment)
    assessment.save()
    audit(
        actor,
        assessment,
        "homework.fit_assessed",
        f"{actor} assessed the fit of {alliance}: {assessment.overall}/100",
        after=snapshot(assessment, ["assessed_on", *DIMENSIONS]),
    )
    _drift_alerts(actor, assessment)
    return assessment


def _drift_alerts(actor: User, assessment: FitAssessment) -> None:
    previous = _previous(assessment)
    if previous is None:
        return
    fall = previous.overall - assessment.overall
    if fall >= FIT_FALL_THRESHOLD:
        alert_raise(
            alliance=assessment.alliance,
            organisation=assessment.organisation,
            kind=Alert.Kind.FIT_FALL,
            cause=f"fit:{assessment.pk}",
            message=(
                f"Fit fell {fall} points, from {previous.overall} on "
                f"{previous.assessed_on:%d %b %Y} to {assessment.overall} on "
                f"{assessment.assessed_on:%d %b %Y}."
            ),
            actor=actor,
        )
    swing = assessment.sponsor_strength - previous.sponsor_strength
    if abs(swing) >= SPONSOR_SWING:
        direction = "weakened" if swing < 0 else "strengthened"
        alert_raise(
            alliance=assessment.alliance,
            organisation=assessment.organisation,
            kind=Alert.Kind.SPONSOR_CHANGE,
            cause=f"sponsor:{assessment.pk}",
            message=(
                f"Sponsor strength {direction} from {previous.sponsor_strength} to "
                f"{assessment.sponsor_strength}: is the sponsor still the same person?"
            ),
            actor=actor,
        )
