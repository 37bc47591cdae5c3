"""Opening rounds: by an alliance manager, at a gate, and on the alliance's cadence."""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from concord.alliances.models import Alliance, Gate, Party, Phase, TeamMember
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.errors import invalid
from concord.core.tenancy import organisation_of
from concord.core.tokens import new_secret
from concord.health import emails
from concord.health.models import (
    Cadence,
    Celebration,
    Dimension,
    DimensionTally,
    Instrument,
    Kind,
    Respondent,
    Round,
    RoundParty,
)
from concord.health.services._base import _joined_party, _require_manager
from concord.health.services.cadence import cadence_for, threshold_for
from concord.health.services.instruments import builtin_instruments_ensure, current_version
from concord.orgs.models import User

# Alliances winding down or ended are no longer surveyed on a schedule; a gate still opens a
# health check (the gate into wind-down is a good moment for a last look at the relationship).
UNSCHEDULED_PHASES = (Phase.WIND_DOWN, Phase.TERMINATED)


def _instrument_for(cadence: Cadence, kind: str) -> Instrument:
    chosen = cadence.pulse_instrument if kind == Kind.PULSE else cadence.health_instrument
    return chosen or builtin_instruments_ensure()[kind]


def round_title(kind: str, moment: datetime.datetime, gate: Gate | None = None) -> str:
    """How people name a round: "Pulse, March 2026"; "Health check at the gate to Clinical Trials"."""
    if gate is not None:
        return f"Health check at the gate to {gate.get_to_phase_display()}"
    return f"{Kind(kind).label}, {timezone.localtime(moment):%B %Y}"


def _round_open(
    *,
    alliance: Alliance,
    kind: str,
    reason: str,
    period: str,
    actor: User | None = None,
    gate: Gate | None = None,
    title: str = "",
) -> Round | None:
    """Open a round and invite both parties' teams; None if one is open or this period had one."""
    cadence = cadence_for(alliance)
    now = clock.now()
    round_ = Round(
        alliance=alliance,
        kind=kind,
        version=current_version(_instrument_for(cadence, kind)),
        title=title or round_title(kind, now, gate),
        reason=reason,
        gate=gate,
        period=period,
        opens_at=now,
        closes_at=now + datetime.timedelta(days=cadence.window_days),
        min_respondents=threshold_for(alliance, cadence),
        opened_by=actor,
    )
    try:
        with transaction.atomic():
            round_.save()
    except IntegrityError:  # one is open already, or this period's round exists (a second sweep)
        return None
    invited = _invite_teams(round_)
    audit_record(
        actor=actor,
        action="health.round_opened",
        obj=round_,
        organisation=organisation_of(actor) if actor else None,
        alliance=alliance,
        summary=f"{round_.title} opened for both parties' teams ({invited} people invited), "
        f"until {timezone.localtime(round_.closes_at):%-d %B %Y}",
        after={"kind": kind, "reason": reason, "version": round_.version_id},
    )
    return round_


def _invite_teams(round_: Round) -> int:
    """A tally per party and dimension, and a personal link for every active team member."""
    dimensions = list(Dimension.objects.unscoped().filter(version=round_.version_id))
    parties = Party.objects.unscoped().filter(
        alliance=round_.alliance_id, status=Party.Status.ACCEPTED
    )
    team = TeamMember.objects.unscoped().filter(
        party__in=parties, user__is_active=True, user__membership__is_active=True
    )
    members: dict[int, list[User]] = defaultdict(list)
    for member in team.select_related("user"):
        members[member.party_id].append(member.user)
    celebrations = _recent_celebrations(round_)
    total = 0
    for party in parties:
        people = members.get(party.pk, [])
        tally = RoundParty.objects.create(
            round=round_, party=party, organisation_id=party.organisation_id, invited=len(people)
        )
        DimensionTally.objects.bulk_create(
            DimensionTally(round_party=tally, dimension=d) for d in dimensions
        )
        issued = [(person, *new_secret()) for person in people]
        respondents = Respondent.objects.bulk_create(
            Respondent(round=round_, round_party=tally, user=person, token_hash=token_hash)
            for person, _, token_hash in issued
        )
        for respondent, (_, token, _) in zip(respondents, issued, strict=True):
            emails.send_round_invitation(respondent, token, celebrations)
        total += len(people)
    return total


def _recent_celebrations(round_: Round) -> list[Celebration]:
    """What the alliance celebrated since its last round of this kind opened: the invitation
    mentions it (a gate's own health check does not use up the next pulse's news)."""
    earlier = (
        Round.objects.unscoped()
        .filter(alliance=round_.alliance_id, kind=round_.kind, opens_at__lt=round_.opens_at)
        .aggregate(at=Max("opens_at"))["at"]
    )
    since = earlier or round_.opens_at - datetime.timedelta(days=45)
    return list(
        Celebration.objects.unscoped()
        .filter(alliance=round_.alliance_id, created_at__gte=since)
        .order_by("-created_at")[:5]
    )


@transaction.atomic
def round_start(*, actor: User, alliance: Alliance, kind: str) -> Round:
    """An alliance manager starts a pulse or health check now, outside the cadence."""
    _require_manager(actor)
    _joined_party(actor, alliance)
    if kind not in Kind.values:
        raise invalid("kind", "Choose a pulse or a health check.")
    if alliance.is_proposed or alliance.phase == Phase.TERMINATED:
        raise invalid("kind", "Rounds run only in active alliances.")
    if Round.objects.unscoped().filter(alliance=alliance, kind=kind, status="open").exists():
        raise invalid("kind", f"A {Kind(kind).label.lower()} is already open in this alliance.")
    # Manual rounds need no period of their own: the one-open-round rule stops a double click.
    period = f"manual-{secrets.token_hex(8)}"
    round_ = _round_open(
        alliance=alliance, kind=kind, reason=Round.Reason.MANUAL, period=period, actor=actor
    )
    if round_ is None:
        raise invalid("kind", f"A {Kind(kind).label.lower()} was started a moment ago.")
    return round_


def final_round_open(*, actor: User, alliance: Alliance) -> Round | None:
    """The final health check of an alliance winding down, opened once (its period key stops a
    second); None if a health check is open already, whose answers then serve as the last."""
    return _round_open(
        alliance=alliance,
        kind=Kind.HEALTH_CHECK,
        reason=Round.Reason.MANUAL,
        period="final",
        actor=actor,
        title="Final health check",
    )


GATE_CHECK_WITHIN = datetime.timedelta(days=30)


def gate_rounds_open_due() -> int:
    """The sweep's health check at every gate: one for each gate passed in the last 30 days that
    has none yet (unless the alliance turned this off, or a health check is already open).

    The sweep opens it, not the gate itself: signing a gate stays one quick step, the invitations
    go out with the sweep's other mail a minute later, and the gate's period key makes a second
    sweep (or two at once) open nothing more.
    """
    since = clock.now() - GATE_CHECK_WITHIN
    gates = list(
        Gate.objects.unscoped()
        .filter(status=Gate.Status.PASSED, closed_at__gte=since)
        .exclude(alliance__phase=Phase.TERMINATED)
        .select_related("alliance__health_cadence")
    )
    done = set(
        Round.objects.unscoped()
        .filter(alliance__in={g.alliance_id for g in gates}, period__startswith="gate-")
        .values_list("period", flat=True)
    )
    return sum(_gate_round_open(gate) for gate in gates if f"gate-{gate.pk}" not in done)


@transaction.atomic
def _gate_round_open(gate: Gate) -> int:
    cadence = getattr(gate.alliance, "health_cadence", None) or Cadence(alliance=gate.alliance)
    if not cadence.health_at_gates:
        return 0
    opened = _round_open(
        alliance=gate.alliance,
        kind=Kind.HEALTH_CHECK,
        reason=Round.Reason.GATE,
        period=f"gate-{gate.pk}",
        gate=gate,
    )
    return int(opened is not None)


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day `months` later (or earlier), kept within shorter months."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month + 1, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def rounds_open_due() -> int:
    """The sweep's first job: open every round an active alliance's cadence calls for now."""
    now = clock.now()
    alliances = (
        Alliance.objects.unscoped()
        .filter(status=Alliance.Status.ACTIVE)
        .exclude(phase__in=UNSCHEDULED_PHASES)
        .select_related("health_cadence")
    )
    latest = _latest_openings()
    opened = 0
    for alliance in alliances:
        cadence = getattr(alliance, "health_cadence", None) or Cadence(alliance=alliance)
        for kind in Kind.values:
            last = latest.get((alliance.pk, kind))
            if cadence.enabled(kind) and _due(last, now, cadence.every_months(kind)):
                opened += _open_scheduled(alliance, kind, now)
    return opened


def _latest_openings() -> dict[tuple[int, str], datetime.datetime]:
    rows = (
        Round.objects.unscoped()
        .order_by()
        .values_list("alliance_id", "kind")
        .annotate(last=Max("opens_at"))
    )
    return {(a, k): last for a, k, last in rows}


def _due(last: datetime.datetime | None, now: datetime.datetime, every: int) -> bool:
    # By calendar day, so a round opened at 06:00:02 does not wait a day for the 06:00 sweep.
    return last is None or last.date() <= add_months(now, -every).date()


@transaction.atomic
def _open_scheduled(alliance: Alliance, kind: str, now: datetime.datetime) -> int:
    period = f"{timezone.localtime(now):%Y-%m}"
    return int(
        _round_open(alliance=alliance, kind=kind, reason=Round.Reason.SCHEDULED, period=period)
        is not None
    )
