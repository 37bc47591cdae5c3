"""Who acts, and for which side: the checks every capability's services make before they write.

One copy for every app, so the rule cannot drift between them: an active person with an active
membership acts; managing takes an alliance manager or an admin; a person acts on an alliance
only for their own organisation's joined party, and not in a read-only role (the rule of
`Alliance.objects.editable_by`).
"""

from __future__ import annotations

from typing import Any

from concord.alliances.models import Alliance, Party
from concord.core.errors import forbidden
from concord.core.tenancy import organisation_of
from concord.orgs.models import Membership, User


def active_membership(actor: User) -> Membership:
    """The actor's active membership, or a refusal (as `organisation_of`, an inactive person
    acts for no one)."""
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active or not actor.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    return membership


def managing_membership(actor: User) -> Membership:
    """The actor's membership, if it may manage alliances (an alliance manager or an admin)."""
    membership = active_membership(actor)
    if not membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return membership


def joined_party(actor: User, alliance: Alliance, **narrow: Any) -> Party:
    """The actor's organisation's side of an alliance it has joined: the editable_by() rule.
    `narrow` adds lookups the party must also meet (as `status=Party.Status.ACCEPTED`)."""
    if not Alliance.objects.editable_by(actor).filter(pk=alliance.pk).exists():
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return (
        Party.objects.unscoped()
        .select_related("organisation")
        .get(alliance=alliance, organisation=organisation_of(actor), **narrow)
    )
