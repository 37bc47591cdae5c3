"""Decline letters: the organisation's templates per reason, and the rule that every letter is
personalised before it is sent."""

from __future__ import annotations

import re

from django.db import transaction

from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.tenancy import PRIVATE
from concord.orgs.models import User
from concord.portal.models import DeclineReason, DeclineTemplate, Portal, Submission
from concord.portal.services._common import MIN_FEEDBACK_CHARS, _team_member

# A template's blanks: "[what would change our answer]". A letter still holding one is unfinished.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{3,120}\]")


def _normalised(text: str) -> str:
    return " ".join(text.split()).lower()


def decline_problems(reasons: list[str], feedback: str, draft: str = "") -> dict[str, str]:
    """Everything wrong with a decline at once, by field: reasons, then the letter."""
    problems: dict[str, str] = {}
    if not reasons or any(r not in DeclineReason.values for r in reasons):
        problems["reasons"] = "Give one or more of the coded reasons."
    feedback = feedback.strip()
    if len(feedback) < MIN_FEEDBACK_CHARS:
        problems["feedback"] = (
            f"Write feedback the submitter can use (at least {MIN_FEEDBACK_CHARS} characters; "
            f"{len(feedback)} so far)."
        )
    elif draft and _normalised(feedback) == _normalised(draft):
        problems["feedback"] = (
            "Personalise the letter: it is still the template word for word. Say what you "
            "saw in this submission."
        )
    else:
        blanks = [blank for blank in PLACEHOLDER.findall(feedback) if blank in draft]
        if blanks:
            problems["feedback"] = f"Fill in the blank {blanks[0]} before sending."
    return problems


def decline_draft(*, portal: Portal, submission: Submission, reasons: list[str]) -> str:
    """The letter's starting text: the templates of the reasons given, greeting the submitter."""
    templates = dict(
        DeclineTemplate.objects.unscoped()
        .filter(portal=portal, reason__in=reasons)
        .values_list("reason", "body")
    )
    bodies = [templates[r] for r in DeclineReason.values if r in templates]
    if not bodies:
        return ""
    greeting = f"Dear {submission.contact_name},"
    thanks = f"Thank you for submitting {submission.asset_name} ({submission.reference})."
    return "\n\n".join([greeting, thanks, *bodies])


@transaction.atomic
def decline_templates_save(*, actor: User, bodies: dict[str, str]) -> int:
    """Write the organisation's templates for several reasons at once (all or none)."""
    for reason, body in bodies.items():
        decline_template_save(actor=actor, reason=reason, body=body)
    return len(bodies)


@transaction.atomic
def decline_template_save(*, actor: User, reason: str, body: str) -> DeclineTemplate | None:
    """Write (or, with an empty body, remove) the organisation's template for one reason."""
    membership = _team_member(actor, deciding=True)
    portal = Portal.objects.unscoped().filter(organisation=membership.organisation).first()
    if portal is None:
        raise invalid("portal", "Open the portal before writing decline letters.")
    if reason not in DeclineReason.values:
        raise invalid("reason", "This is not one of the coded reasons.")
    body = body.strip()
    existing = DeclineTemplate.objects.unscoped().filter(portal=portal, reason=reason).first()
    if not body:
        if existing is not None:
            existing.delete()
            _audit(actor, portal, reason, "removed")
        return None
    if len(body) > 5000:
        raise invalid("body", "Keep a template under 5,000 characters.")
    template = existing or DeclineTemplate(portal=portal, reason=reason)
    template.body, template.updated_at = body, clock.now()
    template.save()
    _audit(actor, portal, reason, "changed" if existing else "written")
    return template


def _audit(actor: User, portal: Portal, reason: str, verb: str) -> None:
    audit_record(
        actor=actor,
        action="portal.decline_template_saved",
        obj=portal,
        organisation=portal.organisation,
        summary=f"{actor} {verb} the decline letter for “{DeclineReason(reason).label}”",
        visibility=PRIVATE,
    )
