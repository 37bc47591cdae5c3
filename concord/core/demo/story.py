"""The demo: Castlegate Pharma's alliance portfolio, played through the services over 2023–2026.

Every record is written by the same services a person would use, so the audit trail, activity
feeds and permission checks are real. A demo clock stands in for "now" while the story plays, so
the history is spread over three and a half years and the hash chain still verifies. The dates
below are written as if the story ended on STORY_END; they slide forward to end yesterday, so the
pending gates and invitations always look recent.
"""

from __future__ import annotations

import datetime
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from unittest import mock

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from concord.alliances import services as alliance_services
from concord.alliances.models import Alliance, Gate, Party, Phase, TeamMember
from concord.core.audit import audit_seal
from concord.core.demo.data import (
    LOGINS,
    ORG_BY_KEY,
    ORGS,
    PHARMA,
    PLANS,
    STORY_END,
    DemoGate,
    DemoNote,
    DemoOrg,
    Plan,
)
from concord.core.demo.notes import notes_for
from concord.core.demo.portal import schedule_portal
from concord.deals import demo as deals_demo
from concord.expectations import demo as expectations_demo
from concord.governance import demo as governance_demo
from concord.health import demo as health_demo
from concord.orgs import services as org_services
from concord.orgs.models import Membership, Organisation, User

DEMO_PASSWORD = "concord-demo"  # noqa: S105 - the published password of the fictional demo people


# --- The clock -------------------------------------------------------------------------------


class DemoClock:
    """A settable "now" for playing the demo's history; see demo_clock()."""

    def __init__(self, moment: datetime.datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime.datetime:
        return self.moment


@contextmanager
def demo_clock(start: datetime.datetime) -> Iterator[DemoClock]:
    """Make timezone.now(), and every model field that defaults to it, read a settable clock."""
    clock = DemoClock(start)
    real_now = timezone.now
    fields = [
        f
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.default is real_now
    ]
    # A field holds the function itself, so patching the module's name is not enough; Django also
    # caches each field's default getter, hence the reset on the way in and out.
    _set_defaults(fields, clock)
    try:
        with mock.patch.object(timezone, "now", clock):
            yield clock
    finally:
        _set_defaults(fields, real_now)


def _set_defaults(fields: list[Any], default: Callable[[], datetime.datetime]) -> None:
    for f in fields:
        f.default = default
        f.__dict__.pop("_get_default", None)


@contextmanager
def _one_password_hash() -> Iterator[None]:
    """Hash the demo password once: the hasher is slow on purpose and every demo person shares it."""
    hashed = make_password(DEMO_PASSWORD)

    def fast(raw: str | None, *args: Any, **kwargs: Any) -> str:
        if raw == DEMO_PASSWORD and not args and not kwargs:
            return hashed
        return make_password(raw, *args, **kwargs)

    with (
        mock.patch("django.contrib.auth.base_user.make_password", fast),
        mock.patch("django.contrib.auth.models.make_password", fast),
    ):
        yield


@contextmanager
def _no_outgoing_mail() -> Iterator[None]:
    """Drop the services' emails: the people are fictional and years of history would flood the worker."""
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy, CONCORD_EMAIL_OFF=True):
        yield


# --- Dates -----------------------------------------------------------------------------------


def _shift() -> datetime.timedelta:
    """How far the story's dates move so that it ends yesterday."""
    # The real date, not timezone.now(): steps call this while the demo clock stands in for it.
    today = datetime.datetime.now(datetime.UTC).date()
    return today - datetime.timedelta(days=1) - STORY_END


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text) + _shift()


def _moment(text: str, hour: int, minute: int = 0, days: int = 0) -> datetime.datetime:
    day = _day(text) + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=datetime.UTC)


def _lag(*parts: str, low: int = 3, high: int = 11) -> int:
    """A stable number of days between low and high, so each answer takes its own time."""
    return low + zlib.crc32("|".join(parts).encode()) % (high - low + 1)


# --- The story -------------------------------------------------------------------------------


@dataclass(order=True)
class Step:
    """One thing someone does at one moment."""

    when: datetime.datetime
    order: int
    action: Callable[[], Any] = field(compare=False)


class Story:
    """The cast and the steps; play() runs the steps in time order under the demo clock."""

    def __init__(self) -> None:
        self.orgs = {org.key: org for org in ORGS}
        self.users: dict[str, User] = {}
        self.steps: list[Step] = []

    def at(self, when: datetime.datetime, action: Callable[[], Any]) -> None:
        """Schedule an action."""
        self.steps.append(Step(when, len(self.steps), action))

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

    def play(self, clock: DemoClock, real_now: datetime.datetime) -> None:
        """Run every step at its moment, none of them later than the real now."""
        for step in sorted(self.steps):
            if step.when >= real_now:
                raise RuntimeError(f"A demo step is dated in the future: {step.when}")
            clock.moment = step.when
            step.action()


def schedule_org(story: Story, org: DemoOrg) -> None:
    """The admin signs the organisation up; colleagues are invited and join over the next weeks."""
    admin, *colleagues = org.people
    joined = _moment(org.joined, 9)

    def signup() -> None:
        membership = org_services.organisation_signup(
            name=org.name,
            kind=org.kind,
            country=org.country,
            time_zone=org.time_zone,
            email=org.email(admin.key),
            password=DEMO_PASSWORD,
            first_name=admin.first,
            last_name=admin.last,
            role=admin.role,
        )
        story.users[f"{org.key}/{admin.key}"] = membership.user

    story.at(joined, signup)
    for i, person in enumerate(colleagues):
        invited = joined + datetime.timedelta(days=1 + i, hours=1)
        holder: dict[str, str] = {}

        def invite(person: Any = person, holder: dict[str, str] = holder) -> None:
            issued = org_services.invitation_create(
                actor=story.person(org.key, admin.key),
                email=org.email(person.key),
                role=person.role,
                is_admin=person.is_admin,
            )
            holder["token"] = issued.token

        def accept(person: Any = person, holder: dict[str, str] = holder) -> None:
            membership = org_services.invitation_accept(
                token=holder["token"],
                password=DEMO_PASSWORD,
                first_name=person.first,
                last_name=person.last,
            )
            story.users[f"{org.key}/{person.key}"] = membership.user

        story.at(invited, invite)
        story.at(invited + datetime.timedelta(hours=5, minutes=10 + 7 * i), accept)


class AllianceRun:
    """One plan being played: the alliance, its parties and its current gate as they come to be."""

    def __init__(self, story: Story, plan: Plan) -> None:
        self.story, self.plan = story, plan
        self.alliance: Alliance | None = None
        self.parties: dict[str, Party] = {}
        self.gate: Gate | None = None

    @property
    def creator(self) -> str:
        return self.plan.parties[0]

    def current(self) -> Alliance:
        """The alliance as the database has it now (gates change its phase behind our back)."""
        assert self.alliance is not None
        self.alliance.refresh_from_db()
        return self.alliance

    def create(self) -> None:
        """The creator's lead starts the alliance with its programmes."""
        plan = self.plan
        self.alliance = alliance_services.alliance_create(
            actor=self.story.lead(self.creator, plan),
            name=plan.name,
            purpose=plan.purpose,
            alliance_type=plan.kind,
            tier=plan.tier,
            effective_date=_day(plan.effective),
            programmes=[
                {
                    "asset_name": asset,
                    "modality": modality,
                    "therapeutic_area": area,
                    "indication": indication,
                    "stage": stage,
                }
                for asset, modality, area, indication, stage in plan.programmes
            ],
        )
        self.parties[self.creator] = Party.objects.unscoped().get(
            alliance=self.alliance, organisation__name=self.story.orgs[self.creator].name
        )

    def invite(self) -> None:
        """The creator invites every other organisation, picked from the directory."""
        for key in self.plan.parties[1:]:
            invited = alliance_services.party_invite(
                actor=self.story.lead(self.creator, self.plan),
                alliance=self.current(),
                organisation=Organisation.objects.get(name=self.story.orgs[key].name),
            )
            assert invited.party is not None
            self.parties[key] = invited.party

    def accept(self, key: str) -> None:
        """An invited organisation's lead accepts."""
        alliance_services.party_respond(
            actor=self.story.lead(key, self.plan), party=self.parties[key], accept=True
        )

    def staff(self, key: str) -> None:
        """A party names its alliance team."""
        lead = self.story.lead(key, self.plan)
        for first, role in team_for(self.story.orgs[key], self.plan):
            alliance_services.team_member_add(
                actor=lead, party=self.parties[key], user=self.story.person(key, first), role=role
            )

    def propose(self, gate: DemoGate) -> None:
        """The proposing side's lead proposes the gate (and, as a signer, signs it at once)."""
        rationale = gate.rationale or default_rationale(self.plan, gate.to)
        self.gate = alliance_services.gate_propose(
            actor=self.story.lead(gate.by, self.plan),
            alliance=self.current(),
            to_phase=gate.to,
            rationale=rationale,
        )

    def sign(self, key: str) -> None:
        """A party's signer recommits."""
        assert self.gate is not None
        alliance_services.gate_sign(actor=self.story.signer(key, self.plan), gate=self.gate)

    def decline(self, key: str, reason: str) -> None:
        """A party's signer declines, with its reason."""
        assert self.gate is not None
        alliance_services.gate_decline(
            actor=self.story.signer(key, self.plan), gate=self.gate, reason=reason
        )

    def withdraw(self) -> None:
        """The proposing side thinks better of its gate."""
        assert self.gate is not None
        proposer = self.gate.proposing_party.organisation.name
        key = next(k for k, org in self.story.orgs.items() if org.name == proposer)
        alliance_services.gate_withdraw(actor=self.story.lead(key, self.plan), gate=self.gate)

    def advance(self, stage: str) -> None:
        """The lead programme's development stage moves on."""
        programme = self.current().programmes.order_by("pk").first()
        assert programme is not None
        alliance_services.programme_update(
            actor=self.story.lead(self.creator, self.plan), programme=programme, stage=stage
        )

    def write(self, note: DemoNote) -> None:
        """Someone writes a note, shared or private to their organisation."""
        alliance_services.note_create(
            actor=self.story.person(note.org, note.author),
            alliance=self.current(),
            title=note.title,
            body=note.body,
            visibility="private" if note.private else "shared",
        )


def team_for(org: DemoOrg, plan: Plan) -> list[tuple[str, str]]:
    """Who of an organisation joins the alliance team beside its lead, and in what role."""
    if org.key == PHARMA:
        return pharma_team(plan)
    roles: dict[str, str] = {
        Membership.Role.EXECUTIVE_SPONSOR: TeamMember.Role.EXECUTIVE_SPONSOR,
        Membership.Role.ALLIANCE_MANAGER: TeamMember.Role.ALLIANCE_MANAGER,
        Membership.Role.SCIENTIST: TeamMember.Role.PROJECT_LEAD,
        Membership.Role.FINANCE: TeamMember.Role.FINANCE,
    }
    return [(p.key, roles[p.role]) for p in org.people if p.role in roles and p.key != org.lead]


def pharma_team(plan: Plan) -> list[tuple[str, str]]:
    """The pharma's side: a sponsor, a scientist for the area, finance and legal as the deal needs."""
    area = plan.programmes[0][2]
    scientist = {"oncology": "sophie", "neuroscience": "kenji", "immunology": "kenji"}.get(
        area, "amara"
    )
    team = [
        ("ingrid" if plan.tier == Alliance.Tier.STRATEGIC else "marcus", "executive_sponsor"),
        (scientist, TeamMember.Role.SCIENTIST),
    ]
    if plan.tier != Alliance.Tier.TRANSACTIONAL:
        team.append(("tom", TeamMember.Role.FINANCE))
    if plan.kind in (Alliance.Type.LICENCE, Alliance.Type.OPTION):
        team.append(("daniel", TeamMember.Role.BUSINESS_DEVELOPMENT))
    if plan.tier == Alliance.Tier.STRATEGIC:
        team.append(("oliver", TeamMember.Role.LEGAL))
    return team


def default_rationale(plan: Plan, to_phase: str) -> str:
    """Why a gate is proposed, in the words alliance teams use, unless the plan says otherwise."""
    asset, _, _, indication, _ = plan.programmes[0]
    texts: dict[str, str] = {
        Phase.PRECLINICAL: f"{asset} met the candidate-selection criteria in the research plan "
        "(potency, selectivity, rodent PK and an early safety screen). We propose moving into "
        "IND-enabling studies under the agreed budget.",
        Phase.CLINICAL: f"The IND-enabling package for {asset} is complete: GLP toxicology, the "
        "clinical lot released, and the regulator's pre-IND feedback addressed. We propose "
        f"first-in-human studies in {indication}.",
        Phase.COMMERCIALISATION: f"Pivotal data for {asset} in {indication} met the primary "
        "endpoint and the filing is accepted. We propose moving into commercialisation under the "
        "launch and co-promotion terms.",
        Phase.SCALE_UP: f"Demand for {asset} is running ahead of the launch forecast. We propose "
        "the scale-up phase: a second manufacturing site and the technology transfer to it.",
    }
    return texts.get(to_phase, f"We propose moving {asset} to {Phase(to_phase).label}.")


def schedule_alliance(story: Story, plan: Plan, index: int) -> None:
    """Every step of one plan: creation, invitation, acceptance, teams, gates, notes."""
    run = AllianceRun(story, plan)
    created = _moment(plan.created, 9, minute=index)
    story.at(created, run.create)
    story.at(created + datetime.timedelta(minutes=20), run.invite)
    if plan.proposed:
        for note in notes_for(plan):
            story.at(_moment(note.on, 16, minute=index), partial(run.write, note))
        return
    accepted = created + datetime.timedelta(days=plan.accept_after, hours=5)
    for i, key in enumerate(plan.parties[1:]):
        story.at(accepted + datetime.timedelta(hours=i), partial(run.accept, key))
    for i, key in enumerate(plan.parties):
        story.at(accepted + datetime.timedelta(days=1, hours=i), partial(run.staff, key))
    last = accepted + datetime.timedelta(days=2)
    for gate in plan.gates:
        last = schedule_gate(story, run, gate, after=last)
    for stage_day, stage in plan.advances:
        story.at(_moment(stage_day, 11), partial(run.advance, stage))
    for note in notes_for(plan):
        story.at(_moment(note.on, 16, minute=index % 50), partial(run.write, note))


def schedule_gate(
    story: Story, run: AllianceRun, gate: DemoGate, after: datetime.datetime
) -> datetime.datetime:
    """A gate's proposal and answers; returns when the gate was settled."""
    proposed = _moment(gate.on, 10, minute=len(story.steps) % 50)
    if proposed <= after:
        raise ValueError(f"{run.plan.name}: the gate of {gate.on} comes before the one before it")
    story.at(proposed, partial(run.propose, gate))
    others = [k for k in run.plan.parties if k != gate.by]
    answered = proposed
    for i, key in enumerate(others):
        days = _lag(run.plan.name, gate.on, key, low=1, high=2 if gate.onboarding else 11) + 2 * i
        answered = proposed + datetime.timedelta(days=days, hours=5)
        if gate.outcome == "passed" or (gate.outcome == "pending" and key in gate.signed):
            story.at(answered, partial(run.sign, key))
        elif gate.outcome == "declined":
            story.at(answered, partial(run.decline, key, gate.reason))
            break
        elif gate.outcome == "withdrawn":
            story.at(answered, run.withdraw)
            break
    return answered


def schedule_sweeps(story: Story) -> None:
    """The weekly sweep of the story's last two months, so slow gates carry their reminders."""
    for weeks in range(9):
        day = (STORY_END - datetime.timedelta(weeks=weeks)).isoformat()
        story.at(_moment(day, 6), alliance_services.gate_reminders_send)


def story() -> Story:
    """The whole demo, scheduled but not yet played."""
    plot = Story()
    for org in ORGS:
        schedule_org(plot, org)
    for index, plan in enumerate(PLANS):
        schedule_alliance(plot, plan, index)
    schedule_sweeps(plot)
    schedule_portal(plot, end=_moment(STORY_END.isoformat(), 0))
    for extension in (governance_demo, expectations_demo, deals_demo, health_demo):
        extension.schedule(plot)
    return plot


# --- Seeding ---------------------------------------------------------------------------------


@dataclass
class SeedReport:
    """What seed_demo did."""

    created: bool
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def demo_exists() -> bool:
    """The demo is there once its pharma is (organisation names are unique)."""
    return Organisation.objects.filter(name=ORGS[0].name).exists()


def seed_demo() -> SeedReport:
    """Play the demo story into the database, once; a second run changes nothing."""
    if demo_exists():
        return SeedReport(created=False)
    started = time.monotonic()
    plot, real_now = story(), timezone.now()
    first = min(plot.steps).when
    with _no_outgoing_mail(), _one_password_hash(), demo_clock(first) as clock:
        with transaction.atomic():
            plot.play(clock, real_now)
    audit_seal()  # the story's history goes into the chain now, not at the next sweep
    return SeedReport(True, time.monotonic() - started, demo_counts())


def demo_counts() -> dict[str, int]:
    """Headline numbers of the seeded demo."""
    pharma = Organisation.objects.get(name=ORGS[0].name)
    return {
        "organisations": Organisation.objects.count(),
        "people": User.objects.count(),
        "pharma alliances": Party.objects.unscoped()
        .filter(organisation=pharma, status__in=Party.VISIBLE_STATUSES)
        .count(),
        "gates": Gate.objects.unscoped().count(),
        "partnering submissions": apps.get_model("portal", "Submission")
        .objects.unscoped()
        .filter(organisation=pharma)
        .count(),
        "committee meetings": _rows("governance", "Meeting"),
        "commitments": _rows("expectations", "Commitment"),
        "ledger payments": _rows("deals", "Payment"),
        "pulse and health-check rounds": _rows("health", "Round"),
        "audit events": _rows("core", "AuditEvent"),
    }


def _rows(app: str, model: str) -> int:
    return apps.get_model(app, model).objects.unscoped().count()


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
