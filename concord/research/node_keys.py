"""A node's public key, as its data steward uploads it when admitting the node: the P-384 key the
engine authenticates SuperNodes with, in OpenSSH (`ecdsa-sha2-nistp384 AAAA…`) or PEM form.

The key is kept as its OpenSSH line (what the coordinator registers) with its SHA-256
fingerprint, written as OpenSSH prints it (`ssh-keygen -lf node_key.pub`), so a partner can check
that the key Concord holds is the one on its machine.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

MAX_LENGTH = 4000
ADVICE = 'Upload node_key.pub as `ssh-keygen -t ecdsa -b 384 -N "" -f node_key` writes it.'


class KeyProblem(ValueError):
    """What is wrong with the key, in words a data steward can act on."""


def _load(text: str) -> object:
    data = text.strip().encode()
    try:
        if data.startswith(b"-----BEGIN"):
            return serialization.load_pem_public_key(data)
        return serialization.load_ssh_public_key(data)
    except Exception as exc:
        raise KeyProblem(f"This is not a public key. {ADVICE}") from exc


def parse(text: str) -> tuple[str, str]:
    """The key's OpenSSH line and SHA-256 fingerprint; KeyProblem if it is not a P-384 EC key."""
    if not text or not text.strip():
        raise KeyProblem(f"Give the node's public key. {ADVICE}")
    if len(text) > MAX_LENGTH:
        raise KeyProblem(f"A public key is a single short line. {ADVICE}")
    if "PRIVATE KEY" in text:
        raise KeyProblem("This is a private key: keep it on the node and upload node_key.pub.")
    key = _load(text)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise KeyProblem(f"The node's key must be an EC key on curve P-384. {ADVICE}")
    if not isinstance(key.curve, ec.SECP384R1):
        raise KeyProblem(
            f"The node's key is on curve {key.curve.name}; the engine needs P-384. {ADVICE}"
        )
    line = key.public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    ).decode()
    return line, fingerprint(line)


def fingerprint(openssh_line: str) -> str:
    """`SHA256:…` over the key's wire blob, as `ssh-keygen -l` shows it."""
    blob = base64.b64decode(openssh_line.split()[1])
    digest = base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"
