"""Secrets Concord must read back (an identity provider's client secret), sealed at rest.

Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`) under a key derived from
SECRET_KEY with HKDF, so a copy of the database alone reveals no secret. Rotating SECRET_KEY
means re-entering the client secret, as the settings page says. Hashes are for what Concord
only has to recognise (API tokens, invitations); this is for what it has to present again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

# Names what the derived key is for, so it never equals a key derived for anything else.
_PURPOSE = b"concord.orgs.sealed-secret.v1"


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        settings.SECRET_KEY.encode()
    )
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str) -> str:
    """The secret encrypted and authenticated, as text to store; empty stays empty."""
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def unseal(sealed: str) -> str:
    """The secret back, or "" if it was sealed under another SECRET_KEY (re-enter it)."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return ""
