"""Each alliance of the benchmark: parties, teams, programmes, gates, notes and edits."""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from typing import Any

from bench.generate._common import HISTORY, SENTENCES, Cast, _Recorder
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
from concord.core.vocabulary import Modality, Stage, TherapeuticArea
from concord.orgs.models import Membership, Organisation, User

# Audit events per alliance beyond the ones its records imply: edits to the overview and programmes
# over three years. Tuned so that 150 alliances make about 100,000 rows in all.
EDITS_PER_ALLIANCE = {"strategic": 560, "core": 370, "transactional": 180}
NOTES_PER_ALLIANCE = {"strategic": 160, "core": 100, "transactional": 40}


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
