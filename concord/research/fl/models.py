"""The exact statistics a node computes on its own rows, and the Newton step on their sums.

Logistic regression: the log-likelihood, gradient and Hessian are sums over rows, so the sum of
each node's sums is the pooled model's, and Newton on the summed gradient and Hessian is the pooled
fit. Cox proportional hazards stratified by site: each site's partial likelihood (Breslow ties) is
computed on its own risk sets, the stratified likelihood is their sum, and the same holds.
"""

from __future__ import annotations

import numpy as np

from .spec import StudySpec


def logistic_stats(
    beta: np.ndarray, x: np.ndarray, y: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Log-likelihood, gradient and Hessian (of the log-likelihood) on these rows; x has an intercept."""
    eta = x @ beta
    p = np.exp(-np.logaddexp(0.0, -eta))  # the logistic function, without overflow
    loglik = float(np.sum(y * eta - np.logaddexp(0.0, eta)))
    grad = x.T @ (y - p)
    hess = -(x.T * (p * (1.0 - p))) @ x
    return loglik, grad, hess


def cox_stats(
    beta: np.ndarray, x: np.ndarray, time: np.ndarray, event: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Breslow partial log-likelihood, gradient and Hessian of one stratum (one site's rows)."""
    order = np.argsort(-time, kind="stable")
    x, time, event = x[order], time[order], event[order]
    eta = x @ beta
    shift = float(eta.max()) if len(eta) else 0.0
    w = np.exp(eta - shift)
    # Cumulative sums over rows sorted by descending time: the risk set of time t is every row
    # with time ≥ t, i.e. a prefix; ties share the prefix that ends at their last row.
    s0 = np.cumsum(w)
    s1 = np.cumsum(w[:, None] * x, axis=0)
    s2 = np.cumsum(w[:, None, None] * (x[:, :, None] * x[:, None, :]), axis=0)
    last = np.searchsorted(-time, -time, side="right") - 1
    d = event.astype(bool)
    idx = last[d]
    r0, r1, r2 = s0[idx], s1[idx], s2[idx]
    loglik = float(np.sum(eta[d] - shift - np.log(r0)))
    mean = r1 / r0[:, None]
    grad = np.sum(x[d] - mean, axis=0)
    hess = -np.sum(r2 / r0[:, None, None] - mean[:, :, None] * mean[:, None, :], axis=0)
    return loglik, grad, hess


def newton_step(beta: np.ndarray, grad: np.ndarray, hess: np.ndarray) -> np.ndarray:
    """β − H⁻¹g (H the Hessian of the log-likelihood, negative definite)."""
    try:
        delta = np.linalg.solve(hess, grad)
    except np.linalg.LinAlgError:
        delta = np.linalg.lstsq(hess, grad, rcond=None)[0]
    return beta - delta


def stats_for(
    spec: StudySpec, beta: np.ndarray, data: dict
) -> tuple[float, np.ndarray, np.ndarray]:
    if spec.model == "cox":
        return cox_stats(beta, data["x"], data["time"], data["event"])
    return logistic_stats(beta, data["x"], data["y"])


def fit(spec: StudySpec, strata: list[dict], max_iter: int = 50, tol: float = 1e-10) -> np.ndarray:
    """A Newton fit on rows held in one place (a party's local-only model, or a pooled reference).

    `strata` are sites: for Cox each is its own stratum; for logistic they are simply summed.
    Step halving keeps each step an ascent, as the federated coordinator does.
    """
    dim = strata[0]["x"].shape[1]
    beta = np.zeros(dim)

    def total(b: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        parts = [stats_for(spec, b, s) for s in strata]
        return (
            float(sum(p[0] for p in parts)),
            np.sum([p[1] for p in parts], axis=0),
            np.sum([p[2] for p in parts], axis=0),
        )

    loglik, grad, hess = total(beta)
    for _ in range(max_iter):
        candidate = newton_step(beta, grad, hess)
        new = total(candidate)
        halvings = 0
        while not new[0] >= loglik - 1e-12 and halvings < 30:
            candidate = (beta + candidate) / 2
            new = total(candidate)
            halvings += 1
        converged = abs(new[0] - loglik) < tol * (1 + abs(loglik))
        beta, (loglik, grad, hess) = candidate, new
        if converged:
            break
    return beta
