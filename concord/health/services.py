"""Every write of the health capability: instruments, cadences, rounds, answers, warnings and
celebrations. Rounds are opened and closed by the sweep (or at a gate, or by an alliance manager);
answers come from the invited person alone, through their personal link or signed in.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, IntegerField, Max, Value, When
from django.utils import timezone
from django.utils.text import slugify

from concord.alliances.models import Alliance, Gate, Party, Phase, TeamMember
from concord.core.audit import audit_record
from concord.core.errors import forbidden, invalid
from concord.core.signals import early_warning
from concord.core.tenancy import PRIVATE, SHARED, organisation_of
from concord.core.tokens import new_secret
from concord.health import emails
from concord.health.defaults import BUILTIN
from concord.health.models import (
    DROP_WARNING,
    LOW_WARNING,
    MIN_RESPONDENTS,
    SCALE,
    Cadence,
    Celebration,
    Comment,
    Dimension,
    DimensionTally,
    EarlyWarning,
    HealthSettings,
    Instrument,
    InstrumentVersion,
    Kind,
    Respondent,
    Round,
    RoundParty,
    Statement,
)
from concord.orgs.models import Membership, User

CADENCE_FIELDS = [
    "pulse_enabled",
    "pulse_every_months",
    "pulse_instrument",
    "health_enabled",
    "health_every_months",
    "health_at_gates",
    "health_instrument",
    "window_days",
    "min_respondents",
]
# Alliances winding down or ended are no longer surveyed on a schedule; a gate still opens a
# health check (the gate into wind-down is a good moment for a last look at the relationship).
UNSCHEDULED_PHASES = (Phase.WIND_DOWN, Phase.TERMINATED)
# How many statements an instrument may have: a pulse is 3–5 quick questions.
STATEMENTS: dict[str, tuple[int, int]] = {
    Kind.PULSE.value: (3, 5),
    Kind.HEALTH_CHECK.value: (1, 40),
}
MAX_COMMENT = 2000


# --- Role rules --------------------------------------------------------------------------------


def _membership(actor: User) -> Membership:
    membership = getattr(actor, "membership", None)
    if membership is None or not membership.is_active or not actor.is_active:
        raise forbidden("Only active members of an organisation can do this.")
    return membership


def _require_manager(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.can_manage_alliances:
        raise forbidden("Only alliance managers and admins can do this.")
    return membership


def _require_admin(actor: User) -> Membership:
    membership = _membership(actor)
    if not membership.is_admin:
        raise forbidden("Only your organisation's admins can change this.")
    return membership


def _joined_party(actor: User, alliance: Alliance) -> Party:
    """The actor's organisation's accepted side of the alliance (the editable_by() rule)."""
    if not Alliance.objects.editable_by(actor).filter(pk=alliance.pk).exists():
        raise forbidden(
            "Your organisation has not joined this alliance, or your role is read-only."
        )
    return Party.objects.unscoped().get(alliance=alliance, organisation=organisation_of(actor))


def _clean(instance: Any) -> None:
    instance.full_clean(validate_unique=False, validate_constraints=False)


# --- Instruments -------------------------------------------------------------------------------


def builtin_instruments_ensure() -> dict[str, Instrument]:
    """Concord's built-in pulse and health check, created the first time they are needed.

    They are reference data rather than anyone's record, so they are made here (idempotently, and
    after every migrate) instead of in a data migration that a test database flush would erase.
    """
    found = {i.kind: i for i in Instrument.objects.unscoped().filter(organisation=None)}
    for kind, name, description, dimensions in BUILTIN:
        if kind not in found:
            found[kind] = _builtin_create(kind, name, description, dimensions)
    return found


def _builtin_create(kind: str, name: str, description: str, dimensions: Any) -> Instrument:
    try:
        with transaction.atomic():
            instrument = Instrument.objects.create(kind=kind, name=name, description=description)
            _version_write(instrument, None, dimensions, "Concord's built-in wording")
            return instrument
    except IntegrityError:  # created at the same moment by another process
        return Instrument.objects.unscoped().get(kind=kind, organisation=None)


def _version_write(
    instrument: Instrument, actor: User | None, dimensions: Any, note: str
) -> InstrumentVersion:
    """A new, immutable version of the wording: dimensions (key, name, statements) in order."""
    latest = instrument.versions.aggregate(n=Max("number"))["n"] or 0
    version = InstrumentVersion.objects.create(
        instrument=instrument, number=latest + 1, change_note=note[:300], created_by=actor
    )
    for position, (key, name, statements) in enumerate(dimensions):
        dimension = Dimension.objects.create(version=version, key=key, name=name, position=position)
        Statement.objects.bulk_create(
            Statement(dimension=dimension, text=text, position=i)
            for i, text in enumerate(statements)
        )
    return version


def current_version(instrument: Instrument) -> InstrumentVersion:
    """The wording new rounds of an instrument use: its latest version."""
    return InstrumentVersion.objects.unscoped().filter(instrument=instrument).order_by("-number")[0]


@transaction.atomic
def instrument_copy(*, actor: User, instrument: Instrument, name: str = "") -> Instrument:
    """Copy an instrument into the actor's organisation, to edit its wording there."""
    membership = _require_manager(actor)
    if not Instrument.objects.visible_to(actor).filter(pk=instrument.pk).exists():
        raise forbidden("You cannot copy this instrument.")
    source = current_version(instrument)
    copy = Instrument(
        organisation=membership.organisation,
        kind=instrument.kind,
        name=(name.strip() or f"{instrument.name} ({membership.organisation.name})")[:200],
        description=instrument.description,
        based_on=instrument,
        created_by=actor,
    )
    _clean(copy)
    copy.save()
    _version_write(copy, actor, _wording(source), f"Copied from {instrument.name} v{source.number}")
    audit_record(
        actor=actor,
        action="health.instrument_copied",
        obj=copy,
        organisation=membership.organisation,
        summary=f"{actor} copied the instrument “{instrument.name}” as “{copy.name}”",
        after={"name": copy.name, "based_on": instrument.pk},
    )
    return copy


def _wording(version: InstrumentVersion) -> list[tuple[str, str, list[str]]]:
    dimensions = Dimension.objects.unscoped().filter(version=version).prefetch_related("statements")
    return [(d.key, d.name, [s.text for s in d.statements.all()]) for d in dimensions]


@dataclass
class DimensionWording:
    """One dimension of an edited instrument: its name and its statements, in order."""

    name: str
    statements: list[str]
    key: str = ""


@transaction.atomic
def instrument_revise(
    *,
    actor: User,
    instrument: Instrument,
    name: str,
    description: str = "",
    dimensions: list[DimensionWording],
    change_note: str = "",
) -> InstrumentVersion:
    """Change an organisation's own instrument: the new wording becomes a new version.

    Rounds already run keep the version they used, so their results and trends stay comparable.
    """
    membership = _require_manager(actor)
    if not Instrument.objects.editable_by(actor).filter(pk=instrument.pk).exists():
        raise forbidden("Only your organisation's own copies can be edited; copy it first.")
    wording = _checked_wording(instrument.kind, dimensions)
    instrument.name, instrument.description = name.strip(), description.strip()
    _clean(instrument)
    instrument.save(update_fields=["name", "description"])
    if wording == [(k, n, s) for k, n, s in _wording(current_version(instrument))]:
        return current_version(instrument)
    version = _version_write(instrument, actor, wording, change_note.strip() or "Wording edited")
    audit_record(
        actor=actor,
        action="health.instrument_revised",
        obj=instrument,
        organisation=membership.organisation,
        summary=f"{actor} revised “{instrument.name}” (now version {version.number})",
        after={"version": version.number, "note": version.change_note},
    )
    return version


def _checked_wording(kind: str, dimensions: list[DimensionWording]) -> list[Any]:
    """Clean dimensions: each named, with statements; keys unique; within the kind's length."""
    wording, keys = [], set()
    for index, dimension in enumerate(dimensions):
        statements = [s.strip() for s in dimension.statements if s.strip()]
        name = dimension.name.strip()
        if not statements and not name:
            continue  # an empty slot: the dimension is left out
        if not name or not statements:
            raise invalid(f"dimensions.{index}", "Give each dimension a name and statements.")
        if any(len(s) > 300 for s in statements) or len(name) > 100:
            raise invalid(f"dimensions.{index}", "Keep statements under 300 characters.")
        key = slugify(dimension.key or name).replace("-", "_")[:50] or f"dimension_{index}"
        if key in keys:
            raise invalid(f"dimensions.{index}", "Two dimensions have the same name.")
        keys.add(key)
        wording.append((key, name, statements))
    total = sum(len(s) for _, _, s in wording)
    if not wording:
        raise invalid("dimensions", "An instrument needs at least one dimension.")
    fewest, most = STATEMENTS[kind]
    if not fewest <= total <= most:
        raise invalid(
            "dimensions", f"A {Kind(kind).label.lower()} has {fewest} to {most} statements."
        )
    return wording


# --- Cadence and thresholds -------------------------------------------------------------------


def cadence_for(alliance: Alliance) -> Cadence:
    """The alliance's cadence, or the defaults (unsaved) when nobody has changed it."""
    cadence = Cadence.objects.unscoped().filter(alliance=alliance).first()
    return cadence or Cadence(alliance=alliance)


@transaction.atomic
def cadence_update(*, actor: User, alliance: Alliance, **changes: Any) -> Cadence:
    """Change how the alliance runs its pulses and health checks; either party's managers may."""
    membership = _require_manager(actor)
    _joined_party(actor, alliance)
    unknown = set(changes) - set(CADENCE_FIELDS)
    if unknown:
        raise invalid(sorted(unknown)[0], "This field cannot be changed here.")
    cadence = cadence_for(alliance)
    before = _cadence_snapshot(cadence)
    for field, value in changes.items():
        if field.endswith("_instrument") and value is not None:
            value = _usable_instrument(actor, value, Kind.PULSE if "pulse" in field else "")
        setattr(cadence, field, value)
    if cadence.min_respondents is not None and cadence.min_respondents < MIN_RESPONDENTS:
        raise invalid("min_respondents", f"Results need at least {MIN_RESPONDENTS} respondents.")
    cadence.updated_by, cadence.updated_at = actor, timezone.now()
    _clean(cadence)
    cadence.save()
    after = _cadence_snapshot(cadence)
    changed = [k for k in after if before[k] != after[k]]
    if changed:
        audit_record(
            actor=actor,
            action="health.cadence_updated",
            obj=cadence,
            organisation=membership.organisation,
            alliance=alliance,
            summary=f"{actor} changed the health cadence: {', '.join(changed)}",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return cadence


def _usable_instrument(actor: User, instrument: Instrument, pulse: str) -> Instrument:
    kind = Kind.PULSE if pulse else Kind.HEALTH_CHECK
    if not Instrument.objects.visible_to(actor).filter(pk=instrument.pk, kind=kind).exists():
        field = "pulse_instrument" if pulse else "health_instrument"
        raise invalid(field, f"Choose a {Kind(kind).label.lower()} from your library.")
    return instrument


def _cadence_snapshot(cadence: Cadence) -> dict[str, Any]:
    return {
        f: getattr(cadence, f"{f}_id" if f.endswith("_instrument") else f) for f in CADENCE_FIELDS
    }


@transaction.atomic
def threshold_update(*, actor: User, min_respondents: int) -> HealthSettings:
    """Raise (or lower, never below 3) the organisation's anonymity threshold for every alliance."""
    membership = _require_admin(actor)
    if min_respondents < MIN_RESPONDENTS:
        raise invalid("min_respondents", f"The threshold cannot be below {MIN_RESPONDENTS}.")
    settings, _ = HealthSettings.objects.unscoped().get_or_create(
        organisation=membership.organisation
    )
    before = settings.min_respondents
    settings.min_respondents, settings.updated_at = min_respondents, timezone.now()
    _clean(settings)
    settings.save()
    audit_record(
        actor=actor,
        action="health.threshold_updated",
        obj=settings,
        organisation=membership.organisation,
        summary=f"{actor} set the anonymity threshold to {min_respondents} respondents",
        before={"min_respondents": before},
        after={"min_respondents": min_respondents},
    )
    return settings


def threshold_for(alliance: Alliance, cadence: Cadence | None = None) -> int:
    """The strictest threshold among the alliance's own and each party organisation's, at least 3."""
    cadence = cadence or cadence_for(alliance)
    orgs = Party.objects.unscoped().filter(alliance=alliance).values("organisation_id")
    own = HealthSettings.objects.unscoped().filter(organisation_id__in=orgs)
    levels = [cadence.min_respondents, *own.values_list("min_respondents", flat=True)]
    return max([MIN_RESPONDENTS, *levels])


# --- Opening rounds ---------------------------------------------------------------------------


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
) -> Round | None:
    """Open a round and invite both parties' teams; None if one is open or this period had one."""
    cadence = cadence_for(alliance)
    now = timezone.now()
    round_ = Round(
        alliance=alliance,
        kind=kind,
        version=current_version(_instrument_for(cadence, kind)),
        title=round_title(kind, now, gate),
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


GATE_CHECK_WITHIN = datetime.timedelta(days=30)


def gate_rounds_open_due() -> int:
    """The sweep's health check at every gate: one for each gate passed in the last 30 days that
    has none yet (unless the alliance turned this off, or a health check is already open).

    The sweep opens it, not the gate itself: signing a gate stays one quick step, the invitations
    go out with the sweep's other mail a minute later, and the gate's period key makes a second
    sweep (or two at once) open nothing more.
    """
    since = timezone.now() - GATE_CHECK_WITHIN
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
    now = timezone.now()
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


# --- Answering --------------------------------------------------------------------------------


@transaction.atomic
def response_submit(
    *,
    respondent: Respondent,
    scores: dict[int, int],
    comment: str = "",
    internal_comment: str = "",
) -> None:
    """Add one invited person's answers to their party's anonymous tallies, once.

    Only sums and counts are kept; the invitation is marked answered in the same transaction, so
    the answers cannot be tied back to it. Comments keep their party and nothing else.
    """
    respondent = (
        Respondent.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("round__alliance", "round_party__organisation", "user__membership")
        .get(pk=respondent.pk)
    )
    round_, tally = respondent.round, respondent.round_party
    _check_can_answer(respondent)
    statements = list(
        Statement.objects.unscoped()
        .filter(dimension__version=round_.version_id)
        .values_list("pk", "dimension_id")
    )
    by_dimension = _checked_scores(statements, scores)
    comments = _checked_comments(comment, internal_comment)
    _tallies_add(tally, by_dimension)
    answered = sum(len(g) for g in by_dimension.values())
    RoundParty.objects.unscoped().filter(pk=tally.pk).update(
        responded=F("responded") + 1,
        answers=F("answers") + answered,
        score_sum=F("score_sum") + sum(sum(g) for g in by_dimension.values()),
    )
    for text, visibility in comments:
        Comment.objects.create(
            round_party=tally,
            organisation_id=tally.organisation_id,
            text=text,
            visibility=visibility,
            shuffle=secrets.randbelow(2**31),
        )
    respondent.has_answered = True
    respondent.save(update_fields=["has_answered"])
    _audit_answer(round_, tally)


def _tallies_add(tally: RoundParty, by_dimension: dict[int, list[int]]) -> None:
    """Add the scores to every dimension's count and sum in one UPDATE."""

    def per_dimension(values: dict[int, int]) -> Case:
        return Case(
            *[When(dimension_id=d, then=Value(v)) for d, v in values.items()],
            default=Value(0),
            output_field=IntegerField(),
        )

    counts = {d: len(given) for d, given in by_dimension.items()}
    sums = {d: sum(given) for d, given in by_dimension.items()}
    DimensionTally.objects.unscoped().filter(round_party=tally).update(
        answers=F("answers") + per_dimension(counts),
        score_sum=F("score_sum") + per_dimension(sums),
    )


def _check_can_answer(respondent: Respondent) -> None:
    round_ = respondent.round
    membership = getattr(respondent.user, "membership", None)
    if not respondent.user.is_active or membership is None or not membership.is_active:
        raise forbidden("This invitation belongs to someone who is no longer a member.")
    if respondent.has_answered:
        raise invalid("round", "You have already answered this round; answers cannot be changed.")
    if not round_.accepts_answers:
        raise invalid("round", "This round has closed.")


def _checked_scores(
    statements: list[tuple[int, int]], scores: dict[int, int]
) -> dict[int, list[int]]:
    """Every statement (id, dimension id) answered once, on the scale; scores by dimension."""
    if set(scores) - {pk for pk, _ in statements}:
        raise invalid("scores", "Some answers are for statements not in this round.")
    low, high = SCALE
    by_dimension: dict[int, list[int]] = defaultdict(list)
    for pk, dimension_id in statements:
        score = scores.get(pk)
        if score is None:
            raise invalid("scores", f"Answer every statement (statement {pk} is missing).")
        if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
            raise invalid("scores", f"Choose a score from {low} to {high} for every statement.")
        by_dimension[dimension_id].append(score)
    return by_dimension


def _checked_comments(shared: str, internal: str) -> list[tuple[str, str]]:
    comments = []
    for field, text, visibility in (
        ("comment", shared, SHARED),
        ("internal_comment", internal, PRIVATE),
    ):
        text = (text or "").strip()
        if len(text) > MAX_COMMENT:
            raise invalid(field, f"Keep comments under {MAX_COMMENT} characters.")
        if "\x00" in text:
            raise invalid(field, "The comment contains characters that cannot be stored.")
        if text:
            comments.append((text, visibility))
    return comments


def _audit_answer(round_: Round, tally: RoundParty) -> None:
    # No actor and no alliance: the trail records that the organisation's tally changed, never
    # who answered, and the event stays out of the alliance's shared activity feed.
    audit_record(
        actor=None,
        action="health.response_received",
        obj=round_,
        organisation=tally.organisation,
        summary=f"An anonymous answer to “{round_.title}” of {round_.alliance.name} was counted",
        visibility=PRIVATE,
    )


# --- Reminders and closing --------------------------------------------------------------------


def reminders_send() -> int:
    """Remind, once, the people who have not answered a round past 60% of its time."""
    now = timezone.now()
    due = [
        r.pk
        for r in Round.objects.unscoped().filter(status=Round.Status.OPEN, reminded_at=None)
        if r.opens_at + (r.closes_at - r.opens_at) * 0.6 <= now < r.closes_at
    ]
    return sum(_round_remind(pk) for pk in due)


@transaction.atomic
def _round_remind(round_pk: int) -> int:
    # Locked and re-read so two sweeps at once remind once.
    round_ = (
        Round.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=round_pk)
    )
    if round_.reminded_at is not None or not round_.is_open:
        return 0
    round_.reminded_at = timezone.now()
    round_.save(update_fields=["reminded_at"])
    waiting = Respondent.objects.unscoped().filter(
        round=round_, has_answered=False, reminded_at=None, user__is_active=True
    )
    count = 0
    for respondent in waiting.select_related("user"):
        token, token_hash = new_secret()
        respondent.reminder_token_hash, respondent.reminded_at = token_hash, round_.reminded_at
        respondent.save(update_fields=["reminder_token_hash", "reminded_at"])
        emails.send_round_reminder(respondent, token)
        count += 1
    audit_record(
        actor=None,
        action="health.round_reminded",
        obj=round_,
        alliance=round_.alliance,
        summary=f"Reminded {count} people who have not yet answered “{round_.title}”",
    )
    return 1


def rounds_close_due() -> tuple[int, int]:
    """Close every open round whose date has come; returns (rounds closed, warnings raised)."""
    due = Round.objects.unscoped().filter(status=Round.Status.OPEN, closes_at__lte=timezone.now())
    closed = warnings = 0
    for pk in list(due.values_list("pk", flat=True)):
        raised = round_close(round_pk=pk)
        if raised is not None:
            closed, warnings = closed + 1, warnings + raised
    return closed, warnings


@transaction.atomic
def round_close(*, round_pk: int) -> int | None:
    """Close a round: its results become visible and early warnings are raised; None if closed."""
    round_ = (
        Round.objects.unscoped()
        .select_for_update(of=("self",))
        .select_related("alliance")
        .get(pk=round_pk)
    )
    if not round_.is_open:
        return None
    round_.status, round_.closed_at = Round.Status.CLOSED, timezone.now()
    round_.save(update_fields=["status", "closed_at"])
    parties = list(
        RoundParty.objects.unscoped().filter(round=round_).select_related("organisation")
    )
    rates = "; ".join(f"{p.organisation.name} {p.responded} of {p.invited}" for p in parties)
    audit_record(
        actor=None,
        action="health.round_closed",
        obj=round_,
        alliance=round_.alliance,
        summary=f"{round_.title} closed. Answered: {rates or 'nobody was invited'}",
        after={"responded": {p.organisation.name: p.responded for p in parties}},
    )
    warnings = _warnings_raise(round_, parties)
    if warnings:
        emails.send_early_warnings(round_, warnings)
    return len(warnings)


# --- Early warnings ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One party's score on one dimension in one round, when enough people answered to show it."""

    key: str
    name: str
    score: Decimal


def _shown_scores(tally: RoundParty, k: int) -> dict[str, Reading]:
    """A party's dimension scores, only if at least k of its people answered."""
    if tally.responded < k:
        return {}
    rows = DimensionTally.objects.unscoped().filter(round_party=tally).select_related("dimension")
    return {
        t.dimension.key: Reading(t.dimension.key, t.dimension.name, t.score)
        for t in rows
        if t.score is not None
    }


def _previous_scores(round_: Round, tally: RoundParty) -> dict[str, Decimal]:
    """The party's latest earlier shown score per dimension, from rounds of the same wording."""
    earlier = (
        RoundParty.objects.unscoped()
        .filter(
            party=tally.party_id,
            round__alliance=round_.alliance_id,
            round__kind=round_.kind,
            round__version=round_.version_id,
            round__status=Round.Status.CLOSED,
            round__opens_at__lt=round_.opens_at,
            responded__gte=F("round__min_respondents"),
        )
        .order_by("-round__opens_at")
        .first()
    )
    if earlier is None:
        return {}
    return {key: reading.score for key, reading in _shown_scores(earlier, 0).items()}


def warning_for(score: Decimal, previous: Decimal | None) -> tuple[str, str] | None:
    """The rule: a fall of 0.5 or more since the last round, or falling below 3.0.

    "Falling" below 3.0 means crossing it: a score that stays low does not warn again each month
    (a further fall of 0.5 still does). Returns (reason, severity) or None.
    """
    dropped = previous is not None and previous - score >= DROP_WARNING
    fell_low = score < LOW_WARNING and (previous is None or previous >= LOW_WARNING)
    if not (dropped or fell_low):
        return None
    reason = "both" if dropped and fell_low else "drop" if dropped else "low"
    fall = (previous - score) if previous is not None else Decimal(0)
    if score < Decimal("2.5") or fall >= Decimal("1.0"):
        severity = "high"
    elif score < LOW_WARNING or fall >= Decimal("0.75"):
        severity = "medium"
    else:
        severity = "low"
    return reason, severity


def _warnings_raise(round_: Round, parties: list[RoundParty]) -> list[EarlyWarning]:
    """Early warnings for every shown dimension of every party, told to governance and managers."""
    raised = []
    for tally in parties:
        previous = _previous_scores(round_, tally)
        for key, reading in _shown_scores(tally, round_.min_respondents).items():
            verdict = warning_for(reading.score, previous.get(key))
            if verdict is None:
                continue
            warning = EarlyWarning.objects.create(
                round=round_,
                round_party=tally,
                dimension_key=key,
                dimension_name=reading.name,
                score=reading.score,
                previous=previous.get(key),
                reason=verdict[0],
                severity=verdict[1],
            )
            _warning_announce(round_, tally, warning)
            raised.append(warning)
    return raised


def warning_sentence(warning: EarlyWarning, organisation: str) -> str:
    """The warning in plain words, as both parties read it."""
    text = f"{warning.dimension_name} as {organisation} sees it is at {warning.score}"
    if warning.previous is not None:
        text += f", down from {warning.previous} in the previous round"
    return text + "."


def _warning_announce(round_: Round, tally: RoundParty, warning: EarlyWarning) -> None:
    organisation = tally.organisation.name
    title = f"Early warning: {warning.dimension_name.lower()} ({organisation}) in {round_.alliance.name}"
    body = (
        f"{warning_sentence(warning, organisation)} Measured in “{round_.title}”, which "
        f"{tally.responded} of {tally.invited} people of {organisation} answered. "
        "Talk it through at the next committee meeting before it becomes a dispute."
    )
    audit_record(
        actor=None,
        action="health.early_warning",
        obj=warning,
        alliance=round_.alliance,
        summary=title,
        after={"score": str(warning.score), "previous": str(warning.previous or "")},
    )
    early_warning.send(
        sender=EarlyWarning,
        alliance=round_.alliance,
        title=title[:200],
        body=body,
        severity=warning.severity,
        source=round_,
    )


# --- Celebrations and kudos -------------------------------------------------------------------


def celebration_record(
    *, alliance: Alliance, kind: str, title: str, actor: Any = None, source: Any = None
) -> Celebration | None:
    """Celebrate an achievement both parties see, once per achievement; None if already done."""
    kind = kind if kind in Celebration.Kind.values else Celebration.Kind.OTHER
    source_type = type(source).__name__.lower() if source is not None else ""
    source_id = str(getattr(source, "pk", "") or "")
    if source_id and (
        Celebration.objects.unscoped()
        .filter(alliance=alliance, source_type=source_type, source_id=source_id)
        .exists()
    ):
        return None
    celebration = Celebration.objects.create(
        alliance=alliance,
        kind=kind,
        title=title[:300],
        source_type=source_type,
        source_id=source_id,
        given_by=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation_of(actor),
    )
    audit_record(
        actor=actor,
        action="health.celebration",
        obj=celebration,
        organisation=organisation_of(actor),
        alliance=alliance,
        summary=f"Celebration: {celebration.title}",
        after={"kind": kind},
    )
    return celebration


@transaction.atomic
def kudos_give(*, actor: User, alliance: Alliance, message: str) -> Celebration:
    """A team member thanks people on the alliance; both parties see it, with the giver's name."""
    membership = _membership(actor)
    party = _joined_party(actor, alliance)
    on_team = TeamMember.objects.unscoped().filter(party=party, user=actor).exists()
    if not (on_team or membership.can_manage_alliances):
        raise forbidden("Kudos come from the alliance's team members.")
    message = message.strip()
    if not message:
        raise invalid("message", "Say what you are thanking people for.")
    if len(message) > 1000:
        raise invalid("message", "Keep kudos under 1,000 characters.")
    celebration = Celebration.objects.create(
        alliance=alliance,
        kind=Celebration.Kind.KUDOS,
        title=f"Kudos from {actor} ({membership.organisation.name})",
        message=message,
        given_by=actor,
        organisation=membership.organisation,
    )
    audit_record(
        actor=actor,
        action="health.kudos",
        obj=celebration,
        organisation=membership.organisation,
        alliance=alliance,
        summary=f"Kudos from {actor}: {message}",
    )
    return celebration


def achievement_celebrate(
    *, alliance: Alliance, kind: str, title: str, actor: Any, source: Any
) -> None:
    """An achievement elsewhere (gate, milestone, delivery) becomes a celebration both parties
    see. (A passed gate also gets its health check: the sweep opens it, gate_rounds_open_due.)"""
    celebration_record(alliance=alliance, kind=kind, title=title, actor=actor, source=source)
