"""API of the health capability: instruments, cadences, rounds, answers and results.

Results are aggregates only: each party's average per dimension when at least k of its people
answered a closed round, the gaps between shown parties, response counts, and comments without
authors in a random order. Answers are submitted by the invited person alone and never read back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from concord.alliances import selectors as alliance_selectors
from concord.alliances.models import Alliance
from concord.core.api import (
    Id,
    PageIn,
    actor,
    paginate,
    responses,
)
from concord.core.errors import forbidden, invalid
from concord.health import selectors, services
from concord.health.models import Celebration, Instrument, Round
from concord.health.schemas import (
    CadenceOut,
    CadencePatchIn,
    CelebrationOut,
    CelebrationPageOut,
    CheckKind,
    InstrumentCopyIn,
    InstrumentDetailOut,
    InstrumentIn,
    InstrumentOut,
    InvitationOut,
    KudosIn,
    PortfolioIn,
    PortfolioOut,
    ResponseIn,
    ResponseOut,
    ResultsOut,
    RoundDetailOut,
    RoundOut,
    RoundPageOut,
    RoundStartIn,
    ThresholdIn,
    ThresholdOut,
    TrendIn,
    TrendOut,
)
from concord.health.selectors import PortfolioFilters, RoundResults, Snapshot
from concord.health.services import DimensionWording
from concord.orgs.models import User

router = Router(tags=["health"])


def _score(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# ---------------------------------------------------------------------------------------------
# Shaping


def _party_out(party: Any, organisations: dict[int, Any]) -> dict[str, Any]:
    return {
        "organisation": organisations[party.organisation_id],
        "invited": party.invited,
        "responded": party.responded,
        "shown": party.shown,
        "overall": _score(party.overall),
        "scores": {k: float(v) for k, v in party.scores.items()},
    }


def _organisations(ids: set[int]) -> dict[int, Any]:
    from concord.orgs.models import Organisation

    return {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}


def _results_out(user: User, results: RoundResults) -> dict[str, Any]:
    organisations = _organisations({p.organisation_id for p in results.parties})
    return {
        "round": _round_with_parties(user, results.round),
        "published": results.published,
        "min_respondents": results.k,
        "parties": [_party_out(p, organisations) for p in results.parties],
        "dimensions": [
            {"key": d.key, "name": d.name, "gap": _score(d.gap), "flagged": d.flagged}
            for d in results.dimensions
        ],
        "comments": [
            {"organisation": c.organisation, "text": c.text, "internal": c.internal}
            for c in results.comments
        ],
        "warnings": [
            {
                "organisation": w.round_party.organisation.name,
                "dimension_key": w.dimension_key,
                "dimension_name": w.dimension_name,
                "score": float(w.score),
                "previous": _score(w.previous),
                "reason": w.reason,
                "severity": w.severity,
            }
            for w in results.warnings
        ],
    }


def _round_with_parties(user: User, round_: Round) -> Round:
    return selectors.round_list(user=user, alliance=round_.alliance).get(pk=round_.pk)


def _snapshot_out(
    snapshot: Snapshot | None, organisations: dict[int, Any]
) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {
        "round_id": snapshot.round_id,
        "opens_at": snapshot.opens_at,
        "parties": [_party_out(p, organisations) for p in snapshot.parties],
        "gaps": {name: float(gap) for name, gap in snapshot.gaps.items()},
        "flagged": snapshot.flagged,
    }


def _joined_alliance(user: User, alliance_id: int) -> Alliance:
    """An alliance the user's organisation has joined; invited-only or invisible is a 404."""
    alliance = alliance_selectors.alliance_get(user=user, pk=alliance_id)
    if not selectors.health_permissions(user=user, alliance=alliance).joined:
        raise Http404
    return alliance


def _instrument_detail(user: User, instrument: Instrument) -> Instrument:
    instrument.current = services.current_version(instrument)  # type: ignore[attr-defined]
    return instrument


# ---------------------------------------------------------------------------------------------
# Instruments and the threshold


@router.get("/health/instruments", response=responses({200: list[InstrumentOut]}))
def instrument_list(request: HttpRequest, kind: CheckKind | None = None) -> list[Instrument]:
    """The built-in pulse and health check, and your organisation's own copies."""
    services.builtin_instruments_ensure()
    return list(selectors.instrument_list(user=actor(request), kind=kind or ""))


@router.get("/health/instruments/{instrument_id}", response=responses({200: InstrumentDetailOut}))
def instrument_detail(request: HttpRequest, instrument_id: Id) -> Instrument:
    """An instrument and its current wording: dimensions and statements."""
    user = actor(request)
    return _instrument_detail(user, selectors.instrument_get(user=user, pk=instrument_id))


@router.post(
    "/health/instruments/{instrument_id}/copy", response=responses({201: InstrumentDetailOut})
)
def instrument_copy(
    request: HttpRequest, instrument_id: Id, payload: InstrumentCopyIn
) -> Status[Instrument]:
    """Copy an instrument into your organisation's library, to edit its wording."""
    user = actor(request)
    instrument = selectors.instrument_get(user=user, pk=instrument_id)
    copy = services.instrument_copy(actor=user, instrument=instrument, name=payload.name)
    return Status(201, _instrument_detail(user, copy))


@router.put("/health/instruments/{instrument_id}", response=responses({200: InstrumentDetailOut}))
def instrument_revise(request: HttpRequest, instrument_id: Id, payload: InstrumentIn) -> Instrument:
    """Replace your own instrument's wording; it becomes a new version if anything changed."""
    user = actor(request)
    instrument = selectors.instrument_get(user=user, pk=instrument_id)
    services.instrument_revise(
        actor=user,
        instrument=instrument,
        name=payload.name,
        description=payload.description,
        change_note=payload.change_note,
        dimensions=[DimensionWording(d.name, d.statements, d.key) for d in payload.dimensions],
    )
    return _instrument_detail(user, instrument)


@router.get("/health/threshold", response=responses({200: ThresholdOut}))
def threshold_get(request: HttpRequest) -> dict[str, int]:
    """Your organisation's anonymity threshold: results need this many respondents per party."""
    return {"min_respondents": selectors.threshold_of(user=actor(request))}


@router.put("/health/threshold", response=responses({200: ThresholdOut}))
def threshold_set(request: HttpRequest, payload: ThresholdIn) -> dict[str, int]:
    """Set your organisation's anonymity threshold (admins; never below 3)."""
    saved = services.threshold_update(actor=actor(request), min_respondents=payload.min_respondents)
    return {"min_respondents": saved.min_respondents}


# ---------------------------------------------------------------------------------------------
# Cadence and rounds


@router.get("/alliances/{alliance_id}/health/cadence", response=responses({200: CadenceOut}))
def cadence_get(request: HttpRequest, alliance_id: Id) -> Any:
    """How often the alliance runs its pulses and health checks."""
    user = actor(request)
    return selectors.cadence_of(user=user, alliance=_joined_alliance(user, alliance_id))


@router.patch("/alliances/{alliance_id}/health/cadence", response=responses({200: CadenceOut}))
def cadence_update(request: HttpRequest, alliance_id: Id, payload: CadencePatchIn) -> Any:
    """Change the cadence (either party's alliance managers)."""
    user = actor(request)
    alliance = _joined_alliance(user, alliance_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items()}
    for name in ("pulse_instrument_id", "health_instrument_id"):
        if name in changes:
            changes[name[:-3]] = _instrument_or_none(user, changes.pop(name), name)
    changes = {k: v for k, v in changes.items() if v is not None or k.endswith("_instrument")}
    return services.cadence_update(actor=user, alliance=alliance, **changes)


def _instrument_or_none(user: User, pk: int | None, field: str) -> Instrument | None:
    if pk is None:
        return None
    found = selectors.instrument_list(user=user).filter(pk=pk).first()
    if found is None:
        raise invalid(field, "No instrument in your library has this id.")
    return found


@router.get("/alliances/{alliance_id}/health/rounds", response=responses({200: RoundPageOut}))
def round_list(
    request: HttpRequest, alliance_id: Id, page: Query[PageIn], kind: CheckKind | None = None
) -> dict[str, Any]:
    """The alliance's rounds, newest first, with each party's response count."""
    user = actor(request)
    rounds = selectors.round_list(
        user=user, alliance=_joined_alliance(user, alliance_id), kind=kind or ""
    )
    return paginate(rounds, page)


@router.post("/alliances/{alliance_id}/health/rounds", response=responses({201: RoundOut}))
def round_start(request: HttpRequest, alliance_id: Id, payload: RoundStartIn) -> Status[Round]:
    """Start a pulse or health check now; both parties' teams get their personal links."""
    user = actor(request)
    alliance = _joined_alliance(user, alliance_id)
    round_ = services.round_start(actor=user, alliance=alliance, kind=payload.kind)
    return Status(201, _round_with_parties(user, round_))


@router.get("/health/rounds/{round_id}", response=responses({200: RoundDetailOut}))
def round_detail(request: HttpRequest, round_id: Id) -> Round:
    """A round and its statements, and whether you were invited and have answered."""
    user = actor(request)
    round_ = _round_with_parties(user, selectors.round_get(user=user, pk=round_id))
    round_.wording = selectors.version_wording(round_.version)  # type: ignore[attr-defined]
    round_.invitation = selectors.respondent_for(user=user, round_=round_)  # type: ignore[attr-defined]
    return round_


@router.post("/health/rounds/{round_id}/responses", response=responses({201: ResponseOut}))
def response_submit(
    request: HttpRequest, round_id: Id, payload: ResponseIn
) -> Status[dict[str, Any]]:
    """Answer a round you were invited to, once. Nothing you send can be read back."""
    user = actor(request)
    round_ = selectors.round_get(user=user, pk=round_id)
    invitation = selectors.respondent_for(user=user, round_=round_)
    if invitation is None:
        raise forbidden("You were not asked to answer this round.")
    scores: dict[int, int] = {}
    for item in payload.scores:
        if item.statement_id in scores:
            raise invalid("scores", "Each statement is answered once.")
        scores[item.statement_id] = item.score
    services.response_submit(
        respondent=invitation,
        scores=scores,
        comment=payload.comment,
        internal_comment=payload.internal_comment,
    )
    message = "Counted in your party's anonymous totals; results appear when the round closes."
    return Status(201, {"counted": True, "message": message})


@router.get("/health/rounds/{round_id}/results", response=responses({200: ResultsOut}))
def round_results(request: HttpRequest, round_id: Id) -> dict[str, Any]:
    """A round's aggregate results: only parties at least k people answered, once it closed."""
    user = actor(request)
    round_ = selectors.round_get(user=user, pk=round_id)
    return _results_out(user, selectors.round_results(user=user, round_=round_))


@router.get("/health/invitations", response=responses({200: list[InvitationOut]}))
def invitations(request: HttpRequest) -> list[dict[str, Any]]:
    """Open rounds waiting for your answers."""
    return [
        {
            "round_id": r.round_id,
            "alliance_id": r.round.alliance_id,
            "alliance": r.round.alliance.name,
            "title": r.round.title,
            "closes_at": r.round.closes_at,
        }
        for r in selectors.invitations_waiting(user=actor(request))
    ]


@router.get("/alliances/{alliance_id}/health/trend", response=responses({200: TrendOut}))
def trend(request: HttpRequest, alliance_id: Id, params: Query[TrendIn]) -> dict[str, Any]:
    """Each party's score over the closed rounds of a kind, overall or for one dimension key."""
    user = actor(request)
    alliance = _joined_alliance(user, alliance_id)
    kind, dimension = params.kind, params.dimension
    found = selectors.alliance_trend(user=user, alliance=alliance, kind=kind, dimension=dimension)
    organisation_of_party = _party_organisations(alliance)
    return {
        "kind": kind,
        "dimension": dimension,
        "organisations": {
            str(organisation_of_party[pid][0]): name for pid, name, _ in found.parties
        },
        "points": [
            {
                "round_id": p.round_id,
                "month": p.label,
                "instrument_version_id": p.version_id,
                "scores": {
                    str(organisation_of_party[pid][0]): _score(v) for pid, v in p.scores.items()
                },
            }
            for p in found.points
        ],
    }


def _party_organisations(alliance: Alliance) -> dict[int, tuple[int, str]]:
    return {
        p.pk: (p.organisation_id, p.organisation.name)
        for p in alliance.parties.select_related("organisation")
    }


@router.get("/health/portfolio", response=responses({200: PortfolioOut}))
def portfolio(request: HttpRequest, params: Query[PortfolioIn]) -> dict[str, Any]:
    """Every alliance your organisation has joined: latest pulse and health check, gaps, warnings."""
    user = actor(request)
    filters = PortfolioFilters(
        search=params.search,
        tier=params.tier or "",
        phase=params.phase or "",
        attention=params.attention or "",
        sort=params.sort,
    )
    found = selectors.portfolio_health(user=user, filters=filters)
    rows = found.rows[params.offset : params.offset + params.limit]
    organisations = _organisations(
        {p.organisation_id for r in rows for s in (r.pulse, r.health) if s for p in s.parties}
    )
    return {
        "count": len(found.rows),
        "limit": params.limit,
        "offset": params.offset,
        "measured": found.measured,
        "flagged": found.flagged,
        "early_warnings": found.warnings,
        "overdue": found.overdue,
        "items": [
            {
                "alliance_id": r.alliance.pk,
                "alliance": r.alliance.name,
                "partners": r.partners,
                "pulse": _snapshot_out(r.pulse, organisations),
                "health_check": _snapshot_out(r.health, organisations),
                "early_warnings": r.warnings,
                "health_check_overdue": r.overdue,
            }
            for r in rows
        ],
    }


# ---------------------------------------------------------------------------------------------
# Celebrations


@router.get("/alliances/{alliance_id}/celebrations", response=responses({200: CelebrationPageOut}))
def celebration_list(request: HttpRequest, alliance_id: Id, page: Query[PageIn]) -> dict[str, Any]:
    """What the alliance celebrated, and the kudos its people gave, newest first."""
    user = actor(request)
    celebrations = selectors.celebration_list(
        user=user, alliance=_joined_alliance(user, alliance_id)
    )
    return paginate(celebrations, page)


@router.post("/alliances/{alliance_id}/kudos", response=responses({201: CelebrationOut}))
def kudos_give(request: HttpRequest, alliance_id: Id, payload: KudosIn) -> Status[Celebration]:
    """Thank people on the alliance; both parties see it, with your name."""
    user = actor(request)
    alliance = _joined_alliance(user, alliance_id)
    return Status(201, services.kudos_give(actor=user, alliance=alliance, message=payload.message))
