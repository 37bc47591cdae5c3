"""A study's life before it runs: data stewards, the proposal, the committee's decision, and each
party's admission of its node (or withdrawal of its consent)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from concord.alliances.acting import joined_party, managing_membership
from concord.alliances.models import Alliance, Party
from concord.core import clock
from concord.core.audit import audit_record
from concord.core.decisions import decision_seek
from concord.core.errors import forbidden, invalid
from concord.orgs.models import User
from concord.research import engine, fl, node_keys
from concord.research.models import DataSteward, Study, StudyParty
from concord.research.services._common import audit, coordinator_node, stewards_part

COLUMN_TYPES = ("float", "int", "bool", "category")
MAX_ROUNDS = 100


@transaction.atomic
def steward_appoint(*, actor: User, user: User) -> DataSteward:
    """An admin or alliance manager makes a colleague a data steward of their organisation."""
    membership = managing_membership(actor)
    person = getattr(user, "membership", None)
    if (
        person is None
        or not person.is_active
        or person.organisation_id != membership.organisation_id
    ):
        raise invalid("user", "Choose an active colleague from your own organisation.")
    steward, created = DataSteward.objects.unscoped().get_or_create(
        organisation=membership.organisation, user=user, defaults={"appointed_by": actor}
    )
    if not created:
        raise invalid("user", f"{user} is already a data steward.")
    audit_record(
        actor=actor,
        action="research.steward_appointed",
        obj=steward,
        organisation=membership.organisation,
        summary=f"{actor} made {user} a data steward of {membership.organisation}",
        visibility="private",
    )
    return steward


@transaction.atomic
def steward_remove(*, actor: User, steward: DataSteward) -> None:
    """An admin or alliance manager ends a colleague's appointment as data steward."""
    membership = managing_membership(actor)
    if steward.organisation_id != membership.organisation_id:
        raise forbidden("Only your own organisation's stewards.")
    audit_record(
        actor=actor,
        action="research.steward_removed",
        obj=steward,
        organisation=membership.organisation,
        summary=f"{actor} ended {steward.user}'s appointment as data steward",
        visibility="private",
    )
    steward.delete()


def _columns(columns: list[dict[str, Any]]) -> tuple[fl.ColumnSpec, ...]:
    specs, seen = [], set()
    for column in columns:
        name = str(column.get("name", "")).strip()
        kind = str(column.get("type", "")).strip()
        if not name or name in seen:
            raise invalid("columns", f"Name every column once (“{name or '…'}”).")
        if kind not in COLUMN_TYPES:
            raise invalid(
                "columns", f"Column “{name}”: its type is one of {', '.join(COLUMN_TYPES)}."
            )
        allowed = tuple(str(v).strip() for v in column.get("allowed") or () if str(v).strip())
        if kind == "category" and not allowed:
            raise invalid("columns", f"Column “{name}”: list the values a category allows.")
        seen.add(name)
        specs.append(fl.ColumnSpec(name, kind, str(column.get("unit", "")).strip(), allowed))  # type: ignore[arg-type]
    if not specs:
        raise invalid("columns", "Declare the columns each party provides.")
    return tuple(specs)


def build_spec(
    *,
    model: str,
    columns: list[dict[str, Any]],
    covariates: list[str],
    time_column: str = "",
    event_column: str = "",
    outcome_column: str = "",
    rounds: int = 10,
    secure_aggregation: bool = True,
    dp_epsilon: float | None = None,
) -> fl.StudySpec:
    """The engine's spec from what the proposer wrote, checked so the nodes can run it."""
    if model not in Study.Model.values:
        raise invalid("model", "Choose a Cox or a logistic model.")
    specs = _columns(columns)
    names = {c.name for c in specs}
    covariates = [c.strip() for c in covariates if c.strip()]
    if not covariates:
        raise invalid("covariates", "Name the covariates the model uses.")
    for name in covariates:
        if name not in names:
            raise invalid("covariates", f"“{name}” is not one of the declared columns.")
    needed = (
        {"time_column": time_column, "event_column": event_column}
        if model == "cox"
        else {"outcome_column": outcome_column}
    )
    for field, value in needed.items():
        if value not in names:
            raise invalid(field, "Name one of the declared columns.")
    if not 1 <= int(rounds) <= MAX_ROUNDS:
        raise invalid("rounds", f"Between 1 and {MAX_ROUNDS} rounds.")
    if dp_epsilon is not None and not 0 < float(dp_epsilon) <= 100:
        raise invalid("dp_epsilon", "A privacy budget ε above 0 (and at most 100), or none.")
    return fl.StudySpec(
        model=model,  # type: ignore[arg-type]
        columns=specs,
        covariates=tuple(covariates),
        time_column=time_column or None,
        event_column=event_column or None,
        outcome_column=outcome_column or None,
        rounds=int(rounds),
        secure_aggregation=bool(secure_aggregation),
        dp_epsilon=None if dp_epsilon is None else float(dp_epsilon),
    )


def spec_arguments(spec: fl.StudySpec) -> dict[str, Any]:
    """A spec as `study_propose`'s keywords (the demo's and the tests' studies)."""
    return {
        "model": spec.model,
        "columns": [
            {"name": c.name, "type": c.type, "unit": c.unit, "allowed": list(c.allowed)}
            for c in spec.columns
        ],
        "covariates": list(spec.covariates),
        "time_column": spec.time_column or "",
        "event_column": spec.event_column or "",
        "outcome_column": spec.outcome_column or "",
        "rounds": spec.rounds,
        "secure_aggregation": spec.secure_aggregation,
        "dp_epsilon": spec.dp_epsilon,
    }


def _taking_part(alliance: Alliance, own: Party, party_ids: list[int]) -> list[Party]:
    joined = Party.objects.unscoped().filter(alliance=alliance, status=Party.Status.ACCEPTED)
    chosen = list(
        joined.filter(pk__in={int(pk) for pk in party_ids}).select_related("organisation")
    )
    if len(chosen) != len(set(party_ids)):
        raise invalid("party_ids", "Choose parties that have joined this alliance.")
    if own.pk not in {p.pk for p in chosen}:
        raise invalid("party_ids", "Your own party takes part in a study it proposes.")
    if len(chosen) < 2:
        raise invalid("party_ids", "A federated study needs at least two parties.")
    return chosen


def _resolution(study: Study, parties: list[Party], spec: fl.StudySpec) -> str:
    """The resolution the parties vote on: the study, and the code and parameters it pins."""
    privacy = "secure aggregation" if spec.secure_aggregation else "no secure aggregation"
    if spec.dp_epsilon is not None:
        privacy += f", differential privacy ε = {spec.dp_epsilon:g}"
    return (
        f"Approve the federated study “{study.title}”: {study.question}\n"
        f"Model: {study.get_model_display()}; {spec.rounds} rounds; {privacy}.\n"
        f"Parties: {', '.join(p.organisation.name for p in parties)}.\n"
        f"Only this code may run (bundle sha256 {study.pinned_bundle_hash}) with these "
        f"parameters (spec sha256 {study.pinned_spec_digest}); each party's node refuses any "
        "other."
    )


@transaction.atomic
def study_propose(
    *,
    actor: User,
    alliance: Alliance,
    title: str,
    question: str,
    committee_id: int,
    party_ids: list[int],
    model: str,
    columns: list[dict[str, Any]],
    covariates: list[str],
    time_column: str = "",
    event_column: str = "",
    outcome_column: str = "",
    rounds: int = 10,
    secure_aggregation: bool = True,
    dp_epsilon: float | None = None,
) -> Study:
    """An alliance manager proposes a study; the committee is asked to approve it by written
    consent, pinning the engine's code and the study's parameters."""
    managing_membership(actor)
    own = joined_party(actor, alliance, status=Party.Status.ACCEPTED)
    if not title.strip() or not question.strip():
        raise invalid("title" if not title.strip() else "question", "Say what the study asks.")
    spec = build_spec(
        model=model,
        columns=columns,
        covariates=covariates,
        time_column=time_column,
        event_column=event_column,
        outcome_column=outcome_column,
        rounds=rounds,
        secure_aggregation=secure_aggregation,
        dp_epsilon=dp_epsilon,
    )
    parties = _taking_part(alliance, own, party_ids)
    study = Study.objects.unscoped().create(
        alliance=alliance,
        organisation=own.organisation,
        title=title.strip()[:200],
        question=question.strip(),
        model=model,
        spec_json=spec.to_json(),
        spec_digest=spec.digest(),
        metrics=list(engine.METRICS[model]),
        committee_name="",
        pinned_bundle_hash=fl.bundle_hash(),
        pinned_spec_digest=spec.digest(),
        proposed_by=actor,
    )
    for party in parties:
        StudyParty.objects.unscoped().create(
            study=study, party=party, organisation=party.organisation
        )
    audit(
        actor,
        study,
        "proposed",
        f"{actor} proposed the federated study “{study.title}” to "
        f"{', '.join(p.organisation.name for p in parties)}",
        after={"spec_digest": study.spec_digest, "bundle_hash": study.pinned_bundle_hash},
    )
    ref = decision_seek(
        actor=actor,
        alliance=alliance,
        committee_id=committee_id,
        title=f"Approve federated study “{study.title}”"[:200],
        text=_resolution(study, parties, spec),
    )
    study.decision_id, study.decision_reference, study.committee_name = (
        ref.id,
        ref.reference,
        ref.committee,
    )
    study.save(update_fields=["decision_id", "decision_reference", "committee_name"])
    return study


def study_decided(*, decision_id: int, outcome: str, actor: Any = None, **_: Any) -> int:
    """The committee's decision on a study settled: agreed approves it, anything else does not.
    Connected to core's `decision_settled`; runs in governance's transaction."""
    settled = 0
    for study in Study.objects.unscoped().filter(
        decision_id=decision_id, status=Study.Status.AWAITING_APPROVAL
    ):
        approved = outcome == "agreed"
        study.status = Study.Status.APPROVED if approved else Study.Status.NOT_APPROVED
        study.decided_at = clock.now()
        study.save(update_fields=["status", "decided_at"])
        words = "approved" if approved else f"did not approve ({outcome})"
        audit(
            actor,
            study,
            "approved" if approved else "not_approved",
            f"The {study.committee_name} {words} the study “{study.title}” "
            f"({study.decision_reference})",
            after={
                "outcome": outcome,
                "bundle_hash": study.pinned_bundle_hash,
                "spec_digest": study.pinned_spec_digest,
            },
        )
        settled += 1
    return settled


def _locked_part(part: StudyParty) -> StudyParty:
    return StudyParty.objects.unscoped().select_for_update(of=("self",)).get(pk=part.pk)


@transaction.atomic
def study_admit(*, actor: User, study: Study, public_key: str) -> StudyParty:
    """The party's data steward admits its node to the study with the node's public key (again,
    after a withdrawal; or anew with another key, which replaces the one registered)."""
    part = _locked_part(stewards_part(actor, study))
    if study.status == Study.Status.NOT_APPROVED:
        raise invalid("study", "The committee did not approve this study.")
    try:
        line, print_ = node_keys.parse(public_key)
    except node_keys.KeyProblem as problem:
        raise invalid("public_key", str(problem)) from problem
    previous = part.node_key_fingerprint
    if part.is_admitted and previous == print_:
        raise invalid("study", "Your node is already admitted to this study with this key.")
    readmitted = part.is_admitted
    part.admission, part.steward, part.admitted_at = (
        StudyParty.Admission.ADMITTED,
        actor,
        clock.now(),
    )
    part.node_public_key, part.node_key_fingerprint = line, print_
    part.withdrawn_at, part.withdrawal_reason = None, ""
    part.coordinator_node_id = coordinator_node(part)
    part.save()
    summary = (
        f"{actor} re-admitted {part.organisation}'s node to the study “{study.title}” with a new "
        f"key {print_} (was {previous})"
        if readmitted
        else f"{actor} admitted {part.organisation}'s node to the study “{study.title}” "
        f"with key {print_}"
    )
    audit(
        actor,
        study,
        "readmitted" if readmitted else "admitted",
        summary,
        obj=part,
        before={"node_key_fingerprint": previous} if readmitted else None,
        after={"node_key_fingerprint": print_}
        | ({"coordinator_node_id": part.coordinator_node_id} if part.coordinator_node_id else {}),
    )
    return part


@transaction.atomic
def study_withdraw(*, actor: User, study: Study, reason: str) -> StudyParty:
    """The party's data steward withdraws its consent: its node takes part in no further run."""
    part = _locked_part(stewards_part(actor, study))
    if not reason.strip():
        raise invalid("reason", "Say why your organisation withdraws its consent.")
    if part.admission == StudyParty.Admission.WITHDRAWN:
        raise invalid("study", "Your organisation's consent is already withdrawn.")
    part.admission, part.steward = StudyParty.Admission.WITHDRAWN, actor
    part.withdrawn_at, part.withdrawal_reason = clock.now(), reason.strip()
    part.save()
    audit(
        actor,
        study,
        "consent_withdrawn",
        f"{actor} withdrew {part.organisation}'s consent to the study “{study.title}”: "
        f"{part.withdrawal_reason}",
        obj=part,
    )
    return part
