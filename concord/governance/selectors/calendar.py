"""The calendar feed: its owner, the meetings and the actions it lists."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from concord.alliances.models import TeamMember
from concord.core import clock
from concord.core.tokens import hash_secret
from concord.governance.models import (
    ActionItem,
    CalendarFeed,
    CommitteeMember,
    Meeting,
)
from concord.orgs.models import User


def calendar_feed_of(*, user: Any) -> CalendarFeed | None:
    """The person's own calendar feed, if they have one."""
    return CalendarFeed.objects.visible_to(user).filter(user=user).first()


def calendar_user_for_token(token: str) -> User | None:
    """Whose calendar a secret URL token opens; the token is the credential."""
    if not token:
        return None
    feed = (
        CalendarFeed.objects.unscoped()
        .select_related("user__membership__organisation")
        .filter(token_hash=hash_secret(token))
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    membership = getattr(feed.user, "membership", None)
    return feed.user if membership is not None and membership.is_active else None


CALENDAR_PAST = datetime.timedelta(days=365)


def calendar_meetings(*, user: Any) -> QuerySet[Meeting]:
    """Meetings of the committees the person sits on, or of alliances whose team they are on,
    from a year back onwards."""
    seats = CommitteeMember.objects.visible_to(user).filter(user=user).values("committee_id")
    teams = TeamMember.objects.visible_to(user).filter(user=user).values("party__alliance_id")
    return (
        Meeting.objects.visible_to(user)
        .filter(Q(committee_id__in=seats) | Q(alliance_id__in=teams))
        .filter(starts_at__gte=clock.now() - CALENDAR_PAST)
        .exclude(status="cancelled")
        .select_related("committee", "alliance")
        .order_by("starts_at")
    )


def calendar_actions(*, user: Any) -> QuerySet[ActionItem]:
    """The person's open actions, for their due dates."""
    return (
        ActionItem.objects.visible_to(user)
        .filter(owner=user, status="open")
        .select_related("alliance")
        .order_by("due_on")
    )
