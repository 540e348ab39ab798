"""Opaque keyset cursors: the position after the last row seen, sealed with AES-GCM.

Plaintext: version, sort, whether the last sort key was null, the key (µs since the epoch), the
row's integer id, and the fingerprint of company + filters + sort. Encryption (not just a MAC)
keeps the integer keys private, as the public ids do; the key is derived from the server secret
under its own label. A cursor presented with other filters or sort is refused (400).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from relance.followups.listing.query import SORTS
from relance.kit.errors import ValidationFailed

INVALID_CURSOR = "Invalid cursor"
CURSOR_MISMATCH = "Cursor does not match these filters and sort"

_VERSION = 1
_SORT_NAMES = tuple(SORTS)
_LAYOUT = struct.Struct(">BBBqq8s")
_NONCE = 12
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Position:
    """Where the previous page ended: its last row's sort key (None when null) and id."""

    sort: str
    key: datetime | None
    row_id: int


class CursorCodec:
    def __init__(self, secret: bytes) -> None:
        self._aead = AESGCM(hashlib.sha256(b"relance/cursor/v1\x00" + secret).digest())

    def encode(self, position: Position, fingerprint: bytes) -> str:
        micros = 0 if position.key is None else _micros(position.key)
        plain = _LAYOUT.pack(
            _VERSION,
            _SORT_NAMES.index(position.sort),
            position.key is None,
            micros,
            position.row_id,
            fingerprint,
        )
        nonce = os.urandom(_NONCE)
        sealed = nonce + self._aead.encrypt(nonce, plain, None)
        return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")

    def decode(self, cursor: str, sort: str, fingerprint: bytes) -> Position:
        """The position sealed in ``cursor``; 400 naming ``cursor`` when it is altered or was
        made for other filters or another sort."""
        plain = self._open(cursor)
        if plain is None or len(plain) != _LAYOUT.size:
            raise ValidationFailed({"cursor": INVALID_CURSOR})
        version, sort_index, key_is_null, micros, row_id, sealed_for = _LAYOUT.unpack(plain)
        if version != _VERSION or sort_index >= len(_SORT_NAMES):
            raise ValidationFailed({"cursor": INVALID_CURSOR})
        if _SORT_NAMES[sort_index] != sort or sealed_for != fingerprint:
            raise ValidationFailed({"cursor": CURSOR_MISMATCH})
        key = None if key_is_null else _EPOCH + timedelta(microseconds=micros)
        return Position(sort, key, row_id)

    def _open(self, cursor: str) -> bytes | None:
        if not cursor.isascii() or len(cursor) > 256:
            return None
        try:
            sealed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], None)
        except (binascii.Error, ValueError, InvalidTag):
            return None


def _micros(moment: datetime) -> int:
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


@lru_cache(maxsize=8)
def codec_for(secret: bytes) -> CursorCodec:
    return CursorCodec(secret)
