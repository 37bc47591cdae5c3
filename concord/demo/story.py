"""The demo: Castlegate Pharma's alliance portfolio, played through the services over 2023–2026.

Every record is written by the same services a person would use, so the audit trail, activity
feeds and permission checks are real. Each chapter (concord/demo/chapters/) schedules what people
do in one capability, at dated moments; the story plays every step in time order with the clock
moved to its moment (core.clock), so the history is spread over three and a half years and the
hash chain still verifies. The dates are written as if the story ended on STORY_END; they slide
forward to end yesterday, so the pending gates and invitations always look recent.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from concord.alliances.models import Alliance
from concord.core import clock
from concord.core.audit import audit_seal
from concord.core.emails import mail_held
from concord.core.models import AuditEvent
from concord.core.signatures import one_check_per_password
from concord.demo.chapters import CHAPTERS, Chapter
from concord.demo.data import LOGINS, ORG_BY_KEY, ORGS, PHARMA, DemoOrg, Plan
from concord.orgs.models import Membership, Organisation, User
from concord.orgs.services import one_hash_per_password
from concord.portal.services import kept_refresh_deferred

Progress = Callable[[str], None]


# --- The story -------------------------------------------------------------------------------


@dataclass(order=True)
class Step:
    """One thing someone does at one moment, in one chapter."""

    when: datetime.datetime
    order: int
    action: Callable[[], Any] = field(compare=False)
    chapter: str = field(default="", compare=False)


class Story:
    """The cast and the steps; play() runs the steps in time order on a moved clock."""

    def __init__(self) -> None:
        self.orgs: dict[str, DemoOrg] = {org.key: org for org in ORGS}
        self.users: dict[str, User] = {}
        self.steps: list[Step] = []
        self.chapter = ""  # the chapter now scheduling its steps

    def at(self, when: datetime.datetime, action: Callable[[], Any]) -> None:
        """Schedule an action."""
        self.steps.append(Step(when, len(self.steps), action, self.chapter))

    def steps_of(self, title: str) -> list[Step]:
        """The steps one chapter scheduled."""
        return [step for step in self.steps if step.chapter == title]

    def person(self, org_key: str, first: str) -> User:
        """A demo person by organisation and first name."""
        return self.users[f"{org_key}/{first}"]

    def lead(self, org_key: str, plan: Plan) -> User:
        """Who acts for an organisation in an alliance: the plan's pharma lead, else its own lead."""
        return self.person(org_key, plan.lead if org_key == PHARMA else self.orgs[org_key].lead)

    def signer(self, org_key: str, plan: Plan) -> User:
        """Who answers gates: the pharma's executive sponsor for strategic alliances, else the lead."""
        if org_key == PHARMA and plan.tier == Alliance.Tier.STRATEGIC:
            return self.person(PHARMA, "ingrid")
        return self.lead(org_key, plan)

    def play(self, real_now: datetime.datetime, progress: Progress | None = None) -> None:
        """Run every step at its moment, none of them later than the real now."""
        ordered = sorted(self.steps)
        with clock.moved_to(ordered[0].when):
            for done, step in enumerate(ordered, start=1):
                if step.when >= real_now:
                    raise RuntimeError(f"A demo step is dated in the future: {step.when}")
                clock.set(step.when)
                step.action()
                if progress and done * 10 // len(ordered) > (done - 1) * 10 // len(ordered):
                    share = 100 * done // len(ordered)
                    progress(f"  {share:3d}%  {done:>6,} steps, the story at {step.when:%Y-%m-%d}")


def story(chapters: tuple[Chapter, ...] = CHAPTERS) -> Story:
    """The whole demo (or the given chapters, in the declared order), scheduled but not yet played."""
    plot = Story()
    for chapter in chapters:
        plot.chapter = chapter.TITLE
        chapter.schedule(plot)
    plot.chapter = ""
    return plot


# --- Seeding ---------------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What seed_demo did: per chapter, the steps it played and what it left in the database."""

    created: bool
    seconds: float = 0.0
    steps: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    story: Story | None = None  # the story as played: its steps and its cast


def demo_exists() -> bool:
    """The demo is there once its pharma is (organisation names are unique)."""
    return Organisation.objects.filter(name=ORGS[0].name).exists()


def seed_demo(progress: Progress | None = None) -> SeedReport:
    """Play the demo story into the database, once; a second run changes nothing."""
    if demo_exists():
        return SeedReport(created=False)
    say = progress or (lambda _: None)
    started = time.monotonic()
    plot, real_now = story(), clock.now()
    steps = {chapter.TITLE: len(plot.steps_of(chapter.TITLE)) for chapter in CHAPTERS}
    say(f"Scheduled {len(plot.steps):,} steps in {len(CHAPTERS)} chapters:")
    for title, count in steps.items():
        say(f"  {title:<28} {count:>6,} steps")
    say("Playing them in time order through the services:")
    # No mail to fictional people, and the one demo password hashed once for everyone and
    # checked once per person, however many acts they sign. What the portal keeps for its
    # queue and statistics is worked out once, after its eighteen months, not at every change.
    with mail_held(), one_hash_per_password(), one_check_per_password(), transaction.atomic():
        with kept_refresh_deferred():
            plot.play(real_now, progress)
    audit_seal()  # the story's history goes into the chain now, not at the next sweep
    counts = {chapter.TITLE: chapter.counts() for chapter in CHAPTERS}
    counts["Audit trail"] = {"audit events": AuditEvent.objects.unscoped().count()}
    return SeedReport(True, time.monotonic() - started, steps, counts, plot)


@dataclass(frozen=True)
class DemoLogin:
    """One demo person as print_demo_logins shows them."""

    email: str
    organisation: str
    role: str
    try_for: str = ""


def demo_logins(*, everyone: bool = False) -> list[DemoLogin]:
    """The demo logins worth trying first (or every demo person), as the database has them."""
    wanted = {ORG_BY_KEY[org].email(first): why for org, first, why in LOGINS}
    if everyone:
        emails = [org.email(p.key) for org in ORGS for p in org.people]
    else:
        emails = list(wanted)
    found = {
        m.user.email: m
        for m in Membership.objects.unscoped()
        .filter(user__email__in=emails)
        .select_related("user", "organisation")
    }
    return [
        DemoLogin(email, found[email].organisation.name, _role(found[email]), wanted.get(email, ""))
        for email in emails
        if email in found
    ]


def _role(membership: Membership) -> str:
    role = membership.get_role_display()
    return f"{role}, admin" if membership.is_admin else role
