"""Runs of an approved study: started by a service, executed by a background task on the
engine, each round recorded as it comes, the model kept for the parties to download."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django_tasks import task

from concord.alliances.acting import active_membership, managing_membership
from concord.core import clock
from concord.core.errors import invalid
from concord.core.files import discard_unless_committed
from concord.orgs.models import Organisation, User
from concord.research import engine, fl
from concord.research.models import LocalComparison, RunRound, Study, StudyParty, StudyRun
from concord.research.services._common import audit, coordinator_node, own_part

logger = logging.getLogger("concord.research")


def run_refusal(study: Study) -> tuple[str, str] | None:
    """Why the study cannot run now (field, reason), or None: the committee's approval, every
    party's admission, and the exact code and parameters the approval pinned."""
    if not study.is_approved:
        return "study", "The committee has not approved this study."
    parts = list(StudyParty.objects.unscoped().filter(study=study).select_related("organisation"))
    waiting = [p.organisation.name for p in parts if not p.is_admitted]
    if waiting:
        return "study", f"Not every node is admitted: {', '.join(waiting)}."
    if engine.spec_of(study).digest() != study.pinned_spec_digest:
        return "study", "The study's parameters differ from the ones the committee approved."
    if fl.bundle_hash() != study.pinned_bundle_hash:
        return "study", "The engine's code differs from the code the committee approved."
    return None


@transaction.atomic
def run_start(*, actor: User, study: Study) -> StudyRun:
    """An alliance manager of a participating party starts a run; a task executes it."""
    managing_membership(actor)
    own_part(actor, study)
    study = Study.objects.unscoped().select_for_update(of=("self",)).get(pk=study.pk)
    refusal = run_refusal(study)
    if refusal is not None:
        raise invalid(*refusal)
    if (
        StudyRun.objects.unscoped()
        .filter(study=study, status__in=(StudyRun.Status.QUEUED, StudyRun.Status.RUNNING))
        .exists()
    ):
        raise invalid("study", "A run of this study is under way.")
    number = (
        StudyRun.objects.unscoped().filter(study=study).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    run = StudyRun.objects.unscoped().create(
        study=study,
        number=number,
        engine=engine.engine_name(),
        bundle_hash=study.pinned_bundle_hash,
        spec_digest=study.pinned_spec_digest,
        started_by=actor,
    )
    audit(actor, study, "run_started", f"{actor} started run {number} of “{study.title}”", obj=run)
    transaction.on_commit(lambda: run_study_task.enqueue(run.pk))
    return run


@task()
def run_study_task(run_id: int) -> str:
    """Execute one queued run (safe to run twice: a run already claimed is left alone)."""
    return run_execute(run_id)


def run_execute(run_id: int) -> str:
    """Claim the run, check it may still run, train on the nodes (each validates its own data
    first), record what they report."""
    claimed = StudyRun.objects.unscoped().filter(pk=run_id, status=StudyRun.Status.QUEUED)
    if not claimed.update(status=StudyRun.Status.RUNNING, started_at=clock.now()):
        return "not queued"
    run = StudyRun.objects.unscoped().select_related("study__alliance").get(pk=run_id)
    study = run.study
    refusal = run_refusal(study)
    if refusal is not None:  # consent withdrawn (or anything else changed) since it was queued
        return _finish(run, StudyRun.Status.REFUSED, refusal[1])
    parts = list(StudyParty.objects.unscoped().filter(study=study).select_related("organisation"))
    for part in parts:  # a key the standing coordinator could not register at admission
        if engine.engine_name() == engine.COORDINATOR and not part.coordinator_node_id:
            part.coordinator_node_id = coordinator_node(part)
            StudyParty.objects.unscoped().filter(pk=part.pk).update(
                coordinator_node_id=part.coordinator_node_id
            )
    try:
        result = engine.run(
            engine.spec_of(study),
            [p.party_id for p in parts],
            bundle_hash=run.bundle_hash,
            spec_digest=run.spec_digest,
            on_round=lambda metrics: _round(run, metrics),
            public_keys={p.party_id: p.node_public_key for p in parts},
            node_ids={p.party_id: p.coordinator_node_id for p in parts if p.coordinator_node_id},
        )
    except fl.RunRefused as refused:  # a node refused: its data, or the code or parameters
        _reports(run, parts, refused.validation)
        return _finish(run, StudyRun.Status.FAILED, f"A node refused the run: {refused}"[:2000])
    except Exception as error:  # the engine's own failure is the run's outcome, not a crash
        logger.exception("run %s of study %s failed", run.number, study.pk)
        return _finish(run, StudyRun.Status.FAILED, f"The engine failed: {error}"[:2000])
    _reports(
        run,
        parts,
        {key: {"rows": figures.get("rows_train", 0)} for key, figures in result.per_party.items()},
    )
    _record(run, parts, result)
    return "succeeded"


def _errors(report: dict[str, Any]) -> tuple[int, dict[str, list[str]]]:
    """A node's report as kept: its training rows, and per column what is wrong in either file
    (a report of the whole, `{"rows", "errors"}`, or one per file, `{file: {"rows", "errors"}}`)."""
    files = report if "rows" not in report else {engine.TRAIN_FILE: report}
    errors: dict[str, list[str]] = {}
    for name, found in files.items():
        for column, problems in (found.get("errors") or {}).items():
            errors.setdefault(column, []).extend(f"{name}: {p}" for p in problems)
    return int((files.get(engine.TRAIN_FILE) or {}).get("rows") or 0), errors


def _reports(run: StudyRun, parts: list[StudyParty], reports: dict[str, dict[str, Any]]) -> None:
    """What each node reported of its data (counts and per-column errors, never rows), kept on
    its part of the study."""
    for part in parts:
        report = reports.get(engine.node_key(part.party_id))
        if report is None:
            continue
        rows, errors = _errors(report)
        with transaction.atomic():
            StudyParty.objects.unscoped().filter(pk=part.pk).update(
                rows=rows, errors=errors, validated_at=clock.now()
            )
            count = sum(len(v) for v in errors.values())
            audit(
                None,
                run.study,
                "node_validated",
                f"{part.organisation}'s node checked its data for run {run.number}: "
                f"{rows} rows, {count} error(s)",
                obj=run,
                after={"organisation": part.organisation.name, "rows": rows, "errors": errors},
            )


@transaction.atomic
def _round(run: StudyRun, metrics: fl.RoundMetrics) -> None:
    values = {k: float(v) for k, v in metrics.metrics.items()}
    RunRound.objects.unscoped().update_or_create(
        run=run, number=metrics.round, defaults={"metrics": values, "recorded_at": clock.now()}
    )
    audit(
        None,
        run.study,
        "round_recorded",
        f"Run {run.number} of “{run.study.title}”: round {metrics.round} done",
        obj=run,
        after=values,
    )


def _finish(run: StudyRun, status: str, error: str) -> str:
    with transaction.atomic():
        StudyRun.objects.unscoped().filter(pk=run.pk).update(
            status=status, error=error, finished_at=clock.now()
        )
        audit(
            None,
            run.study,
            f"run_{status}",
            f"Run {run.number} of “{run.study.title}” {status}: {error}",
            obj=run,
        )
    return status


@transaction.atomic
def _record(run: StudyRun, parts: list[StudyParty], result: fl.RunResult) -> None:
    """The final figures, each party's (and, privately, its local-only comparison), the model."""
    names = {engine.node_key(p.party_id): p.organisation for p in parts}
    name = f"research/models/study-{run.study_id}-run-{run.number}.bin"
    stored = default_storage.save(name, ContentFile(result.model))
    discard_unless_committed(default_storage, stored)
    run.status, run.finished_at, run.seconds = (
        StudyRun.Status.SUCCEEDED,
        clock.now(),
        result.seconds,
    )
    run.final = {k: float(v) for k, v in result.final.items()}
    run.per_party = {names[k].name: v for k, v in result.per_party.items() if k in names}
    run.model_hash, run.model_file = result.model_hash, stored
    run.save()
    for key, local in result.local_only.items():
        org: Organisation | None = names.get(key)
        if org is not None:
            LocalComparison.objects.unscoped().update_or_create(
                run=run,
                organisation=org,
                defaults={"local_only": local, "federated": result.per_party.get(key, {})},
            )
    audit(
        None,
        run.study,
        "run_succeeded",
        f"Run {run.number} of “{run.study.title}” finished: "
        + ", ".join(f"{engine.METRIC_NAMES.get(k, k)} {v:.3f}" for k, v in run.final.items()),
        obj=run,
        after={"final": run.final, "model_hash": run.model_hash, "engine": result.engine},
    )


@transaction.atomic
def model_download(*, actor: User, run: StudyRun) -> tuple[bytes, str]:
    """A person of a participating party downloads the final model: recorded, then handed over
    with a check that the bytes are the ones the run produced."""
    # The run was read through visible_to: the reader's organisation takes part in the study.
    active_membership(actor)
    if run.status != StudyRun.Status.SUCCEEDED or not run.model_file:
        raise invalid("run", "This run has no model to download.")
    with default_storage.open(str(run.model_file.name), "rb") as handle:
        content = handle.read()
    if hashlib.sha256(content).hexdigest() != run.model_hash:
        raise invalid("run", "The stored model does not match the run's model hash.")
    audit(
        actor,
        run.study,
        "model_downloaded",
        f"{actor} downloaded the model of run {run.number} of “{run.study.title}”",
        obj=run,
        after={"model_hash": run.model_hash},
    )
    return content, f"study-{run.study_id}-run-{run.number}-model.bin"
