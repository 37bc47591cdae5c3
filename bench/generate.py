"""A big pharma's portfolio for the benchmark, bulk-created in seconds.

Benchmark data is not user writes, so it skips the services and goes straight to bulk_create; the
audit events it writes still form a valid hash chain, so `concord audit verify` passes on it. At
150 alliances for the measured pharma (plus a tenth more between partners, which the pharma must
not see) it holds about 100,000 rows: alliances, parties, teams, programmes, gates, sign-offs,
phase transitions, notes and three years of audit events.

Each alliance draws from its own seeded random generator, so alliance number 0 (the one the
alliance page is measured on) is the same at every portfolio size.

The pharma also runs a partnering portal: by default 10,000 submissions at 150 alliances (1,000 at
15), received over eighteen months, with reviews on the BD and R&D tracks, the dialogue and
decisions, most answered and some still open.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from concord.alliances.models import (
    PHASE_ORDER,
    Alliance,
    Gate,
    GateSignoff,
    Note,
    Party,
    Phase,
    PhaseTransition,
    Programme,
    TeamMember,
)
from concord.core.models import GENESIS_HASH, AuditEvent, AuditHead
from concord.core.vocabulary import Modality, Stage, TherapeuticArea
from concord.orgs.models import Membership, Organisation, User
from concord.portal.clock import deadlines_set
from concord.portal.models import (
    AreaOfInterest,
    Criterion,
    DeclineReason,
    Message,
    Portal,
    Review,
    Submission,
)
from concord.portal.services import portal_statistics_rebuild

PASSWORD = "bench-password"
HISTORY = datetime.timedelta(days=3 * 365)
# Audit events per alliance beyond the ones its records imply: edits to the overview and programmes
# over three years. Tuned so that 150 alliances make about 100,000 rows in all.
EDITS_PER_ALLIANCE = {"strategic": 560, "core": 370, "transactional": 180}
NOTES_PER_ALLIANCE = {"strategic": 160, "core": 100, "transactional": 40}

PREFIXES = (
    "Aster Birch Cinder Dunmore Elder Fjord Garnet Heron Ivybridge Juniper Kestrel Linden Marram "
    "Nettle Osprey Peregrine Quarry Rowan Saltmarsh Thistle Umber Vireo Willow Yarrow Zephyr "
    "Alder Bracken Corrie Dovecote Ember Fallow Gorse Hazel Inkwell Jetty Kelp Lark Mistral"
).split()
FIRST_NAMES = (
    "Ada Bilal Chloe Dmitri Esther Farid Greta Hugo Ines Jamal Keiko Luis Mira Nikhil Olga Pablo "
    "Qing Rhea Stefan Tariq Una Viktor Wen Ximena Yusuf Zara"
).split()
LAST_NAMES = (
    "Abara Bjork Castell Drummond Eze Falk Gallo Hartmann Iqbal Jansen Kowalski Lindgren Mbeki "
    "Novak Oyelaran Petit Quinlan Rasmussen Sato Tembo Ueda Varga Whitlock Xu Yilmaz Zamora"
).split()
SENTENCES = (
    "The project team reviewed the latest data package and agreed next steps.",
    "Enrolment is tracking slightly behind plan at two sites; mitigation agreed.",
    "Finance confirmed the cost-share true-up for the quarter.",
    "CMC raised a risk on the drug substance campaign; a backup slot is booked.",
    "The joint steering committee approved the revised development plan.",
    "Both sides agreed to bring the publication plan to the next meeting.",
    "Legal is reviewing the amendment to the data-sharing schedule.",
    "The toxicology report is final and in the joint data room.",
    "Action items from the last meeting are closed except one, now due next month.",
    "The partner asked for earlier sight of the protocol amendments; agreed.",
    "Internal view: the relationship is healthy, but decision speed must improve.",
    "Resourcing for the next phase is confirmed on both sides.",
)


@dataclass
class Portfolio:
    """What the benchmark needs from the generated data."""

    pharma_manager: User
    focus_alliance_id: int
    rows: dict[str, int]
    seconds: float
    submissions: int = 0
    # What each later capability's generator added (see bench/run.py's extensions()): sizes the
    # cases report by (their `per`), and the ids their URLs need.
    measures: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)


@dataclass
class Cast:
    """The organisations and their people, by organisation."""

    pharma: Organisation
    partners: list[Organisation]
    people: dict[int, list[Membership]]


def submissions_for(alliances: int) -> int:
    """How many portal submissions a pharma of this size receives: 10,000 at 150 alliances."""
    return round(alliances * 10_000 / 150)


def generate(
    *,
    alliances: int = 150,
    organisations: int = 40,
    seed: int = 2026,
    submissions: int | None = None,
) -> Portfolio:
    """Create the portfolio: `alliances` for the pharma among `organisations` in all, and the
    submissions its portal received (`submissions_for(alliances)` unless given)."""
    started = time.monotonic()
    submissions = submissions_for(alliances) if submissions is None else submissions
    now = timezone.now()
    with transaction.atomic():
        cast = _cast(organisations, random.Random(seed), now)
        events = _org_events(cast, now)
        pharma_ids = []
        total = alliances + alliances // 10
        for index in range(total):
            rng = random.Random(f"{seed}-{index}")
            with_pharma = index < alliances
            alliance_id = _alliance(rng, cast, index, with_pharma, now, events)
            if with_pharma:
                pharma_ids.append(alliance_id)
        _portal(random.Random(f"{seed}-portal"), cast, submissions, now, events)
        _chain(events)
        counts = _counts()
    manager = next(
        m.user for m in cast.people[cast.pharma.pk] if m.role == Membership.Role.ALLIANCE_MANAGER
    )
    return Portfolio(manager, pharma_ids[0], counts, time.monotonic() - started, submissions)


# --- Organisations and people ----------------------------------------------------------------


def _cast(organisations: int, rng: random.Random, now: datetime.datetime) -> Cast:
    """The pharma and its partners, each with a handful of people."""
    kinds = ["biotech"] * 30 + ["academic"] * 4 + ["cro"] * 3 + ["investor"] * 2
    founded = now - HISTORY - datetime.timedelta(days=30)
    orgs = [Organisation(name="Benchmark Pharma", kind="pharma", country="GB", created_at=founded)]
    for i in range(organisations - 1):
        kind = kinds[i % len(kinds)]
        suffix = {
            "biotech": "Bio",
            "academic": "University",
            "cro": "Research",
            "investor": "Ventures",
        }
        orgs.append(
            Organisation(
                name=f"{PREFIXES[i % len(PREFIXES)]} {suffix[kind]} {i // len(PREFIXES) or ''}".strip(),
                kind=kind,
                country=rng.choice(["GB", "US", "DE", "FR", "NL", "CH", "DK", "JP"]),
                created_at=founded,
            )
        )
    orgs = Organisation.objects.bulk_create(orgs)
    people = _people(orgs, rng, founded)
    return Cast(orgs[0], orgs[1:], people)


PHARMA_ROLES = ["alliance_manager"] * 8 + ["executive_sponsor"] * 3 + ["business_development"] * 3
PHARMA_ROLES += ["scientist"] * 6 + ["finance"] * 2 + ["viewer"] * 2
PARTNER_ROLES = [
    "alliance_manager",
    "executive_sponsor",
    "scientist",
    "scientist",
    "finance",
    "viewer",
]


def _people(
    orgs: list[Organisation], rng: random.Random, joined: datetime.datetime
) -> dict[int, list[Membership]]:
    """Everyone, sharing one password hash (hashing is slow on purpose)."""
    password = make_password(PASSWORD)
    users, roles = [], []
    for n, org in enumerate(orgs):
        for i, role in enumerate(PHARMA_ROLES if n == 0 else PARTNER_ROLES):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            email = f"{first.lower()}.{last.lower()}.{n}.{i}@org{n}.bench.example"
            users.append(
                User(
                    username=email,
                    email=email,
                    first_name=first,
                    last_name=last,
                    password=password,
                    date_joined=joined,
                )
            )
            roles.append((org, role, i == 0))
    users = User.objects.bulk_create(users)
    memberships = Membership.objects.bulk_create(
        Membership(user=u, organisation=o, role=r, is_admin=a, joined_at=joined)
        for u, (o, r, a) in zip(users, roles, strict=True)
    )
    by_org: dict[int, list[Membership]] = {}
    for m in memberships:
        by_org.setdefault(m.organisation_id, []).append(m)
    return by_org


def _org_events(
    cast: Cast, now: datetime.datetime
) -> list[tuple[datetime.datetime, dict[str, Any]]]:
    """Sign-ups and people joining, at the start of the history."""
    events = []
    for org_id, members in cast.people.items():
        for i, m in enumerate(members):
            action = "organisation.signed_up" if i == 0 else "member.joined"
            obj_type, obj_id = ("organisation", org_id) if i == 0 else ("membership", m.pk)
            when = now - HISTORY - datetime.timedelta(days=29) + datetime.timedelta(minutes=i)
            events.append(
                (when, _event(m.user, org_id, None, obj_type, obj_id, action, f"{m.user} joined"))
            )
    return events


# --- Alliances -------------------------------------------------------------------------------


def _alliance(
    rng: random.Random,
    cast: Cast,
    index: int,
    with_pharma: bool,
    now: datetime.datetime,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> int:
    """One alliance with its parties, team, programmes, gate history and notes; returns its id."""
    created = now - HISTORY + datetime.timedelta(days=rng.uniform(0, 700))
    tier = "strategic" if index == 0 else rng.choice(["strategic", "core", "core", "transactional"])
    orgs = _parties_for(rng, cast, with_pharma, three_way=index % 10 == 5)
    creator = rng.choice(cast.people[orgs[0].pk][:2]).user
    alliance = Alliance.objects.create(
        name=f"{orgs[1].name}–{orgs[0].name} alliance {index + 1}",
        purpose=" ".join(rng.sample(SENTENCES, 2)),
        alliance_type=rng.choice(Alliance.Type.values),
        tier=tier,
        effective_date=(created - datetime.timedelta(days=rng.randint(0, 400))).date(),
        status=Alliance.Status.ACTIVE,
        created_by=creator,
        created_at=created,
        updated_at=created,
    )
    at = _Recorder(alliance, events)
    at.add(created, creator, orgs[0].pk, "alliance", alliance.pk, "alliance.created")
    parties = _parties(rng, cast, alliance, orgs, created, at)
    programme_ids = _programmes(rng, alliance, created, creator, orgs[0].pk, at)
    last = _gates(rng, alliance, parties, created, now, at)
    _notes(rng, alliance, parties, created, now, tier, at)
    _edits(rng, alliance, parties, programme_ids, created, now, tier, at)
    alliance.phase, alliance.updated_at = last, max(t for t, _ in at.mine) if at.mine else created
    alliance.save(update_fields=["phase", "updated_at"])
    return alliance.pk


def _parties_for(
    rng: random.Random, cast: Cast, with_pharma: bool, three_way: bool
) -> list[Organisation]:
    """The organisations in an alliance, the creator first."""
    count = 3 if three_way else 2
    others = rng.sample(cast.partners, count if not with_pharma else count - 1)
    return [cast.pharma, *others] if with_pharma else others


class _Recorder:
    """Collects the audit events of one alliance."""

    def __init__(
        self, alliance: Alliance, events: list[tuple[datetime.datetime, dict[str, Any]]]
    ) -> None:
        self.alliance, self.events = alliance, events
        self.mine: list[tuple[datetime.datetime, str]] = []

    def add(
        self,
        when: datetime.datetime,
        actor: User,
        org_id: int,
        obj_type: str,
        obj_id: int,
        action: str,
        visibility: str = "shared",
        after: dict[str, Any] | None = None,
    ) -> None:
        summary = f"{actor} {action.split('.')[-1].replace('_', ' ')} {obj_type} {obj_id}"
        event = _event(actor, org_id, self.alliance.pk, obj_type, obj_id, action, summary)
        event.update(visibility=visibility, after=after)
        self.events.append((when, event))
        self.mine.append((when, action))


def _parties(
    rng: random.Random,
    cast: Cast,
    alliance: Alliance,
    orgs: list[Organisation],
    created: datetime.datetime,
    at: _Recorder,
) -> list[tuple[Party, list[Membership]]]:
    """Every organisation accepted within three weeks of creation and named a team of four."""
    parties = []
    for i, org in enumerate(orgs):
        responded = created + datetime.timedelta(days=0 if i == 0 else rng.randint(2, 20))
        party = Party(
            alliance=alliance,
            organisation=org,
            status=Party.Status.ACCEPTED,
            invited_at=created,
            responded_at=responded,
        )
        people = [m for m in cast.people[org.pk] if m.role != "viewer"]
        parties.append((party, rng.sample(people, 4)))
    Party.objects.bulk_create([p for p, _ in parties])
    for party, team in parties:
        _party_events(party, team, orgs[0].pk, at)
    _teams(rng, parties, at)
    return parties


def _party_events(party: Party, team: list[Membership], creator_org: int, at: _Recorder) -> None:
    """The invitation and its acceptance, for every party but the creator's."""
    if party.organisation_id == creator_org:
        return
    invited, answered = party.invited_at, party.responded_at or party.invited_at
    by = at.alliance.created_by
    at.add(invited, by, creator_org, "party", party.pk, "alliance.party_invited")
    signer, org = _signer(team).user, party.organisation_id
    at.add(answered, signer, org, "party", party.pk, "alliance.party_accepted")


def _teams(
    rng: random.Random, parties: list[tuple[Party, list[Membership]]], at: _Recorder
) -> None:
    """Each party's team of four, the first its lead."""
    rows = [
        TeamMember(
            party=party,
            user=m.user,
            role=TeamMember.Role.LEAD if j == 0 else rng.choice(TeamMember.Role.values),
            added_at=party.responded_at or party.invited_at,
        )
        for party, team in parties
        for j, m in enumerate(team)
    ]
    for tm in TeamMember.objects.bulk_create(rows):
        org = tm.party.organisation_id
        at.add(tm.added_at, tm.user, org, "teammember", tm.pk, "team.member_added")


def _signer(team: list[Membership]) -> Membership:
    """Who signs gates for a party: its first alliance manager or sponsor on the team."""
    signers = [m for m in team if m.role in ("alliance_manager", "executive_sponsor")]
    return signers[0] if signers else team[0]


def _programmes(
    rng: random.Random,
    alliance: Alliance,
    created: datetime.datetime,
    creator: User,
    org_id: int,
    at: _Recorder,
) -> list[int]:
    """One to four assets the alliance works on; returns their ids."""
    area = rng.choice(TherapeuticArea.values)
    rows = [
        Programme(
            alliance=alliance,
            asset_name=f"BX-{rng.randint(100, 9999)}",
            modality=rng.choice(Modality.values),
            therapeutic_area=area,
            indication=f"Indication {rng.randint(1, 300)}",
            stage=rng.choice(Stage.values),
            created_at=created,
        )
        for _ in range(rng.randint(1, 4))
    ]
    programmes = Programme.objects.bulk_create(rows)
    for p in programmes:
        at.add(created, creator, org_id, "programme", p.pk, "programme.added")
    return [p.pk for p in programmes]


def _gates(
    rng: random.Random,
    alliance: Alliance,
    parties: list[tuple[Party, list[Membership]]],
    created: datetime.datetime,
    now: datetime.datetime,
    at: _Recorder,
) -> str:
    """A gate history walking up the phases; returns the phase the alliance ends in."""
    phase, when = Phase.DISCOVERY.value, created + datetime.timedelta(days=30)
    transitions = [PhaseTransition(alliance=alliance, phase=phase, entered_at=created)]
    gates, signoffs = [], []
    for outcome in _outcomes(rng):
        target = PHASE_ORDER[min(PHASE_ORDER.index(phase) + 1, len(PHASE_ORDER) - 2)]
        if target == phase or when > now - datetime.timedelta(days=20):
            break
        proposer_party, proposer_team = rng.choice(parties)
        closes = when + datetime.timedelta(days=9)
        gate = Gate(
            alliance=alliance,
            from_phase=phase,
            to_phase=target,
            rationale=" ".join(rng.sample(SENTENCES, 3)),
            proposed_by=_signer(proposer_team).user,
            proposing_party=proposer_party,
            status=outcome,
            created_at=when,
            closed_at=None if outcome == "pending" else closes,
        )
        gates.append((gate, _answers(rng, gate, parties, outcome, proposer_party)))
        if outcome == "passed":
            phase = target
            transitions.append(
                PhaseTransition(alliance=alliance, phase=phase, entered_at=closes, gate=gate)
            )
        when += datetime.timedelta(days=rng.randint(60, 200))
        if outcome == "pending":
            break
    Gate.objects.bulk_create([g for g, _ in gates])
    for gate, answers in gates:
        for s in answers:
            s.gate = gate
            signoffs.append(s)
    GateSignoff.objects.bulk_create(signoffs)
    _gate_events(gates, at)
    # Gates are saved by now, so bulk_create fills in each transition's gate_id.
    PhaseTransition.objects.bulk_create(transitions)
    return phase


def _outcomes(rng: random.Random) -> Iterator[str]:
    """Gate outcomes, mostly passed, sometimes declined or withdrawn, the last maybe pending."""
    for _ in range(rng.randint(2, 10)):
        yield rng.choices(["passed", "declined", "withdrawn", "pending"], [70, 12, 5, 13])[0]


def _answers(
    rng: random.Random,
    gate: Gate,
    parties: list[tuple[Party, list[Membership]]],
    outcome: str,
    proposer: Party,
) -> list[GateSignoff]:
    """The proposer signs at once; others sign, or one declines, as the outcome says."""
    answers = []
    for party, team in sorted(parties, key=lambda pt: pt[0] is not proposer):
        signed_at = gate.created_at + datetime.timedelta(
            days=0 if party is proposer else rng.randint(1, 9)
        )
        decision = "signed"
        if party is not proposer:
            if outcome in ("pending", "withdrawn"):
                break
            if outcome == "declined":
                decision = "declined"
        answers.append(
            GateSignoff(
                party=party,
                signed_by=_signer(team).user,
                decision=decision,
                reason="Not yet: the package is incomplete." if decision == "declined" else "",
                signed_at=min(signed_at, gate.closed_at or signed_at),
            )
        )
        if decision == "declined":
            break
    return answers


def _gate_events(gates: list[tuple[Gate, list[GateSignoff]]], at: _Recorder) -> None:
    """Proposal, answers and outcome of every gate."""
    for gate, answers in gates:
        org, by, closed = gate.proposing_party.organisation_id, gate.proposed_by, gate.closed_at
        at.add(gate.created_at, by, org, "gate", gate.pk, "gate.proposed")
        for s in answers:
            action = f"gate.{s.decision}"
            at.add(s.signed_at, s.signed_by, s.party.organisation_id, "gate", gate.pk, action)
        if gate.status == "passed" and closed:
            after = {"phase": gate.to_phase}
            action = "alliance.phase_changed"
            at.add(closed, by, org, "alliance", gate.alliance_id, action, after=after)
        if gate.status == "withdrawn" and closed:
            at.add(closed, by, org, "gate", gate.pk, "gate.withdrawn")


def _notes(
    rng: random.Random,
    alliance: Alliance,
    parties: list[tuple[Party, list[Membership]]],
    created: datetime.datetime,
    now: datetime.datetime,
    tier: str,
    at: _Recorder,
) -> None:
    """Meeting notes and private reviews over the alliance's life, 60% shared."""
    span = (now - created).total_seconds()
    rows = []
    for _ in range(int(NOTES_PER_ALLIANCE[tier] * rng.uniform(0.8, 1.2))):
        party, team = rng.choice(parties)
        rows.append(
            Note(
                alliance=alliance,
                organisation_id=party.organisation_id,
                author=rng.choice(team).user,
                title=f"Meeting notes {rng.randint(1, 999)}",
                body=" ".join(rng.sample(SENTENCES, rng.randint(2, 5))),
                visibility="shared" if rng.random() < 0.6 else "private",
                created_at=created + datetime.timedelta(seconds=rng.uniform(0, span)),
            )
        )
    for note in Note.objects.bulk_create(rows):
        at.add(
            note.created_at,
            note.author,
            note.organisation_id,
            "note",
            note.pk,
            "note.created",
            note.visibility,
        )


def _edits(
    rng: random.Random,
    alliance: Alliance,
    parties: list[tuple[Party, list[Membership]]],
    programme_ids: list[int],
    created: datetime.datetime,
    now: datetime.datetime,
    tier: str,
    at: _Recorder,
) -> None:
    """Edits to the overview and the programmes: most of an alliance's audit trail."""
    span = (now - created).total_seconds()
    for _ in range(int(EDITS_PER_ALLIANCE[tier] * rng.uniform(0.8, 1.2))):
        party, team = rng.choice(parties)
        when = created + datetime.timedelta(seconds=rng.uniform(0, span))
        actor, org = _signer(team).user, party.organisation_id
        if rng.random() < 0.5:
            after = {"purpose": rng.choice(SENTENCES)}
            at.add(when, actor, org, "alliance", alliance.pk, "alliance.updated", after=after)
        else:
            after = {"stage": rng.choice(Stage.values)}
            programme = rng.choice(programme_ids)
            at.add(when, actor, org, "programme", programme, "programme.updated", after=after)


# --- The partnering portal ------------------------------------------------------------------

PORTAL_HISTORY = datetime.timedelta(days=540)
PORTAL_AREAS = (
    # (title, therapeutic areas, modalities, stages): each routed to one BD and one R&D reviewer
    ("Oncology", ["oncology"], ["adc", "antibody", "small_molecule"], ["preclinical", "phase_1"]),
    ("Neuroscience", ["neuroscience"], ["small_molecule", "rna"], ["preclinical", "phase_1"]),
    ("Immunology", ["immunology"], ["antibody", "protein"], ["phase_1", "phase_2"]),
    ("Rare disease", ["rare"], ["gene_therapy", "rna"], ["preclinical", "phase_1"]),
)
FEEDBACK = (
    "Thank you for the submission and the care that went into it. Our business development and "
    "R&D reviewers scored it on the published rubric; at this stage we would want to see in vivo "
    "proof of mechanism and a clearer benefit over existing options before opening a discussion. "
    "You are welcome to submit again as the programme moves on."
)


def _portal(
    rng: random.Random,
    cast: Cast,
    count: int,
    now: datetime.datetime,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> None:
    """The pharma's portal and `count` submissions, with reviews, dialogue and decisions."""
    if not count:
        return
    team = cast.people[cast.pharma.pk]
    head = next(m.user for m in team if m.role == "business_development")
    portal = Portal.objects.create(
        organisation=cast.pharma,
        slug="benchmark",
        head_of_bd=head,
        publish_statistics=True,
        weights={"strategic_fit": 2, "unmet_need": 1.5},
    )
    bd, rnd = _portal_reviewers(team)
    for i, (title, areas, modalities, stages) in enumerate(PORTAL_AREAS):
        area = AreaOfInterest.objects.create(
            portal=portal,
            title=title,
            therapeutic_areas=areas,
            modalities=modalities,
            stages=stages,
            deal_types=["licence", "co_development"],
        )
        area.reviewers.set([bd[i % len(bd)], rnd[i % len(rnd)]])
    AreaOfInterest.objects.create(
        portal=portal, kind="avoid", title="Vaccines", modalities=["vaccine"]
    )
    _submissions(rng, portal, team, range(count), now, events)


def _portal_reviewers(team: list[Membership]) -> tuple[list[User], list[User]]:
    """The pharma's BD reviewers and its R&D reviewers."""
    bd = [m.user for m in team if m.role in ("business_development", "alliance_manager")]
    rnd = [m.user for m in team if m.role == "scientist"]
    return bd, rnd


def _submissions(
    rng: random.Random,
    portal: Portal,
    team: list[Membership],
    indexes: range,
    now: datetime.datetime,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> None:
    """Submissions numbered `indexes`, with their reviewers, reviews, dialogue and audit events,
    and the portal's statistics kept by day worked out as the services keep them."""
    bd, rnd = _portal_reviewers(team)
    lives = [_submission_life(rng, portal, i, now) for i in indexes]
    kept = deadlines_set([life.submission for life in lives], portal)  # as submission_create does
    created = Submission.objects.bulk_create(kept, batch_size=1000)
    through = Submission.reviewers.through
    assigned, reviews, messages = [], [], []
    routes = {areas[0]: i for i, (_, areas, _, _) in enumerate(PORTAL_AREAS)}
    for index, (life, submission) in enumerate(zip(lives, created, strict=True)):
        route = routes.get(submission.therapeutic_area, index % len(PORTAL_AREAS))
        pair = (bd[route % len(bd)], rnd[route % len(rnd)])
        assigned += [through(submission_id=submission.pk, user_id=u.pk) for u in pair]
        reviews += _reviews(rng, life, submission, pair, portal)
        messages += _dialogue(life, submission, pair[0])
        _submission_events(life, submission, pair[0], events)
    through.objects.bulk_create(assigned, batch_size=2000)
    Review.objects.bulk_create(reviews, batch_size=2000)
    Message.objects.bulk_create(messages, batch_size=2000)
    portal_statistics_rebuild(portal.organisation_id)  # written around the services: keep in step


def grow_portal(portfolio: Portfolio, submissions: int, *, seed: int = 2026) -> float:
    """Add submissions to the generated portal until it has received `submissions` in all, over
    the same eighteen months, with their audit events chained on; returns the seconds taken."""
    started = time.monotonic()
    portal = Portal.objects.unscoped().get(slug="benchmark")
    team = list(
        Membership.objects.unscoped()
        .filter(organisation=portal.organisation_id)
        .select_related("user")
        .order_by("pk")
    )
    events: list[tuple[datetime.datetime, dict[str, Any]]] = []
    with transaction.atomic():
        rng = random.Random(f"{seed}-portal-{portfolio.submissions}")
        indexes = range(portfolio.submissions, submissions)
        _submissions(rng, portal, team, indexes, timezone.now(), events)
        _chain(events)
        portfolio.rows = _counts()
    portfolio.submissions = submissions
    return time.monotonic() - started


@dataclass
class _Life:
    """One generated submission and when things happened to it (None: not yet)."""

    submission: Submission
    quality: float
    reviewed: datetime.datetime | None = None
    asked: datetime.datetime | None = None
    replied: datetime.datetime | None = None


def _submission_life(
    rng: random.Random, portal: Portal, index: int, now: datetime.datetime
) -> _Life:
    """A submission's fields and history: most answered in time, some late, the newest open."""
    submitted = now - PORTAL_HISTORY + datetime.timedelta(seconds=rng.uniform(0, 540 * 86400))
    area = rng.choice(TherapeuticArea.values)
    roll = rng.random()
    first = None if roll > 0.985 else rng.uniform(33, 60) if roll > 0.9 else rng.uniform(1, 28)
    decide = None if first is None else first + rng.uniform(5, 60)
    if decide is not None and 0.8 < roll <= 0.9:
        decide = rng.uniform(92, 150)
    asked = first + 4 if first is not None and rng.random() < 0.08 else None
    replied = asked + rng.uniform(3, 15) if asked is not None else None
    if decide is not None and replied is not None:
        decide = max(decide, replied + 5)

    def at(days: float | None) -> datetime.datetime | None:
        when = submitted + datetime.timedelta(days=days) if days is not None else None
        return when if when is not None and when < now else None

    life = _Life(
        submission=Submission(), quality=rng.uniform(1.8, 4.6), asked=at(asked), replied=at(replied)
    )
    if first is not None:
        life.reviewed = at(first + rng.uniform(1, 5))
    decided = at(decide)
    status: str = Submission.Status.RECEIVED
    if decided is not None:
        status = rng.choices(["declined", "cda", "term_sheet"], [92, 6, 2])[0]
    elif life.asked is not None and life.replied is None:
        status = Submission.Status.INFO_REQUESTED
    elif life.reviewed is not None:
        status = Submission.Status.UNDER_REVIEW
    paused = int((life.replied - life.asked).total_seconds()) if life.replied and life.asked else 0
    score = rng.choice([0, 25, 50, 75, 100])
    first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    company = f"{rng.choice(PREFIXES)} {rng.choice(['Bio', 'Therapeutics', 'Medicines'])}"
    life.submission = Submission(
        organisation_id=portal.organisation_id,
        reference=f"BENCHMARK-{submitted.year}-{index + 1:05d}",
        token_hash=hashlib.sha256(f"bench-submission-{index}".encode()).hexdigest(),
        contact_name=f"{first_name} {last_name}",
        contact_email=f"{first_name.lower()}.{index}@submitter.bench.example",
        submitter_organisation_name=company,
        asset_name=f"SX-{rng.randint(100, 9999)}",
        modality=rng.choice(Modality.values),
        therapeutic_area=area,
        indication=f"Indication {rng.randint(1, 300)}",
        stage=rng.choice(Stage.values),
        mechanism=f"Selective modulator of target {rng.randint(1, 500)}",
        differentiation=" ".join(rng.sample(SENTENCES, 3)),
        data_summary=" ".join(rng.sample(SENTENCES, 5)),
        ip_status="Composition-of-matter application filed; national phase entered.",
        deal_type=rng.choice(["licence", "co_development", "research", "build_to_buy"]),
        attested_non_confidential=True,
        status=status,
        submitted_at=submitted,
        acknowledged_at=submitted,
        first_response_at=at(first) or (decided if decided else None),
        decided_at=decided,
        paused_since=life.asked if status == Submission.Status.INFO_REQUESTED else None,
        paused_seconds=paused,
        match_score=score,
        match_explanation=[{"area": "Oncology", "matched": ["Oncology"]}] if score else [],
        decline_reasons=rng.sample(DeclineReason.values, rng.randint(1, 2))
        if status == Submission.Status.DECLINED
        else [],
        feedback=FEEDBACK if status == Submission.Status.DECLINED else "",
    )
    return life


def _reviews(
    rng: random.Random,
    life: _Life,
    submission: Submission,
    pair: tuple[User, User],
    portal: Portal,
) -> list[Review]:
    """A BD review and, mostly, an R&D one, R&D scoring oncology lower."""
    if life.reviewed is None:
        return []
    reviews: list[Review] = []
    for track, reviewer, shift in (("bd", pair[0], 0.0), ("rnd", pair[1], 0.3)):
        if track == "rnd":
            if rng.random() < 0.2:
                break
            shift = 1.5 if submission.therapeutic_area == "oncology" else shift
        points = {
            c: max(1, min(5, round(life.quality - shift + rng.uniform(-0.8, 0.8))))
            for c in Criterion.values
        }
        scores = {c: {"score": n, "comment": rng.choice(SENTENCES)} for c, n in points.items()}
        weights = {c: portal.weight(c) for c in Criterion.values}
        total = sum((weights[c] * n for c, n in points.items()), Decimal(0))
        weighted = (total / sum(weights.values(), Decimal(0))).quantize(Decimal("0.01"))
        reviews.append(
            Review(
                submission_id=submission.pk,
                reviewer=reviewer,
                track=track,
                scores=scores,
                weighted_score=weighted,
                submitted_at=life.reviewed + datetime.timedelta(hours=len(reviews) * 30),
            )
        )
    return reviews


def _dialogue(life: _Life, submission: Submission, author: User) -> list[Message]:
    """The first answer, any question and its reply, and the decision."""
    rows = []

    def add(when: datetime.datetime, kind: str, body: str, *, submitter: bool = False) -> None:
        rows.append(
            Message(
                submission_id=submission.pk,
                kind=kind,
                from_submitter=submitter,
                author=None if submitter else author,
                author_label=submission.contact_name if submitter else author.get_full_name(),
                body=body,
                created_at=when,
            )
        )

    first = submission.first_response_at
    if first is not None and first != submission.decided_at:
        add(first, "message", "Thank you for your submission; it is under review.")
    if life.asked is not None:
        add(life.asked, "question", "Could you share the dose-response data?")
    if life.replied is not None:
        add(life.replied, "message", "Attached to the data summary now.", submitter=True)
    if submission.decided_at is not None:
        add(submission.decided_at, "decision", submission.feedback or "Advanced.")
    return rows


def _submission_events(
    life: _Life,
    submission: Submission,
    actor: User,
    events: list[tuple[datetime.datetime, dict[str, Any]]],
) -> None:
    """Receipt and decision in the audit chain, private to the pharma."""
    org = submission.organisation_id
    received = _event(actor, org, None, "submission", submission.pk, "submission.received", "")
    received.update(
        actor=None,
        actor_label="Concord",
        summary=f"Submission {submission.reference} received",
        visibility="private",
    )
    events.append((submission.submitted_at, received))
    if submission.decided_at is not None:
        action = f"submission.{submission.status}"
        summary = f"{actor} decided {submission.reference}"
        decided = _event(actor, org, None, "submission", submission.pk, action, summary)
        decided.update(visibility="private")
        events.append((submission.decided_at, decided))


# --- The audit chain -------------------------------------------------------------------------


def _event(
    actor: User,
    org_id: int,
    alliance_id: int | None,
    obj_type: str,
    obj_id: int,
    action: str,
    summary: str,
) -> dict[str, Any]:
    return {
        "actor": actor,
        "actor_label": actor.get_full_name(),
        "organisation_id": org_id,
        "alliance_id": alliance_id,
        "object_type": obj_type,
        "object_id": str(obj_id),
        "action": action,
        "summary": summary[:300],
        "visibility": "shared",
    }


def _chain(events: list[tuple[datetime.datetime, dict[str, Any]]]) -> None:
    """Number the events in time order, link each to the one before (the chain's head, if the
    chain has begun), and move the head."""
    events.sort(key=lambda e: e[0])
    head = AuditHead.objects.filter(pk=1).first()
    start, prev = (head.last_seq, head.last_hash) if head else (0, GENESIS_HASH)
    rows = []
    for seq, (when, fields) in enumerate(events, start=start + 1):
        event = AuditEvent(seq=seq, created_at=when, request_id="", prev_hash=prev, **fields)
        event.hash = prev = event.compute_hash()
        rows.append(event)
    AuditEvent.objects.bulk_create(rows, batch_size=2000)
    AuditHead.objects.update_or_create(
        pk=1, defaults={"last_seq": start + len(rows), "last_hash": prev}
    )


def _counts() -> dict[str, int]:
    models = [Organisation, User, Membership, Alliance, Party, TeamMember, Programme, Gate]
    models += [GateSignoff, PhaseTransition, Note, Submission, Review, Message, AuditEvent]
    return {
        m.__name__: m._base_manager.count()  # the plain manager: a system count, no tenant scope
        for m in models
    }
