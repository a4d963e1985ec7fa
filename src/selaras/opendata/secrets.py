"""Secrets a province gives Selaras (its CKAN API key): kept encrypted at rest with a key derived from the
installation's SECRET_KEY (AES-GCM), never shown back. Changing SECRET_KEY makes them unreadable: the
administrator enters the key again."""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_PURPOSE = b"selaras.opendata.secrets.v1"


def _key() -> bytes:
    return hashlib.sha256(_PURPOSE + settings.SECRET_KEY.encode("utf-8")).digest()


def seal(secret: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key()).encrypt(nonce, secret.encode("utf-8"), _PURPOSE)
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(token: str) -> str:
    """The secret, or "" when there is none or it cannot be read (SECRET_KEY changed)."""
    if not token:
        return ""
    raw = base64.b64decode(token)
    try:
        return AESGCM(_key()).decrypt(raw[:12], raw[12:], _PURPOSE).decode("utf-8")
    except Exception:  # InvalidTag: sealed under another SECRET_KEY
        return ""
