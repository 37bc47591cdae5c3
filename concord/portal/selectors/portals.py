"""The portal and its areas of interest, and a submission found by its status link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import (
    Count,
    QuerySet,
)

from concord.core.tokens import hash_secret
from concord.portal.models import (
    AreaOfInterest,
    DeclineTemplate,
    PartnerRequest,
    Portal,
    Submission,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Responses(TypedDict):
    response_count: int


# A request for partners read with how many submissions answer it.
AnsweredRequest: TypeAlias = "WithAnnotations[PartnerRequest, _Responses]"


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


def partner_request_list(*, user: Any) -> QuerySet[PartnerRequest]:
    """The user's organisation's requests for partners, each with its number of responses."""
    return PartnerRequest.objects.visible_to(user).annotate(response_count=Count("responses"))


def public_partner_requests(portal: Portal) -> list[AnsweredRequest]:
    """The requests a portal's public page shows: open ones still taking responses."""
    requests = PartnerRequest.objects.unscoped().filter(portal=portal, is_open=True)
    return [r for r in requests.annotate(response_count=Count("responses")) if r.accepts_responses]


def public_partner_request(portal: Portal, pk: int) -> PartnerRequest | None:
    """One request as anyone reads it on the public page, with its number of responses."""
    return (
        PartnerRequest.objects.unscoped()
        .filter(portal=portal, pk=pk)
        .annotate(response_count=Count("responses"))
        .first()
    )
