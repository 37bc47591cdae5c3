"""Random secrets handed out once and stored only as hashes."""

import hashlib
import secrets


def new_secret(prefix: str = "") -> tuple[str, str]:
    """A fresh URL-safe secret and its SHA-256 hex digest (what the database keeps)."""
    raw = prefix + secrets.token_urlsafe(32)
    return raw, hash_secret(raw)


def hash_secret(raw: str) -> str:
    """SHA-256 is enough here: the secrets are long and random, not passwords."""
    return hashlib.sha256(raw.encode()).hexdigest()
