"""What every team page shares: the role's permissions, the base view, the received submission."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from concord.core.pages import MemberRequest, ScopedView
from concord.orgs.models import User
from concord.orgs.selectors import member_list
from concord.portal import selectors, services
from concord.portal.forms.team import People
from concord.portal.models import Review, Submission


@dataclass(frozen=True)
class TeamPermissions:
    """What the person's role lets them do on the portal pages (the services re-check)."""

    review: bool  # score, write to the submitter, leave internal notes
    decide: bool  # assign, ask for information, decide, change the settings


def team_permissions(user: User) -> TeamPermissions:
    """Scientists and sponsors review; BD and alliance managers also decide; viewers only read."""
    membership = getattr(user, "membership", None)
    if membership is None or not membership.is_active:
        return TeamPermissions(review=False, decide=False)
    return TeamPermissions(
        review=membership.is_admin or membership.role in services.TEAM_ROLES,
        decide=membership.is_admin or membership.role in services.DECIDING_ROLES,
    )


def detail_url(pk: int, anchor: str = "") -> str:
    """A submission's team page, optionally at one of its sections."""
    url = reverse("portal:submission-detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


class PortalTeamView(ScopedView):
    """Base for the team's pages: out-of-scope records are 404, refused roles get the 403 page."""

    forbidden_template = "portal/team/forbidden.html"

    def require_deciding(self, request: MemberRequest[User], message: str) -> None:
        """Refuse a page only deciding roles could submit (the service re-checks)."""
        if not team_permissions(request.user).decide:
            raise PermissionDenied(message)


def received_submission(user: User, pk: int) -> Submission:
    """A submission the user's organisation received; one it sent, or anyone else's, is 404."""
    return (
        selectors.received_submissions(user=user)
        .select_related("organisation", "alliance")
        .get(pk=pk)
    )


def people(user: User, *, reviewers_only: bool = False) -> People:
    """The user's organisation's active people (those who can review, if asked)."""
    return People.of(member_list(user=user), reviewers_only=reviewers_only)


def reviewed_ids(user: User, submission_ids: list[int]) -> set[int]:
    """Which of these submissions the user has scored (the blind first pass lifts for them)."""
    if not submission_ids:
        return set()
    return set(
        Review.objects.visible_to(user)
        .filter(reviewer=user, submission_id__in=submission_ids)
        .values_list("submission_id", flat=True)
    )
