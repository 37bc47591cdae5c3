"""The portal and its areas of interest, and a submission found by its status link."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    QuerySet,
)

from concord.core.tokens import hash_secret
from concord.portal.models import (
    AreaOfInterest,
    DeclineTemplate,
    Portal,
    Submission,
)


def portal_for_slug(slug: str) -> Portal | None:
    """A public portal page: anyone may read what an organisation publishes."""
    return (
        Portal.objects.unscoped()
        .select_related("organisation")
        .prefetch_related("areas")
        .filter(slug=slug)
        .first()
    )


def own_portal(*, user: Any) -> Portal | None:
    """The user's organisation's portal, if it has opened one."""
    return Portal.objects.visible_to(user).select_related("organisation", "head_of_bd").first()


def area_list(*, user: Any) -> QuerySet[AreaOfInterest]:
    """The user's organisation's areas of interest."""
    return AreaOfInterest.objects.visible_to(user).prefetch_related("reviewers")


def decline_templates(*, user: Any) -> dict[str, str]:
    """The user's organisation's decline letter templates, by reason."""
    return dict(DeclineTemplate.objects.visible_to(user).values_list("reason", "body"))


def submission_for_token(token: str) -> Submission | None:
    """The submission a private status link stands for; the token is the credential."""
    if not token or len(token) > 100:
        return None
    return (
        Submission.objects.unscoped()
        .select_related("organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )
