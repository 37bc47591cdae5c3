"""Requests for partners: what an organisation seeks, posted on its public page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.orgs.models import User
from concord.portal.models import PartnerRequest, Portal
from concord.portal.services._common import _team_member

REQUEST_FIELDS = (
    "title",
    "seeking",
    "therapeutic_area",
    "modality",
    "good_response",
    "respond_by",
    "decide_by",
    "is_open",
)


@transaction.atomic
def partner_request_save(
    *, actor: User, partner_request: PartnerRequest | None = None, **fields: Any
) -> PartnerRequest:
    """Post (or change) a request for partners on the organisation's public page."""
    membership = _team_member(actor, deciding=True)
    portal = Portal.objects.unscoped().filter(organisation=membership.organisation).first()
    if portal is None:
        raise invalid("portal", "Open the portal before posting requests for partners.")
    created = partner_request is None
    request = partner_request or PartnerRequest(portal=portal, created_by=actor)
    if request.portal_id != portal.pk:
        raise forbidden("This request belongs to another organisation.")
    for name, value in fields.items():
        if name not in REQUEST_FIELDS:
            raise invalid(name, "This cannot be set on a request for partners.")
        setattr(request, name, value.strip() if isinstance(value, str) else value)
    problems = _date_problems(request, created)
    try:
        request.full_clean(exclude=["portal", "created_by"])
    except ValidationError as error:
        problems = {**error.message_dict, **problems}
    if problems:
        raise ValidationError(problems)
    request.save()
    audit_record(
        actor=actor,
        action="portal.request_posted" if created else "portal.request_changed",
        obj=request,
        organisation=membership.organisation,
        summary=f"{actor} {'posted' if created else 'changed'} the request for partners "
        f"“{request.title}”",
        after={"respond_by": str(request.respond_by), "is_open": request.is_open},
    )
    return request


def _date_problems(request: PartnerRequest, created: bool) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if request.respond_by is None or request.decide_by is None:
        return problems  # full_clean names a missing date
    if created and request.respond_by < clock.today():
        problems["respond_by"] = ["The closing day has passed: pick today or later."]
    if request.decide_by < request.respond_by:
        problems["decide_by"] = ["The decision comes after the closing day for responses."]
    return problems
