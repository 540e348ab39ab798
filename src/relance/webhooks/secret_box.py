"""Signing secrets: made here, shown once, kept sealed (AES-GCM under a key derived from
RELANCE_SECRET_KEY), because the server itself must sign every delivery with them."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "whsec_"
_NONCE = 12


def new_secret() -> str:
    """Standard Webhooks' form: ``whsec_`` + base64 of 32 random bytes."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def key_bytes(secret: str) -> bytes:
    """The HMAC key a secret stands for."""
    return base64.b64decode(secret.removeprefix(PREFIX))


class SecretBox:
    def __init__(self, server_secret: bytes) -> None:
        key = hashlib.sha256(b"relance/webhook-secrets/v1\x00" + server_secret).digest()
        self._aead = AESGCM(key)

    def seal(self, secret: str) -> str:
        nonce = os.urandom(_NONCE)
        sealed = self._aead.encrypt(nonce, secret.encode("ascii"), b"whsec")
        return base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, sealed: str) -> str:
        raw = base64.b64decode(sealed)
        return self._aead.decrypt(raw[:_NONCE], raw[_NONCE:], b"whsec").decode("ascii")
