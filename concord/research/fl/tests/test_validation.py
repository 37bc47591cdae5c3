"""A node's file is checked against the schema: counts and per-column problems, never values."""

from __future__ import annotations

import csv
import shutil

from concord.research.fl import StudySpec, demo_spec, run_simulation, validate
from concord.research.fl.coordinator import RunRefused
from concord.research.fl.data import TRAIN_FILE


def _rewrite(path, change):
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0].keys())
    rows, fields = change(rows, fields)
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def test_clean_file_reports_rows_and_no_errors(party_dirs):
    report = validate(demo_spec("cox"), party_dirs["alpha"] / TRAIN_FILE)
    assert report.rows > 50
    assert report.errors == {}
    assert report.ok


def test_errors_are_per_column_and_carry_no_values(tmp_path, party_dirs):
    path = tmp_path / TRAIN_FILE
    shutil.copy(party_dirs["beta"] / TRAIN_FILE, path)

    def spoil(rows, fields):
        rows[0]["age"] = "seventy-one"
        rows[1]["age"] = ""
        rows[2]["tgrade"] = "IV"
        rows[3]["horTh"] = "maybe"
        rows[4]["time"] = "12.5"
        return rows, [f for f in fields if f != "estrec"]

    total = _rewrite(path, spoil)
    report = validate(demo_spec("cox"), path)
    assert report.rows == total
    assert report.errors == {
        "age": ["1 row with missing values", "1 row with values that are not whole numbers"],
        "tgrade": ["1 row with values outside the allowed categories"],
        "horTh": ["1 row with values that are not true/false"],
        "time": ["1 row with values that are not whole numbers"],
        "estrec": ["column missing"],
    }
    text = repr(report)
    for value in ("seventy-one", "IV", "maybe", "12.5"):
        assert value not in text


def test_missing_file_is_reported(tmp_path):
    report = validate(demo_spec("logistic"), tmp_path / "absent.csv")
    assert report.rows == 0 and report.errors == {"(file)": ["absent.csv not found"]}


def test_a_run_stops_before_training_when_a_node_fails_validation(
    tmp_path, party_dirs, approved_hash
):
    dirs = {}
    for party, directory in party_dirs.items():
        dirs[party] = tmp_path / party
        shutil.copytree(directory, dirs[party])
    _rewrite(
        dirs["gamma"] / TRAIN_FILE,
        lambda rows, fields: ([{**r, "tgrade": "X"} for r in rows], fields),
    )
    spec = demo_spec("cox")
    sent = []
    try:
        run_simulation(spec, dirs, approved_hash, spec.digest(), tap=lambda p, m: sent.append(m))
    except RunRefused as refused:
        errors = refused.validation["gamma"][TRAIN_FILE]["errors"]
        assert list(errors) == ["tgrade"]
        assert refused.validation["alpha"][TRAIN_FILE]["errors"] == {}
    else:
        raise AssertionError("the run trained on a file that fails validation")
    assert {m["phase"] for m in sent} == {"check"}  # no statistics left any node


def test_spec_round_trips_and_digest_pins_parameters():
    spec = demo_spec("cox", rounds=12, dp_epsilon=2.0)
    assert StudySpec.from_json(spec.to_json()) == spec
    assert StudySpec.from_json(spec.to_json()).digest() == spec.digest()
    assert demo_spec("cox", rounds=13, dp_epsilon=2.0).digest() != spec.digest()
    assert demo_spec("cox", rounds=12, dp_epsilon=3.0).digest() != spec.digest()
