"""Secure aggregation by pairwise additive masking, and differential privacy on the sums.

Secure aggregation: each node makes an X25519 key pair for the run and publishes only the public
key. Two nodes derive the same seed from their key agreement (HKDF, bound to the run, phase and
round); one adds the seed's pseudo-random stream to its fixed-point statistics and the other
subtracts it, modulo 2⁶⁴. The coordinator sees each node's vector only masked, and the masks cancel
in the sum. (Flower's SecAgg+ mod fits a model update averaged by FedAvg; the Newton step needs the
exact sum of gradients and Hessians, so the masking is done here.) No dropout recovery: a node that
drops out fails the round.

Differential privacy: Gaussian noise on each node's gradient and Hessian (each node adds its share,
so the sum carries the full noise even under masking), calibrated to a per-row sensitivity from
covariates clipped to ±CLIP standard deviations; the ε budget is split evenly across the rounds and
what was spent is reported. Not covered: the standardising round's sums (count, covariate sums
and sums of squares) are masked but not noised, as the schema gives no value ranges to bound
their sensitivity.
"""

from __future__ import annotations

import math

import numpy as np
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SCALE = float(2**32)
CLIP = 3.0
DP_DELTA = 1e-5


def new_private_key() -> bytes:
    key = X25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_key(private: bytes) -> bytes:
    return (
        X25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def _stream(private: bytes, peer_public: bytes, context: bytes, size: int) -> np.ndarray:
    shared = X25519PrivateKey.from_private_bytes(private).exchange(
        X25519PublicKey.from_public_bytes(peer_public)
    )
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context).derive(shared)
    rng = np.random.Generator(np.random.PCG64(int.from_bytes(seed, "big")))
    return rng.integers(0, 2**64, size=size, dtype=np.uint64, endpoint=False)


def encode(values: np.ndarray) -> np.ndarray:
    """Fixed point modulo 2⁶⁴ (two's complement), so masked sums wrap and cancel exactly."""
    return np.round(values * SCALE).astype(np.int64).view(np.uint64)


def decode(total: np.ndarray) -> np.ndarray:
    return total.view(np.int64).astype(np.float64) / SCALE


def mask(
    values: np.ndarray, me: str, private: bytes, peers: dict[str, bytes], context: bytes
) -> np.ndarray:
    """This node's encoded vector plus its masks: +stream for peers after it, −stream before."""
    masked = encode(values)
    with np.errstate(over="ignore"):
        for peer, peer_public in sorted(peers.items()):
            if peer == me:
                continue
            stream = _stream(private, peer_public, context, masked.size)
            masked = masked + stream if me < peer else masked - stream
    return masked


def unmask_sum(vectors: list[np.ndarray]) -> np.ndarray:
    total = np.zeros_like(vectors[0])
    with np.errstate(over="ignore"):
        for vector in vectors:
            total = total + vector
    return decode(total)


def gaussian_sigma(sensitivity: float, epsilon: float, delta: float) -> float:
    """The classic Gaussian mechanism's noise for (ε, δ)-DP at this L2 sensitivity."""
    return sensitivity * math.sqrt(2.0 * math.log(1.25 / delta)) / epsilon


def sensitivities(model: str, dim: int) -> tuple[float, float]:
    """Per-row L2 sensitivity of the gradient and of the Hessian, covariates clipped to ±CLIP.

    Logistic: one row adds (y−p)x and p(1−p)xxᵀ, bounded by B and B²/4 (B = ‖x‖ ≤ CLIP·√dim).
    Cox: a row adds its own term and enters later risk sets; 2B and B² are used as bounds
    (a heuristic for the risk-set terms, not a proof).
    """
    bound = CLIP * math.sqrt(dim)
    if model == "logistic":
        return bound, bound * bound / 4.0
    return 2.0 * bound, bound * bound


def noise(
    model: str, dim: int, epsilon_round: float, parties: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One node's share of the round's noise: variance σ²/parties, so the sum has σ²."""
    s_grad, s_hess = sensitivities(model, dim)
    eps_each = epsilon_round / 2.0  # gradient and Hessian, by basic composition
    delta_each = DP_DELTA / 2.0
    sg = gaussian_sigma(s_grad, eps_each, delta_each) / math.sqrt(parties)
    sh = gaussian_sigma(s_hess, eps_each, delta_each) / math.sqrt(parties)
    g = rng.normal(0.0, sg, dim)
    h = rng.normal(0.0, sh, (dim, dim))
    return g, (h + h.T) / 2.0
