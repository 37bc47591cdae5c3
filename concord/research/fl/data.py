"""A node's file: schema validation (counts and per-column errors, never values) and the design matrix."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np

from .spec import ColumnSpec, StudySpec, ValidationReport

TRAIN_FILE = "train.csv"
HELDOUT_FILE = "heldout.csv"
_TRUE = {"1", "true", "yes"}
_FALSE = {"0", "false", "no"}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with Path(path).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def _problem(column: ColumnSpec, raw: str) -> str | None:
    """What is wrong with one cell (a kind of problem, never the value itself), or None."""
    text = raw.strip()
    if text == "":
        return "missing values"
    if column.type == "float":
        try:
            if not math.isfinite(float(text)):
                return "values that are not finite numbers"
        except ValueError:
            return "values that are not numbers"
    elif column.type == "int":
        try:
            int(text)
        except ValueError:
            return "values that are not whole numbers"
    elif column.type == "bool":
        if text.lower() not in _TRUE | _FALSE:
            return "values that are not true/false"
    elif column.type == "category" and text not in {str(a) for a in column.allowed}:
        return "values outside the allowed categories"
    return None


def validate(spec: StudySpec, path: Path) -> ValidationReport:
    """Check a party's CSV against the study's schema.

    The report counts rows and, per column, says what kind of problem occurs in how many rows —
    it never carries a value, so it can go back to Concord and the other parties.
    """
    path = Path(path)
    if not path.exists():
        return ValidationReport(rows=0, errors={"(file)": [f"{path.name} not found"]})
    try:
        header, rows = read_rows(path)
    except (UnicodeDecodeError, csv.Error):
        return ValidationReport(rows=0, errors={"(file)": ["not a readable CSV file"]})
    errors: dict[str, list[str]] = {}
    for column in spec.columns:
        if column.name not in header:
            errors[column.name] = ["column missing"]
            continue
        counts: dict[str, int] = {}
        for row in rows:
            problem = _problem(column, row.get(column.name) or "")
            if problem:
                counts[problem] = counts.get(problem, 0) + 1
        if counts:
            errors[column.name] = [
                f"{n} row{'s' if n != 1 else ''} with {p}" for p, n in sorted(counts.items())
            ]
    return ValidationReport(rows=len(rows), errors=errors)


def feature_names(spec: StudySpec) -> list[str]:
    """The design's columns: numbers as they are, categories one-hot against their first value."""
    by_name = {c.name: c for c in spec.columns}
    names: list[str] = []
    for name in spec.covariates:
        column = by_name[name]
        if column.type == "category":
            names += [f"{name}={value}" for value in column.allowed[1:]]
        else:
            names.append(name)
    return names


def _number(column: ColumnSpec, text: str) -> float:
    text = text.strip()
    if column.type == "bool":
        return 1.0 if text.lower() in _TRUE else 0.0
    return float(text)


def design(spec: StudySpec, path: Path) -> dict[str, np.ndarray]:
    """The node's arrays for the model: x (covariates), and time/event or y. Call after validate."""
    _, rows = read_rows(path)
    by_name = {c.name: c for c in spec.columns}
    columns: list[np.ndarray] = []
    for name in spec.covariates:
        column = by_name[name]
        if column.type == "category":
            for value in column.allowed[1:]:
                columns.append(
                    np.array([1.0 if r[name].strip() == str(value) else 0.0 for r in rows])
                )
        else:
            columns.append(np.array([_number(column, r[name]) for r in rows]))
    x = np.column_stack(columns) if columns else np.zeros((len(rows), 0))
    data: dict[str, np.ndarray] = {"x": x}

    def values(name: str | None) -> np.ndarray:
        if name is None:
            raise ValueError(f"the {spec.model} study names no column here")
        return np.array([_number(by_name[name], r[name]) for r in rows])

    if spec.model == "cox":
        data["time"], data["event"] = values(spec.time_column), values(spec.event_column)
    else:
        data["y"] = values(spec.outcome_column)
    return data


def standardise(
    data: dict[str, np.ndarray], mean: np.ndarray, scale: np.ndarray, intercept: bool
) -> dict[str, np.ndarray]:
    """Centre and scale x with the federation's mean and spread; add the intercept for logistic."""
    out = dict(data)
    x = (data["x"] - mean) / scale
    out["x"] = np.column_stack([np.ones(len(x)), x]) if intercept else x
    return out
