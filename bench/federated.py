"""Federated research (issue 19): quality and time of the engine in concord/research/fl.

    .venv/bin/python -m bench.federated [--splits 5] [--no-deployment]
    .venv/bin/python -m bench.run --case federated      (the same, from make bench)

For several random splits of the GBSG2 cohort (lifelines) across three parties of unequal size,
for the Cox and the logistic study, it runs the study to convergence in simulation and compares,
on the same held-out rows (each party's held-out file; pairs counted within a site, as the
engine reports them): the federated model; the same model trained on the pooled rows (for Cox
unstratified, a true pooling); and each party's model trained on its own rows alone (the mean
party and the best). Goals: federated ≥ 0.99 × pooled and > the mean single party, averaged over
the splits; a 3-node study to convergence in ≤ 60 s in simulation. Then it times one study on
the deployment engine (SuperLink + 3 SuperNodes on loopback). Writes bench/federated.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "federated.json"
PARTIES = ["site-a", "site-b", "site-c"]
SIMULATION_BUDGET_S = 60.0
QUALITY_RATIO = 0.99
PORT = 19140


def _score(spec, beta, heldouts) -> float:
    from concord.research.fl import metrics

    sums = metrics.add([metrics.evaluation_sums(spec.model, beta, h) for h in heldouts])
    return metrics.summarise(spec.model, sums)["c_index" if spec.model == "cox" else "auc"]


def compare(spec, dirs: dict[str, Path]) -> dict[str, float]:
    """One split: the federated run and, on the same held-out rows, pooled and single parties."""
    from concord.research.fl import bundle_hash, run_simulation
    from concord.research.fl.data import HELDOUT_FILE, TRAIN_FILE, design, standardise
    from concord.research.fl.models import fit

    started = time.monotonic()
    result = run_simulation(spec, dirs, bundle_hash(), spec.digest())
    seconds = time.monotonic() - started
    model = json.loads(result.model)
    mean, scale = np.array(model["mean"]), np.array(model["scale"])
    intercept = spec.model == "logistic"

    def load(name: str) -> list[dict]:
        return [standardise(design(spec, d / name), mean, scale, intercept) for d in dirs.values()]

    trains, heldouts = load(TRAIN_FILE), load(HELDOUT_FILE)
    pooled = fit(spec, [{k: np.concatenate([t[k] for t in trains]) for k in trains[0]}])
    singles = [_score(spec, fit(spec, [t]), heldouts) for t in trains]
    key = "c_index" if spec.model == "cox" else "auc"
    return {
        "federated": result.final[key],
        "pooled": _score(spec, pooled, heldouts),
        "mean_single": statistics.fmean(singles),
        "best_single": max(singles),
        "seconds": seconds,
        "rounds": len(result.rounds),
        "converged": result.final["converged"],
        "rows": float(sum(len(t["x"]) for t in trains)),
    }


def deployment_seconds(spec, dirs: dict[str, Path]) -> dict[str, float]:
    from concord.research.fl import bundle_hash, run_deployment

    started = time.monotonic()
    result = run_deployment(spec, dirs, bundle_hash(), spec.digest(), base_port=PORT, timeout=600)
    return {
        "seconds": time.monotonic() - started,
        "rounds": len(result.rounds),
        "converged": result.final["converged"],
    }


def report(summary: dict) -> list[tuple[bool, str]]:
    checks = []
    for model, figures in summary["quality"].items():
        fed, pooled, single = figures["federated"], figures["pooled"], figures["mean_single"]
        checks.append(
            (
                fed >= QUALITY_RATIO * pooled,
                f"{model}: federated {fed:.4f} ≥ {QUALITY_RATIO} × pooled {pooled:.4f}",
            )
        )
        checks.append(
            (fed > single, f"{model}: federated {fed:.4f} > mean single party {single:.4f}")
        )
        slowest = figures["slowest_seconds"]
        checks.append(
            (
                slowest <= SIMULATION_BUDGET_S and figures["all_converged"],
                f"{model}: 3-node study to convergence in simulation, slowest {slowest:.2f} s ≤ {SIMULATION_BUDGET_S:.0f} s",
            )
        )
    return checks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.federated", description=__doc__)
    parser.add_argument("--splits", type=int, default=5)
    parser.add_argument("--no-deployment", action="store_true")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    from concord.research.fl import demo_datasets, demo_spec

    summary: dict = {"splits": args.splits, "parties": len(PARTIES), "quality": {}}
    folder = Path(tempfile.mkdtemp(prefix="concord-fl-bench-"))
    for model in ("cox", "logistic"):
        spec = demo_spec(model, rounds=30)
        runs = [
            compare(spec, demo_datasets(folder / f"{model}-{seed}", PARTIES, seed))
            for seed in range(1, args.splits + 1)
        ]
        figures = {
            k: statistics.fmean(r[k] for r in runs)
            for k in ("federated", "pooled", "mean_single", "best_single")
        }
        figures["slowest_seconds"] = max(r["seconds"] for r in runs)
        figures["mean_rounds"] = statistics.fmean(r["rounds"] for r in runs)
        figures["all_converged"] = all(r["converged"] == 1.0 for r in runs)
        figures["per_split"] = runs
        summary["quality"][model] = figures
        print(
            f"{model:9} federated {figures['federated']:.4f}  pooled {figures['pooled']:.4f}  "
            f"mean single {figures['mean_single']:.4f}  best single {figures['best_single']:.4f}  "
            f"rounds {figures['mean_rounds']:.1f}  slowest {figures['slowest_seconds']:.2f} s"
        )
    if not args.no_deployment:
        spec = demo_spec("cox", rounds=30)
        summary["deployment"] = deployment_seconds(spec, demo_datasets(folder / "dep", PARTIES, 1))
        dep = summary["deployment"]
        print(
            f"deployment (SuperLink + 3 SuperNodes, cox): {dep['seconds']:.1f} s, {dep['rounds']} rounds"
        )
    args.output.write_text(json.dumps(summary, indent=2) + "\n")
    checks = report(summary)
    for ok, text in checks:
        print(f"  {'ok  ' if ok else 'FAIL'}  {text}")
    return 0 if all(ok for ok, _ in checks) else 1


def in_own_process() -> list[tuple[bool, str]]:
    """For bench/run.py: the federated engine's figures, in a process of its own."""
    done = subprocess.run([sys.executable, "-m", "bench.federated"], cwd=ROOT, check=False)
    verdict = "goals met" if done.returncode == 0 else "a goal failed (see its lines)"
    return [(done.returncode == 0, f"federated research (bench/federated.py): {verdict}")]


if __name__ == "__main__":
    sys.exit(main())
