"""Compact signed tokens for links handed to third parties (tracking pixels, media links).

Layout before base64url (no padding): ``body || HMAC-SHA256(key, body)[:16]``. The two integer
keys a token names (company, followup) travel as one AES block, so a link in an email never
reveals the database's integer keys (SPEC 1: ids cannot be enumerated); the MAC makes every
byte of the body tamper-evident. Each use has its own domain label, hence its own keys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

MAC_LENGTH = 16
IDS_LENGTH = 16
_MAX_TOKEN_CHARS = 4096


class TokenSealer:
    """Signs and verifies token bodies under keys derived from the secret and one label."""

    def __init__(self, secret: bytes, label: bytes) -> None:
        self._mac_key = hashlib.sha256(label + b"\x00" + secret).digest()
        ids_key = hashlib.sha256(label + b"/ids\x00" + secret).digest()
        cipher = Cipher(algorithms.AES(ids_key), modes.ECB())
        self._encryptor = cipher.encryptor()
        self._decryptor = cipher.decryptor()
        self._lock = threading.Lock()

    def seal_ids(self, company_id: int, followup_id: int) -> bytes:
        block = company_id.to_bytes(8, "big") + followup_id.to_bytes(8, "big")
        with self._lock:
            return self._encryptor.update(block)

    def open_ids(self, sealed: bytes) -> tuple[int, int]:
        with self._lock:
            block = self._decryptor.update(sealed)
        return int.from_bytes(block[:8], "big"), int.from_bytes(block[8:], "big")

    def sign(self, body: bytes) -> str:
        mac = hmac.new(self._mac_key, body, hashlib.sha256).digest()[:MAC_LENGTH]
        return base64.urlsafe_b64encode(body + mac).rstrip(b"=").decode("ascii")

    def verify(self, token: str) -> bytes | None:
        """The signed body, or None when the token is malformed or its MAC does not match."""
        raw = _decode(token)
        if raw is None or len(raw) <= MAC_LENGTH:
            return None
        body, mac = raw[:-MAC_LENGTH], raw[-MAC_LENGTH:]
        expected = hmac.new(self._mac_key, body, hashlib.sha256).digest()[:MAC_LENGTH]
        return body if hmac.compare_digest(mac, expected) else None


def _decode(token: str) -> bytes | None:
    if not token or len(token) > _MAX_TOKEN_CHARS or not token.isascii():
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    # Only the canonical spelling: base64's spare bits cannot make two tokens of one body.
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != token:
        return None
    return raw
