"""Real clinical data for the demo, tests and benchmark, read from the installed lifelines package.

GBSG2 (German Breast Cancer Study Group 2, 686 patients): recurrence-free survival after primary
node-positive breast cancer, with hormonal therapy, age, menopausal status, tumour size and grade,
positive nodes and receptor levels. It ships inside lifelines; nothing is downloaded. The logistic
study's outcome is recurrence or death within three years, so patients censored earlier (their
three-year status is unknown) are left out of the demo cohort.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from .data import HELDOUT_FILE, TRAIN_FILE
from .spec import ColumnSpec, StudySpec

THREE_YEARS = 1095
COLUMNS = (
    ColumnSpec("horTh", "bool", "hormonal therapy"),
    ColumnSpec("age", "int", "years"),
    ColumnSpec("menostat", "category", "", ("Pre", "Post")),
    ColumnSpec("tsize", "int", "mm"),
    ColumnSpec("tgrade", "category", "", ("I", "II", "III")),
    ColumnSpec("pnodes", "int", "positive nodes"),
    ColumnSpec("progrec", "int", "fmol/l"),
    ColumnSpec("estrec", "int", "fmol/l"),
    ColumnSpec("time", "int", "days"),
    ColumnSpec("event", "bool", "recurrence or death observed"),
    ColumnSpec("recur3y", "bool", "recurrence or death within 3 years"),
)
COVARIATES = ("horTh", "age", "menostat", "tsize", "tgrade", "pnodes", "progrec", "estrec")


def demo_spec(
    model: str, rounds: int = 20, secure_aggregation: bool = True, dp_epsilon: float | None = None
) -> StudySpec:
    """The demo's Cox (recurrence-free survival) or logistic (3-year recurrence) study."""
    if model == "cox":
        return StudySpec(
            "cox",
            COLUMNS,
            COVARIATES,
            "time",
            "event",
            None,
            rounds,
            secure_aggregation,
            dp_epsilon,
        )
    return StudySpec(
        "logistic",
        COLUMNS,
        COVARIATES,
        None,
        None,
        "recur3y",
        rounds,
        secure_aggregation,
        dp_epsilon,
    )


def _cohort() -> list[dict[str, str]]:
    from lifelines.datasets import load_gbsg2

    frame = load_gbsg2()
    rows = []
    for rec in frame.to_dict("records"):
        time, event = int(rec["time"]), int(rec["cens"])
        if event == 0 and time < THREE_YEARS:
            continue
        rows.append(
            {
                "horTh": str(rec["horTh"]),
                "age": str(int(rec["age"])),
                "menostat": str(rec["menostat"]),
                "tsize": str(int(rec["tsize"])),
                "tgrade": str(rec["tgrade"]),
                "pnodes": str(int(rec["pnodes"])),
                "progrec": str(int(rec["progrec"])),
                "estrec": str(int(rec["estrec"])),
                "time": str(time),
                "event": str(event),
                "recur3y": str(int(event == 1 and time <= THREE_YEARS)),
            }
        )
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[c.name for c in COLUMNS])
        writer.writeheader()
        writer.writerows(rows)


def demo_datasets(
    target_dir: Path, parties: list[str], seed: int, heldout: float = 0.25
) -> dict[str, Path]:
    """Split the cohort across parties of unequal size (as sites would be); party → its directory.

    Each directory gets train.csv and heldout.csv (a quarter of that party's patients).
    """
    rng = np.random.default_rng(seed)
    rows = _cohort()
    order = rng.permutation(len(rows))
    shares = rng.uniform(1.0, 4.0, len(parties))
    cuts = np.round(np.cumsum(shares / shares.sum()) * len(rows)).astype(int)
    dirs: dict[str, Path] = {}
    start = 0
    for party, end in zip(parties, cuts, strict=True):
        mine = [rows[i] for i in order[start:end]]
        start = end
        n_held = max(1, round(len(mine) * heldout))
        directory = Path(target_dir) / party
        directory.mkdir(parents=True, exist_ok=True)
        _write(directory / TRAIN_FILE, mine[n_held:])
        _write(directory / HELDOUT_FILE, mine[:n_held])
        dirs[party] = directory
    return dirs
