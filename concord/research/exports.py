"""A study's results as CSV: one line per figure — per round, final, and per party — for every
run the reader may see. A party's local-only comparison stays out: it is that party's alone."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from concord.core.exports import csv_cell
from concord.research import selectors
from concord.research.engine import METRIC_NAMES
from concord.research.models import Study, StudyRun

HEADER = ["run", "engine", "status", "scope", "round", "party", "metric", "value", "model_sha256"]


def _figures(user: Any, run: StudyRun) -> Iterator[tuple[str, Any, str, str, Any]]:
    """(scope, round, party, metric, value) for each figure of the run."""
    for r in selectors.rounds_of(user=user, run=run):
        for metric, value in r.metrics.items():
            yield "round", r.number, "", metric, value
    for metric, value in run.final.items():
        yield "final", "", "", metric, value
    for party, figures in run.per_party.items():
        for metric, value in figures.items():
            yield "party", "", party, metric, value


def write_results(out: Any, *, user: Any, study: Study) -> None:
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for run in reversed(selectors.run_list(user=user, study=study)):
        for scope, round_, party, metric, value in _figures(user, run):
            name = METRIC_NAMES.get(metric, metric)
            row = [run.number, run.engine, run.status, scope, round_, party, name, value]
            writer.writerow([csv_cell(cell) for cell in [*row, run.model_hash]])
