"""Held-out metrics as sums a site can add up without sharing rows.

C-index (Cox) and AUC (logistic) are both fractions of concordant pairs; each site counts its own
pairs (pairs never span sites, as for a model stratified by site), and the federation's figure is
the sum of concordant (+½ tied) pairs over the sum of comparable pairs — a per-site figure weighted
by its number of pairs. Calibration: ten fixed risk bins whose counts, predicted and observed sums
add up across sites, giving the expected calibration error, plus calibration-in-the-large and the
Brier score.
"""

from __future__ import annotations

import numpy as np

BINS = 10


def cox_pairs(risk: np.ndarray, time: np.ndarray, event: np.ndarray) -> dict[str, float]:
    """Harrell's comparable pairs: i had the event before j's time; concordant if risk_i > risk_j."""
    concordant = tied = comparable = 0.0
    for i in np.flatnonzero(event.astype(bool)):
        later = time > time[i]
        comparable += later.sum()
        concordant += (risk[later] < risk[i]).sum()
        tied += (risk[later] == risk[i]).sum()
    return {"concordant": float(concordant), "tied": float(tied), "pairs": float(comparable)}


def auc_pairs(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Positive/negative pairs ranked right (Mann–Whitney), with ties counted by rank averaging."""
    y = y.astype(bool)
    npos, nneg = int(y.sum()), int((~y).sum())
    if not npos or not nneg:
        return {"concordant": 0.0, "tied": 0.0, "pairs": 0.0}
    order = np.argsort(p, kind="stable")
    ranks = np.empty(len(p))
    sorted_p = p[order]
    # Average ranks of ties, so that concordant + ½ tied = U.
    _, first, counts = np.unique(sorted_p, return_index=True, return_counts=True)
    avg = first + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    u = ranks[y].sum() - npos * (npos + 1) / 2.0
    return {"concordant": float(u), "tied": 0.0, "pairs": float(npos * nneg)}


def calibration_sums(p: np.ndarray, y: np.ndarray) -> dict[str, float]:
    bins = np.minimum((p * BINS).astype(int), BINS - 1)
    sums: dict[str, float] = {"n": float(len(p)), "brier": float(np.sum((p - y) ** 2))}
    for b in range(BINS):
        mask = bins == b
        sums[f"bin{b}_n"] = float(mask.sum())
        sums[f"bin{b}_p"] = float(p[mask].sum())
        sums[f"bin{b}_y"] = float(y[mask].sum())
    return sums


def add(sums: list[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for s in sums:
        for key, value in s.items():
            total[key] = total.get(key, 0.0) + value
    return total


def summarise(model: str, sums: dict[str, float]) -> dict[str, float]:
    """Turn (summed) pair and bin counts into the reported metrics."""
    pairs = sums.get("pairs", 0.0)
    score = (
        (sums.get("concordant", 0.0) + 0.5 * sums.get("tied", 0.0)) / pairs
        if pairs
        else float("nan")
    )
    if model == "cox":
        return {"c_index": score, "pairs": pairs}
    n = sums.get("n", 0.0)
    ece = (
        sum(abs(sums[f"bin{b}_p"] - sums[f"bin{b}_y"]) for b in range(BINS)) / n
        if n
        else float("nan")
    )
    in_large = (
        (sum(sums[f"bin{b}_p"] - sums[f"bin{b}_y"] for b in range(BINS)) / n) if n else float("nan")
    )
    return {
        "auc": score,
        "calibration_ece": ece,
        "calibration_in_the_large": in_large,
        "brier": sums.get("brier", 0.0) / n if n else float("nan"),
        "pairs": pairs,
    }


def evaluation_sums(model: str, beta: np.ndarray, data: dict[str, np.ndarray]) -> dict[str, float]:
    """The sums one site reports for a model on its held-out rows (x already standardised)."""
    eta = data["x"] @ beta
    if model == "cox":
        return cox_pairs(eta, data["time"], data["event"])
    p = np.exp(-np.logaddexp(0.0, -eta))  # the logistic function, without overflow
    return {**auc_pairs(p, data["y"]), **calibration_sums(p, data["y"])}
