"""The coordinator's side of a run (what the ServerApp executes), over any transport.

A transport sends one message to every node and returns their replies; the simulation engine's
transport calls the nodes in-process, the deployment engine's sends Flower messages through the
SuperLink. The protocol: check (approval, schema, public keys) → stats (federated mean and spread
for standardising) → Newton rounds on the summed log-likelihood, gradient and Hessian → evaluate
(held-out pair counts and calibration sums; each party's local-only model).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from collections.abc import Callable
from typing import Protocol

import numpy as np

from . import metrics, models, privacy
from .data import feature_names
from .spec import RoundMetrics, RunResult, StudySpec


class RunRefused(Exception):
    """A node refused the run (approval mismatch) or its data failed validation."""

    def __init__(
        self,
        message: str,
        replies: dict[str, dict] | None = None,
        validation: dict[str, dict] | None = None,
    ) -> None:
        super().__init__(message)
        self.replies = replies or {}
        self._validation = validation

    @property
    def validation(self) -> dict[str, dict]:
        """party → {file: {rows, errors}} for the parties that sent a validation report."""
        if self._validation is not None:
            return self._validation
        return {
            party: json.loads(reply["validation"])
            for party, reply in self.replies.items()
            if "validation" in reply
        }


class Transport(Protocol):
    engine: str

    def broadcast(self, message: dict) -> dict[str, dict]: ...


def _negative_definite(hess: np.ndarray) -> np.ndarray:
    """Noise can break the Hessian's definiteness; clip its eigenvalues below zero."""
    hess = (hess + hess.T) / 2.0
    values, vectors = np.linalg.eigh(hess)
    floor = max(float(np.abs(values).max()) * 1e-3, 1e-9)
    values = np.minimum(values, -floor)
    return (vectors * values) @ vectors.T


class Coordinator:
    def __init__(
        self,
        spec: StudySpec,
        transport: Transport,
        approved_bundle_hash: str,
        approved_spec_digest: str,
        on_round: Callable[[RoundMetrics], None] | None = None,
        tol: float = 1e-10,
    ) -> None:
        self.spec = spec
        self.transport = transport
        self.on_round = on_round
        self.tol = tol
        self.base = {
            "spec": spec.to_json(),
            "approved_bundle_hash": approved_bundle_hash,
            "approved_spec_digest": approved_spec_digest,
            "run": secrets.token_hex(8),
        }
        self.peers = "{}"

    def _ask(self, phase: str, round_: int = 0, **extra: object) -> dict[str, dict]:
        message = {**self.base, "phase": phase, "round": round_, "peers": self.peers, **extra}
        replies = self.transport.broadcast(message)
        failed = {p: r for p, r in replies.items() if "error" in r}
        if failed:
            reasons = "; ".join(f"{p}: {r['error']}" for p, r in sorted(failed.items()))
            raise RunRefused(f"{phase} failed at {reasons}", replies)
        return replies

    def _sum(self, replies: dict[str, dict]) -> np.ndarray:
        if self.spec.secure_aggregation:
            return privacy.unmask_sum([np.asarray(r["masked"]) for r in replies.values()])
        return np.sum([np.asarray(r["sums"], dtype=float) for r in replies.values()], axis=0)

    def run(self) -> RunResult:
        started = time.monotonic()
        spec = self.spec
        checks = self._ask("check")
        self.peers = json.dumps({p: r["public_key"] for p, r in checks.items()}, sort_keys=True)
        self.rows = {
            p: {"rows_train": float(r["rows_train"]), "rows_heldout": float(r["rows_heldout"])}
            for p, r in checks.items()
        }
        parties = len(checks)
        features = feature_names(spec)
        k = len(features)
        totals = self._sum(self._ask("stats"))
        n = totals[0]
        mean = totals[1 : 1 + k] / n
        variance = np.maximum(totals[1 + k :] / n - mean * mean, 0.0)
        scale = np.where(variance > 0, np.sqrt(variance), 1.0)
        common = {"mean": mean, "scale": scale, "parties": parties}
        dim = k + (1 if spec.model == "logistic" else 0)
        beta, converged = np.zeros(dim), False
        rounds: list[RoundMetrics] = []
        accepted: tuple[np.ndarray, float] | None = None
        for r in range(1, spec.rounds + 1):
            replies = self._ask("newton", r, beta=beta, **common)
            vector, scored = self._sum(replies), self._heldout(replies)
            loglik, grad, hess = vector[0], vector[1 : 1 + dim], vector[1 + dim :].reshape(dim, dim)
            if spec.dp_epsilon:
                hess = _negative_definite(hess)
            elif accepted is not None and loglik < accepted[1] - 1e-9 * (1 + abs(accepted[1])):
                beta = (accepted[0] + beta) / 2.0  # overshot: halve the step and ask again
                self._emit(rounds, r, loglik, grad, scored, halved=1.0)
                continue
            self._emit(rounds, r, loglik, grad, scored, halved=0.0)
            if not spec.dp_epsilon and accepted is not None:
                if abs(loglik - accepted[1]) < self.tol * (1 + abs(loglik)):
                    accepted, converged = (beta, loglik), True
                    break
            accepted = (beta, loglik)
            beta = models.newton_step(beta, grad, hess)
        final_beta = beta if spec.dp_epsilon or accepted is None else accepted[0]
        return self._finish(final_beta, common, features, rounds, converged, started)

    def _heldout(self, replies: dict[str, dict]) -> dict[str, float]:
        """This round's model on every party's held-out rows: their counts summed, never pooled."""
        sums = [
            {k.removeprefix("heldout_"): float(v) for k, v in r.items() if k.startswith("heldout_")}
            for r in replies.values()
        ]
        figures = metrics.summarise(self.spec.model, metrics.add(sums))
        return {k: v for k, v in figures.items() if k != "pairs"}

    def _emit(
        self,
        rounds: list,
        r: int,
        loglik: float,
        grad: np.ndarray,
        scored: dict[str, float],
        halved: float,
    ) -> None:
        figures = {"gradient_norm": float(np.linalg.norm(grad)), "step_halved": halved, **scored}
        if not self.spec.dp_epsilon:
            figures["log_likelihood"] = float(loglik)
        entry = RoundMetrics(round=r, metrics=figures)
        rounds.append(entry)
        if self.on_round:
            self.on_round(entry)

    def _finish(self, beta, common, features, rounds, converged, started) -> RunResult:
        spec = self.spec
        replies = self._ask("evaluate", len(rounds) + 1, beta=beta, **common)
        per_party, local_only, fed_sums = {}, {}, []
        for party, reply in replies.items():
            fed = {k[4:]: float(v) for k, v in reply.items() if k.startswith("fed_")}
            local = {k[6:]: float(v) for k, v in reply.items() if k.startswith("local_")}
            fed_sums.append(fed)
            per_party[party] = {**metrics.summarise(spec.model, fed), **self.rows[party]}
            local_only[party] = metrics.summarise(spec.model, local)
        final = metrics.summarise(spec.model, metrics.add(fed_sums))
        final.update({"rounds": float(len(rounds)), "converged": float(converged)})
        for key in ("rows_train", "rows_heldout"):
            final[key] = sum(r[key] for r in self.rows.values())
        if spec.dp_epsilon:
            final["dp_epsilon_budget"] = float(spec.dp_epsilon)
            final["dp_epsilon_spent"] = float(spec.dp_epsilon) / spec.rounds * len(rounds)
            final["dp_delta"] = privacy.DP_DELTA * len(rounds) / spec.rounds
        names = (["(intercept)"] if spec.model == "logistic" else []) + features
        model = json.dumps(
            {
                "model": spec.model,
                "features": names,
                "coefficients_standardised": [float(b) for b in beta],
                "mean": [float(m) for m in common["mean"]],
                "scale": [float(s) for s in common["scale"]],
                "spec_digest": spec.digest(),
                "approved_bundle_hash": self.base["approved_bundle_hash"],
            },
            sort_keys=True,
        ).encode()
        return RunResult(
            rounds=rounds,
            final=final,
            per_party=per_party,
            local_only=local_only,
            model=model,
            model_hash=hashlib.sha256(model).hexdigest(),
            seconds=time.monotonic() - started,
            engine=self.transport.engine,  # type: ignore[arg-type]
        )
