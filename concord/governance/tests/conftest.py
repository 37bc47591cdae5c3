"""Governance's part of the story: the Helix–Borealis joint steering committee.

Alice (Helix) and Bob (Borealis) co-chair it; Erin, Borealis's executive sponsor, is Borealis's
alternate. The meeting is yesterday, so attendance can be recorded.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from concord.governance import services
from concord.governance.models import Committee, CommitteeMember, Meeting
from conftest import Cast


@dataclass
class Board:
    """The committee, its seats and one held-able meeting."""

    cast: Cast
    jsc: Committee
    alice_seat: CommitteeMember
    bob_seat: CommitteeMember
    erin_seat: CommitteeMember
    meeting: Meeting


def seat_jsc(cast: Cast, **rules: Any) -> Committee:
    """A committee set up by Alice, with Alice and Erin as the named executives."""
    return services.committee_create(
        actor=cast.alice,
        alliance=cast.helix_borealis,
        **{"kind": "jsc", "executives": [cast.alice, cast.erin], **rules},
    )


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """Queue the services' emails at once: inside a test's transaction nothing ever commits."""
    monkeypatch.setattr(
        "concord.core.emails.transaction.on_commit", lambda callback, *args, **kwargs: callback()
    )


def schedule(cast: Cast, committee: Committee, days_ago: int = 1) -> Meeting:
    return services.meeting_schedule(
        actor=cast.alice,
        committee=committee,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        time_zone="Europe/London",
        location="Borealis, Oslo",
    )


@pytest.fixture
def board(cast: Cast) -> Board:
    jsc = seat_jsc(cast)
    alice_seat = services.committee_member_add(
        actor=cast.alice, committee=jsc, user=cast.alice, role="co_chair"
    )
    bob_seat = services.committee_member_add(
        actor=cast.bob, committee=jsc, user=cast.bob, role="co_chair"
    )
    erin_seat = services.committee_member_add(
        actor=cast.bob, committee=jsc, user=cast.erin, role="alternate"
    )
    return Board(cast, jsc, alice_seat, bob_seat, erin_seat, schedule(cast, jsc))
