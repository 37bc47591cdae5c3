"""A party's node: it reads only its own data directory and answers with aggregates only.

Every message is checked first: the code this node runs must hash to the approved bundle hash and
the study's parameters to the approved digest (both pinned by the party's steward in the node's
own configuration when given, else taken from the run's approved values); otherwise it refuses.
Before training it validates its files against the schema and reports counts and per-column
errors. It then answers with sums (count and covariate sums; log-likelihood, gradient, Hessian;
evaluation pair counts) — masked for secure aggregation and noised for differential privacy when
the study says so. No row, and no value of a row, is ever put in a reply.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import metrics, models, privacy
from .data import HELDOUT_FILE, TRAIN_FILE, design, standardise, validate
from .spec import StudySpec

PACKAGE_DIR = Path(__file__).resolve().parent


def bundle_files() -> list[Path]:
    """The Flower app bundle: every module of this package (tests excluded)."""
    return sorted(PACKAGE_DIR.glob("*.py"))


def bundle_hash() -> str:
    """sha256 over the bundle's file names and contents, in name order."""
    digest = hashlib.sha256()
    for path in bundle_files():
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _own_bundle_hash() -> str:
    return bundle_hash()


@lru_cache(maxsize=16)
def _load(spec_json: str, path: str, mtime: float) -> dict[str, np.ndarray]:
    return design(StudySpec.from_json(spec_json), Path(path))


def _data(spec: StudySpec, directory: Path, name: str) -> dict[str, np.ndarray]:
    path = directory / name
    return _load(spec.to_json(), str(path), path.stat().st_mtime)


class Node:
    """One party's node. `state` is what it keeps between messages of a run (its secret key)."""

    def __init__(
        self,
        party: str,
        data_dir: Path,
        approved_bundle_hash: str | None = None,
        approved_spec_digest: str | None = None,
    ) -> None:
        self.party = party
        self.data_dir = Path(data_dir)
        self.pinned_bundle = approved_bundle_hash
        self.pinned_digest = approved_spec_digest

    def handle(self, message: dict, state: dict) -> dict:
        reply: dict = {"party": self.party, "phase": message.get("phase", "")}
        refusal = self._refusal(message)
        if refusal:
            return {**reply, "error": refusal}
        spec = StudySpec.from_json(str(message["spec"]))
        phase = message["phase"]
        if phase == "check":
            return {**reply, **self._check(spec, state)}
        if "secret_key" not in state:
            return {**reply, "error": "no check phase before this message"}
        handler = {"stats": self._stats, "newton": self._newton, "evaluate": self._evaluate}.get(
            str(phase)
        )
        if handler is None:
            return {**reply, "error": f"unknown phase {phase!r}"}
        return {**reply, **handler(spec, message, state)}

    def _refusal(self, message: dict) -> str | None:
        approved_bundle = self.pinned_bundle or str(message.get("approved_bundle_hash", ""))
        approved_digest = self.pinned_digest or str(message.get("approved_spec_digest", ""))
        if _own_bundle_hash() != approved_bundle:
            return "refused: this node's code does not match the approved bundle hash"
        try:
            spec = StudySpec.from_json(str(message.get("spec", "")))
        except (ValueError, KeyError, TypeError):
            return "refused: the study parameters cannot be read"
        if spec.digest() != approved_digest:
            return "refused: the study parameters do not match the approved digest"
        return None

    def _check(self, spec: StudySpec, state: dict) -> dict:
        reports = {
            name: validate(spec, self.data_dir / name) for name in (TRAIN_FILE, HELDOUT_FILE)
        }
        summary = {name: {"rows": r.rows, "errors": r.errors} for name, r in reports.items()}
        out: dict = {"validation": json.dumps(summary, sort_keys=True)}
        out["rows_train"] = reports[TRAIN_FILE].rows
        out["rows_heldout"] = reports[HELDOUT_FILE].rows
        if all(r.ok for r in reports.values()):
            state["secret_key"] = privacy.new_private_key()
            out["public_key"] = privacy.public_key(state["secret_key"]).hex()
        else:
            out["error"] = "validation failed"
        return out

    def _seal(self, spec: StudySpec, vector: np.ndarray, message: dict, state: dict) -> dict:
        if not spec.secure_aggregation:
            return {"sums": vector}
        peers = {p: bytes.fromhex(k) for p, k in json.loads(str(message["peers"])).items()}
        context = f"{message['run']}/{message['phase']}/{message['round']}".encode()
        return {"masked": privacy.mask(vector, self.party, state["secret_key"], peers, context)}

    def _stats(self, spec: StudySpec, message: dict, state: dict) -> dict:
        x = _data(spec, self.data_dir, TRAIN_FILE)["x"]
        vector = np.concatenate([[len(x)], x.sum(axis=0), (x * x).sum(axis=0)])
        return self._seal(spec, vector, message, state)

    def _train(self, spec: StudySpec, message: dict) -> dict[str, np.ndarray]:
        data = standardise(
            _data(spec, self.data_dir, TRAIN_FILE),
            np.asarray(message["mean"]),
            np.asarray(message["scale"]),
            intercept=spec.model == "logistic",
        )
        if spec.dp_epsilon:
            start = 1 if spec.model == "logistic" else 0
            data["x"][:, start:] = np.clip(data["x"][:, start:], -privacy.CLIP, privacy.CLIP)
        return data

    def _newton(self, spec: StudySpec, message: dict, state: dict) -> dict:
        beta = np.asarray(message["beta"], dtype=float)
        loglik, grad, hess = models.stats_for(spec, beta, self._train(spec, message))
        if spec.dp_epsilon:
            rng = np.random.default_rng()
            g_noise, h_noise = privacy.noise(
                spec.model, len(beta), spec.dp_epsilon / spec.rounds, int(message["parties"]), rng
            )
            loglik, grad, hess = 0.0, grad + g_noise, hess + h_noise
        vector = np.concatenate([[loglik], grad, hess.ravel()])
        # The model as it stands this round, scored on the held-out rows: pair and bin counts,
        # as the final evaluation reports them, so the study page can follow it round by round.
        scored = metrics.evaluation_sums(spec.model, beta, self._heldout(spec, message))
        heldout = {f"heldout_{k}": v for k, v in scored.items()}
        return {**self._seal(spec, vector, message, state), **heldout}

    def _heldout(self, spec: StudySpec, message: dict) -> dict[str, np.ndarray]:
        mean, scale = np.asarray(message["mean"]), np.asarray(message["scale"])
        intercept = spec.model == "logistic"
        return standardise(_data(spec, self.data_dir, HELDOUT_FILE), mean, scale, intercept)

    def _evaluate(self, spec: StudySpec, message: dict, state: dict) -> dict:
        heldout = self._heldout(spec, message)
        federated = metrics.evaluation_sums(spec.model, np.asarray(message["beta"]), heldout)
        local_beta = models.fit(spec, [self._train(spec, message)])
        local = metrics.evaluation_sums(spec.model, local_beta, heldout)
        out: dict = {f"fed_{k}": v for k, v in federated.items()}
        out.update({f"local_{k}": v for k, v in local.items()})
        return out
