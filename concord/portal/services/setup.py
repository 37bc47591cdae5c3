"""Setting up the portal and its areas of interest."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.orgs.models import User
from concord.portal.clock import deadlines_refresh
from concord.portal.models import (
    AreaOfInterest,
    Criterion,
    Portal,
)
from concord.portal.services._common import _team_member


@transaction.atomic
def portal_save(*, actor: User, **fields: Any) -> Portal:
    """Open or change the organisation's portal: its public page, service levels and rubric."""
    membership = _team_member(actor, deciding=True)
    portal = Portal.objects.unscoped().filter(organisation=membership.organisation).first()
    created = portal is None
    portal = portal or Portal(organisation=membership.organisation)
    for name, value in fields.items():
        if name not in PORTAL_FIELDS:
            raise invalid(name, "This setting cannot be changed here.")
        setattr(portal, name, value)
    _check_weights(portal.weights)
    portal.full_clean()
    levels = ("first_response_days", "decision_days")
    before = Portal.objects.unscoped().filter(pk=portal.pk).values_list(*levels).first()
    portal.save()
    if before is not None and before != tuple(getattr(portal, name) for name in levels):
        deadlines_refresh(portal)
    audit_record(
        actor=actor,
        action="portal.opened" if created else "portal.updated",
        obj=portal,
        organisation=membership.organisation,
        summary=f"{actor} {'opened' if created else 'changed'} the partnering portal",
        after={k: str(v) for k, v in fields.items()},
    )
    return portal


PORTAL_FIELDS = {
    "slug",
    "is_open",
    "introduction",
    "first_response_days",
    "decision_days",
    "publish_statistics",
    "blind_first_pass",
    "nih_threshold",
    "weights",
    "head_of_bd",
}


def _check_weights(weights: dict[str, Any]) -> None:
    for criterion, weight in weights.items():
        if criterion not in Criterion.values:
            raise invalid("weights", f"{criterion} is not a criterion of the rubric.")
        try:
            value = Decimal(str(weight))
        except ArithmeticError as error:
            raise invalid("weights", "Weights are numbers from 0 to 10.") from error
        if not Decimal(0) <= value <= Decimal(10):
            raise invalid("weights", "Weights are numbers from 0 to 10.")


@transaction.atomic
def area_save(
    *,
    actor: User,
    area: AreaOfInterest | None = None,
    reviewers: list[User] | None = None,
    **fields: Any,
) -> AreaOfInterest:
    """Publish (or change) one area of interest, with the reviewers its submissions go to."""
    membership = _team_member(actor, deciding=True)
    portal = Portal.objects.unscoped().filter(organisation=membership.organisation).first()
    if portal is None:
        raise invalid("portal", "Open the portal before publishing areas of interest.")
    area = area or AreaOfInterest(portal=portal)
    if area.portal_id != portal.pk:
        raise forbidden("This area belongs to another organisation.")
    for name, value in fields.items():
        setattr(area, name, value)
    _check_choices(area)
    area.full_clean()
    area.save()
    if reviewers is not None:
        if any(
            getattr(r, "membership", None) is None
            or r.membership.organisation_id != portal.organisation_id
            for r in reviewers
        ):
            raise invalid("reviewers", "Reviewers come from your own organisation.")
        area.reviewers.set(reviewers)
    audit_record(
        actor=actor,
        action="portal.area_saved",
        obj=area,
        organisation=membership.organisation,
        summary=f"{actor} published the area of interest “{area.title}”",
        after={"title": area.title, "kind": area.kind},
    )
    return area


def _check_choices(area: AreaOfInterest) -> None:
    from concord.core.vocabulary import DealType, Modality, Stage, TherapeuticArea

    for field, choices in (
        ("therapeutic_areas", TherapeuticArea),
        ("modalities", Modality),
        ("stages", Stage),
        ("deal_types", DealType),
    ):
        values = getattr(area, field)
        if not isinstance(values, list) or any(v not in choices.values for v in values):
            raise invalid(field, "Choose from the listed values.")
